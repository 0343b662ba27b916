/**
 * Tables of the search module: the documents every module feeds it, synonyms, best bets, and
 * the first-party query and click logs.
 */
import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, integer, pgSequence, pgTable, primaryKey, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const searchSeq = pgSequence('search_seq');

/**
 * One row per searchable thing (an item, a department, an FAQ, later journeys and articles),
 * written by the module that owns it in the same transaction as its change. Removed documents
 * stay as tombstones (deleted = true) so every process hears of the removal.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    key: text('key').primaryKey(),
    kind: text('kind').notNull(),
    refId: integer('ref_id').notNull(),
    title: text('title').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'`),
    keywords: text('keywords').array().notNull().default(sql`'{}'`),
    body: text('body').notNull().default(''),
    url: text('url').notNull(),
    departmentId: integer('department_id'),
    departmentName: text('department_name'),
    themes: text('themes').array().notNull().default(sql`'{}'`),
    audiences: text('audiences').array().notNull().default(sql`'{}'`),
    itemType: text('item_type'),
    outdated: boolean('outdated').notNull().default(false),
    /** the publishing organisation (disclosure's organisation tree; a department for items) */
    organisationId: integer('organisation_id'),
    organisationName: text('organisation_name'),
    /** the year it was written or published, for the year facet */
    year: smallint('year'),
    /** 'valid' | 'expired' | 'repealed' for documents that have a validity (articles), else null */
    validity: text('validity').$type<'valid' | 'expired' | 'repealed'>(),
    deleted: boolean('deleted').notNull().default(false),
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('search_seq')`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('search_documents_seq').on(t.seq), index('search_documents_updated').on(t.updatedAt)],
);

/**
 * Snapshots of the in-memory index (decision 0021): a process that built the index from the
 * documents writes it here in parts; a restarted process loads the newest complete one and
 * catches up from its seq instead of analysing every document again.
 */
export const searchSnapshots = pgTable('search_snapshots', {
  id: serial('id').primaryKey(),
  /** every document change up to this seq is in the snapshot */
  seq: bigint('seq', { mode: 'number' }).notNull(),
  documents: integer('documents').notNull(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  /** the snapshot format; a process ignores snapshots of another format */
  format: integer('format').notNull(),
  complete: boolean('complete').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const searchSnapshotParts = pgTable(
  'search_snapshot_parts',
  {
    snapshotId: integer('snapshot_id')
      .notNull()
      .references(() => searchSnapshots.id, { onDelete: 'cascade' }),
    part: integer('part').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.snapshotId, t.part] })],
);

/** Synonyms operators maintain: `terms` alone are equivalent; with `targets`, terms also search for the targets. */
export const searchSynonyms = pgTable('search_synonyms', {
  id: serial('id').primaryKey(),
  terms: text('terms').array().notNull(),
  targets: text('targets').array(),
  ...stamps,
});

/** Best bets: for a query (normalized), documents pinned to the top in this order. */
export const searchBestBets = pgTable(
  'search_best_bets',
  {
    id: serial('id').primaryKey(),
    query: text('query').notNull(),
    docKey: text('doc_key').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('search_best_bets_query_doc').on(t.query, t.docKey)],
);

/** First-party query log: what people searched and how many results they got (no personal data). */
export const searchQueries = pgTable(
  'search_queries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    query: text('query').notNull(),
    results: integer('results').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('search_queries_at').on(t.at)],
);

/** A result chosen after a search: the basis of popularity in ranking. */
export const searchClicks = pgTable(
  'search_clicks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    query: text('query').notNull(),
    docKey: text('doc_key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('search_clicks_at').on(t.at)],
);

// ---- notify ---------------------------------------------------------------------------------
