/** All SQL of search: documents, synonyms, best bets, the query and click logs. */
import { and, asc, count, desc, eq, gt, gte, inArray, or, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { searchBestBets, searchClicks, searchDocuments, searchQueries, searchSnapshotParts, searchSnapshots, searchSynonyms } from '../../db/schema/search.js';
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
  /** the publishing organisation (articles, 解读, gazette documents, proposals): the organisation facet */
  organisationId?: number | null;
  organisationName?: string | null;
  /** the year written or published: the year facet */
  year?: number | null;
  /** 有效 / 失效 / 废止: results mark an expired or repealed document */
  validity?: 'valid' | 'expired' | 'repealed' | null;
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
      organisationId: d.organisationId ?? null,
      organisationName: d.organisationName ?? null,
      year: d.year ?? null,
      validity: d.validity ?? null,
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
          organisationId: sql`excluded.organisation_id`,
          organisationName: sql`excluded.organisation_name`,
          year: sql`excluded.year`,
          validity: sql`excluded.validity`,
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
  organisationId: searchDocuments.organisationId,
  organisationName: searchDocuments.organisationName,
  year: searchDocuments.year,
  validity: searchDocuments.validity,
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

/** The start of each document's body (the source of its snippet), by key. */
export async function snippetSources(db: Runner, keys: string[], chars: number): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = await db
    .select({ key: searchDocuments.key, body: sql<string>`left(${searchDocuments.body}, ${chars})` })
    .from(searchDocuments)
    .where(inArray(searchDocuments.key, keys));
  return new Map(rows.map((r) => [r.key, r.body]));
}

export async function countDocuments(db: Runner): Promise<number> {
  const [row] = await db.select({ n: count() }).from(searchDocuments).where(eq(searchDocuments.deleted, false));
  return Number(row?.n ?? 0);
}

/**
 * The bulk path (a seed of a million documents): one statement per batch, the columns sent as
 * arrays and unnested by the database, far fewer parameters and round trips than row values.
 */
export async function bulkUpsertDocuments(db: Runner, docs: SearchDocInput[], batch = 2000): Promise<void> {
  const text = (v: string | null | undefined) => v ?? null;
  const list = (v: string[] | undefined) => `{${(v ?? []).map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  for (let i = 0; i < docs.length; i += batch) {
    const rows = docs.slice(i, i + batch);
    const col = <T>(f: (d: SearchDocInput) => T) => sql.param(rows.map(f));
    await db.execute(sql`
      insert into search_documents (key, kind, ref_id, title, aliases, keywords, body, url, department_id, department_name,
        themes, audiences, item_type, outdated, organisation_id, organisation_name, year, validity)
      select key, kind, ref_id, title, aliases::text[], keywords::text[], body, url, department_id, department_name,
        themes::text[], audiences::text[], item_type, outdated, organisation_id, organisation_name, year, validity
      from unnest(${col((d) => d.key)}::text[], ${col((d) => d.kind)}::text[], ${col((d) => d.refId)}::int[], ${col((d) => d.title)}::text[],
        ${col((d) => list(d.aliases))}::text[], ${col((d) => list(d.keywords))}::text[], ${col((d) => d.body ?? '')}::text[], ${col((d) => d.url)}::text[],
        ${col((d) => d.departmentId ?? null)}::int[], ${col((d) => text(d.departmentName))}::text[], ${col((d) => list(d.themes))}::text[],
        ${col((d) => list(d.audiences))}::text[], ${col((d) => text(d.itemType))}::text[], ${col((d) => d.outdated ?? false)}::bool[],
        ${col((d) => d.organisationId ?? null)}::int[], ${col((d) => text(d.organisationName))}::text[], ${col((d) => d.year ?? null)}::int[],
        ${col((d) => text(d.validity))}::text[])
        as t(key, kind, ref_id, title, aliases, keywords, body, url, department_id, department_name, themes, audiences, item_type,
          outdated, organisation_id, organisation_name, year, validity)
      on conflict (key) do update set kind = excluded.kind, ref_id = excluded.ref_id, title = excluded.title, aliases = excluded.aliases,
        keywords = excluded.keywords, body = excluded.body, url = excluded.url, department_id = excluded.department_id,
        department_name = excluded.department_name, themes = excluded.themes, audiences = excluded.audiences,
        item_type = excluded.item_type, outdated = excluded.outdated, organisation_id = excluded.organisation_id,
        organisation_name = excluded.organisation_name, year = excluded.year, validity = excluded.validity, deleted = false,
        seq = nextval('search_seq'), updated_at = now()`);
  }
}

// ---- snapshots of the index -------------------------------------------------------------------

export async function createSnapshot(db: Runner, s: { seq: number; documents: number; bytes: number; format: number }): Promise<number> {
  const [row] = await db.insert(searchSnapshots).values(s).returning({ id: searchSnapshots.id });
  return (row as { id: number }).id;
}

export async function insertSnapshotPart(db: Runner, snapshotId: number, part: number, data: Buffer): Promise<void> {
  // sent as base64 text and decoded by the database, rather than as bytea (hex, encoded in JavaScript)
  await db.insert(searchSnapshotParts).values({ snapshotId, part, data: sql`decode(${data.toString('base64')}, 'base64')` });
}

/** Mark a snapshot complete and delete the ones before it (and any left incomplete by a crash). */
export async function completeSnapshot(db: Runner, id: number): Promise<void> {
  await db.update(searchSnapshots).set({ complete: true }).where(eq(searchSnapshots.id, id));
  await db.delete(searchSnapshots).where(sql`${searchSnapshots.id} < ${id}`);
}

export async function latestSnapshot(db: Runner, format: number) {
  const [row] = await db
    .select()
    .from(searchSnapshots)
    .where(and(eq(searchSnapshots.complete, true), eq(searchSnapshots.format, format)))
    .orderBy(desc(searchSnapshots.id))
    .limit(1);
  return row;
}

export async function snapshotParts(db: Runner, id: number, from: number, to: number): Promise<Buffer[]> {
  // base64 text on both databases: node-postgres and PGlite both parse bytea from hex text in
  // JavaScript — about twice the time on PostgreSQL, and twenty times on PGlite (1.0 s against
  // 45 ms for the demo's 2.7 MB), where Node decodes base64 natively
  const rows = await db
    .select({ data: sql<string>`encode(${searchSnapshotParts.data}, 'base64')` })
    .from(searchSnapshotParts)
    .where(and(eq(searchSnapshotParts.snapshotId, id), gte(searchSnapshotParts.part, from), sql`${searchSnapshotParts.part} <= ${to}`))
    .orderBy(asc(searchSnapshotParts.part));
  return rows.map((r) => Buffer.from(r.data, 'base64'));
}

/** Documents changed since a seq (how far a snapshot is behind). */
export async function changedSince(db: Runner, seq: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(searchDocuments).where(gt(searchDocuments.seq, seq));
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
