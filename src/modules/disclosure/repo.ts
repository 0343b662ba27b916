/** All SQL of the disclosure module, on its own tables only. */
import { and, asc, count, desc, eq, gt, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import {
  disclosureArticleCounts as articleCounts,
  disclosureArticles as articles,
  disclosureAttachments as attachments,
  disclosureCategories as categories,
  disclosureGazetteIssues as issues,
  disclosureItemLinks as links,
  disclosureKinds as kinds,
  disclosureOrgs as orgs,
  disclosureTopics as topics,
  disclosureVersions as versions,
} from '../../db/schema/disclosure.js';
import type { ArticleContent } from './model.js';

export type ArticleRow = typeof articles.$inferSelect;
export type ArticleInsert = typeof articles.$inferInsert;
export type OrgRow = typeof orgs.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
export type IssueRow = typeof issues.$inferSelect;
export type TopicRow = typeof topics.$inferSelect;
export type VersionRow = typeof versions.$inferSelect;
export type LinkRow = typeof links.$inferSelect;

// ---- taxonomy and organisations --------------------------------------------------------------

export const allKinds = (db: Runner) => db.select().from(kinds).orderBy(asc(kinds.sort));
export const allCategories = (db: Runner) => db.select().from(categories).orderBy(asc(categories.sort));
export const allOrgs = (db: Runner) => db.select().from(orgs).orderBy(asc(orgs.sort), asc(orgs.id));

export async function upsertOrgs(db: Runner, list: (typeof orgs.$inferInsert)[]): Promise<OrgRow[]> {
  if (!list.length) return [];
  return db
    .insert(orgs)
    .values(list)
    .onConflictDoUpdate({
      target: orgs.slug,
      set: {
        name: sql`excluded.name`,
        level: sql`excluded.level`,
        parentId: sql`excluded.parent_id`,
        departmentId: sql`excluded.department_id`,
        guide: sql`excluded.guide`,
        sort: sql`excluded.sort`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
}

// ---- articles ----------------------------------------------------------------------------------

/**
 * Published and live now (a scheduled one whose time came counts, even before the job flips it).
 * The statuses are written out, not bound, so the planner sees that the live indexes (partial, on
 * these statuses) hold every row it may return.
 */
export const liveNow = (at: Date = new Date()): SQL => and(sql`${articles.status} in ('published','scheduled')`, lte(articles.publishedAt, at)) as SQL;

export async function insertArticle(db: Runner, row: typeof articles.$inferInsert): Promise<ArticleRow> {
  const [r] = await db.insert(articles).values(row).returning();
  return r as ArticleRow;
}

export async function bulkInsertArticles(db: Runner, rows: (typeof articles.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(articles).values(rows);
}

/** Many new articles in one statement, with their ids (the demo's import). */
export async function insertArticlesReturningIds(db: Runner, rows: (typeof articles.$inferInsert)[]): Promise<{ id: number; indexNo: string }[]> {
  if (!rows.length) return [];
  return db.insert(articles).values(rows).returning({ id: articles.id, indexNo: articles.indexNo });
}

export async function findArticle(db: Runner, id: number, lock = false): Promise<ArticleRow | undefined> {
  const q = db.select().from(articles).where(eq(articles.id, id));
  const [r] = lock ? await q.for('update') : await q;
  return r;
}

/** Change an article only at the version read; undefined when someone changed it meanwhile. */
export async function updateArticle(db: Runner, id: number, version: number, set: Partial<typeof articles.$inferInsert>): Promise<ArticleRow | undefined> {
  const [r] = await db
    .update(articles)
    .set({ ...set, version: sql`${articles.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(articles.id, id), eq(articles.version, version)))
    .returning();
  return r;
}

export interface ArticleFilter {
  orgIds?: number[];
  kind?: string;
  kinds?: string[];
  category?: string;
  stage?: string;
  year?: number;
  validity?: string;
  ids?: number[];
  policyId?: number;
  q?: string;
}

function publicWhere(f: ArticleFilter, at: Date): SQL {
  const w: (SQL | undefined)[] = [liveNow(at)];
  if (f.orgIds) w.push(inArray(articles.orgId, f.orgIds.length ? f.orgIds : [-1]));
  if (f.kind) w.push(eq(articles.kind, f.kind));
  if (f.kinds) w.push(inArray(articles.kind, f.kinds.length ? f.kinds : ['']));
  if (f.category) w.push(eq(articles.category, f.category));
  if (f.stage) w.push(eq(articles.stage, f.stage));
  if (f.year) w.push(eq(articles.year, f.year));
  if (f.validity) w.push(eq(articles.validity, f.validity));
  if (f.ids) w.push(inArray(articles.id, f.ids.length ? f.ids : [-1]));
  if (f.policyId) w.push(eq(articles.policyId, f.policyId));
  if (f.q) w.push(sql`position(${f.q} in ${articles.title}) > 0`);
  return and(...w) as SQL;
}

const listColumns = {
  id: articles.id,
  orgId: articles.orgId,
  kind: articles.kind,
  title: articles.title,
  indexNo: articles.indexNo,
  docNo: articles.docNo,
  category: articles.category,
  stage: articles.stage,
  validity: articles.validity,
  policyId: articles.policyId,
  publishedAt: articles.publishedAt,
  year: articles.year,
};
export type ArticleListRow = { [K in keyof typeof listColumns]: ArticleRow[K] };

/**
 * Newest first: by year, then date, then id — the order of the live indexes (db/schema/disclosure.ts),
 * so a page of any list is read from one of them; a year follows from its date, so this is the
 * order of dates. `oldestFirst` reads the same index backwards (the last pages of a long list).
 */
const newestFirst = sql`${articles.year} desc nulls last, ${articles.publishedAt} desc nulls last, ${articles.id} desc nulls last`;
const oldestFirst = sql`${articles.year} asc nulls first, ${articles.publishedAt} asc nulls first, ${articles.id} asc nulls first`;

/** Only the filters the live counts know (disclosure_article_counts): the others need a COUNT. */
export const countable = (f: ArticleFilter) => f.ids === undefined && f.policyId === undefined && !f.q;

/**
 * The ids of one page, read from a live index only (no article row is touched for the rows
 * skipped). Several kinds are read one index range each, merged. A page past the middle of a
 * list whose total is known is read from its end, backwards.
 */
function pageIds(f: ArticleFilter, page: { limit: number; offset: number }, at: Date, total?: number): SQL {
  let { limit, offset } = page;
  let backwards = false;
  if (total !== undefined && offset > total / 2) {
    backwards = true;
    limit = Math.max(0, Math.min(limit, total - offset));
    offset = Math.max(0, total - page.offset - limit);
  }
  const order = backwards ? oldestFirst : newestFirst;
  const kinds = f.kinds && f.kinds.length > 1 ? [...new Set(f.kinds)] : undefined;
  if (!kinds) return sql`select ${articles.id} from ${articles} where ${publicWhere(f, at)} order by ${order} limit ${limit} offset ${offset}`;
  const branches = kinds.map(
    (kind) => sql`(select ${articles.id} as id, ${articles.year} as year, ${articles.publishedAt} as published_at from ${articles} where ${publicWhere({ ...f, kinds: undefined, kind }, at)} order by ${order} limit ${limit + offset})`,
  );
  const merged = backwards ? sql`year asc nulls first, published_at asc nulls first, id asc nulls first` : sql`year desc nulls last, published_at desc nulls last, id desc nulls last`;
  return sql`select id from (${sql.join(branches, sql` union all `)}) branches order by ${merged} limit ${limit} offset ${offset}`;
}

/**
 * Live articles, newest first. `knownTotal` when the caller has the count (the live counts, for
 * the filters they know); otherwise the rows are counted.
 */
export async function listPublic(db: Runner, f: ArticleFilter, page: { limit: number; offset: number }, at = new Date(), knownTotal?: number) {
  const [rows, [total]] = await Promise.all([
    db.select(listColumns).from(articles).where(sql`${articles.id} in (${pageIds(f, page, at, knownTotal)})`).orderBy(newestFirst),
    knownTotal === undefined ? db.select({ n: count() }).from(articles).where(publicWhere(f, at)) : [{ n: knownTotal }],
  ]);
  return { total: total?.n ?? 0, rows: rows as ArticleListRow[] };
}

/** The newest live articles' ids and dates (the sitemap), from the live index alone. */
export async function newestLive(db: Runner, limit: number, at = new Date()) {
  return db.select({ id: articles.id, publishedAt: articles.publishedAt }).from(articles).where(liveNow(at)).orderBy(newestFirst).limit(limit);
}

export type CountRow = typeof articleCounts.$inferSelect;

/** The counts of published articles (kept by triggers: db/migrations, disclosure_article_counts). */
export const publishedCounts = (db: Runner): Promise<CountRow[]> => db.select().from(articleCounts).where(sql`${articleCounts.n} <> 0`);

/** Scheduled articles whose time has come, counted the same way (the scheduler marks them published within a minute). */
export async function dueScheduledCounts(db: Runner, at: Date): Promise<CountRow[]> {
  const due = and(eq(articles.status, 'scheduled'), lte(articles.publishedAt, at));
  const year = sql<number>`coalesce(${articles.year}, 0)`.mapWith(Number);
  return db
    .select({ orgId: articles.orgId, kind: articles.kind, category: articles.category, stage: articles.stage, year, validity: articles.validity, n: count() })
    .from(articles)
    .where(due)
    .groupBy(articles.orgId, articles.kind, articles.category, articles.stage, year, articles.validity);
}

/** When the next scheduled article goes live (undefined: none is waiting). */
export async function nextScheduledAt(db: Runner, after: Date): Promise<Date | undefined> {
  const [r] = await db
    .select({ at: articles.publishedAt })
    .from(articles)
    .where(and(eq(articles.status, 'scheduled'), gt(articles.publishedAt, after)))
    .orderBy(asc(articles.publishedAt))
    .limit(1);
  return r?.at ?? undefined;
}

export async function livePublic(db: Runner, id: number, at = new Date()): Promise<ArticleRow | undefined> {
  const [r] = await db.select().from(articles).where(and(eq(articles.id, id), liveNow(at)));
  return r;
}

/** Staff's list: drafts and live articles of the given departments (undefined: all). */
export async function listForStaff(db: Runner, f: { departmentId?: number; draftStatus?: string; status?: string; q?: string }, page: { limit: number; offset: number }) {
  const w: (SQL | undefined)[] = [];
  if (f.departmentId !== undefined) w.push(eq(articles.departmentId, f.departmentId));
  if (f.draftStatus) w.push(eq(articles.draftStatus, f.draftStatus));
  if (f.status) w.push(eq(articles.status, f.status));
  if (f.q) w.push(sql`position(${f.q} in ${articles.title}) > 0`);
  const where = w.length ? and(...w) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(articles).where(where).orderBy(desc(articles.updatedAt), desc(articles.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(articles).where(where),
  ]);
  return { total: total?.n ?? 0, rows };
}

/** Scheduled articles whose time has come. */
export async function dueScheduled(db: Runner, at: Date, limit = 100) {
  return db
    .select()
    .from(articles)
    .where(and(eq(articles.status, 'scheduled'), lte(articles.publishedAt, at)))
    .limit(limit);
}

export async function nextIndexSeq(db: Runner, prefix: string): Promise<number> {
  const [r] = await db.select({ n: count() }).from(articles).where(sql`${articles.indexNo} like ${`${prefix}%`}`);
  return (r?.n ?? 0) + 1;
}

export async function articlesByIds(db: Runner, ids: number[]): Promise<ArticleRow[]> {
  if (!ids.length) return [];
  return db.select().from(articles).where(inArray(articles.id, ids));
}

/** Policies (by id) and the interpretations of them, live. */
export async function interpretationsOf(db: Runner, policyIds: number[], at = new Date()) {
  if (!policyIds.length) return [];
  return db.select(listColumns).from(articles).where(and(liveNow(at), inArray(articles.policyId, policyIds))).orderBy(asc(articles.publishedAt));
}

/** Live titles with keywords for the similarity proposals. */
export async function liveTitles(db: Runner, at = new Date(), limit = 5000) {
  return db
    .select({ id: articles.id, title: articles.title, kind: articles.kind, keywords: sql<string[]>`coalesce(${articles.content}->'keywords', '[]'::jsonb)` })
    .from(articles)
    .where(liveNow(at))
    .orderBy(desc(articles.publishedAt))
    .limit(limit);
}

/**
 * What an article's public page shows beside it — its attachments, the items linked to it, the
 * gazette issues it is in — in one statement (an uncached article page is a few round trips).
 */
export async function publicExtras(db: Runner, articleId: number) {
  const result = (await db.execute(sql`select
    (select coalesce(json_agg(json_build_object('id', a.id, 'filename', a.filename, 'format', a.format, 'size', a.size) order by a.id), '[]')
       from ${attachments} a where a.article_id = ${articleId}) as files,
    (select coalesce(json_agg(l.impl_code order by l.impl_code), '[]') from ${links} l where l.article_id = ${articleId}) as links,
    (select coalesce(json_agg(json_build_object('year', i.year, 'number', i.number) order by i.year, i.number), '[]')
       from ${issues} i where ${articleId} = any(i.article_ids)) as issues`)) as unknown as { rows: Record<string, unknown>[] };
  const row = result.rows[0] ?? {};
  // PGlite and node-postgres both parse json; a driver handing back text is read here
  const read = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : (v ?? [])) as T;
  return {
    files: read<{ id: number; filename: string; format: string; size: number }[]>(row.files),
    implCodes: read<string[]>(row.links),
    issues: read<{ year: number; number: number }[]>(row.issues),
  };
}

// ---- versions -----------------------------------------------------------------------------------

export async function insertVersion(db: Runner, row: typeof versions.$inferInsert) {
  await db.insert(versions).values(row);
}
export async function insertVersions(db: Runner, rows: (typeof versions.$inferInsert)[]) {
  if (rows.length) await db.insert(versions).values(rows);
}
export async function deleteVersionsOf(db: Runner, articleIds: number[]) {
  if (articleIds.length) await db.delete(versions).where(inArray(versions.articleId, articleIds));
}
export const versionsOf = (db: Runner, articleId: number) =>
  db.select().from(versions).where(eq(versions.articleId, articleId)).orderBy(desc(versions.version));

// ---- attachments -------------------------------------------------------------------------------

export async function insertAttachments(db: Runner, rows: (typeof attachments.$inferInsert)[]) {
  if (rows.length) await db.insert(attachments).values(rows);
}
export const attachmentsOf = (db: Runner, articleId: number) =>
  db.select().from(attachments).where(eq(attachments.articleId, articleId)).orderBy(asc(attachments.id));
export async function findAttachment(db: Runner, articleId: number, id: number) {
  const [r] = await db.select().from(attachments).where(and(eq(attachments.articleId, articleId), eq(attachments.id, id)));
  return r;
}
export async function countAttachments(db: Runner, articleId: number) {
  const [r] = await db.select({ n: count() }).from(attachments).where(eq(attachments.articleId, articleId));
  return r?.n ?? 0;
}
export async function deleteAttachment(db: Runner, articleId: number, id: number) {
  const r = await db.delete(attachments).where(and(eq(attachments.articleId, articleId), eq(attachments.id, id))).returning();
  return r.length > 0;
}

// ---- links to service items --------------------------------------------------------------------

export async function insertLinks(db: Runner, rows: { articleId: number; implCode: string; linkedBy: string }[]) {
  if (!rows.length) return 0;
  const r = await db.insert(links).values(rows).onConflictDoNothing().returning();
  return r.length;
}
export async function deleteLink(db: Runner, articleId: number, implCode: string) {
  const r = await db.delete(links).where(and(eq(links.articleId, articleId), eq(links.implCode, implCode))).returning();
  return r.length > 0;
}
export const linksOfArticle = (db: Runner, articleId: number) => db.select().from(links).where(eq(links.articleId, articleId)).orderBy(asc(links.implCode));
export const linksOfItem = (db: Runner, implCode: string) => db.select().from(links).where(eq(links.implCode, implCode));
export async function linksOfArticles(db: Runner, ids: number[]) {
  if (!ids.length) return [];
  return db.select().from(links).where(inArray(links.articleId, ids));
}
export const linkCount = async (db: Runner) => (await db.select({ n: count() }).from(links))[0]?.n ?? 0;

/** Links whose article is withdrawn, for the departments given (undefined: all). */
export async function linksToWithdrawn(db: Runner, departmentId?: number) {
  return db
    .select({ articleId: links.articleId, implCode: links.implCode, title: articles.title, departmentId: articles.departmentId, reason: articles.withdrawnReason })
    .from(links)
    .innerJoin(articles, eq(articles.id, links.articleId))
    .where(and(eq(articles.status, 'withdrawn'), departmentId === undefined ? undefined : eq(articles.departmentId, departmentId)));
}

/** Every link of live articles (to check their items are still there). */
export async function liveLinks(db: Runner, departmentId?: number, at = new Date()) {
  return db
    .select({ articleId: links.articleId, implCode: links.implCode, title: articles.title, departmentId: articles.departmentId })
    .from(links)
    .innerJoin(articles, eq(articles.id, links.articleId))
    .where(and(liveNow(at), departmentId === undefined ? undefined : eq(articles.departmentId, departmentId)));
}

// ---- gazette and topics ------------------------------------------------------------------------

export async function upsertIssue(db: Runner, row: typeof issues.$inferInsert): Promise<IssueRow> {
  const [r] = await db
    .insert(issues)
    .values(row)
    .onConflictDoUpdate({
      target: [issues.year, issues.number],
      set: { serial: sql`excluded.serial`, publishedOn: sql`excluded.published_on`, articleIds: sql`excluded.article_ids`, updatedAt: sql`now()` },
    })
    .returning();
  return r as IssueRow;
}
export const allIssues = (db: Runner) => db.select().from(issues).orderBy(desc(issues.year), desc(issues.number));
export async function findIssue(db: Runner, year: number, number: number) {
  const [r] = await db.select().from(issues).where(and(eq(issues.year, year), eq(issues.number, number)));
  return r;
}
export async function issuesWith(db: Runner, articleId: number) {
  return db.select().from(issues).where(sql`${articleId} = any(${issues.articleIds})`);
}

export async function upsertTopic(db: Runner, row: typeof topics.$inferInsert): Promise<TopicRow> {
  const [r] = await db
    .insert(topics)
    .values(row)
    .onConflictDoUpdate({
      target: topics.slug,
      set: { title: sql`excluded.title`, summary: sql`excluded.summary`, opensOn: sql`excluded.opens_on`, closesOn: sql`excluded.closes_on`, sections: sql`excluded.sections`, updatedAt: sql`now()` },
    })
    .returning();
  return r as TopicRow;
}
export const allTopics = (db: Runner) => db.select().from(topics).orderBy(desc(topics.opensOn));
export async function findTopic(db: Runner, slug: string) {
  const [r] = await db.select().from(topics).where(eq(topics.slug, slug));
  return r;
}

export const countArticles = async (db: Runner, where?: SQL) => (await db.select({ n: count() }).from(articles).where(where))[0]?.n ?? 0;
export const orWhere = or;
export type { ArticleContent };
