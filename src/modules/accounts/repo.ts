/** All SQL of accounts: people, enterprises, sessions, one-time codes, sign-in throttling, API tokens. */
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { apiTokens, enterprises, loginThrottle, sessions, userIdentities, users, verificationCodes } from '../../db/schema/accounts.js';
import { meta } from '../../db/schema/core.js';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;
export type EnterpriseRow = typeof enterprises.$inferSelect;

// ---- people ----------------------------------------------------------------------------------

export async function findUserByUsername(db: Runner, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

export async function findUserById(db: Runner, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByContact(db: Runner, kind: 'phone' | 'email', value: string): Promise<UserRow | undefined> {
  const where = kind === 'phone' ? eq(users.phone, value) : sql`lower(${users.email}) = ${value}`;
  const [row] = await db.select().from(users).where(where);
  return row;
}

export async function idNumberTaken(db: Runner, hash: string, exceptUserId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.idNumberHash, hash), sql`${users.id} <> ${exceptUserId}`));
  return !!row;
}

export async function insertUser(db: Runner, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row as UserRow;
}

export async function updateUser(db: Runner, id: number, values: Partial<typeof users.$inferInsert>): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(eq(users.id, id))
    .returning();
  return row;
}

export interface StaffFilter {
  departmentId?: number;
  q?: string;
  limit: number;
  offset: number;
}

export async function listStaff(db: Runner, f: StaffFilter) {
  const where: SQL[] = [eq(users.kind, 'staff')];
  if (f.departmentId !== undefined) where.push(eq(users.departmentId, f.departmentId));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(sql`${users.username} ilike ${like}`, sql`${users.displayName} ilike ${like}`) as SQL);
  }
  const condition = and(...where);
  const [total] = await db.select({ n: count() }).from(users).where(condition);
  const rows = await db
    .select()
    .from(users)
    .where(condition)
    .orderBy(asc(users.departmentId), asc(users.username))
    .limit(f.limit)
    .offset(f.offset);
  return { total: Number(total?.n ?? 0), rows };
}

/** Who to notify: active accounts among `ids`, or active staff of the departments (null: portal-wide) with the roles. */
export async function contacts(db: Runner, where: { ids: number[] } | { departmentIds: (number | null)[]; roles: string[] }) {
  const departments = () => {
    const ids = (where as { departmentIds: (number | null)[] }).departmentIds;
    const numbered = ids.filter((d): d is number => d !== null);
    return or(inArray(users.departmentId, numbered.length ? numbered : [-1]), ids.includes(null) ? isNull(users.departmentId) : undefined);
  };
  const condition =
    'ids' in where
      ? inArray(users.id, where.ids.length ? where.ids : [-1])
      : and(eq(users.kind, 'staff'), departments(), inArray(users.role, where.roles));
  return db
    .select({ id: users.id, departmentId: users.departmentId, phone: users.phone, email: users.email, notifyChannels: users.notifyChannels })
    .from(users)
    .where(and(eq(users.status, 'active'), condition));
}

/** Display names of the accounts among `ids` (one statement, however many). */
export async function displayNames(db: Runner, ids: number[]): Promise<{ id: number; displayName: string }[]> {
  if (!ids.length) return [];
  return db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
}

// ---- enterprises -----------------------------------------------------------------------------

export async function findEnterpriseByCreditCode(db: Runner, creditCode: string): Promise<EnterpriseRow | undefined> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.creditCode, creditCode));
  return row;
}

export async function findEnterprise(db: Runner, id: number): Promise<EnterpriseRow | undefined> {
  const [row] = await db.select().from(enterprises).where(eq(enterprises.id, id));
  return row;
}

export async function insertEnterprise(db: Runner, values: { name: string; creditCode: string }): Promise<EnterpriseRow> {
  const [row] = await db.insert(enterprises).values(values).returning();
  return row as EnterpriseRow;
}

export async function enterpriseMembers(db: Runner, enterpriseId: number): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.enterpriseId, enterpriseId)).orderBy(asc(users.id));
}

// ---- identity platform -----------------------------------------------------------------------

export async function userIdByIdentity(db: Runner, issuer: string, subject: string): Promise<number | undefined> {
  const [row] = await db
    .select({ userId: userIdentities.userId })
    .from(userIdentities)
    .where(and(eq(userIdentities.issuer, issuer), eq(userIdentities.subject, subject)));
  return row?.userId;
}

export async function linkIdentity(db: Runner, issuer: string, subject: string, userId: number): Promise<void> {
  await db.insert(userIdentities).values({ issuer, subject, userId }).onConflictDoNothing();
}

// ---- sessions --------------------------------------------------------------------------------

export async function insertSession(db: Runner, id: string, userId: number, expiresAt: Date): Promise<void> {
  await db.insert(sessions).values({ id, userId, expiresAt });
}

export async function sessionUser(db: Runner, id: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())));
  return row?.user;
}

export async function deleteSession(db: Runner, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOf(db: Runner, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpired(db: Runner): Promise<void> {
  const now = new Date();
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.delete(verificationCodes).where(lt(verificationCodes.expiresAt, new Date(now.getTime() - 86_400_000)));
}

// ---- one-time codes --------------------------------------------------------------------------

export async function insertCode(db: Runner, values: typeof verificationCodes.$inferInsert): Promise<void> {
  await db.insert(verificationCodes).values(values);
}

/** Codes sent to this target for this purpose since `since` (to pace sending). */
export async function codesSince(db: Runner, target: string, purpose: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: verificationCodes.createdAt })
    .from(verificationCodes)
    .where(and(eq(verificationCodes.target, target), eq(verificationCodes.purpose, purpose as 'signup'), gt(verificationCodes.createdAt, since)))
    .orderBy(desc(verificationCodes.createdAt));
  return rows.map((r) => r.at);
}

/** The newest live code for the target, locked for the check. */
export async function liveCode(db: Runner, target: string, purpose: string) {
  const [row] = await db
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.target, target),
        eq(verificationCodes.purpose, purpose as 'signup'),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1)
    .for('update');
  return row;
}

export async function countCodeAttempt(db: Runner, id: number): Promise<void> {
  await db.update(verificationCodes).set({ attempts: sql`${verificationCodes.attempts} + 1` }).where(eq(verificationCodes.id, id));
}

export async function consumeCode(db: Runner, id: number): Promise<void> {
  await db.update(verificationCodes).set({ consumedAt: new Date() }).where(eq(verificationCodes.id, id));
}

// ---- sign-in throttling ----------------------------------------------------------------------

export async function lockedUntil(db: Runner, key: string): Promise<Date | undefined> {
  const [row] = await db.select({ until: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.key, key));
  return row?.until && row.until > new Date() ? row.until : undefined;
}

/**
 * Count a failure; failures older than the window start a new count. Locks the key for
 * `lockSeconds` when the count reaches `max`. One statement, so parallel attempts all count.
 */
export async function recordFailure(db: Runner, key: string, max: number, windowSeconds: number, lockSeconds: number): Promise<void> {
  await db.execute(sql`
    insert into login_throttle (key, failures, window_start) values (${key}, 1, now())
    on conflict (key) do update set
      failures = case when login_throttle.window_start < now() - make_interval(secs => ${windowSeconds}) then 1 else login_throttle.failures + 1 end,
      window_start = case when login_throttle.window_start < now() - make_interval(secs => ${windowSeconds}) then now() else login_throttle.window_start end,
      locked_until = case
        when login_throttle.window_start >= now() - make_interval(secs => ${windowSeconds}) and login_throttle.failures + 1 >= ${max}
        then now() + make_interval(secs => ${lockSeconds}) else login_throttle.locked_until end`);
}

/** Failures counted against the key in the current window (0 when its window has passed). */
export async function failuresOf(db: Runner, key: string, windowSeconds: number): Promise<number> {
  const [row] = await db
    .select({ n: loginThrottle.failures })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.key, key), sql`${loginThrottle.windowStart} >= now() - make_interval(secs => ${windowSeconds})`));
  return row?.n ?? 0;
}

export async function clearFailures(db: Runner, key: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
}

// ---- API tokens ------------------------------------------------------------------------------

export async function insertToken(db: Runner, values: typeof apiTokens.$inferInsert): Promise<TokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row as TokenRow;
}

export async function tokenWithUser(db: Runner, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash));
  return row;
}

export async function touchToken(db: Runner, id: number): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(Date.now() - 60_000)))));
}

export async function listTokens(db: Runner, userId: number | undefined) {
  return db
    .select({ token: apiTokens, userName: users.displayName, username: users.username })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(userId === undefined ? undefined : eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
}

export async function findToken(db: Runner, id: number): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

export async function revokeToken(db: Runner, id: number): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: new Date() }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
}

// ---- settings --------------------------------------------------------------------------------

export async function getMeta(db: Runner, key: string): Promise<string | undefined> {
  const [row] = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, key));
  return row?.value;
}

/** Insert the value unless one is there; returns whichever value the table holds afterwards. */
export async function putMetaOnce(db: Runner, key: string, value: string): Promise<string> {
  await db.insert(meta).values({ key, value }).onConflictDoNothing();
  return (await getMeta(db, key)) as string;
}
