/**
 * 一件事一次办 bundles under the catalogue's draft → review → publish workflow: a portal-wide
 * record per bundle (its combined form, its parts and their order), checked on saving as on
 * publishing against the linked items' published forms.
 */
import type { Tx } from '../../../db/client.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import type { Problem } from '../../../lib/validation.js';
import { type Actor, type AuditEntry, recordAudit } from '../../audit/index.js';
import type { DraftSection } from '../../catalog/index.js';
import { type BundleDefinition, type KnownItems, checkBundle } from '../automation/bundles.js';
import type { FormDefinition } from '../form-notation.js';
import * as repo from './repo.js';
import { draftRefusal, type SectionDeps } from './section.js';

export const BUNDLE_SECTION = 'applicationBundles';

const AUDIENCE = { citizen: '个人', enterprise: '企业' } as const;
const lines = (s: string | undefined) => (s ?? '').split('\n').map((l) => l.trim()).filter(Boolean);

export function bundleCells(b: BundleDefinition): Record<string, string> {
  return {
    slug: b.slug,
    title: b.title,
    aliases: b.aliases.join('\n'),
    audience: AUDIENCE[b.audience],
    summary: b.summary,
    form: JSON.stringify(b.form, null, 2),
    parts: JSON.stringify(b.parts, null, 2),
    order: b.order,
  };
}

export function readBundleCells(cells: Record<string, string>, headers: Record<string, string>): { record: unknown; problems: Problem[] } {
  const problems: Problem[] = [];
  const json = (key: string) => {
    try {
      return JSON.parse((cells[key] ?? '').trim() || 'null');
    } catch (e) {
      problems.push({ where: '', field: headers[key] ?? key, message: t('appdef.json', { detail: (e as Error).message }) });
      return undefined;
    }
  };
  const audienceText = (cells.audience ?? '').trim();
  const audience = audienceText === AUDIENCE.enterprise || audienceText === 'enterprise' ? 'enterprise' : audienceText === AUDIENCE.citizen || audienceText === 'citizen' ? 'citizen' : audienceText;
  const record = {
    slug: (cells.slug ?? '').trim(),
    title: (cells.title ?? '').trim(),
    aliases: lines(cells.aliases),
    audience,
    summary: (cells.summary ?? '').trim(),
    form: json('form'),
    parts: json('parts'),
    order: (cells.order ?? '').trim(),
  };
  return { record, problems };
}

/** The linked items' published forms, by implementation code. */
async function knownItems(deps: SectionDeps, value: unknown): Promise<KnownItems> {
  const parts = (value as { parts?: unknown }).parts;
  const codes = Array.isArray(parts) ? parts.map((p) => (p as { item?: unknown })?.item).filter((c): c is string => typeof c === 'string' && /^[0-9A-Z]{12,30}$/.test(c)) : [];
  const known = new Map<string, { name: string; form: FormDefinition | null }>();
  for (const code of new Set(codes)) {
    const row = await repo.latestByCode(deps.db, code);
    if (row) known.set(code, { name: code, form: row.form as FormDefinition });
  }
  return known;
}

async function checkedBundle(deps: SectionDeps, value: unknown, headers: Record<string, string>): Promise<BundleDefinition> {
  const problems = checkBundle(value, await knownItems(deps, value));
  if (problems.length)
    throw draftRefusal(
      problems.map((p) => {
        const key = /^\/([A-Za-z]+)/.exec(p.field)?.[1];
        return { ...p, field: key && headers[key] ? `${headers[key]}${p.field.slice(key.length + 1)}` : p.field };
      }),
    );
  return value as BundleDefinition;
}

export function applicationBundleSection(deps: SectionDeps): DraftSection {
  const col = (key: string, header: MessageKey, extra: { hint?: MessageKey; long?: boolean } = {}) => ({
    key,
    header: t(header),
    ...(extra.hint ? { hint: t(extra.hint) } : {}),
    ...(extra.long ? { long: true } : {}),
  });
  const columns = [
    col('slug', 'appdef.bundle.slug', { hint: 'appdef.bundle.hint.slug' }),
    col('title', 'appdef.bundle.title'),
    col('aliases', 'appdef.bundle.aliases', { long: true, hint: 'appdef.bundle.hint.aliases' }),
    col('audience', 'appdef.bundle.audience', { hint: 'appdef.bundle.hint.audience' }),
    col('summary', 'appdef.bundle.summary', { long: true }),
    col('form', 'appdef.bundle.form', { long: true, hint: 'appdef.hint.form' }),
    col('parts', 'appdef.bundle.parts', { long: true, hint: 'appdef.bundle.hint.parts' }),
    col('order', 'appdef.bundle.order', { hint: 'appdef.bundle.hint.order' }),
  ];
  const headers = Object.fromEntries(columns.map((c) => [c.key, c.header]));
  return {
    name: BUNDLE_SECTION,
    label: t('appdef.bundle.section'),
    keyField: 'slug',
    menu: '/admin/catalog/items',
    group: t('admin.nav.catalog'),
    columns,
    toCells: (record) => bundleCells(record as unknown as BundleDefinition),
    async decode(cells) {
      const { record, problems } = readBundleCells(cells, headers);
      if (problems.length)
        throw draftRefusal(problems);
      return (await checkedBundle(deps, record, headers)) as unknown as Record<string, unknown>;
    },
    async exportRecord(key) {
      if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(key)) return undefined;
      const row = await repo.findBundle(deps.db, key);
      return row ? (row.definition as Record<string, unknown>) : undefined;
    },
    async publish(record, options: { actor: Actor; audit: AuditEntry[]; inTransaction: (tx: Tx) => Promise<void> }) {
      const b = await checkedBundle(deps, record, headers);
      await deps.db.transaction(async (tx) => {
        await repo.upsertBundle(tx, { slug: b.slug, title: b.title, definition: b });
        await recordAudit(tx, options.actor, options.audit.length ? options.audit : [{ action: 'applications.bundle.publish', entity: BUNDLE_SECTION, entityId: b.slug }]);
        await options.inTransaction(tx);
      });
      return b;
    },
    async records() {
      return (await repo.listBundles(deps.db)).map((r) => ({ key: r.slug, title: r.title, url: `/bundles/${r.slug}`, note: t('appdef.versionNote', { version: r.version }) }));
    },
  };
}
