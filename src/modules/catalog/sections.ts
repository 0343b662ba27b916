/**
 * The sections of records editors change through the back office (items, departments, themes,
 * special groups), how each is edited (one form field per column of the import format), and the
 * shape of a section another module puts under the same workflow.
 */
import type { Tx } from '../../db/client.js';
import { t } from '../../lib/i18n/index.js';
import type { Actor, AuditEntry } from '../audit/index.js';
import { SHEETS } from './tabular.js';

/** The sections editors change through the back office. */
export const EDITABLE_SECTIONS = ['items', 'departments', 'themes', 'specialGroups'] as const;
export type EditableSection = (typeof EDITABLE_SECTIONS)[number];

export function isEditableSection(s: string): s is EditableSection {
  return (EDITABLE_SECTIONS as readonly string[]).includes(s);
}

export const sectionLabel = (section: EditableSection) =>
  t(section === 'items' ? 'kind.item' : section === 'departments' ? 'kind.department' : section === 'themes' ? 'kind.theme' : 'kind.specialGroup');

/** How a section's records are edited: one form field per column, in order. */
export interface SectionSpec {
  name: string;
  label: string;
  /** the column holding the record's key */
  keyField: string;
  /** the back-office menu entry the section lives under, and the heading of its lists */
  menu: string;
  group: string;
  columns: { key: string; header: string; hint?: string; long?: boolean; optional?: boolean }[];
}

/**
 * A section of records another module keeps under this workflow (journeys, life events …). Its
 * records are portal-wide, like themes: drafted with `catalog.edit` and `catalog.portal`,
 * published by an administrator, with the same versions, diffs, notices and audit entries. The
 * module supplies the notation (record ↔ form cells), the validation and the publication.
 */
export interface DraftSection extends SectionSpec {
  toCells(record: Record<string, unknown>): Record<string, string>;
  /** form cells back to a record, checked whole exactly as publishing checks it; throws ValidationError */
  decode(cells: Record<string, string>): Promise<Record<string, unknown>>;
  exportRecord(key: string): Promise<Record<string, unknown> | undefined>;
  /** write the record live, with these audit entries, and `inTransaction` in the same transaction */
  publish(record: Record<string, unknown>, options: { actor: Actor; audit: AuditEntry[]; inTransaction: (tx: Tx) => Promise<void> }): Promise<unknown>;
  /** every record, with its public address and an optional note for the list (e.g. figures) */
  records(): Promise<{ key: string; title: string; url: string; note?: string }[]>;
}

const LONG_TEXT = new Set(['summary', 'description', 'transit', 'implementingBody', 'limitNote', 'address', 'note']);

export function catalogSpec(s: EditableSection): SectionSpec {
  return {
    name: s,
    label: sectionLabel(s),
    keyField: s === 'items' ? 'implCode' : 'slug',
    menu: '/admin/catalog/items',
    group: t('admin.nav.catalog'),
    columns: SHEETS[s].columns.map((c) => ({
      key: c.key,
      header: c.header,
      long: c.kind.type === 'lines' || c.kind.type === 'records' || LONG_TEXT.has(c.key),
      optional: c.kind.type === 'optional',
    })),
  };
}

export const recordUrl = (s: EditableSection, r: { key: string; id: number }) =>
  s === 'items' ? `/items/${r.id}` : s === 'departments' ? `/departments/${r.id}` : s === 'themes' ? `/themes/${r.key}` : `/groups/${r.key}`;

/** A problem's field path (/materials/0/name) as the editor sees the column (材料/0/name). */
export function fieldLabel(s: EditableSection, path: string): string {
  const key = /^\/([A-Za-z]+)/.exec(path)?.[1];
  const col = SHEETS[s].columns.find((c) => c.key === key);
  return col ? `${col.header}${path.slice((key?.length ?? 0) + 1)}` : path;
}

export const keyOf = (section: string, record: Record<string, unknown>) =>
  String(section === 'items' ? (record.implCode ?? '') : (record.slug ?? ''));
export const titleOf = (record: Record<string, unknown>) => String(record.name ?? record.title ?? record.slug ?? '');
