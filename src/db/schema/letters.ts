/**
 * Tables of the letters module: every consultation, complaint, suggestion, request for help and
 * report, whichever mailbox it came through; the departments working on it, its history, its
 * replies and attachments; the dispatch rules and the reply templates departments keep.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { departments } from './catalog.js';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const letters = pgTable(
  'letters',
  {
    id: serial('id').primaryKey(),
    trackingCode: text('tracking_code').notNull(),
    /** six digits the writer receives with the tracking code; both together open the whole case */
    queryCode: text('query_code').notNull(),
    channel: text('channel').notNull(),
    type: text('type').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** null when anonymous */
    name: text('name'),
    phone: text('phone'),
    email: text('email'),
    anonymous: boolean('anonymous').notNull().default(false),
    /** the phone was verified by a code or belongs to the signed-in account */
    phoneVerified: boolean('phone_verified').notNull().default(false),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    isPublic: boolean('is_public').notNull().default(false),
    /** the department the writer addressed (department mailbox) */
    addressedDepartmentId: integer('addressed_department_id').references(() => departments.id),
    accountId: integer('account_id').references(() => users.id),
    /** web, api, open311, hotline */
    source: text('source').notNull().default('web'),
    status: text('status').notNull(),
    /** the lead (主办) department; assisting ones are in letter_departments */
    departmentId: integer('department_id').references(() => departments.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchDueAt: timestamp('dispatch_due_at', { withTimezone: true }).notNull(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** extension: requested → approved | rejected; at most once */
    extensionStatus: text('extension_status'),
    extensionReason: text('extension_reason'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** 督办: set when the case went past its deadline */
    supervisedAt: timestamp('supervised_at', { withTimezone: true }),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    /** working days from receipt to the first published reply */
    replyWorkingDays: integer('reply_working_days'),
    repliedOnTime: boolean('replied_on_time'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    rating: text('rating'),
    ratingComment: text('rating_comment'),
    reopenCount: integer('reopen_count').notNull().default(0),
    mergedIntoId: integer('merged_into_id'),
    idempotencyKey: text('idempotency_key'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('letters_tracking_code').on(t.trackingCode),
    uniqueIndex('letters_idempotency_key').on(t.idempotencyKey),
    index('letters_department_status').on(t.departmentId, t.status),
    index('letters_status_due').on(t.status, t.dueAt),
    index('letters_phone_received').on(t.phone, t.receivedAt),
    index('letters_public_replied').on(t.isPublic, t.repliedAt),
    index('letters_account').on(t.accountId),
  ],
);

/** Departments working on a letter: the lead (主办) and any assisting (协办) ones. */
export const letterDepartments = pgTable(
  'letter_departments',
  {
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    role: text('role').$type<'lead' | 'assist'>().notNull(),
    /** an assisting department's contribution for the lead to use */
    opinion: text('opinion'),
  },
  (t) => [primaryKey({ columns: [t.letterId, t.departmentId] }), index('letter_departments_department').on(t.departmentId)],
);

/** The case history: what happened, who did it, and whether the writer sees it. */
export const letterEvents = pgTable(
  'letter_events',
  {
    id: serial('id').primaryKey(),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    kind: text('kind').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    note: text('note'),
    /** internal notes and steps the writer does not see */
    internal: boolean('internal').notNull().default(false),
  },
  (t) => [index('letter_events_letter').on(t.letterId, t.at)],
);

/** Replies: drafted by a handler, reviewed, then published to the writer (and the public page). */
export const letterReplies = pgTable(
  'letter_replies',
  {
    id: serial('id').primaryKey(),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    body: text('body').notNull(),
    /** draft → submitted → published | returned (to the author, with a reason) */
    status: text('status').notNull(),
    authorId: integer('author_id').references(() => users.id),
    authorName: text('author_name').notNull(),
    /** everyone who drafted, edited or submitted any version of the reply: none of them may publish it */
    contributorIds: integer('contributor_ids').array().notNull().default(sql`'{}'::integer[]`),
    reviewerId: integer('reviewer_id').references(() => users.id),
    returnReason: text('return_reason'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('letter_replies_letter').on(t.letterId)],
);

export const letterAttachments = pgTable(
  'letter_attachments',
  {
    id: serial('id').primaryKey(),
    letterId: integer('letter_id')
      .notNull()
      .references(() => letters.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** the bytes, in the file store under this hash */
    sha256: text('sha256'),
    /** bytes stored before the file store; moved out on start (letters.moveAttachmentsOut) */
    data: bytea('data'),
  },
  (t) => [index('letter_attachments_letter').on(t.letterId)],
);

/**
 * Automatic dispatch: a letter matching every condition a rule sets (channel, type, any keyword,
 * any area word in the address or text) goes to the rule's department. Lowest priority wins.
 */
export const dispatchRules = pgTable('dispatch_rules', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  channel: text('channel'),
  type: text('type'),
  keywords: text('keywords')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  areas: text('areas')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  departmentId: integer('department_id')
    .notNull()
    .references(() => departments.id),
  priority: integer('priority').notNull().default(100),
  enabled: boolean('enabled').notNull().default(true),
});

/** Reply templates a department keeps for questions it answers often. */
export const replyTemplates = pgTable('reply_templates', {
  id: serial('id').primaryKey(),
  departmentId: integer('department_id').references(() => departments.id),
  title: text('title').notNull(),
  body: text('body').notNull(),
});
