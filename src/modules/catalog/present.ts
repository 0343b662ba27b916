/** Presenters: what the API and pages show of catalogue rows. Never a row as it is stored. */
import type { DraftRow } from './drafts-repo.js';
import { isEditableSection, sectionLabel } from './sections.js';
import type { DepartmentRow, FormRow, HallRow, ItemRow, ItemSummaryRow, SpecialGroupRow, ThemeRow } from './rows.js';

export const itemUrl = (id: number) => `/items/${id}`;
export const departmentUrl = (id: number) => `/departments/${id}`;
export const themeUrl = (slug: string) => `/themes/${slug}`;
export const groupUrl = (slug: string) => `/groups/${slug}`;
export const formUrl = (slug: string, sample = false) => `/forms/${slug}/${sample ? 'sample' : 'blank'}.pdf`;

export function presentItemSummary(r: ItemSummaryRow) {
  return {
    id: r.id,
    code: r.code,
    implCode: r.implCode,
    name: r.name,
    aliases: r.aliases,
    type: r.type,
    audiences: r.targets,
    summary: r.summary,
    outdated: r.status === 'outdated',
    onlineDepth: r.onlineDepth,
    visits: r.visits,
    promisedLimitDays: r.promisedLimitDays,
    limitKind: r.limitKind,
    department: { id: r.departmentId, name: r.departmentName },
    parentId: r.parentId,
    url: itemUrl(r.id),
  };
}
export type ItemSummary = ReturnType<typeof presentItemSummary>;
export type ItemGroup = ItemSummary & { subItems: ItemSummary[] };

/**
 * Items as a citizen browses them: each sub-item (办理项) under its parent when the parent is
 * listed too, otherwise on its own, so "驾驶证补领" is found whether the theme names the
 * parent, the sub-item or both.
 */
export function nestSubItems(list: ItemSummary[], children: ItemSummary[]): ItemGroup[] {
  const groups = new Map<number, ItemGroup>();
  for (const it of list) if (it.parentId === null) groups.set(it.id, { ...it, subItems: [] });
  const out: ItemGroup[] = [];
  const seen = new Set<number>();
  for (const it of list) {
    if (it.parentId !== null && groups.has(it.parentId)) continue;
    out.push(groups.get(it.id) ?? { ...it, subItems: [] });
  }
  for (const child of children) {
    const parent = child.parentId === null ? undefined : groups.get(child.parentId);
    if (parent && !seen.has(child.id)) {
      seen.add(child.id);
      parent.subItems.push(child);
    }
  }
  return out;
}

export function presentDepartment(d: DepartmentRow) {
  return {
    id: d.id,
    slug: d.slug,
    name: d.name,
    shortName: d.shortName,
    kind: d.kind,
    functions: d.functions,
    units: d.units,
    leaders: d.leaders,
    address: d.address,
    postcode: d.postcode,
    officeHours: d.officeHours,
    phones: d.phones,
    website: d.website,
    location: { lat: d.lat, lng: d.lng },
    transit: d.transit,
    sort: d.sort,
    url: departmentUrl(d.id),
  };
}

export function presentHall(h: HallRow) {
  return {
    slug: h.slug,
    name: h.name,
    address: h.address,
    hours: h.hours,
    phone: h.phone,
    location: { lat: h.lat, lng: h.lng },
    transit: h.transit,
    windows: h.windows,
  };
}

export const presentTheme = (th: ThemeRow) => ({
  slug: th.slug,
  name: th.name,
  audience: th.audience,
  description: th.description,
  url: themeUrl(th.slug),
});

export const presentGroup = (g: SpecialGroupRow) => ({ slug: g.slug, name: g.name, url: groupUrl(g.slug) });

/** A theme as the API lists it: every field but the row id, with its address. */
export const presentThemeRecord = ({ id: _id, ...th }: ThemeRow) => ({ ...th, url: themeUrl(th.slug) });

/** A special group as the API lists it: every field but the row id, with its address. */
export const presentGroupRecord = ({ id: _id, ...g }: SpecialGroupRow) => ({ ...g, url: groupUrl(g.slug) });

export interface ItemRelations {
  department: DepartmentRow;
  halls: HallRow[];
  themes: ThemeRow[];
  specialGroups: SpecialGroupRow[];
  children: { id: number; name: string }[];
  parent: { id: number; name: string } | undefined;
  forms: Pick<FormRow, 'slug' | 'title'>[];
}

/** The whole 办事指南 of one item. */
export function presentGuide(it: ItemRow, rel: ItemRelations) {
  const formTitle = new Map(rel.forms.map((f) => [f.slug, f.title]));
  return {
    id: it.id,
    code: it.code,
    implCode: it.implCode,
    name: it.name,
    aliases: it.aliases,
    type: it.type,
    outdated: it.status === 'outdated',
    version: it.version,
    updatedAt: it.updatedAt.toISOString(),
    parent: rel.parent ? { id: rel.parent.id, name: rel.parent.name, url: itemUrl(rel.parent.id) } : null,
    subItems: rel.children.map((c) => ({ id: c.id, name: c.name, url: itemUrl(c.id) })),
    department: { id: rel.department.id, name: rel.department.name, url: departmentUrl(rel.department.id) },
    implementingBody: it.implementingBody,
    legalBasis: it.legalBasis,
    audiences: it.targets,
    summary: it.summary,
    conditions: it.conditions,
    materials: it.materials.map((m) => ({
      name: m.name,
      form: m.form,
      medium: m.medium,
      copies: m.copies,
      source: m.source,
      required: m.required,
      note: m.note ?? null,
      blankForm:
        m.formSlug && formTitle.has(m.formSlug)
          ? { title: formTitle.get(m.formSlug) as string, url: formUrl(m.formSlug), sampleUrl: formUrl(m.formSlug, true) }
          : null,
    })),
    steps: it.steps.map((s) => ({ title: s.title, description: s.description, daysLimit: s.daysLimit ?? null })),
    timeLimits: {
      legalDays: it.legalLimitDays,
      promisedDays: it.promisedLimitDays,
      kind: it.limitKind,
      note: it.limitNote,
    },
    fees: it.fees,
    free: it.fees.length === 0,
    halls: rel.halls.map(presentHall),
    consultPhone: it.consultPhone,
    complaintPhone: it.complaintPhone,
    handlingForms: it.handlingForms,
    visits: it.visits,
    onlineDepth: it.onlineDepth,
    appointment: it.appointment,
    results: it.results,
    faq: it.faq,
    policies: it.policies,
    themes: rel.themes.map(presentTheme),
    specialGroups: rel.specialGroups.map(presentGroup),
    url: itemUrl(it.id),
    printUrl: `${itemUrl(it.id)}/print`,
    pdfUrl: `${itemUrl(it.id)}/guide.pdf`,
  };
}
export type Guide = ReturnType<typeof presentGuide>;

/** A draft as the back office and the staff API show it. */
export function presentDraft(d: DraftRow, label = isEditableSection(d.section) ? sectionLabel(d.section) : d.section) {
  return {
    id: d.id,
    section: d.section,
    label,
    key: d.key,
    title: d.title,
    departmentId: d.departmentId,
    status: d.status,
    baseVersion: d.baseVersion,
    author: d.authorName,
    authorId: d.authorId,
    reviewer: d.reviewerName,
    reviewNote: d.reviewNote,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    submittedAt: d.submittedAt,
    decidedAt: d.decidedAt,
    version: d.version,
  };
}
export type DraftView = ReturnType<typeof presentDraft>;
