/**
 * 政府公报: issues (year/number) and their documents, a reading view per issue, the issue as a
 * PDF, and QR codes for an issue and each document. Issues are assembled by portal editors (or
 * the demo) from published articles.
 */
import { BadRequestError, NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { type Principal, requirePermission } from '../../../lib/principal.js';
import { actorOf } from '../../accounts/index.js';
import { recordAudit } from '../../audit/index.js';
import type { DisclosureContext } from '../context.js';
import type { ArticleContent } from '../model.js';
import { presentIssue } from '../present.js';
import * as repo from '../repo.js';
import { issueDoc } from '../search-docs.js';

export const issueNotFound = () => new NotFoundError(t('disclosure.issueNotFound'));
export const issueTitle = (year: number, number: number) => t('disclosure.gazette.issueTitle', { year, number });

export async function listIssues(ctx: DisclosureContext) {
  return (await repo.allIssues(ctx.db)).map(presentIssue);
}

/** An issue with its live documents in order (a withdrawn one leaves the issue). */
export async function getIssue(ctx: DisclosureContext, year: number, number: number) {
  const row = Number.isSafeInteger(year) && Number.isSafeInteger(number) ? await repo.findIssue(ctx.db, year, number) : undefined;
  if (!row) throw issueNotFound();
  const l = await ctx.lookups();
  const rows = await repo.articlesByIds(ctx.db, row.articleIds);
  const now = ctx.clock();
  const live = row.articleIds
    .map((id) => rows.find((r) => r.id === id))
    .filter((r): r is repo.ArticleRow & { content: ArticleContent } => !!r?.content && r.status !== 'withdrawn' && r.status !== 'unpublished' && !!r.publishedAt && r.publishedAt <= now);
  return {
    issue: presentIssue(row),
    title: issueTitle(row.year, row.number),
    documents: live.map((r) => ({
      id: r.id,
      title: r.title,
      docNo: r.docNo,
      issuer: r.content.issuer,
      writtenOn: r.content.writtenOn,
      kind: l.kinds.get(r.kind)?.name ?? r.kind,
      body: r.content.body,
      url: `/xxgk/articles/${r.id}`,
    })),
  };
}

/** Put an issue together (portal editors): year, number, the published articles in order. */
export async function saveIssue(ctx: DisclosureContext, p: Principal, input: { year: number; number: number; publishedOn: string; articleIds: number[] }) {
  requirePermission(p, 'disclosure.portal');
  if (!Number.isSafeInteger(input.year) || input.year < 1990 || input.year > 2100 || !Number.isSafeInteger(input.number) || input.number < 1 || input.number > 99)
    throw new BadRequestError(t('disclosure.error.issueNumber'));
  const ids = [...new Set(input.articleIds)].slice(0, 200);
  const rows = await repo.articlesByIds(ctx.db, ids);
  if (rows.length !== ids.length || rows.some((r) => r.status !== 'published')) throw new BadRequestError(t('disclosure.error.issueArticles'));
  const all = await repo.allIssues(ctx.db);
  const serial = all.find((i) => i.year === input.year && i.number === input.number)?.serial ?? all.reduce((m, i) => Math.max(m, i.serial), 0) + 1;
  const gov = (await ctx.lookups()).orgList.find((o) => o.parentId === null && o.level === 'government');
  const row = await ctx.db.transaction(async (tx) => {
    const r = await repo.upsertIssue(tx, { year: input.year, number: input.number, serial, publishedOn: input.publishedOn, articleIds: ids });
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.gazette', entity: 'gazette', entityId: `${input.year}-${input.number}`, after: ids }]);
    if (ctx.indexer) await ctx.indexer.upsert(tx, [issueDoc(r, rows.map((x) => x.title), issueTitle(r.year, r.number), gov)]);
    return r;
  });
  await ctx.changes.publish('disclosure');
  return presentIssue(row);
}
