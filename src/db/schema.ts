/**
 * The one schema, for PGlite and PostgreSQL alike. Nested parts of a guide that are always
 * read and written together with their item (materials, steps, FAQ …) are jsonb; anything
 * shared between records (halls, themes, special groups) is a row of its own with a join table.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Material } from '../modules/catalog/model.js';

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** Facts about the database itself, e.g. which dataset it holds (demo or scale). */
export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const departments = pgTable(
  'departments',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    functions: jsonb('functions').$type<string[]>().notNull(),
    units: jsonb('units').$type<{ name: string; duties: string }[]>().notNull(),
    leaders: jsonb('leaders').$type<{ name: string; title: string; portfolio: string }[]>().notNull(),
    address: text('address').notNull(),
    postcode: text('postcode').notNull(),
    officeHours: text('office_hours').notNull(),
    phones: jsonb('phones').$type<{ label: string; number: string }[]>().notNull(),
    website: text('website').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    transit: text('transit').notNull(),
    sort: integer('sort').notNull().default(0),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [uniqueIndex('departments_slug').on(t.slug)],
);

export const halls = pgTable(
  'halls',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    address: text('address').notNull(),
    hours: text('hours').notNull(),
    phone: text('phone').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    transit: text('transit').notNull(),
    windows: integer('windows').notNull(),
    ...stamps,
  },
  (t) => [uniqueIndex('halls_slug').on(t.slug)],
);

export const themes = pgTable(
  'themes',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    audience: text('audience').$type<'citizen' | 'enterprise'>().notNull(),
    description: text('description').notNull(),
    icon: text('icon').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('themes_slug').on(t.slug)],
);

export const specialGroups = pgTable(
  'special_groups',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    arrangements: jsonb('arrangements').$type<string[]>().notNull(),
    hotline: text('hotline').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('special_groups_slug').on(t.slug)],
);

export const forms = pgTable(
  'forms',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    note: text('note'),
    fields: jsonb('fields').$type<{ label: string; example: string; wide?: boolean }[]>().notNull(),
  },
  (t) => [uniqueIndex('forms_slug').on(t.slug)],
);

export type Fee = { name: string; standard: string; basis: string };
export type GuideStep = { title: string; description: string; daysLimit?: number };

export const items = pgTable(
  'items',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    implCode: text('impl_code').notNull(),
    name: text('name').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'`),
    type: text('type').notNull(),
    parentId: integer('parent_id'),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    implementingBody: text('implementing_body').notNull(),
    legalBasis: jsonb('legal_basis').$type<string[]>().notNull(),
    targets: text('targets').array().notNull(),
    summary: text('summary').notNull(),
    conditions: jsonb('conditions').$type<string[]>().notNull(),
    materials: jsonb('materials').$type<Material[]>().notNull(),
    steps: jsonb('steps').$type<GuideStep[]>().notNull(),
    legalLimitDays: integer('legal_limit_days').notNull(),
    promisedLimitDays: integer('promised_limit_days').notNull(),
    limitKind: text('limit_kind').notNull(),
    limitNote: text('limit_note'),
    fees: jsonb('fees').$type<Fee[]>().notNull(),
    consultPhone: text('consult_phone').notNull(),
    complaintPhone: text('complaint_phone').notNull(),
    handlingForms: text('handling_forms').array().notNull(),
    visits: integer('visits').notNull(),
    onlineDepth: integer('online_depth').notNull(),
    appointment: boolean('appointment').notNull(),
    results: jsonb('results').$type<{ name: string; kind: string; delivery: string[] }>().notNull(),
    faq: jsonb('faq').$type<{ q: string; a: string }[]>().notNull(),
    policies: jsonb('policies').$type<{ title: string; number?: string }[]>().notNull(),
    /** published, or outdated (kept reachable, marked, demoted in search) */
    status: text('status').notNull().default('published'),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [
    uniqueIndex('items_impl_code').on(t.implCode),
    index('items_department').on(t.departmentId),
    index('items_parent').on(t.parentId),
  ],
);

export const itemHalls = pgTable(
  'item_halls',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    hallId: integer('hall_id')
      .notNull()
      .references(() => halls.id),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.hallId] }), index('item_halls_hall').on(t.hallId)],
);

export const itemThemes = pgTable(
  'item_themes',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    themeId: integer('theme_id')
      .notNull()
      .references(() => themes.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.themeId] }), index('item_themes_theme').on(t.themeId)],
);

export const itemSpecialGroups = pgTable(
  'item_special_groups',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => specialGroups.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.groupId] }), index('item_special_groups_group').on(t.groupId)],
);

/** Guide page views per item and day: the first-party basis of "hot services". */
export const itemViews = pgTable(
  'item_views',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.day] })],
);

/**
 * People behind a login. Staff accounts (created with `yimen user create` or in the back office)
 * carry a role and a department; citizen and enterprise accounts arrive with the accounts module.
 */
/** An enterprise (legal person) with its unified social credit code; its people are `users` of kind 'enterprise'. */
export const enterprises = pgTable(
  'enterprises',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    creditCode: text('credit_code').notNull(),
    ...stamps,
  },
  (t) => [uniqueIndex('enterprises_credit_code').on(t.creditCode)],
);

/**
 * Every account: staff (username, role, department), citizens and enterprise people (mobile
 * number or e-mail). An ID-card number is never stored whole: only its masked form and a keyed
 * hash that tells whether two accounts gave the same number.
 */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').$type<'staff' | 'citizen' | 'enterprise'>().notNull(),
    username: text('username'),
    displayName: text('display_name').notNull(),
    role: text('role'),
    departmentId: integer('department_id').references(() => departments.id),
    phone: text('phone'),
    email: text('email'),
    idNumberMasked: text('id_number_masked'),
    idNumberHash: text('id_number_hash'),
    enterpriseId: integer('enterprise_id').references(() => enterprises.id),
    enterpriseRole: text('enterprise_role').$type<'owner' | 'member'>(),
    /** channels the person chose besides the in-site message box */
    notifyChannels: jsonb('notify_channels').$type<('email' | 'sms')[]>().notNull().default([]),
    /** null for accounts that sign in only through the identity platform or have not set one yet */
    passwordHash: text('password_hash'),
    status: text('status').$type<'active' | 'disabled'>().notNull().default('active'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [
    uniqueIndex('users_username').on(sql`lower(${t.username})`),
    uniqueIndex('users_phone').on(t.phone),
    uniqueIndex('users_email').on(sql`lower(${t.email})`),
    uniqueIndex('users_id_number').on(t.idNumberHash),
  ],
);

/** A login through the city's identity platform (OpenID Connect), tied to an account. */
export const userIdentities = pgTable(
  'user_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] })],
);

/** Signed-in sessions. The cookie holds a random token; only its SHA-256 is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** One-time codes sent to a phone or an e-mail address; only a keyed hash of the code is kept. */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    purpose: text('purpose').$type<'signup' | 'login' | 'reset' | 'letter'>().notNull(),
    target: text('target').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('verification_codes_target').on(t.target, t.purpose, t.createdAt)],
);

/**
 * Failed sign-ins per identifier (a username, phone or e-mail, whether an account has it or not,
 * so a lock-out tells nothing about who is registered).
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** API tokens for integrations: `Authorization: Bearer ym_…`; only a SHA-256 of the token is kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    tokenHash: text('token_hash').notNull(),
    /** the first characters, shown in lists so people can tell their tokens apart */
    prefix: text('prefix').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_user').on(t.userId)],
);

// ---- catalogue workflow ----------------------------------------------------------------------

/**
 * A proposed change to one catalogue record (an item, a department, a theme …), written by an
 * editor, reviewed by someone else, and published into the live tables. `data` is the whole
 * record in the import format, so a draft is validated exactly as an import is.
 */
export const catalogDrafts = pgTable(
  'catalog_drafts',
  {
    id: serial('id').primaryKey(),
    section: text('section').notNull(),
    /** slug or implementation code of the record */
    key: text('key').notNull(),
    title: text('title').notNull(),
    /** whose work it is: the department of the record; null for portal-wide records (themes …) */
    departmentId: integer('department_id'),
    data: jsonb('data').notNull(),
    /** the record's published version the draft started from (0: not published through drafts yet) */
    baseVersion: integer('base_version').notNull(),
    status: text('status').$type<'draft' | 'review' | 'published' | 'rejected' | 'withdrawn'>().notNull().default('draft'),
    authorId: integer('author_id').notNull(),
    authorName: text('author_name').notNull(),
    /** everyone who created, edited or submitted any version of the draft: none of them may publish it */
    contributorIds: integer('contributor_ids').array().notNull().default(sql`'{}'::integer[]`),
    reviewerId: integer('reviewer_id'),
    reviewerName: text('reviewer_name'),
    reviewNote: text('review_note'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [index('catalog_drafts_status').on(t.status, t.departmentId), index('catalog_drafts_key').on(t.section, t.key)],
);

/** Every published state of a record, so any two can be compared. */
export const catalogVersions = pgTable(
  'catalog_versions',
  {
    id: serial('id').primaryKey(),
    section: text('section').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').notNull(),
    draftId: integer('draft_id'),
    publishedBy: text('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('catalog_versions_key').on(t.section, t.key, t.version)],
);

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
    deleted: boolean('deleted').notNull().default(false),
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('search_seq')`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('search_documents_seq').on(t.seq), index('search_documents_updated').on(t.updatedAt)],
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

/**
 * The transactional outbox: one row per message to deliver, written in the same transaction as
 * the change that causes it, delivered by a worker that claims rows with FOR UPDATE SKIP LOCKED.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').$type<'inbox' | 'email' | 'sms'>().notNull(),
    /** account id for the inbox, an e-mail address or a mobile number */
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    vars: jsonb('vars').$type<Record<string, string | number>>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'dead'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt)],
);

/** The in-site message box of every account. */
export const inboxMessages = pgTable(
  'inbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('inbox_messages_account').on(t.accountId, t.createdAt)],
);

// ---- audit ----------------------------------------------------------------------------------

/**
 * Who changed what, when, with the state before and after. Append-only for everybody: a trigger
 * refuses every UPDATE and DELETE, administrators included.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** 'user:12', 'cli', 'system', 'token:3' … */
    actor: text('actor').notNull(),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    note: text('note'),
    /** the department the change belongs to, so a department administrator sees its own */
    departmentId: integer('department_id'),
  },
  (t) => [index('audit_log_at').on(t.at), index('audit_log_entity').on(t.entity, t.entityId), index('audit_log_actor').on(t.actor)],
);
