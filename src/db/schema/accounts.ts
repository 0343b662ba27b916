/**
 * Tables of the accounts module: people (staff, citizens, enterprise people), enterprises,
 * identity-platform logins, sessions, one-time codes, sign-in throttling and API tokens.
 */
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments } from './catalog.js';

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

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
