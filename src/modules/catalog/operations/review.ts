/**
 * A draft's way to the live catalogue: sent for review (the department's reviewers are told),
 * withdrawn, sent back with a note, or published by a reviewer who did not work on it — through
 * the same validation and upsert as an import, with a numbered version and an audit entry, all in
 * one transaction. A draft whose record was published by someone else meanwhile is refused.
 */
import type { Runner } from '../../../db/client.js';
import { BadRequestError, ConflictError, sqlStateOf } from '../../../lib/errors.js';
import { type Principal, requirePermission } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import { actorOf } from '../../accounts/index.js';
import type { DraftContext } from '../drafts-context.js';
import * as dr from '../drafts-repo.js';
import { mayReview, withContributor } from '../policy.js';
import { visibleDraft } from './drafts.js';

type Template = 'draft-submitted' | 'draft-published' | 'draft-rejected';

async function notifyUsers(ctx: DraftContext, tx: Runner, userIds: number[], template: Template, vars: Record<string, string | number>) {
  for (const id of new Set(userIds)) await ctx.notify.enqueue(tx, { template, vars, to: { accountId: id }, channels: ['inbox'] });
}

/**
 * Active staff who may review a department's drafts (to tell them a draft is waiting): its
 * reviewers and department administrators, and the system administrators; for a portal-wide
 * record (no department) the system administrators alone. At most 50.
 */
async function reviewersOf(ctx: DraftContext, tx: Runner, departmentId: number | null, everyDepartment: number[]): Promise<number[]> {
  const admins = await ctx.accounts.contactsFor(tx, { departmentIds: [...everyDepartment, null], roles: ['admin'] });
  const reviewers = departmentId === null ? [] : await ctx.accounts.contactsFor(tx, { departmentIds: [departmentId], roles: ['reviewer', 'dept_admin'] });
  return [...new Set([...reviewers, ...admins].map((u) => u.id))].slice(0, 50);
}

export async function submitDraft(ctx: DraftContext, p: Principal, id: number, version: number) {
  const draft = await visibleDraft(ctx, p, id);
  requirePermission(p, 'catalog.edit');
  const everyDepartment = [...(await ctx.catalog.departmentNames()).keys()];
  await ctx.db.transaction(async (tx) => {
    const row = await dr.updateDraft(tx, id, { version, statuses: ['draft', 'rejected'] }, { status: 'review', submittedAt: new Date(), contributorIds: withContributor(draft, p.userId) });
    if (!row) throw new ConflictError(t('draft.stale'));
    const reviewers = (await reviewersOf(ctx, tx, draft.departmentId, everyDepartment)).filter((u) => !withContributor(draft, p.userId).includes(u));
    await notifyUsers(ctx, tx, reviewers, 'draft-submitted', { title: draft.title, author: p.name, link: `/admin/drafts/${id}` });
  });
}

export async function withdrawDraft(ctx: DraftContext, p: Principal, id: number, version: number) {
  await visibleDraft(ctx, p, id);
  requirePermission(p, 'catalog.edit');
  const row = await dr.updateDraft(ctx.db, id, { version, statuses: ['draft', 'review', 'rejected'] }, { status: 'withdrawn' });
  if (!row) throw new ConflictError(t('draft.stale'));
}

export async function rejectDraft(ctx: DraftContext, p: Principal, id: number, version: number, note: string) {
  const draft = await visibleDraft(ctx, p, id);
  requirePermission(p, 'catalog.review');
  if (!mayReview(p, draft)) throw new BadRequestError(t('draft.fourEyes'));
  const reason = cleanText(note ?? '', { multiline: true });
  if (!reason) throw new BadRequestError(t('draft.noteRequired'));
  if ([...reason].length > 1000) throw new BadRequestError(t('draft.noteTooLong'));
  await ctx.db.transaction(async (tx) => {
    const row = await dr.updateDraft(
      tx,
      id,
      { version, statuses: ['review'] },
      { status: 'rejected', reviewerId: p.userId, reviewerName: p.name, reviewNote: reason, decidedAt: new Date() },
    );
    if (!row) throw new ConflictError(t('draft.stale'));
    await notifyUsers(ctx, tx, [draft.authorId], 'draft-rejected', { title: draft.title, reviewer: p.name, note: reason, link: `/admin/drafts/${id}` });
  });
}

/** Publish a reviewed draft into the live catalogue, with its version and audit entry. */
export async function approveDraft(ctx: DraftContext, p: Principal, id: number, version: number, note: string) {
  const draft = await visibleDraft(ctx, p, id);
  requirePermission(p, 'catalog.review');
  if (draft.status !== 'review') throw new ConflictError(t('draft.stale'));
  if (!mayReview(p, draft)) throw new BadRequestError(t('draft.fourEyes'));
  const sec = draft.section;
  const record = draft.data as Record<string, unknown>;
  const live = await ctx.sections.exportRecord(sec, draft.key);
  const remark = cleanText(note ?? '', { multiline: true }).slice(0, 1000) || null;
  try {
    await ctx.sections.publish(sec, record, {
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
        await notifyUsers(ctx, tx, [draft.authorId], 'draft-published', { title: draft.title, reviewer: p.name, link: `/admin/drafts/${id}` });
      },
    });
  } catch (e) {
    // two publications of one record at once: the version key tells, and the later one is refused
    if (sqlStateOf(e) === '23505') throw new ConflictError(t('draft.outdated'));
    throw e;
  }
}
