/**
 * Tables of the foi module (依申请公开): requests for government information, the pauses of
 * their clock (third-party consultations), and their history. Dates of the statutory clock are
 * local days ('YYYY-MM-DD' text): the clock counts days, never instants. `version` guards
 * concurrent handling (an operation updates WHERE version = $read).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgSequence, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { departments } from './catalog.js';

/** The running number inside a 申请编号. */
export const foiRequestNoSeq = pgSequence('foi_request_no_seq');

export const foiRequests = pgTable(
  'foi_requests',
  {
    id: serial('id').primaryKey(),
    /** 申请编号, e.g. YSQ-2026-000123 */
    code: text('code').notNull(),
    /** the applicant's account (online), null when staff registered a paper request */
    accountId: integer('account_id').references(() => users.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    /** 'citizen' | 'enterprise' */
    applicantKind: text('applicant_kind').notNull(),
    applicantName: text('applicant_name').notNull(),
    /** 身份证件号码 or 统一社会信用代码, upper-cased: the applicant for the monthly fee count */
    applicantIdNo: text('applicant_id_no').notNull(),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    description: text('description').notNull(),
    purpose: text('purpose'),
    /** 'paper' | 'electronic' */
    format: text('format').notNull(),
    /** 'post' | 'email' | 'pickup' | 'online' */
    delivery: text('delivery').notNull(),
    channel: text('channel').notNull(),
    /** the day of the channel's event (submitted, signed for, confirmed, handed in) */
    eventOn: text('event_on').notNull(),
    receivedOn: text('received_on').notNull(),
    status: text('status').notNull(),
    correctionNoticeOn: text('correction_notice_on'),
    correctionNote: text('correction_note'),
    correctedOn: text('corrected_on'),
    correctedText: text('corrected_text'),
    extended: boolean('extended').notNull().default(false),
    extensionReason: text('extension_reason'),
    extensionApprovedBy: text('extension_approved_by'),
    extendedOn: text('extended_on'),
    replyType: text('reply_type'),
    replyGround: text('reply_ground'),
    replyBody: text('reply_body'),
    replyFileKey: text('reply_file_key'),
    replyFileName: text('reply_file_name'),
    replyFileType: text('reply_file_type'),
    repliedOn: text('replied_on'),
    /** the applicant's n-th request in the calendar month (2020 fee rules: free up to 10) */
    monthOrdinal: integer('month_ordinal').notNull().default(1),
    feeApplies: boolean('fee_applies').notNull().default(false),
    /** yuan per the 按件计收 scale, 0 when free */
    feeYuan: integer('fee_yuan').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('foi_requests_code_key').on(t.code),
    uniqueIndex('foi_requests_idempotency_key').on(t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index('foi_requests_department_status_idx').on(t.departmentId, t.status),
    index('foi_requests_account_idx').on(t.accountId),
    index('foi_requests_applicant_month_idx').on(t.applicantIdNo, t.receivedOn),
  ],
);

export const foiPauses = pgTable(
  'foi_pauses',
  {
    id: serial('id').primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => foiRequests.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    party: text('party').notNull(),
    fromOn: text('from_on').notNull(),
    toOn: text('to_on'),
  },
  (t) => [index('foi_pauses_request_idx').on(t.requestId), uniqueIndex('foi_pauses_one_open').on(t.requestId).where(sql`${t.toOn} is null`)],
);

export const foiEvents = pgTable(
  'foi_events',
  {
    id: serial('id').primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => foiRequests.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
  },
  (t) => [index('foi_events_request_idx').on(t.requestId)],
);

/**
 * A reply published for everyone (条例 Art. 44: the applicant agreed, or the agency judged the
 * information of public interest): its public wording with personal data masked, prepared by one
 * member of staff and published by another (four eyes), withdrawn with a reason. One per request.
 * `status`: 'review' | 'published' | 'withdrawn'; `basis`: 'consent' | 'publicInterest'.
 */
export const foiPublications = pgTable(
  'foi_publications',
  {
    id: serial('id').primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => foiRequests.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    status: text('status').notNull(),
    basis: text('basis').notNull(),
    title: text('title').notNull(),
    question: text('question').notNull(),
    answer: text('answer').notNull(),
    preparedBy: integer('prepared_by').notNull(),
    preparedByName: text('prepared_by_name').notNull(),
    publishedByName: text('published_by_name'),
    /** the local day it went public */
    publishedOn: text('published_on'),
    withdrawnReason: text('withdrawn_reason'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('foi_publications_request_key').on(t.requestId), index('foi_publications_status_idx').on(t.status, t.publishedOn)],
);
