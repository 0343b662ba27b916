/**
 * What the catalogue gives the search index: each item (names, aliases, what it is about),
 * each of its FAQ entries, and each department.
 */
import type { SearchDocInput } from '../search/index.js';
import { departmentUrl, itemUrl } from './present.js';
import type { DepartmentRow, ItemSearchRow } from './rows.js';

export function itemDocs(it: ItemSearchRow): SearchDocInput[] {
  const common = {
    departmentId: it.departmentId,
    departmentName: it.departmentName,
    themes: it.themes.map((t) => t.slug),
    audiences: it.targets,
    itemType: it.type,
    outdated: it.status === 'outdated',
  };
  const item: SearchDocInput = {
    key: `item:${it.id}`,
    kind: 'item',
    refId: it.id,
    title: it.name,
    aliases: it.aliases,
    keywords: [it.departmentShortName, ...it.themes.map((t) => t.name), ...(it.parentName ? [it.parentName] : []), it.results.name],
    body: [it.summary, ...it.conditions, ...it.materials.map((m) => m.name)].join(' '),
    url: itemUrl(it.id),
    ...common,
  };
  const faqs = it.faq.map(
    (f, i): SearchDocInput => ({
      key: `faq:${it.id}:${i}`,
      kind: 'faq',
      refId: it.id,
      title: f.q,
      keywords: [it.name],
      body: f.a,
      url: `${itemUrl(it.id)}#faq`,
      ...common,
    }),
  );
  return [item, ...faqs];
}

export function departmentDoc(d: DepartmentRow): SearchDocInput {
  return {
    key: `department:${d.id}`,
    kind: 'department',
    refId: d.id,
    title: d.name,
    aliases: [d.shortName],
    keywords: d.units.map((u) => u.name),
    body: d.functions.join(' '),
    url: departmentUrl(d.id),
    departmentId: d.id,
    departmentName: d.name,
  };
}
