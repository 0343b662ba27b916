/**
 * The journeys module's named operations on content: journeys (场景式服务) with their steps,
 * guided questions (智能问答), life events (人生大事) and push rules; importing them (the demo,
 * a published draft) with search documents in the same transaction; and what an item page shows
 * of the journeys it is part of. The personal space and reminders are in `personal.ts`.
 */
import type { Database, Runner, Tx } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { t } from '../../web/i18n/index.js';
import type { AccountService } from '../accounts/index.js';
import { type Actor, type AuditEntry, SYSTEM, recordAudit } from '../audit/index.js';
import type { CatalogService, SearchIndexer } from '../catalog/index.js';
import type { NotifyService } from '../notify/index.js';
import {
  type JourneyBundle,
  type KnownKeys,
  type PushRuleInput,
  SLUG,
  evaluate,
  readAnswers,
  validateBundle,
} from './model.js';
import { createPersonalSpace } from './personal.js';
import { type Refs, presentJourney, presentJourneySummary, presentLifeEvent, presentRule, toInput } from './present.js';
import * as repo from './repo.js';
import { journeyDoc } from './search-docs.js';

export interface JourneyDeps {
  catalog: CatalogService;
  accounts: AccountService;
  notify: NotifyService;
  changes: ChangeBus;
  indexer?: SearchIndexer;
  /** the address citizens use, for links in e-mail and SMS */
  publicUrl: string;
}

const notFound = () => new NotFoundError(t('journeys.notFound'));
const questionsNotFound = () => new NotFoundError(t('journeys.questionsNotFound'));
const eventNotFound = () => new NotFoundError(t('journeys.lifeEventNotFound'));

/** A slug from a URL: anything that cannot be one is a page that does not exist. */
export const isSlug = (s: string) => s.length <= 64 && SLUG.test(s);

export function createJourneyService(database: Database, deps: JourneyDeps) {
  const { db } = database;
  const { catalog, indexer, changes } = deps;

  /** Names and addresses of everything some journeys refer to, in three queries. */
  async function refsFor(steps: { items: string[]; departments: string[]; forms: string[] }[], extraCodes: string[] = []): Promise<Refs> {
    const codes = [...new Set([...steps.flatMap((s) => s.items), ...extraCodes])];
    const formSlugs = [...new Set(steps.flatMap((s) => s.forms))];
    const [items, departments, forms] = await Promise.all([
      catalog.itemRefs({ codes }),
      catalog.listDepartments(),
      catalog.formsBySlugs(formSlugs),
    ]);
    return {
      items: new Map(items.map((i) => [i.implCode, i])),
      departments: new Map(departments.map((d) => [d.slug, { id: d.id, name: d.name, url: d.url }])),
      forms: new Map(forms.map((f) => [f.slug, f])),
    };
  }

  /** What exists for checking a bundle's references (only what it names is looked up). */
  async function knownKeys(bundle: JourneyBundle): Promise<KnownKeys> {
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

  async function writeBundle(tx: Tx, bundle: JourneyBundle) {
    // new records go after the existing ones, in the order given; a replaced record keeps its place
    const sorted = async <T>(list: T[], table: repo.SortedTable) => {
      const base = await repo.nextSort(tx, table);
      return list.map((x, i) => ({ ...x, sort: base + i }));
    };
    const rows = await repo.upsertJourneys(tx, await sorted(bundle.journeys, 'journeys'));
    await repo.upsertQuestionSets(tx, await sorted(bundle.questionSets, 'questionSets'));
    await repo.upsertLifeEvents(tx, await sorted(bundle.lifeEvents, 'lifeEvents'));
    await repo.upsertPushRules(tx, bundle.pushRules);
    if (indexer && rows.length) await indexer.upsert(tx, rows.map(journeyDoc));
  }

  const content = {
    /** Check a bundle against itself and what exists; writes nothing. */
    async validate(bundle: JourneyBundle) {
      return validateBundle(bundle, await knownKeys(bundle));
    },

    /**
     * Import content: validated whole first (references, loops among push rules), then written
     * in one transaction with its search documents and audit entry — all or nothing.
     */
    async importBundle(bundle: JourneyBundle, options: { actor?: Actor; audit?: AuditEntry[]; inTransaction?: (tx: Tx) => Promise<void> } = {}) {
      const problems = await content.validate(bundle);
      if (problems.length) throw new ValidationError(t('journeys.invalid', { count: problems.length }), problems);
      await db.transaction(async (tx) => {
        await writeBundle(tx, bundle);
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
      await changes.publish('catalog');
      return { journeys: bundle.journeys.length, questionSets: bundle.questionSets.length, lifeEvents: bundle.lifeEvents.length, pushRules: bundle.pushRules.length };
    },

    /** Rebuild every journey's search document. */
    async reindex(tx: Runner = db) {
      if (indexer) await indexer.upsert(tx, (await repo.allJourneys(tx)).map(journeyDoc));
    },

    async listJourneys(q: { audience?: 'citizen' | 'enterprise'; domain?: string; limit: number; offset: number }) {
      const { total, rows } = await repo.listJourneys(db, q);
      return { total, journeys: rows.map(presentJourneySummary) };
    },

    async getJourney(slug: string) {
      const row = isSlug(slug) ? await repo.findJourney(db, slug) : undefined;
      if (!row) throw notFound();
      return presentJourney(row, await refsFor(row.steps));
    },

    /** The journeys an item is part of, with the step it appears in, for its guide page. */
    async partOf(implCode: string) {
      const rows = await repo.journeysWithItem(db, implCode);
      return rows.map((j) => {
        const at = j.steps.findIndex((s) => s.items.includes(implCode));
        return { title: j.title, url: `/journeys/${j.slug}#step-${at + 1}`, step: at + 1, stepTitle: j.steps[at]?.title ?? '' };
      });
    },

    async listQuestionSets() {
      return (await repo.listQuestionSets(db)).map((q) => ({ slug: q.slug, title: q.title, intro: q.intro, url: `/questions/${q.slug}` }));
    },

    /**
     * A guided question set with the answers from the URL: the questions, what is still open,
     * and once everything is answered the items that apply, in the set's order.
     */
    async answer(slug: string, query: Record<string, unknown>) {
      const row = isSlug(slug) ? await repo.findQuestionSet(db, slug) : undefined;
      if (!row) throw questionsNotFound();
      const set = toInput.questionSet(row);
      const { answers, invalid } = readAnswers(set, query);
      const { open, outcomes } = evaluate(set, answers);
      const refs = await catalog.itemRefs({ codes: [...new Set(outcomes.map((o) => o.item))] });
      const byCode = new Map(refs.map((r) => [r.implCode, r]));
      return {
        slug: set.slug,
        title: set.title,
        intro: set.intro,
        questions: set.questions,
        answers,
        invalid,
        open,
        outcomes: outcomes.flatMap((o) => {
          const it = byCode.get(o.item);
          return it ? [{ code: it.implCode, name: it.name, url: it.url, note: o.note }] : [];
        }),
      };
    },

    async listLifeEvents(audience?: 'citizen' | 'enterprise') {
      return (await repo.listLifeEvents(db, audience)).map((e) => ({ slug: e.slug, title: e.title, audience: e.audience, summary: e.summary, entryCount: e.entries.length, url: `/life-events/${e.slug}` }));
    },

    async getLifeEvent(slug: string) {
      const row = isSlug(slug) ? await repo.findLifeEvent(db, slug) : undefined;
      if (!row) throw eventNotFound();
      const codes = row.entries.filter((e) => e.kind === 'item').map((e) => e.ref);
      const slugs = row.entries.filter((e) => e.kind === 'journey').map((e) => e.ref);
      const [items, journeys] = await Promise.all([catalog.itemRefs({ codes }), repo.journeysBySlugs(db, slugs)]);
      return presentLifeEvent(row, new Map(items.map((i) => [i.implCode, i])), new Map(journeys.map((j) => [j.slug, j])));
    },

    /** Push rules with the names of their items and how many reminders each sent and had opened. */
    async listPushRules() {
      const [rules, stats] = await Promise.all([repo.listPushRules(db), repo.ruleStats(db)]);
      const names = await itemNames(rules);
      const byRule = new Map(stats.map((s) => [s.ruleId, s]));
      return rules.map((r) => {
        const s = byRule.get(r.id);
        return { ...presentRule(r, names), sent: Number(s?.sent ?? 0), opened: Number(s?.opened ?? 0), scheduled: Number(s?.scheduled ?? 0), stopped: Number(s?.stopped ?? 0) };
      });
    },

    /** One record in its import shape (by slug), for the back office; undefined when there is none. */
    async exportRecord(section: 'journeys' | 'questionSets' | 'lifeEvents' | 'pushRules', slug: string): Promise<Record<string, unknown> | undefined> {
      if (!isSlug(slug)) return undefined;
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
    },

    /** Every record of a section, for the back office lists. */
    async records(section: 'journeys' | 'questionSets' | 'lifeEvents' | 'pushRules') {
      if (section === 'journeys') return (await repo.allJourneys(db)).map((j) => ({ key: j.slug, title: j.title, url: `/journeys/${j.slug}` }));
      if (section === 'questionSets') return (await repo.listQuestionSets(db)).map((q) => ({ key: q.slug, title: q.title, url: `/questions/${q.slug}` }));
      if (section === 'lifeEvents') return (await repo.listLifeEvents(db)).map((e) => ({ key: e.slug, title: e.title, url: `/life-events/${e.slug}` }));
      const rules = await content.listPushRules();
      return rules.map((r) => ({
        key: r.slug,
        title: t('journeys.rule.title', { trigger: r.trigger.name }),
        url: '',
        note: t('journeys.rule.figures', { sent: r.sent, opened: r.opened, scheduled: r.scheduled }),
      }));
    },
  };

  /** Names of the items push rules refer to. */
  async function itemNames(rules: PushRuleInput[]): Promise<Map<string, { name: string; url: string }>> {
    const codes = [...new Set(rules.flatMap((r) => [r.trigger, ...r.remind]))];
    return new Map((await catalog.itemRefs({ codes })).map((i) => [i.implCode, { name: i.name, url: i.url }]));
  }

  const personal = createPersonalSpace(database, { ...deps, itemNames });
  return { ...content, ...personal };
}

export type JourneyService = ReturnType<typeof createJourneyService>;
