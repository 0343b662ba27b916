/**
 * Online application definitions under the catalogue's draft → review → publish workflow: one
 * record per item (its form, route and automation rules), drafted by an editor, checked on
 * saving exactly as on publishing (check.ts), published by a reviewer as a new version that is
 * never changed afterwards (a later draft makes a later version).
 */
import type { Database, Tx } from '../../../db/client.js';
import { ConflictError, ValidationError, sqlStateOf } from '../../../lib/errors.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import type { Problem } from '../../../lib/validation.js';
import { type Actor, type AuditEntry, recordAudit } from '../../audit/index.js';
import type { DraftSection } from '../../catalog/index.js';
import { type CatalogPart, type ItemFacts, checkRecord } from './check.js';
import { type DefinitionRecord, recordCells, readCells } from './notation.js';
import * as repo from './repo.js';

export const SECTION = 'applicationDefinitions';

export interface SectionDeps {
  db: Database['db'];
  catalog: CatalogPart;
  /** tells every process the guide pages changed (the 在线办理 button) */
  changes?: { publish(topic: 'catalog'): Promise<void> };
}

type Column = DraftSection['columns'][number];
const col = (key: string, header: MessageKey, hint: MessageKey, long = true): Column => ({ key, header: t(header), hint: t(hint), long });

export const recordOf = (row: repo.DefinitionRow): DefinitionRecord => ({ slug: row.itemCode, form: row.form, route: row.route, automation: row.automation ?? null });

/** A draft's problems as the one error its editor sees: how many, each placed in the draft (the sections of definitions/ share it). */
export const draftRefusal = (problems: readonly Omit<Problem, 'where'>[]) =>
  new ValidationError(
    t('appdef.invalid', { count: problems.length }),
    problems.map((p) => ({ ...p, where: t('draft.where') })),
  );

/** Check a record whole; throws ValidationError with every problem (Chinese) or returns the item. */
async function checked(deps: SectionDeps, record: DefinitionRecord, headers: Record<string, string>) {
  const { problems, item } = await checkRecord(record, deps.catalog, headers);
  if (problems.length || !item)
    throw draftRefusal(problems);
  return item;
}

/** Publish one checked record as the item's next version, with the workflow's audit entries. */
export async function publishRecord(
  deps: SectionDeps,
  record: DefinitionRecord,
  options: { actor: Actor; audit: AuditEntry[]; inTransaction?: (tx: Tx) => Promise<void> },
  headers: Record<string, string> = {},
  /** the item, when the record was just checked against it (the demo loading) */
  checkedItem?: ItemFacts,
): Promise<{ itemId: number; version: number }> {
  const item = checkedItem ?? (await checked(deps, record, headers));
  const write = deps.db.transaction(async (tx) => {
    const v = await repo.insertVersion(tx, {
      itemId: item.id,
      itemCode: item.implCode,
      form: record.form,
      route: record.route,
      automation: record.automation,
      publishedBy: typeof options.actor.id === 'number' ? options.actor.id : null,
    });
    await recordAudit(
      tx,
      options.actor,
      options.audit.length
        ? options.audit.map((a) => ({ ...a, departmentId: a.departmentId ?? item.departmentId }))
        : [{ action: 'applications.definition.publish', entity: SECTION, entityId: item.implCode, after: { version: v }, departmentId: item.departmentId }],
    );
    await options.inTransaction?.(tx);
    return v;
  });
  // two publications of one item at once: the (item, version) key refuses the later one
  const version = await write.catch((e: unknown) => {
    if (sqlStateOf(e) === '23505') throw new ConflictError(t('appdef.conflict'));
    throw e;
  });
  await deps.changes?.publish('catalog');
  return { itemId: item.id, version };
}

/** The section the catalogue's draft service registers (`drafts.register(...)`). */
export function applicationDefinitionSection(deps: SectionDeps): DraftSection {
  const columns = [
    col('slug', 'appdef.field.item', 'appdef.hint.item', false),
    col('form', 'appdef.field.form', 'appdef.hint.form'),
    col('route', 'appdef.field.route', 'appdef.hint.route'),
    { ...col('automation', 'appdef.field.automation', 'appdef.hint.automation'), optional: true },
  ];
  const headers = Object.fromEntries(columns.map((c) => [c.key, c.header]));
  return {
    name: SECTION,
    label: t('appdef.section'),
    keyField: 'slug',
    menu: '/admin/catalog/items',
    group: t('admin.nav.catalog'),
    columns,
    toCells: (record) => recordCells(record as unknown as DefinitionRecord),
    async decode(cells) {
      const { record, problems } = readCells(cells, headers);
      if (problems.length)
        throw draftRefusal(problems);
      const item = await checked(deps, record, headers);
      return { ...record, title: item.name } as unknown as Record<string, unknown>;
    },
    async exportRecord(key) {
      if (!/^[0-9A-Z]{12,30}$/.test(key)) return undefined;
      const row = await repo.latestByCode(deps.db, key);
      return row ? (recordOf(row) as unknown as Record<string, unknown>) : undefined;
    },
    publish: (record, options) => publishRecord(deps, record as unknown as DefinitionRecord, options, headers),
    async records() {
      const rows = await repo.allLatest(deps.db);
      const refs = new Map((await deps.catalog.itemRefs({ ids: rows.map((r) => r.itemId) })).map((r) => [r.id, r]));
      return rows.map((r) => ({
        key: r.itemCode,
        title: refs.get(r.itemId)?.name ?? r.itemCode,
        url: `/items/${r.itemId}`,
        note: t('appdef.versionNote', { version: r.version }),
      }));
    },
  };
}
