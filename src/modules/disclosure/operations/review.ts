/**
 * From draft to the public and back: an editor sends a draft for review (the department's
 * reviewers are told); a reviewer who wrote no part of it publishes it — now, or at the 发布日期
 * asked for (scheduled, released by the scheduler's job) — with a numbered version and an audit
 * entry in the same transaction, or sends it back with a note; a reviewer withdraws a published
 * article with a reason, which flags the service items linked to it.
 */
import type { Runner } from '../../../db/client.js';
import { BadRequestError, ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import { actorOf } from '../../accounts/index.js';
import { type Actor, SYSTEM, recordAudit } from '../../audit/index.js';
import type { DisclosureContext, Lookups } from '../context.js';
import { LIMITS } from '../model.js';
import { allowed, contributorsOf, mayReview, requireAction } from '../policy.js';
import * as repo from '../repo.js';
import { articleDoc, articleKind } from '../search-docs.js';
import { articleUrl } from '../urls.js';
import { staffArticle, validContent } from './edit.js';

const adminLink = (id: number) => `/admin/disclosure/articles/${id}`;

/** (everyDepartment is read before the transaction: on the embedded database a read outside it would wait for it) */
async function reviewersOf(ctx: DisclosureContext, tx: Runner, everyDepartment: number[], departmentId: number | null, exclude: number[]) {
  const admins = await ctx.accounts.contactsFor(tx, { departmentIds: [...everyDepartment, null], roles: ['admin'] });
  const reviewers = departmentId === null ? [] : await ctx.accounts.contactsFor(tx, { departmentIds: [departmentId], roles: ['reviewer', 'dept_admin'] });
  return [...new Set([...reviewers, ...admins].map((u) => u.id))].filter((id) => !exclude.includes(id)).slice(0, 50);
}

/** Put a live article in the search index (and its organisation's name on it); `l` read before the transaction. */
export async function indexArticle(ctx: DisclosureContext, tx: Runner, row: repo.ArticleRow, l: Lookups) {
  if (!ctx.indexer || !row.content) return;
  await ctx.indexer.upsert(tx, [articleDoc(row as repo.ArticleRow & { content: NonNullable<repo.ArticleRow['content']> }, l.orgRows.get(row.orgId)?.name ?? '', l.kinds.get(row.kind)?.name ?? '')]);
}

export async function submitArticle(ctx: DisclosureContext, p: Principal, id: number, version: number) {
  const row = await staffArticle(ctx, p, id);
  requireAction(p, 'submit');
  if (!allowed(p, 'submit', row)) throw new ConflictError(t('disclosure.error.stale'));
  // checked again: the taxonomy or the policy may have changed since it was saved
  if (row.draft) await validContent(ctx, row.draft, row.id);
  const everyDepartment = [...(await ctx.catalog.departmentNames()).keys()];
  await ctx.db.transaction(async (tx) => {
    const contributors = [...new Set([...contributorsOf(row), p.userId])];
    const updated = await repo.updateArticle(tx, id, version, { draftStatus: 'review', contributorIds: contributors.filter((c) => c !== row.authorId) });
    if (!updated) throw new ConflictError(t('disclosure.error.stale'));
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.submit', entity: 'article', entityId: id, departmentId: row.departmentId }]);
    for (const uid of await reviewersOf(ctx, tx, everyDepartment, row.departmentId, contributors))
      await ctx.notify.enqueue(tx, { template: 'draft-submitted', vars: { title: row.draft?.title ?? row.title, author: p.name, link: adminLink(id) }, to: { accountId: uid }, channels: ['inbox'] });
  });
}

export async function rejectArticle(ctx: DisclosureContext, p: Principal, id: number, version: number, note: string) {
  const row = await staffArticle(ctx, p, id);
  requireAction(p, 'reject');
  if (!allowed(p, 'reject', row)) throw new ConflictError(t('disclosure.error.stale'));
  if (!mayReview(p, row)) throw new BadRequestError(t('disclosure.error.fourEyes'));
  const reason = cleanText(note ?? '', { multiline: true });
  if (!reason) throw new BadRequestError(t('disclosure.error.noteRequired'));
  if ([...reason].length > LIMITS.reason) throw new BadRequestError(t('disclosure.error.tooLong', { max: LIMITS.reason }));
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateArticle(tx, id, version, { draftStatus: 'rejected', draftNote: reason });
    if (!updated) throw new ConflictError(t('disclosure.error.stale'));
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.reject', entity: 'article', entityId: id, note: reason, departmentId: row.departmentId }]);
    await ctx.notify.enqueue(tx, { template: 'draft-rejected', vars: { title: row.draft?.title ?? row.title, reviewer: p.name, note: reason, link: adminLink(id) }, to: { accountId: row.authorId }, channels: ['inbox'] });
  });
}

/** Publish the reviewed draft: now, or at its 发布日期 when that is later (scheduled). */
export async function approveArticle(ctx: DisclosureContext, p: Principal, id: number, version: number, note = '') {
  const row = await staffArticle(ctx, p, id);
  requireAction(p, 'approve');
  if (!allowed(p, 'approve', row) || !row.draft) throw new ConflictError(t('disclosure.error.stale'));
  if (!mayReview(p, row)) throw new BadRequestError(t('disclosure.error.fourEyes'));
  const content = await validContent(ctx, row.draft, row.id);
  const now = ctx.clock();
  const asked = content.publishAt ? new Date(content.publishAt) : undefined;
  const scheduled = !!asked && asked > now && row.status !== 'published';
  // a revision keeps its first 发布日期; a new one goes live now or at the time asked
  const publishedAt = row.status === 'published' && row.publishedAt ? row.publishedAt : scheduled ? (asked as Date) : now;
  const remark = cleanText(note ?? '', { multiline: true }).slice(0, 1000) || null;
  const l = await ctx.lookups();
  const org = l.orgRows.get(content.orgId);
  const updated = await ctx.db.transaction(async (tx) => {
    const next = row.liveVersion + 1;
    const u = await repo.updateArticle(tx, id, version, {
      content,
      draft: null,
      draftStatus: 'none',
      draftNote: null,
      title: content.title,
      kind: content.kind,
      orgId: content.orgId,
      departmentId: org?.departmentId ?? null,
      docNo: content.docNo,
      stage: content.stage,
      category: content.category,
      validity: content.validity,
      policyId: content.policyId,
      status: scheduled ? 'scheduled' : 'published',
      publishedAt,
      year: Number(ctx.calendar.localDate(publishedAt).slice(0, 4)),
      liveVersion: next,
      withdrawnReason: null,
      withdrawnAt: null,
    });
    if (!u) throw new ConflictError(t('disclosure.error.stale'));
    await repo.insertVersion(tx, { articleId: id, version: next, content, publishedBy: p.name, note: remark });
    await recordAudit(tx, actorOf(p), [
      { action: scheduled ? 'disclosure.schedule' : 'disclosure.publish', entity: 'article', entityId: id, before: row.content, after: content, note: remark ?? undefined, departmentId: row.departmentId },
    ]);
    await ctx.notify.enqueue(tx, { template: 'draft-published', vars: { title: content.title, reviewer: p.name, link: articleUrl(id) }, to: { accountId: row.authorId }, channels: ['inbox'] });
    if (!scheduled) await indexArticle(ctx, tx, u, l);
    return u;
  });
  await ctx.changes.publish('disclosure');
  return updated;
}

/** Take a published (or scheduled) article off line, with the reason shown in its place. */
export async function withdrawArticle(ctx: DisclosureContext, p: Principal, id: number, version: number, reason: string) {
  const row = await staffArticle(ctx, p, id);
  requireAction(p, 'withdraw');
  if (!allowed(p, 'withdraw', row)) throw new ConflictError(t('disclosure.error.stale'));
  const why = cleanText(reason ?? '', { multiline: true });
  if (!why) throw new BadRequestError(t('disclosure.error.reasonRequired'));
  if ([...why].length > LIMITS.reason) throw new BadRequestError(t('disclosure.error.tooLong', { max: LIMITS.reason }));
  await ctx.db.transaction(async (tx) => {
    const u = await repo.updateArticle(tx, id, version, { status: 'withdrawn', withdrawnReason: why, withdrawnAt: ctx.clock() });
    if (!u) throw new ConflictError(t('disclosure.error.stale'));
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.withdraw', entity: 'article', entityId: id, note: why, departmentId: row.departmentId }]);
    if (ctx.indexer) await ctx.indexer.removeStale(tx, articleKind(row.kind), [id], []);
  });
  await ctx.changes.publish('disclosure');
}

/** The scheduler's job: scheduled articles whose time came go live (and into search). */
export async function publishDue(ctx: DisclosureContext, actor: Actor = SYSTEM): Promise<number> {
  const due = await repo.dueScheduled(ctx.db, ctx.clock());
  if (!due.length) return 0;
  const l = await ctx.lookups();
  let done = 0;
  for (const row of due) {
    await ctx.db.transaction(async (tx) => {
      const u = await repo.updateArticle(tx, row.id, row.version, { status: 'published' });
      if (!u) return; // another process took it
      await recordAudit(tx, actor, [{ action: 'disclosure.publish', entity: 'article', entityId: row.id, note: t('disclosure.audit.scheduled'), departmentId: row.departmentId }]);
      await indexArticle(ctx, tx, u, l);
      done++;
    });
  }
  if (done) await ctx.changes.publish('disclosure');
  return done;
}
