/**
 * The catalogue workflow: an editor drafts a change to one record (draft), sends it for review
 * (review), and a reviewer of the same department — someone other than the author — publishes
 * it (published) or sends it back with a note (rejected). Publishing goes through the same
 * validation and upsert as an import, records a numbered version and an audit entry, all in one
 * transaction; a draft whose record was published by someone else meanwhile is refused.
 */
import type { Database, Runner } from '../../db/client.js';
import { BadRequestError, ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { cleanText } from '../../lib/text.js';
import { t } from '../../web/i18n/index.js';
import {
  type Principal,
  can,
  departmentScope,
  isPortalWide,
  requireDepartment,
  requirePermission,
} from '../accounts/permissions.js';
import { actorOf } from '../accounts/staff.js';
import type { NotifyService } from '../notify/service.js';
import type { Problem } from './bundle.js';
import { diffRecords, sectionLabel, toCells } from './diff.js';
import * as dr from './drafts-repo.js';
import type { CatalogueBundle } from './model.js';
import * as repo from './repo.js';
import { type CatalogService, EDITABLE_SECTIONS, type EditableSection } from './service.js';
import { fromRows, SHEETS } from './tabular.js';
import { departments } from '../../db/schema.js';

export const OPEN_STATUSES: dr.DraftStatus[] = ['draft', 'review', 'rejected'];

export interface DraftInput {
  section: string;
  /** the record being changed; absent for a new record */
  key?: string;
  /** the draft being edited again, with the version the editor saw */
  draftId?: number;
  version?: number;
  cells: Record<string, string>;
}

const keyOf = (section: EditableSection, record: Record<string, unknown>) =>
  String(section === 'items' ? (record.implCode ?? '') : (record.slug ?? ''));
const titleOf = (record: Record<string, unknown>) => String(record.name ?? record.title ?? record.slug ?? '');

export function isEditableSection(s: string): s is EditableSection {
  return (EDITABLE_SECTIONS as readonly string[]).includes(s);
}

export function presentDraft(d: dr.DraftRow) {
  return {
    id: d.id,
    section: d.section as EditableSection,
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

  function section(s: string): EditableSection {
    if (!isEditableSection(s)) throw notFound();
    return s;
  }

  /** The department a record belongs to: null for portal-wide records (themes, groups, a new department). */
  async function ownerOf(s: EditableSection, record: Record<string, unknown> | undefined, tx: Runner = db): Promise<number | null> {
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
  async function decode(s: EditableSection, cells: Record<string, string>) {
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

  async function notifyUsers(tx: Runner, userIds: number[], template: 'draft-submitted' | 'draft-published' | 'draft-rejected', vars: Record<string, string | number>) {
    for (const id of new Set(userIds)) await notify.enqueue(tx, { template, vars, to: { accountId: id }, channels: ['inbox'] });
  }

  return {
    sections: () => EDITABLE_SECTIONS,

    /** The live record as form cells (blank for a new record), checked against the person's reach. */
    async editForm(p: Principal, s: string, key: string | undefined) {
      if (!can(p, 'catalog.view')) throw notFound();
      const sec = section(s);
      if (key === undefined) {
        requirePermission(p, 'catalog.edit');
        if (sec !== 'items') requirePermission(p, 'catalog.portal');
        return { section: sec, key: undefined, cells: {} as Record<string, string>, title: '' };
      }
      const live = await catalog.exportRecord(sec, key);
      if (!live) throw notFound();
      requireScope(p, await ownerOf(sec, live));
      requirePermission(p, 'catalog.edit');
      return { section: sec, key, cells: toCells(sec, live), title: titleOf(live) };
    },

    /** Save a new draft or the next state of an open one; the record is validated whole. */
    async save(p: Principal, input: DraftInput) {
      if (!can(p, 'catalog.view')) throw notFound();
      const sec = section(input.section);
      const existing = input.draftId !== undefined ? await visibleDraft(p, input.draftId) : undefined;
      const fixedKey = existing?.key ?? input.key;
      const live = fixedKey ? await catalog.exportRecord(sec, fixedKey) : undefined;
      if (input.key !== undefined && !live && !existing) throw notFound();
      if (live) requireScope(p, await ownerOf(sec, live));
      requirePermission(p, 'catalog.edit');
      const record = await decode(sec, input.cells);
      const key = keyOf(sec, record);
      if (fixedKey && key !== fixedKey) throw new BadRequestError(t('draft.keyChanged', { key: fixedKey }));
      if (!fixedKey && (await catalog.exportRecord(sec, key))) throw new ConflictError(t('draft.keyExists', { key }));
      const owner = await ownerOf(sec, record);
      if (owner !== null && !isPortalWide(p) && owner !== p.departmentId) throw new BadRequestError(t('draft.otherDepartment'));
      if (owner === null) requirePermission(p, 'catalog.portal');
      const values = { data: record, title: titleOf(record), departmentId: owner };
      if (existing) {
        if (input.version === undefined) throw new ConflictError(t('draft.stale'));
        const row = await dr.updateDraft(db, existing.id, { version: input.version, statuses: ['draft', 'rejected'] }, { ...values, status: 'draft' });
        if (!row) throw new ConflictError(t('draft.stale'));
        return presentDraft(row);
      }
      const baseVersion = await dr.latestVersion(db, sec, key);
      const row = await dr.insertDraft(db, { ...values, section: sec, key, baseVersion, authorId: p.userId, authorName: p.name });
      return presentDraft(row);
    },

    async get(p: Principal, id: number) {
      const draft = await visibleDraft(p, id);
      const sec = draft.section as EditableSection;
      const live = await catalog.exportRecord(sec, draft.key);
      const data = draft.data as Record<string, unknown>;
      return {
        draft: presentDraft(draft),
        cells: toCells(sec, data),
        diff: diffRecords(sec, live, data),
        isNew: !live,
        latestVersion: await dr.latestVersion(db, sec, draft.key),
        canEdit: can(p, 'catalog.edit') && ['draft', 'rejected'].includes(draft.status),
        canReview: can(p, 'catalog.review') && draft.status === 'review' && (draft.authorId !== p.userId || p.role === 'admin'),
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
      return { total, drafts: rows.map(presentDraft) };
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
        const row = await dr.updateDraft(tx, id, { version, statuses: ['draft', 'rejected'] }, { status: 'review', submittedAt: new Date() });
        if (!row) throw new ConflictError(t('draft.stale'));
        const reviewers = (await dr.reviewersOf(tx, draft.departmentId)).filter((u) => u !== p.userId);
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
      if (draft.authorId === p.userId && p.role !== 'admin') throw new BadRequestError(t('draft.fourEyes'));
      const sec = draft.section as EditableSection;
      const record = draft.data as Record<string, unknown>;
      const live = await catalog.exportRecord(sec, draft.key);
      const remark = cleanText(note ?? '', { multiline: true }).slice(0, 1000) || null;
      const bundle: CatalogueBundle = { departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [] };
      (bundle[sec] as unknown[]).push(record);
      try {
        await catalog.importBundle(bundle, {
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
        if ((e as { code?: string }).code === '23505') throw new ConflictError(t('draft.outdated'));
        throw e;
      }
    },

    /** Every published version of a record, each with what changed from the one before. */
    async versions(p: Principal, s: string, key: string) {
      if (!can(p, 'catalog.view')) throw notFound();
      const sec = section(s);
      const live = await catalog.exportRecord(sec, key);
      if (!live) throw notFound();
      requireScope(p, await ownerOf(sec, live));
      const rows = await dr.listVersions(db, sec, key);
      const drafts = await dr.listDrafts(db, { section: sec, key, statuses: OPEN_STATUSES, limit: 20, offset: 0 });
      return {
        section: sec,
        key,
        title: titleOf(live),
        openDrafts: drafts.rows.map(presentDraft),
        versions: rows.map((v, i) => ({
          version: v.version,
          publishedBy: v.publishedBy,
          publishedAt: v.publishedAt,
          draftId: v.draftId,
          diff: diffRecords(sec, rows[i + 1]?.data as Record<string, unknown> | undefined, v.data as Record<string, unknown>).filter((d) => d.changed),
        })),
      };
    },

    /** Records of a section the person may edit, for the back office lists. */
    async records(p: Principal, s: string, q: { q?: string; limit: number; offset: number }) {
      requirePermission(p, 'catalog.view');
      const sec = section(s);
      const scope = departmentScope(p);
      if (sec === 'items') {
        const r = await catalog.listItems({ q: q.q, department: scope, limit: q.limit, offset: q.offset });
        return { total: r.total, records: r.items.map((it) => ({ key: it.implCode, title: it.name, department: it.department.name, id: it.id })) };
      }
      if (sec === 'departments') {
        const all = (await catalog.listDepartments()).filter((d) => scope === undefined || d.id === scope);
        return { total: all.length, records: all.map((d) => ({ key: d.slug, title: d.name, department: d.name, id: d.id })) };
      }
      if (!can(p, 'catalog.portal')) return { total: 0, records: [] };
      const rows = sec === 'themes' ? await catalog.listThemes() : await catalog.listSpecialGroups();
      return { total: rows.length, records: rows.map((r) => ({ key: r.slug, title: r.name, department: '', id: 0 })) };
    },
  };
}

function fieldLabel(s: EditableSection, path: string): string {
  const key = /^\/([A-Za-z]+)/.exec(path)?.[1];
  const col = SHEETS[s].columns.find((c) => c.key === key);
  return col ? `${col.header}${path.slice((key?.length ?? 0) + 1)}` : path;
}

export type DraftService = ReturnType<typeof createDraftService>;
