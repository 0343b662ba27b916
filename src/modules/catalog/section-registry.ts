/**
 * The sections under the draft workflow: the catalogue's own (items, departments, themes,
 * special groups) and those other modules register (journeys …), each with its notation,
 * validation, owner and publication.
 */
import type { Runner, Tx } from '../../db/client.js';
import { departments } from '../../db/schema/catalog.js';
import { ValidationError } from '../../lib/errors.js';
import { cleanText } from '../../lib/text.js';
import { t } from '../../lib/i18n/index.js';
import type { Actor, AuditEntry } from '../audit/index.js';
import type { Problem } from './bundle.js';
import { type FieldDiff, diffCells, diffRecords, toCells } from './diff.js';
import type { CatalogueBundle } from './model.js';
import { draftNotFound } from './policy.js';
import * as repo from './repo.js';
import {
  type DraftSection,
  EDITABLE_SECTIONS,
  type EditableSection,
  type SectionSpec,
  catalogSpec,
  fieldLabel,
  isEditableSection,
  sectionLabel,
} from './sections.js';
import type { CatalogService } from './service.js';
import { SHEETS, fromRows } from './tabular.js';

export type SectionRegistry = ReturnType<typeof createSectionRegistry>;

const emptyBundle = (): CatalogueBundle => ({ departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [] });

export function createSectionRegistry(db: Runner, catalog: CatalogService) {
  const plugged = new Map<string, DraftSection>();

  async function decodeCatalog(s: EditableSection, cells: Record<string, string>) {
    const cols = SHEETS[s].columns;
    const problems: Problem[] = [];
    const { records } = fromRows(
      { section: s, name: sectionLabel(s), rows: [cols.map((c) => c.key), cols.map((c) => cleanText(cells[c.key] ?? '', { multiline: true, max: 20_000 }))] },
      problems,
    );
    const record = (records[0] ?? {}) as Record<string, unknown>;
    const bundle = emptyBundle();
    (bundle[s] as unknown[]).push(record);
    if (!problems.length) problems.push(...(await catalog.validate(bundle)));
    const where = t('draft.where');
    if (problems.length)
      throw new ValidationError(
        t('draft.invalid', { count: problems.length }),
        problems.map((pr) => ({ ...pr, where, field: fieldLabel(s, pr.field) })),
      );
    return record;
  }

  const registry = {
    /** Put another module's records under the workflow (see DraftSection). */
    register(plug: DraftSection) {
      if (isEditableSection(plug.name) || plugged.has(plug.name)) throw new Error(`draft section ${plug.name} exists already`);
      plugged.set(plug.name, plug);
    },

    has: (s: string) => isEditableSection(s) || plugged.has(s),

    /** A section's name, or "not found" for a section nobody registered. */
    check(s: string): string {
      if (!registry.has(s)) throw draftNotFound();
      return s;
    },

    /** Is this another module's section (portal-wide records)? */
    isPlugged: (s: string) => plugged.has(s),
    plugged: (s: string) => plugged.get(s),

    spec: (s: string): SectionSpec => plugged.get(s) ?? catalogSpec(s as EditableSection),

    /** The sections listed together with this one (as tabs): the catalogue's, or the plugged-in ones of the same menu. */
    siblings(s: string): SectionSpec[] {
      const spec = registry.spec(registry.check(s));
      return [...EDITABLE_SECTIONS.map(catalogSpec), ...plugged.values()].filter((x) => x.menu === spec.menu);
    },

    label: (s: string) => plugged.get(s)?.label,

    exportRecord: (s: string, key: string) => plugged.get(s)?.exportRecord(key) ?? catalog.exportRecord(s as EditableSection, key),

    cellsOf: (s: string, record: Record<string, unknown>) => plugged.get(s)?.toCells(record) ?? toCells(s as EditableSection, record),

    diffOf(s: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>): FieldDiff[] {
      const plug = plugged.get(s);
      return plug ? diffCells(plug.columns, before ? plug.toCells(before) : {}, plug.toCells(after)) : diffRecords(s as EditableSection, before, after);
    },

    /** The department a record belongs to: null for portal-wide records (themes, groups, a new department). */
    async ownerOf(s: string, record: Record<string, unknown> | undefined, tx: Runner = db): Promise<number | null> {
      if (!record) return null;
      if (s === 'items') return (await repo.slugMap(tx, departments)).get(String(record.department)) ?? -1;
      if (s === 'departments') return (await repo.findDepartmentBySlug(tx, String(record.slug)))?.id ?? null;
      return null;
    },

    /** Form cells back to a record, validated exactly as an import row is. */
    async decode(s: string, cells: Record<string, string>) {
      const plug = plugged.get(s);
      if (plug) return plug.decode(cells);
      return decodeCatalog(s as EditableSection, cells);
    },

    /** Write a reviewed record live: the catalogue's import of one record, or the plugged-in section's own publication. */
    publish(s: string, record: Record<string, unknown>, options: { actor: Actor; audit: AuditEntry[]; inTransaction: (tx: Tx) => Promise<void> }) {
      const plug = plugged.get(s);
      if (plug) return plug.publish(record, options);
      const bundle = emptyBundle();
      (bundle[s as EditableSection] as unknown[]).push(record);
      return catalog.importBundle(bundle, options);
    },
  };
  return registry;
}
