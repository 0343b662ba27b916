/**
 * Tables of the certificates module (电子证照库): the certificates, approval letters and decision
 * letters the portal issues when an application concludes, each with an unguessable code that
 * its QR code carries to the public verification page, and its revocation.
 *
 * What the record keeps of the holder is what the document shows: the name, the masked ID number
 * (never the whole one: the record is read by the public page) and an enterprise's credit code.
 * The `version` column guards revocation: a second revoker updates nothing and is told so.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { enterprises, users } from './accounts.js';
import { departments, items } from './catalog.js';

export const certificates = pgTable(
  'certificates',
  {
    id: serial('id').primaryKey(),
    /** 20 characters of a readable alphabet (100 random bits); shown in groups of five */
    code: text('code').notNull(),
    /** certificate (证照), approval_letter (批准文书), decision_letter (不予许可决定书) */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    holderUserId: integer('holder_user_id')
      .notNull()
      .references(() => users.id),
    holderEnterpriseId: integer('holder_enterprise_id').references(() => enterprises.id),
    holderName: text('holder_name').notNull(),
    holderIdMasked: text('holder_id_masked'),
    holderCreditCode: text('holder_credit_code'),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    itemName: text('item_name').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    /** the issuing department's name on the day of issue: the document keeps it */
    departmentName: text('department_name').notNull(),
    /** the 受理编号 of the application it concludes */
    sourceNo: text('source_no').notNull(),
    facts: jsonb('facts').$type<{ label: string; value: string }[]>().notNull().default([]),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    /** valid or revoked; expired is worked out from valid_until and the day */
    status: text('status').notNull().default('valid'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    revokedBy: integer('revoked_by').references(() => users.id),
    revokedByName: text('revoked_by_name'),
    version: integer('version').notNull().default(1),
  },
  (tb) => [
    uniqueIndex('certificates_code').on(tb.code),
    // a concluded case issues each document once, even if its conclusion is retried
    uniqueIndex('certificates_source').on(tb.sourceNo, tb.kind, tb.title),
    index('certificates_holder').on(tb.holderUserId, tb.issuedAt),
    index('certificates_enterprise').on(tb.holderEnterpriseId),
    index('certificates_department').on(tb.departmentId, tb.issuedAt),
    check('certificates_kind', sql`${tb.kind} in ('certificate', 'approval_letter', 'decision_letter')`),
    check('certificates_status', sql`${tb.status} in ('valid', 'revoked')`),
    check('certificates_revoked', sql`(${tb.status} = 'revoked') = (${tb.revokedAt} is not null)`),
    check('certificates_dates', sql`${tb.validUntil} is null or ${tb.validUntil} >= ${tb.validFrom}`),
  ],
);
