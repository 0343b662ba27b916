/**
 * Tables of the ratings module (好差评 and 整改), shared by every kind of service the portal
 * concludes: an application (受理编号) today, a booking next. A ratable is opened by the module
 * that concluded the service, in its own transaction; the rater rates it once (the level and
 * reasons are written onto the same row, `where level is null`, so two submissions can never both
 * count), may add one 追评, and every 不满意 or 非常不满意 opens one rectification (整改) case for
 * the department, closed with what was done and a callback record (回访).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { departments } from './catalog.js';

export const ratables = pgTable(
  'ratables',
  {
    id: serial('id').primaryKey(),
    /** 'application' | 'booking' */
    kind: text('kind').notNull(),
    /** the 受理编号 / booking code */
    subjectRef: text('subject_ref').notNull(),
    title: text('title').notNull(),
    itemId: integer('item_id'),
    itemName: text('item_name'),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    /** the one person who may rate it */
    raterUserId: integer('rater_user_id')
      .notNull()
      .references(() => users.id),
    /** where the rater sees the case */
    detailUrl: text('detail_url').notNull(),
    concludedAt: timestamp('concluded_at', { withTimezone: true }).notNull(),
    /** the invitation to rate went out (once, 3 days after conclusion without a rating) */
    invitedAt: timestamp('invited_at', { withTimezone: true }),
    /** very_satisfied | satisfied | basically | unsatisfied | very_unsatisfied; null until rated */
    level: text('level'),
    /** the ticked reasons' codes (model.ts REASONS) */
    reasons: jsonb('reasons').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    comment: text('comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    /** the API's Idempotency-Key of the rating, so a retried POST gets the same answer */
    ratingKey: text('rating_key'),
    /** 追评: one later remark, which changes neither the level nor the statistics */
    followUp: text('follow_up'),
    followUpAt: timestamp('follow_up_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (tb) => [
    uniqueIndex('ratables_subject_idx').on(tb.kind, tb.subjectRef),
    index('ratables_rater_idx').on(tb.raterUserId, tb.concludedAt),
    index('ratables_department_idx').on(tb.departmentId, tb.level),
    index('ratables_uninvited_idx').on(tb.concludedAt).where(sql`${tb.level} is null and ${tb.invitedAt} is null`),
    check('ratables_level_check', sql`${tb.level} is null or ${tb.level} in ('very_satisfied','satisfied','basically','unsatisfied','very_unsatisfied')`),
    check('ratables_kind_check', sql`${tb.kind} in ('application','booking')`),
  ],
);

export const rectifications = pgTable(
  'rectifications',
  {
    id: serial('id').primaryKey(),
    /** one case per bad rating */
    ratableId: integer('ratable_id')
      .notNull()
      .references(() => ratables.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    /** open | closed */
    status: text('status').notNull().default('open'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    /** 15 working days after opening (holiday calendar) */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** flagged overdue by the scheduler (once; the department is told) */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    /** 整改措施: what the department did */
    measures: text('measures'),
    /** 回访: when (YYYY-MM-DD), how (phone, visit, sms, online), what the citizen said, and how satisfied they were */
    callbackDate: text('callback_date'),
    callbackMethod: text('callback_method'),
    callbackResult: text('callback_result'),
    callbackNote: text('callback_note'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: integer('closed_by').references(() => users.id),
    closedByName: text('closed_by_name'),
    version: integer('version').notNull().default(1),
  },
  (tb) => [
    uniqueIndex('rectifications_ratable_idx').on(tb.ratableId),
    index('rectifications_queue_idx').on(tb.departmentId, tb.status, tb.dueAt),
    check('rectifications_status_check', sql`${tb.status} in ('open','closed')`),
  ],
);
