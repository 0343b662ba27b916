/** All SQL of search: documents, synonyms, best bets, the query and click logs. */
import { and, asc, count, desc, eq, gt, gte, inArray, or, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { searchBestBets, searchClicks, searchDocuments, searchQueries, searchSynonyms } from '../../db/schema/search.js';
import type { SearchDoc } from './engine.js';

/** What a module hands to the index for one searchable thing. */
export interface SearchDocInput {
  key: string;
  kind: string;
  refId: number;
  title: string;
  aliases?: string[];
  keywords?: string[];
  body?: string;
  url: string;
  departmentId?: number | null;
  departmentName?: string | null;
  themes?: string[];
  audiences?: string[];
  itemType?: string | null;
  outdated?: boolean;
}

const BATCH = 1000;

/** A removed document stays as a tombstone with a new seq, so every process hears of the removal. */
const tombstone = () => ({ deleted: true, seq: sql`nextval('search_seq')`, updatedAt: sql`now()` });

export async function upsertDocuments(db: Runner, docs: SearchDocInput[]): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) {
    const values = docs.slice(i, i + BATCH).map((d) => ({
      key: d.key,
      kind: d.kind,
      refId: d.refId,
      title: d.title,
      aliases: d.aliases ?? [],
      keywords: d.keywords ?? [],
      body: d.body ?? '',
      url: d.url,
      departmentId: d.departmentId ?? null,
      departmentName: d.departmentName ?? null,
      themes: d.themes ?? [],
      audiences: d.audiences ?? [],
      itemType: d.itemType ?? null,
      outdated: d.outdated ?? false,
      deleted: false,
    }));
    await db
      .insert(searchDocuments)
      .values(values)
      .onConflictDoUpdate({
        target: searchDocuments.key,
        set: {
          kind: sql`excluded.kind`,
          refId: sql`excluded.ref_id`,
          title: sql`excluded.title`,
          aliases: sql`excluded.aliases`,
          keywords: sql`excluded.keywords`,
          body: sql`excluded.body`,
          url: sql`excluded.url`,
          departmentId: sql`excluded.department_id`,
          departmentName: sql`excluded.department_name`,
          themes: sql`excluded.themes`,
          audiences: sql`excluded.audiences`,
          itemType: sql`excluded.item_type`,
          outdated: sql`excluded.outdated`,
          deleted: sql`false`,
          seq: sql`nextval('search_seq')`,
          updatedAt: sql`now()`,
        },
      });
  }
}

/** Tombstone documents by key, or every document of a kind whose key starts with a prefix. */
export async function removeDocuments(db: Runner, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await db
    .update(searchDocuments)
    .set(tombstone())
    .where(and(inArray(searchDocuments.key, keys), eq(searchDocuments.deleted, false)));
}

/** The keys of the live documents of a kind. */
export async function keysOfKind(db: Runner, kind: string): Promise<string[]> {
  const rows = await db
    .select({ key: searchDocuments.key })
    .from(searchDocuments)
    .where(and(eq(searchDocuments.kind, kind), eq(searchDocuments.deleted, false)));
  return rows.map((r) => r.key);
}

/** Tombstone the documents of `kind` that belong to `refIds` but are not among `keep`. */
export async function removeStale(db: Runner, kind: string, refIds: number[], keep: string[]): Promise<void> {
  if (!refIds.length) return;
  await db
    .update(searchDocuments)
    .set(tombstone())
    .where(
      and(
        eq(searchDocuments.kind, kind),
        inArray(searchDocuments.refId, refIds),
        eq(searchDocuments.deleted, false),
        keep.length ? sql`not (${searchDocuments.key} = any(${sql.param(keep)}::text[]))` : undefined,
      ),
    );
}

const docColumns = {
  key: searchDocuments.key,
  kind: searchDocuments.kind,
  refId: searchDocuments.refId,
  title: searchDocuments.title,
  aliases: searchDocuments.aliases,
  keywords: searchDocuments.keywords,
  body: searchDocuments.body,
  url: searchDocuments.url,
  departmentId: searchDocuments.departmentId,
  departmentName: searchDocuments.departmentName,
  themes: searchDocuments.themes,
  audiences: searchDocuments.audiences,
  itemType: searchDocuments.itemType,
  outdated: searchDocuments.outdated,
  deleted: searchDocuments.deleted,
  seq: searchDocuments.seq,
};
export type DocRow = SearchDoc & { deleted: boolean };

/** A page of documents in seq order, for building the index. */
export async function documentsAfter(db: Runner, afterSeq: number, limit: number): Promise<DocRow[]> {
  return db
    .select(docColumns)
    .from(searchDocuments)
    .where(gt(searchDocuments.seq, afterSeq))
    .orderBy(asc(searchDocuments.seq))
    .limit(limit);
}

/** Keys and seqs after `afterSeq`, or at one of the given seqs (gaps a slower transaction may still fill). */
export async function changesSince(db: Runner, afterSeq: number, holes: number[]) {
  return db
    .select({ key: searchDocuments.key, seq: searchDocuments.seq })
    .from(searchDocuments)
    .where(
      holes.length
        ? or(gt(searchDocuments.seq, afterSeq), sql`${searchDocuments.seq} = any(${sql.param(holes)}::bigint[])`)
        : gt(searchDocuments.seq, afterSeq),
    )
    .orderBy(asc(searchDocuments.seq));
}

export async function allSeqs(db: Runner) {
  return db.select({ key: searchDocuments.key, seq: searchDocuments.seq }).from(searchDocuments);
}

export async function documentsByKeys(db: Runner, keys: string[]): Promise<DocRow[]> {
  if (!keys.length) return [];
  return db.select(docColumns).from(searchDocuments).where(inArray(searchDocuments.key, keys));
}

export async function countDocuments(db: Runner): Promise<number> {
  const [row] = await db.select({ n: count() }).from(searchDocuments).where(eq(searchDocuments.deleted, false));
  return Number(row?.n ?? 0);
}

// ---- synonyms and best bets -------------------------------------------------------------------

export async function listSynonyms(db: Runner) {
  return db.select().from(searchSynonyms).orderBy(asc(searchSynonyms.id));
}

export async function replaceSynonyms(db: Runner, entries: { terms: string[]; targets: string[] | null }[]) {
  await db.delete(searchSynonyms);
  for (let i = 0; i < entries.length; i += BATCH) await db.insert(searchSynonyms).values(entries.slice(i, i + BATCH));
}

export async function insertSynonym(db: Runner, entry: { terms: string[]; targets: string[] | null }) {
  const [row] = await db.insert(searchSynonyms).values(entry).returning();
  return row;
}

export async function deleteSynonym(db: Runner, id: number) {
  const [row] = await db.delete(searchSynonyms).where(eq(searchSynonyms.id, id)).returning();
  return row;
}

export async function listBestBets(db: Runner) {
  return db.select().from(searchBestBets).orderBy(asc(searchBestBets.query), asc(searchBestBets.sort));
}

export async function replaceBestBets(db: Runner, query: string, docKeys: string[]) {
  await db.delete(searchBestBets).where(eq(searchBestBets.query, query));
  if (docKeys.length) await db.insert(searchBestBets).values(docKeys.map((docKey, sort) => ({ query, docKey, sort })));
}

// ---- logs -------------------------------------------------------------------------------------

export async function insertQueries(db: Runner, rows: { query: string; results: number }[]) {
  for (let i = 0; i < rows.length; i += BATCH) await db.insert(searchQueries).values(rows.slice(i, i + BATCH));
}

export async function insertClicks(db: Runner, rows: { query: string; docKey: string }[]) {
  for (let i = 0; i < rows.length; i += BATCH) await db.insert(searchClicks).values(rows.slice(i, i + BATCH));
}

/** The most searched queries since `days` ago, with or without results. */
export async function topQueries(db: Runner, days: number, limit: number, zeroResults: boolean) {
  const n = count();
  const rows = await db
    .select({ query: searchQueries.query, n, last: sql<string>`max(${searchQueries.at})` })
    .from(searchQueries)
    .where(
      and(
        gte(searchQueries.at, sql`now() - make_interval(days => ${days})`),
        zeroResults ? eq(searchQueries.results, 0) : gt(searchQueries.results, 0),
      ),
    )
    .groupBy(searchQueries.query)
    .orderBy(desc(n), asc(searchQueries.query))
    .limit(limit);
  return rows.map((r) => ({ query: r.query, count: Number(r.n), last: String(r.last) }));
}

export async function clickCounts(db: Runner, days: number) {
  const n = count();
  const rows = await db
    .select({ query: searchClicks.query, docKey: searchClicks.docKey, n })
    .from(searchClicks)
    .where(gte(searchClicks.at, sql`now() - make_interval(days => ${days})`))
    .groupBy(searchClicks.query, searchClicks.docKey);
  return rows.map((r) => ({ query: r.query, docKey: r.docKey, count: Number(r.n) }));
}
