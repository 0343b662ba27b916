/**
 * Tables of the notify module: the outbox of e-mail and SMS, and every account's in-site
 * message box.
 */
import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

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
