/**
 * Bringing content in and out: checking a bundle (journeys, question sets, life events, push
 * rules) against itself and what exists, importing it in one transaction with its search
 * documents and audit entry (the demo, a published draft), rebuilding the search documents,
 * and the back office's lists and records in their import shape (draft-sections.ts).
 */
import type { Runner, Tx } from '../../../db/client.js';
import { ValidationError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { type Actor, type AuditEntry, SYSTEM, recordAudit } from '../../audit/index.js';
import type { JourneysContext } from '../context.js';
import type { JourneyBundle } from '../model.js';
import { type KnownKeys, validateBundle } from '../validate.js';
import { isSlug } from '../policy.js';
import { type RecordLine, type Section, presentRecordLine, toInput } from '../present.js';
import * as repo from '../repo.js';
import { journeyDoc } from '../search-docs.js';
import { listPushRules } from './push.js';

/** What exists for checking a bundle's references (only what it names is looked up). */
async function knownKeys(ctx: JourneysContext, bundle: JourneyBundle): Promise<KnownKeys> {
  const { catalog, db } = ctx;
  const codes = new Set<string>();
  for (const j of bundle.journeys) for (const s of j.steps ?? []) for (const c of s.items ?? []) codes.add(String(c));
  for (const j of bundle.journeys)
    for (const s of j.steps ?? []) for (const l of s.links ?? []) if (String(l?.url).startsWith('/items/')) codes.add(String(l.url).slice(7));
  for (const q of bundle.questionSets) for (const o of q.outcomes ?? []) codes.add(String(o.item));
  for (const e of bundle.lifeEvents) for (const x of e.entries ?? []) if (x.kind === 'item') codes.add(String(x.ref));
  const rules = (await repo.listPushRules(db)).map(toInput.pushRule);
  for (const r of [...rules, ...bundle.pushRules]) for (const c of [r.trigger, ...(r.remind ?? [])]) codes.add(String(c));
  const formSlugs = bundle.journeys.flatMap((j) => (j.steps ?? []).flatMap((s) => s.forms ?? [])).map(String);
  const [items, departments, themes, forms, journeys] = await Promise.all([
    catalog.itemRefs({ codes: [...codes] }),
    catalog.listDepartments(),
    catalog.listThemes(),
    catalog.formsBySlugs([...new Set(formSlugs)]),
    repo.allJourneys(db),
  ]);
  return {
    items: new Map(items.map((i) => [i.implCode, i.name])),
    departments: new Set(departments.map((d) => d.slug)),
    themes: new Set(themes.map((th) => th.slug)),
    forms: new Set(forms.map((f) => f.slug)),
    journeys: new Set(journeys.map((j) => j.slug)),
    rules,
  };
}

/** Check a bundle against itself and what exists; writes nothing. */
export async function validateContent(ctx: JourneysContext, bundle: JourneyBundle) {
  return validateBundle(bundle, await knownKeys(ctx, bundle));
}

async function writeBundle(ctx: JourneysContext, tx: Tx, bundle: JourneyBundle) {
  // new records go after the existing ones, in the order given; a replaced record keeps its place
  const sorted = async <T>(list: T[], table: repo.SortedTable) => {
    const base = await repo.nextSort(tx, table);
    return list.map((x, i) => ({ ...x, sort: base + i }));
  };
  const rows = await repo.upsertJourneys(tx, await sorted(bundle.journeys, 'journeys'));
  await repo.upsertQuestionSets(tx, await sorted(bundle.questionSets, 'questionSets'));
  await repo.upsertLifeEvents(tx, await sorted(bundle.lifeEvents, 'lifeEvents'));
  await repo.upsertPushRules(tx, bundle.pushRules);
  if (ctx.indexer && rows.length) await ctx.indexer.upsert(tx, rows.map(journeyDoc));
}

export interface ImportOptions {
  actor?: Actor;
  audit?: AuditEntry[];
  inTransaction?: (tx: Tx) => Promise<void>;
}

/**
 * Import content: validated whole first (references, loops among push rules), then written
 * in one transaction with its search documents and audit entry — all or nothing. Who may
 * import is decided by the caller (the seed, or the catalogue's draft workflow on publish).
 */
export async function importBundle(ctx: JourneysContext, bundle: JourneyBundle, options: ImportOptions = {}) {
  const problems = await validateContent(ctx, bundle);
  if (problems.length) throw new ValidationError(t('journeys.invalid', { count: problems.length }), problems);
  await ctx.db.transaction(async (tx) => {
    await writeBundle(ctx, tx, bundle);
    await recordAudit(tx, options.actor ?? SYSTEM, options.audit ?? [
      {
        action: 'journeys.import',
        entity: 'journeys',
        entityId: '*',
        after: {
          journeys: bundle.journeys.map((j) => j.slug),
          questionSets: bundle.questionSets.map((q) => q.slug),
          lifeEvents: bundle.lifeEvents.map((e) => e.slug),
          pushRules: bundle.pushRules.map((r) => r.slug),
        },
      },
    ]);
    await options.inTransaction?.(tx);
  });
  // item pages show the journeys they are part of: let every process render them afresh
  await ctx.changes.publish('catalog');
  return { journeys: bundle.journeys.length, questionSets: bundle.questionSets.length, lifeEvents: bundle.lifeEvents.length, pushRules: bundle.pushRules.length };
}

/** Rebuild every journey's search document. */
export async function reindex(ctx: JourneysContext, tx: Runner = ctx.db) {
  if (ctx.indexer) await ctx.indexer.upsert(tx, (await repo.allJourneys(tx)).map(journeyDoc));
}

/** One record in its import shape (by slug), for the back office; undefined when there is none. */
export async function exportRecord(ctx: JourneysContext, section: Section, slug: string): Promise<Record<string, unknown> | undefined> {
  if (!isSlug(slug)) return undefined;
  const { db } = ctx;
  if (section === 'journeys') {
    const row = await repo.findJourney(db, slug);
    return row ? { ...toInput.journey(row) } : undefined;
  }
  if (section === 'questionSets') {
    const row = await repo.findQuestionSet(db, slug);
    return row ? { ...toInput.questionSet(row) } : undefined;
  }
  if (section === 'lifeEvents') {
    const row = await repo.findLifeEvent(db, slug);
    return row ? { ...toInput.lifeEvent(row) } : undefined;
  }
  const row = await repo.findPushRule(db, slug);
  return row ? { ...toInput.pushRule(row) } : undefined;
}

/** Every record of a section, for the back office lists. */
export async function records(ctx: JourneysContext, section: Section): Promise<RecordLine[]> {
  if (section === 'journeys') return (await repo.allJourneys(ctx.db)).map(presentRecordLine.journey);
  if (section === 'questionSets') return (await repo.listQuestionSets(ctx.db)).map(presentRecordLine.questionSet);
  if (section === 'lifeEvents') return (await repo.listLifeEvents(ctx.db)).map(presentRecordLine.lifeEvent);
  return (await listPushRules(ctx)).map(presentRecordLine.pushRule);
}
