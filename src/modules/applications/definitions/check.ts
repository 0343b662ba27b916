/**
 * An item's definition checked whole, the same on saving a draft and on publishing it: the item
 * exists and its guide says it can be handled online (网上办理); the form in the form notation;
 * its file fields name materials the guide lists; the route's shape and departments that exist;
 * the automation rules against the form and the guide's materials.
 */
import { t } from '../../../lib/i18n/index.js';
import type { Problem } from '../../../lib/validation.js';
import type { CatalogueBundle } from '../../catalog/index.js';
import { checkRouteDefinition } from '../approval.js';
import { checkAutomation } from '../automation/notation.js';
import { type FormDefinition, checkFormDefinition } from '../form-notation.js';
import { checkFormAgainstGuide } from '../materials.js';
import type { DefinitionRecord } from './notation.js';

/** What of the catalogue the definitions read (the catalogue's face, or a bundle read from files). */
export interface CatalogPart {
  itemRefs(keys: { ids?: number[]; codes?: string[] }): Promise<{ id: number; implCode: string; name: string; departmentId: number }[]>;
  getGuide(id: number): Promise<{ handlingForms: readonly string[]; materials: readonly { name: string; required: boolean }[] }>;
  listDepartments(): Promise<readonly { slug: string }[]>;
}

/**
 * The catalogue as a bundle of files states it (data/demo), for checking definitions without a
 * database (`yimen validate`). Items are numbered in the order of the bundle.
 */
export function catalogFromBundle(bundle: Pick<CatalogueBundle, 'items' | 'departments'>): CatalogPart {
  const departments = bundle.departments.map((d, i) => ({ id: i + 1, slug: d.slug }));
  const deptId = new Map(departments.map((d) => [d.slug, d.id]));
  const items = bundle.items.map((it, i) => ({ id: i + 1, implCode: it.implCode, name: it.name, departmentId: deptId.get(it.department) ?? -1, item: it }));
  const byCode = new Map(items.map((i) => [i.implCode, i]));
  return {
    itemRefs: async ({ ids = [], codes = [] }) =>
      [...codes.map((c) => byCode.get(c)), ...ids.map((id) => items[id - 1])].filter((x) => x !== undefined).map(({ item: _, ...ref }) => ref),
    async getGuide(id) {
      const found = items[id - 1];
      if (!found) throw new Error(`no item ${id}`);
      return { handlingForms: found.item.handlingForms, materials: found.item.materials };
    },
    listDepartments: async () => departments,
  };
}

export const ONLINE = '网上办理';

export interface ItemFacts {
  id: number;
  implCode: string;
  name: string;
  online: boolean;
  materials: { name: string; required: boolean }[];
  departmentId: number;
}

/** The item behind an implementation code, with what its guide says; undefined when there is none. */
export async function itemFacts(catalog: CatalogPart, code: string): Promise<ItemFacts | undefined> {
  if (!/^[0-9A-Z]{12,30}$/.test(code)) return undefined;
  const [ref] = await catalog.itemRefs({ codes: [code] });
  if (!ref) return undefined;
  const guide = await catalog.getGuide(ref.id);
  return {
    id: ref.id,
    implCode: ref.implCode,
    name: ref.name,
    online: (guide.handlingForms as readonly string[]).includes(ONLINE),
    materials: guide.materials.map((m) => ({ name: m.name, required: m.required })),
    departmentId: ref.departmentId,
  };
}

/** Every problem of a definition record; with headers, fields are named as the editor sees them. */
export async function checkRecord(
  record: DefinitionRecord,
  catalog: CatalogPart,
  headers: Record<string, string> = {},
  departments?: ReadonlySet<string>,
): Promise<{ problems: Problem[]; item?: ItemFacts }> {
  const at = (column: string) => (p: Problem): Problem => ({ ...p, field: `${headers[column] ?? column}${p.field && p.field !== '/' ? ` · ${p.field}` : ''}` });
  const problems: Problem[] = [];
  const item = await itemFacts(catalog, record.slug);
  if (!item) problems.push({ where: '', field: headers.slug ?? 'slug', message: t('appdef.unknownItem', { code: record.slug }) });
  else if (!item.online) problems.push({ where: '', field: headers.slug ?? 'slug', message: t('appdef.notOnline', { name: item.name }) });
  const formProblems = checkFormDefinition(record.form);
  problems.push(...formProblems.map(at('form')));
  const form = formProblems.length ? null : (record.form as FormDefinition);
  if (form && item) problems.push(...checkFormAgainstGuide(form, item.materials).map(at('form')));
  const known = departments ?? new Set((await catalog.listDepartments()).map((d) => d.slug));
  problems.push(...checkRouteDefinition(record.route, known).map(at('route')));
  if (record.automation !== null) problems.push(...checkAutomation(record.automation, form, item ? item.materials.map((m) => m.name) : null).map(at('automation')));
  return { problems, item };
}
