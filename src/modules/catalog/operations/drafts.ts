/**
 * Drafting a change to one record: the edit form of a live record, saving a new draft or the
 * next state of an open one (validated whole), reading a draft with its diff, the lists, the
 * dashboard counts and a record's published versions.
 */
import { BadRequestError, ConflictError } from '../../../lib/errors.js';
import { type Principal, can, departmentScope, requirePermission } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import type { DraftContext } from '../drafts-context.js';
import * as dr from '../drafts-repo.js';
import {
  OPEN_STATUSES,
  draftAbilities,
  draftNotFound,
  mayCreate,
  outsideDepartment,
  requireCatalogView,
  requireCreate,
  requireScope,
  withContributor,
} from '../policy.js';
import { presentDraft } from '../present.js';
import { type EditableSection, keyOf, recordUrl, titleOf } from '../sections.js';

export interface DraftInput {
  section: string;
  /** the record being changed; absent for a new record */
  key?: string;
  /** the draft being edited again, with the version the editor saw */
  draftId?: number;
  version?: number;
  cells: Record<string, string>;
}

export const present = (ctx: DraftContext, d: dr.DraftRow) => presentDraft(d, ctx.sections.label(d.section));

/** A draft the person may see; anything else — another department's, or no catalogue role — is "not found". */
export async function visibleDraft(ctx: DraftContext, p: Principal, id: number) {
  requireCatalogView(p);
  const draft = Number.isSafeInteger(id) ? await dr.findDraft(ctx.db, id) : undefined;
  if (!draft) throw draftNotFound();
  requireScope(p, draft.departmentId);
  return draft;
}

/** The live record as form cells (blank for a new record), checked against the person's reach. */
export async function editForm(ctx: DraftContext, p: Principal, s: string, key: string | undefined) {
  requireCatalogView(p);
  const sec = ctx.sections.check(s);
  if (key === undefined) {
    requireCreate(p, sec);
    return { section: sec, key: undefined, cells: {} as Record<string, string>, title: '' };
  }
  const live = await ctx.sections.exportRecord(sec, key);
  if (!live) throw draftNotFound();
  requireScope(p, await ctx.sections.ownerOf(sec, live));
  requirePermission(p, 'catalog.edit');
  return { section: sec, key, cells: ctx.sections.cellsOf(sec, live), title: titleOf(live) };
}

/** Save a new draft or the next state of an open one; the record is validated whole. */
export async function saveDraft(ctx: DraftContext, p: Principal, input: DraftInput) {
  const { db, sections } = ctx;
  requireCatalogView(p);
  const sec = sections.check(input.section);
  const existing = input.draftId !== undefined ? await visibleDraft(ctx, p, input.draftId) : undefined;
  const fixedKey = existing?.key ?? input.key;
  const live = fixedKey ? await sections.exportRecord(sec, fixedKey) : undefined;
  if (input.key !== undefined && !live && !existing) throw draftNotFound();
  if (live) requireScope(p, await sections.ownerOf(sec, live));
  requirePermission(p, 'catalog.edit');
  if (sections.isPlugged(sec)) requirePermission(p, 'catalog.portal');
  const record = await sections.decode(sec, input.cells);
  const key = keyOf(sec, record);
  if (fixedKey && key !== fixedKey) throw new BadRequestError(t('draft.keyChanged', { key: fixedKey }));
  if (!fixedKey && (await sections.exportRecord(sec, key))) throw new ConflictError(t('draft.keyExists', { key }));
  const owner = await sections.ownerOf(sec, record);
  if (outsideDepartment(p, owner)) throw new BadRequestError(t('draft.otherDepartment'));
  if (owner === null) requirePermission(p, 'catalog.portal');
  const values = { data: record, title: titleOf(record), departmentId: owner };
  if (existing) {
    if (input.version === undefined) throw new ConflictError(t('draft.stale'));
    const row = await dr.updateDraft(
      db,
      existing.id,
      { version: input.version, statuses: ['draft', 'rejected'] },
      { ...values, status: 'draft', contributorIds: withContributor(existing, p.userId) },
    );
    if (!row) throw new ConflictError(t('draft.stale'));
    return present(ctx, row);
  }
  const baseVersion = await dr.latestVersion(db, sec, key);
  const row = await dr.insertDraft(db, { ...values, section: sec, key, baseVersion, authorId: p.userId, authorName: p.name, contributorIds: [p.userId] });
  return present(ctx, row);
}

/** A draft with its form cells, its diff from the live record and what the person may do with it. */
export async function getDraft(ctx: DraftContext, p: Principal, id: number) {
  const draft = await visibleDraft(ctx, p, id);
  const sec = draft.section;
  const live = await ctx.sections.exportRecord(sec, draft.key);
  const data = draft.data as Record<string, unknown>;
  return {
    draft: present(ctx, draft),
    cells: ctx.sections.cellsOf(sec, data),
    diff: ctx.sections.diffOf(sec, live, data),
    isNew: !live,
    latestVersion: await dr.latestVersion(ctx.db, sec, draft.key),
    ...draftAbilities(p, draft),
  };
}

/** A draft to edit again: `catalog.edit`, and only while it is a draft or sent back. */
export async function editDraft(ctx: DraftContext, p: Principal, id: number) {
  const view = await getDraft(ctx, p, id);
  requirePermission(p, 'catalog.edit');
  if (!view.canEdit) throw new BadRequestError(t('draft.notEditable'));
  return view;
}

export async function listDrafts(ctx: DraftContext, p: Principal, f: { statuses?: dr.DraftStatus[]; mine?: boolean; limit: number; offset: number }) {
  requirePermission(p, 'catalog.view');
  const { total, rows } = await dr.listDrafts(ctx.db, {
    departmentId: departmentScope(p),
    statuses: f.statuses,
    authorId: f.mine ? p.userId : undefined,
    limit: f.limit,
    offset: f.offset,
  });
  return { total, drafts: rows.map((d) => present(ctx, d)) };
}

/** Counts for the dashboard. */
export async function draftCounts(ctx: DraftContext, p: Principal) {
  if (!can(p, 'catalog.view')) return undefined;
  const scope = departmentScope(p);
  const [mine, waiting, rejected] = await Promise.all([
    dr.countDrafts(ctx.db, { departmentId: scope, authorId: p.userId, statuses: ['draft'] }),
    dr.countDrafts(ctx.db, { departmentId: scope, statuses: ['review'] }),
    dr.countDrafts(ctx.db, { departmentId: scope, authorId: p.userId, statuses: ['rejected'] }),
  ]);
  return { mine, waiting, rejected };
}

/** Every published version of a record, each with what changed from the one before. */
export async function recordVersions(ctx: DraftContext, p: Principal, s: string, key: string) {
  const { sections } = ctx;
  requireCatalogView(p);
  const sec = sections.check(s);
  const live = await sections.exportRecord(sec, key);
  if (!live) throw draftNotFound();
  requireScope(p, await sections.ownerOf(sec, live));
  const rows = await dr.listVersions(ctx.db, sec, key);
  const drafts = await dr.listDrafts(ctx.db, { section: sec, key, statuses: OPEN_STATUSES, limit: 20, offset: 0 });
  const spec = sections.spec(sec);
  return {
    section: sec,
    key,
    title: titleOf(live),
    label: spec.label,
    menu: spec.menu,
    openDrafts: drafts.rows.map((d) => present(ctx, d)),
    versions: rows.map((v, i) => ({
      version: v.version,
      publishedBy: v.publishedBy,
      publishedAt: v.publishedAt,
      draftId: v.draftId,
      diff: sections.diffOf(sec, rows[i + 1]?.data as Record<string, unknown> | undefined, v.data as Record<string, unknown>).filter((d) => d.changed),
    })),
  };
}

/** Records of a section the person may edit, for the back office lists, and whether they may start a new one. */
export async function sectionRecords(ctx: DraftContext, p: Principal, s: string, q: { q?: string; limit: number; offset: number }) {
  const { catalog, sections } = ctx;
  requirePermission(p, 'catalog.view');
  const sec = sections.check(s);
  const scope = departmentScope(p);
  const plug = sections.plugged(sec);
  const canCreate = mayCreate(p, sec);
  const withUrl = (list: { key: string; title: string; department: string; id: number }[]) =>
    list.map((r) => ({ ...r, url: recordUrl(sec as EditableSection, r), note: undefined as string | undefined }));
  if (sec === 'items') {
    const r = await catalog.listItems({ q: q.q, department: scope, limit: q.limit, offset: q.offset });
    return { total: r.total, canCreate, records: withUrl(r.items.map((it) => ({ key: it.implCode, title: it.name, department: it.department.name, id: it.id }))) };
  }
  if (sec === 'departments') {
    const all = (await catalog.listDepartments()).filter((d) => scope === undefined || d.id === scope);
    return { total: all.length, canCreate, records: withUrl(all.map((d) => ({ key: d.slug, title: d.name, department: d.name, id: d.id }))) };
  }
  if (!can(p, 'catalog.portal')) return { total: 0, canCreate, records: [] };
  if (plug) {
    const rows = await plug.records();
    return { total: rows.length, canCreate, records: rows.map((r) => ({ ...r, department: '', id: 0 })) };
  }
  const rows = sec === 'themes' ? await catalog.listThemes() : await catalog.listSpecialGroups();
  return { total: rows.length, canCreate, records: withUrl(rows.map((r) => ({ key: r.slug, title: r.name, department: '', id: 0 }))) };
}
