/**
 * The catalogue workflow: an editor drafts a change to one record (draft), sends it for review
 * (review), and a reviewer of the same department — someone other than the author — publishes
 * it (published) or sends it back with a note (rejected). Publishing goes through the same
 * validation and upsert as an import, records a numbered version and an audit entry, all in one
 * transaction; a draft whose record was published by someone else meanwhile is refused.
 */
import type { Database, Runner, Tx } from '../../db/client.js';
import { BadRequestError, ConflictError, NotFoundError, ValidationError, sqlStateOf } from '../../lib/errors.js';
import { cleanText } from '../../lib/text.js';
import { t } from '../../web/i18n/index.js';
import {
  type Principal,
  can,
  departmentScope,
  isPortalWide,
  requireDepartment,
  requirePermission,
} from '../../lib/principal.js';
import { actorOf } from '../accounts/index.js';
import type { Actor, AuditEntry } from '../audit/index.js';
import type { NotifyService } from '../notify/index.js';
import type { Problem } from './bundle.js';
import { type FieldDiff, diffCells, diffRecords, sectionLabel, toCells } from './diff.js';
import * as dr from './drafts-repo.js';
import type { CatalogueBundle } from './model.js';
import * as repo from './repo.js';
import { type CatalogService, EDITABLE_SECTIONS, type EditableSection } from './service.js';
import { fromRows, SHEETS } from './tabular.js';
import { departments } from '../../db/schema/catalog.js';

export const OPEN_STATUSES: dr.DraftStatus[] = ['draft', 'review', 'rejected'];

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

function catalogSpec(s: EditableSection): SectionSpec {
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

const recordUrl = (s: EditableSection, r: { key: string; id: number }) =>
  s === 'items' ? `/items/${r.id}` : s === 'departments' ? `/departments/${r.id}` : s === 'themes' ? `/themes/${r.key}` : `/groups/${r.key}`;

export interface DraftInput {
  section: string;
  /** the record being changed; absent for a new record */
  key?: string;
  /** the draft being edited again, with the version the editor saw */
  draftId?: number;
  version?: number;
  cells: Record<string, string>;
}

const keyOf = (section: string, record: Record<string, unknown>) =>
  String(section === 'items' ? (record.implCode ?? '') : (record.slug ?? ''));
const titleOf = (record: Record<string, unknown>) => String(record.name ?? record.title ?? record.slug ?? '');

/** Everyone who has worked on the draft, its author included (drafts from before contributors were kept name only the author). */
export const contributorsOf = (d: Pick<dr.DraftRow, 'authorId' | 'contributorIds'>): number[] => [...new Set([d.authorId, ...(d.contributorIds ?? [])])];

/** The draft with this person among its contributors (the order kept: the first one is the author). */
const withContributor = (d: Pick<dr.DraftRow, 'authorId' | 'contributorIds'>, userId: number) => [...new Set([...contributorsOf(d), userId])];

/**
 * Four eyes: nobody who created, edited or submitted any version of a draft may publish or send
 * it back. The system administrator may publish a draft that is his alone (a small deployment may
 * have no one else), never one he changed after someone else wrote it.
 */
export function mayReview(p: Principal, d: Pick<dr.DraftRow, 'authorId' | 'contributorIds'>): boolean {
  const contributors = contributorsOf(d);
  if (!contributors.includes(p.userId)) return true;
  return p.role === 'admin' && contributors.length === 1;
}

export function isEditableSection(s: string): s is EditableSection {
  return (EDITABLE_SECTIONS as readonly string[]).includes(s);
}

export function presentDraft(d: dr.DraftRow, label = isEditableSection(d.section) ? sectionLabel(d.section) : d.section) {
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

export function createDraftService(database: Database, deps: { catalog: CatalogService; notify: NotifyService }) {
  const { db } = database;
  const { catalog, notify } = deps;
  const notFound = () => new NotFoundError(t('draft.notFound'));
  const plugged = new Map<string, DraftSection>();

  function section(s: string): string {
    if (!isEditableSection(s) && !plugged.has(s)) throw notFound();
    return s;
  }

  const specOf = (s: string): SectionSpec => plugged.get(s) ?? catalogSpec(s as EditableSection);
  const present = (d: dr.DraftRow) => presentDraft(d, plugged.get(d.section)?.label);
  const exportRecord = (s: string, key: string) => plugged.get(s)?.exportRecord(key) ?? catalog.exportRecord(s as EditableSection, key);
  const cellsOf = (s: string, record: Record<string, unknown>) => plugged.get(s)?.toCells(record) ?? toCells(s as EditableSection, record);
  function diffOf(s: string, before: Record<string, unknown> | undefined, after: Record<string, unknown>): FieldDiff[] {
    const plug = plugged.get(s);
    return plug ? diffCells(plug.columns, before ? plug.toCells(before) : {}, plug.toCells(after)) : diffRecords(s as EditableSection, before, after);
  }

  /** The department a record belongs to: null for portal-wide records (themes, groups, a new department). */
  async function ownerOf(s: string, record: Record<string, unknown> | undefined, tx: Runner = db): Promise<number | null> {
    if (!record) return null;
    if (s === 'items') return (await repo.slugMap(tx, departments)).get(String(record.department)) ?? -1;
    if (s === 'departments') return (await repo.findDepartmentBySlug(tx, String(record.slug)))?.id ?? null;
    return null;
  }

  /** May this person change records owned by this department (null: portal-wide)? Throws "not found" otherwise. */
  function requireScope(p: Principal, owner: number | null) {
    if (owner === null) {
      if (!can(p, 'catalog.portal')) throw notFound();
      return;
    }
    requireDepartment(p, owner, t('draft.notFound'));
  }

  /** A draft the person may see; anything else — another department's, or no catalogue role — is "not found". */
  async function visibleDraft(p: Principal, id: number) {
    if (!can(p, 'catalog.view')) throw notFound();
    const draft = Number.isSafeInteger(id) ? await dr.findDraft(db, id) : undefined;
    if (!draft) throw notFound();
    requireScope(p, draft.departmentId);
    return draft;
  }

  /** Form cells back to a record, validated exactly as an import row is. */
  async function decode(s: string, cells: Record<string, string>) {
    const plug = plugged.get(s);
    if (plug) return plug.decode(cells);
    return decodeCatalog(s as EditableSection, cells);
  }

  async function decodeCatalog(s: EditableSection, cells: Record<string, string>) {
    const cols = SHEETS[s].columns;
    const problems: Problem[] = [];
    const { records } = fromRows(
      { section: s, name: sectionLabel(s), rows: [cols.map((c) => c.key), cols.map((c) => cleanText(cells[c.key] ?? '', { multiline: true, max: 20_000 }))] },
      problems,
    );
    const record = (records[0] ?? {}) as Record<string, unknown>;
    const bundle: CatalogueBundle = { departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [] };
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

  /** Write a reviewed record live: the catalogue's import of one record, or the plugged-in section's own publication. */
  function publish(s: string, record: Record<string, unknown>, options: { actor: Actor; audit: AuditEntry[]; inTransaction: (tx: Tx) => Promise<void> }) {
    const plug = plugged.get(s);
    if (plug) return plug.publish(record, options);
    const bundle: CatalogueBundle = { departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [] };
    (bundle[s as EditableSection] as unknown[]).push(record);
    return catalog.importBundle(bundle, options);
  }

  async function notifyUsers(tx: Runner, userIds: number[], template: 'draft-submitted' | 'draft-published' | 'draft-rejected', vars: Record<string, string | number>) {
    for (const id of new Set(userIds)) await notify.enqueue(tx, { template, vars, to: { accountId: id }, channels: ['inbox'] });
  }

  return {
    sections: () => EDITABLE_SECTIONS,

    /** Put another module's records under the workflow (see DraftSection). */
    register(plug: DraftSection) {
      if (isEditableSection(plug.name) || plugged.has(plug.name)) throw new Error(`draft section ${plug.name} exists already`);
      plugged.set(plug.name, plug);
    },

    hasSection: (s: string) => isEditableSection(s) || plugged.has(s),

    /** How a section's records are edited (its form fields). */
    spec: (s: string): SectionSpec => specOf(section(s)),

    /** The sections listed together with this one (as tabs): the catalogue's, or the plugged-in ones of the same menu. */
    siblings(s: string): SectionSpec[] {
      const spec = specOf(section(s));
      return [...EDITABLE_SECTIONS.map(catalogSpec), ...plugged.values()].filter((x) => x.menu === spec.menu);
    },

    /** The live record as form cells (blank for a new record), checked against the person's reach. */
    async editForm(p: Principal, s: string, key: string | undefined) {
      if (!can(p, 'catalog.view')) throw notFound();
      const sec = section(s);
      if (key === undefined) {
        requirePermission(p, 'catalog.edit');
        if (sec !== 'items') requirePermission(p, 'catalog.portal');
        return { section: sec, key: undefined, cells: {} as Record<string, string>, title: '' };
      }
      const live = await exportRecord(sec, key);
      if (!live) throw notFound();
      requireScope(p, await ownerOf(sec, live));
      requirePermission(p, 'catalog.edit');
      return { section: sec, key, cells: cellsOf(sec, live), title: titleOf(live) };
    },

    /** Save a new draft or the next state of an open one; the record is validated whole. */
    async save(p: Principal, input: DraftInput) {
      if (!can(p, 'catalog.view')) throw notFound();
      const sec = section(input.section);
      const existing = input.draftId !== undefined ? await visibleDraft(p, input.draftId) : undefined;
      const fixedKey = existing?.key ?? input.key;
      const live = fixedKey ? await exportRecord(sec, fixedKey) : undefined;
      if (input.key !== undefined && !live && !existing) throw notFound();
      if (live) requireScope(p, await ownerOf(sec, live));
      requirePermission(p, 'catalog.edit');
      if (plugged.has(sec)) requirePermission(p, 'catalog.portal');
      const record = await decode(sec, input.cells);
      const key = keyOf(sec, record);
      if (fixedKey && key !== fixedKey) throw new BadRequestError(t('draft.keyChanged', { key: fixedKey }));
      if (!fixedKey && (await exportRecord(sec, key))) throw new ConflictError(t('draft.keyExists', { key }));
      const owner = await ownerOf(sec, record);
      if (owner !== null && !isPortalWide(p) && owner !== p.departmentId) throw new BadRequestError(t('draft.otherDepartment'));
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
        return present(row);
      }
      const baseVersion = await dr.latestVersion(db, sec, key);
      const row = await dr.insertDraft(db, { ...values, section: sec, key, baseVersion, authorId: p.userId, authorName: p.name, contributorIds: [p.userId] });
      return present(row);
    },

    async get(p: Principal, id: number) {
      const draft = await visibleDraft(p, id);
      const sec = draft.section;
      const live = await exportRecord(sec, draft.key);
      const data = draft.data as Record<string, unknown>;
      return {
        draft: present(draft),
        cells: cellsOf(sec, data),
        diff: diffOf(sec, live, data),
        isNew: !live,
        latestVersion: await dr.latestVersion(db, sec, draft.key),
        canEdit: can(p, 'catalog.edit') && ['draft', 'rejected'].includes(draft.status),
        canReview: can(p, 'catalog.review') && draft.status === 'review' && mayReview(p, draft),
      };
    },

    async list(p: Principal, f: { statuses?: dr.DraftStatus[]; mine?: boolean; limit: number; offset: number }) {
      requirePermission(p, 'catalog.view');
      const { total, rows } = await dr.listDrafts(db, {
        departmentId: departmentScope(p),
        statuses: f.statuses,
        authorId: f.mine ? p.userId : undefined,
        limit: f.limit,
        offset: f.offset,
      });
      return { total, drafts: rows.map(present) };
    },

    /** Counts for the dashboard. */
    async counts(p: Principal) {
      if (!can(p, 'catalog.view')) return undefined;
      const scope = departmentScope(p);
      const [mine, waiting, rejected] = await Promise.all([
        dr.countDrafts(db, { departmentId: scope, authorId: p.userId, statuses: ['draft'] }),
        dr.countDrafts(db, { departmentId: scope, statuses: ['review'] }),
        dr.countDrafts(db, { departmentId: scope, authorId: p.userId, statuses: ['rejected'] }),
      ]);
      return { mine, waiting, rejected };
    },

    async submit(p: Principal, id: number, version: number) {
      const draft = await visibleDraft(p, id);
      requirePermission(p, 'catalog.edit');
      await db.transaction(async (tx) => {
        const row = await dr.updateDraft(tx, id, { version, statuses: ['draft', 'rejected'] }, { status: 'review', submittedAt: new Date(), contributorIds: withContributor(draft, p.userId) });
        if (!row) throw new ConflictError(t('draft.stale'));
        const reviewers = (await dr.reviewersOf(tx, draft.departmentId)).filter((u) => !withContributor(draft, p.userId).includes(u));
        await notifyUsers(tx, reviewers, 'draft-submitted', { title: draft.title, author: p.name, link: `/admin/drafts/${id}` });
      });
    },

    async withdraw(p: Principal, id: number, version: number) {
      await visibleDraft(p, id);
      requirePermission(p, 'catalog.edit');
      const row = await dr.updateDraft(db, id, { version, statuses: ['draft', 'review', 'rejected'] }, { status: 'withdrawn' });
      if (!row) throw new ConflictError(t('draft.stale'));
    },

    async reject(p: Principal, id: number, version: number, note: string) {
      const draft = await visibleDraft(p, id);
      requirePermission(p, 'catalog.review');
      if (!mayReview(p, draft)) throw new BadRequestError(t('draft.fourEyes'));
      const reason = cleanText(note ?? '', { multiline: true });
      if (!reason) throw new BadRequestError(t('draft.noteRequired'));
      if ([...reason].length > 1000) throw new BadRequestError(t('draft.noteTooLong'));
      await db.transaction(async (tx) => {
        const row = await dr.updateDraft(
          tx,
          id,
          { version, statuses: ['review'] },
          { status: 'rejected', reviewerId: p.userId, reviewerName: p.name, reviewNote: reason, decidedAt: new Date() },
        );
        if (!row) throw new ConflictError(t('draft.stale'));
        await notifyUsers(tx, [draft.authorId], 'draft-rejected', { title: draft.title, reviewer: p.name, note: reason, link: `/admin/drafts/${id}` });
      });
    },

    /** Publish a reviewed draft into the live catalogue, with its version and audit entry. */
    async approve(p: Principal, id: number, version: number, note: string) {
      const draft = await visibleDraft(p, id);
      requirePermission(p, 'catalog.review');
      if (draft.status !== 'review') throw new ConflictError(t('draft.stale'));
      if (!mayReview(p, draft)) throw new BadRequestError(t('draft.fourEyes'));
      const sec = draft.section;
      const record = draft.data as Record<string, unknown>;
      const live = await exportRecord(sec, draft.key);
      const remark = cleanText(note ?? '', { multiline: true }).slice(0, 1000) || null;
      try {
        await publish(sec, record, {
          actor: actorOf(p),
          audit: [
            {
              action: 'catalog.publish',
              entity: sec,
              entityId: draft.key,
              before: live ?? null,
              after: record,
              note: t('draft.auditNote', { id, author: draft.authorName }),
              departmentId: draft.departmentId,
            },
          ],
          inTransaction: async (tx) => {
            const latest = await dr.latestVersion(tx, sec, draft.key);
            if (latest !== draft.baseVersion) throw new ConflictError(t('draft.outdated'));
            let next = latest + 1;
            if (latest === 0 && live) {
              // the state before the first reviewed change (from an import or the demo data)
              await dr.insertVersion(tx, { section: sec, key: draft.key, version: 1, data: live, publishedBy: t('draft.imported') });
              next = 2;
            }
            await dr.insertVersion(tx, { section: sec, key: draft.key, version: next, data: record, draftId: id, publishedBy: p.name });
            const row = await dr.updateDraft(
              tx,
              id,
              { version, statuses: ['review'] },
              { status: 'published', reviewerId: p.userId, reviewerName: p.name, reviewNote: remark, decidedAt: new Date() },
            );
            if (!row) throw new ConflictError(t('draft.stale'));
            await notifyUsers(tx, [draft.authorId], 'draft-published', { title: draft.title, reviewer: p.name, link: `/admin/drafts/${id}` });
          },
        });
      } catch (e) {
        // two publications of one record at once: the version key tells, and the later one is refused
        if (sqlStateOf(e) === '23505') throw new ConflictError(t('draft.outdated'));
        throw e;
      }
    },

    /** Every published version of a record, each with what changed from the one before. */
    async versions(p: Principal, s: string, key: string) {
      if (!can(p, 'catalog.view')) throw notFound();
      const sec = section(s);
      const live = await exportRecord(sec, key);
      if (!live) throw notFound();
      requireScope(p, await ownerOf(sec, live));
      const rows = await dr.listVersions(db, sec, key);
      const drafts = await dr.listDrafts(db, { section: sec, key, statuses: OPEN_STATUSES, limit: 20, offset: 0 });
      return {
        section: sec,
        key,
        title: titleOf(live),
        label: specOf(sec).label,
        menu: specOf(sec).menu,
        openDrafts: drafts.rows.map(present),
        versions: rows.map((v, i) => ({
          version: v.version,
          publishedBy: v.publishedBy,
          publishedAt: v.publishedAt,
          draftId: v.draftId,
          diff: diffOf(sec, rows[i + 1]?.data as Record<string, unknown> | undefined, v.data as Record<string, unknown>).filter((d) => d.changed),
        })),
      };
    },

    /** Records of a section the person may edit, for the back office lists. */
    async records(p: Principal, s: string, q: { q?: string; limit: number; offset: number }) {
      requirePermission(p, 'catalog.view');
      const sec = section(s);
      const scope = departmentScope(p);
      const plug = plugged.get(sec);
      const withUrl = (list: { key: string; title: string; department: string; id: number }[]) =>
        list.map((r) => ({ ...r, url: recordUrl(sec as EditableSection, r), note: undefined as string | undefined }));
      if (sec === 'items') {
        const r = await catalog.listItems({ q: q.q, department: scope, limit: q.limit, offset: q.offset });
        return { total: r.total, records: withUrl(r.items.map((it) => ({ key: it.implCode, title: it.name, department: it.department.name, id: it.id }))) };
      }
      if (sec === 'departments') {
        const all = (await catalog.listDepartments()).filter((d) => scope === undefined || d.id === scope);
        return { total: all.length, records: withUrl(all.map((d) => ({ key: d.slug, title: d.name, department: d.name, id: d.id }))) };
      }
      if (!can(p, 'catalog.portal')) return { total: 0, records: [] };
      if (plug) {
        const rows = await plug.records();
        return { total: rows.length, records: rows.map((r) => ({ ...r, department: '', id: 0 })) };
      }
      const rows = sec === 'themes' ? await catalog.listThemes() : await catalog.listSpecialGroups();
      return { total: rows.length, records: withUrl(rows.map((r) => ({ key: r.slug, title: r.name, department: '', id: 0 }))) };
    },
  };
}

function fieldLabel(s: EditableSection, path: string): string {
  const key = /^\/([A-Za-z]+)/.exec(path)?.[1];
  const col = SHEETS[s].columns.find((c) => c.key === key);
  return col ? `${col.header}${path.slice((key?.length ?? 0) + 1)}` : path;
}

export type DraftService = ReturnType<typeof createDraftService>;
