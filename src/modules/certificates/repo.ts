/** SQL on the certificates table only (src/db/schema/certificates.ts). */
import { and, count, desc, eq, gte, ilike, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { certificates } from '../../db/schema/certificates.js';
import type { StaffFilter } from './forms.js';

export type CertificateRow = typeof certificates.$inferSelect;
export type NewCertificateRow = typeof certificates.$inferInsert;

/** Insert unless this case already issued this document; undefined when it had. */
export async function insertCertificate(tx: Runner, row: NewCertificateRow): Promise<CertificateRow | undefined> {
  const [inserted] = await tx.insert(certificates).values(row).onConflictDoNothing({ target: [certificates.sourceNo, certificates.kind, certificates.title] }).returning();
  return inserted;
}

export async function findBySource(db: Runner, sourceNo: string, kind: string, title: string): Promise<CertificateRow | undefined> {
  const [row] = await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.sourceNo, sourceNo), eq(certificates.kind, kind), eq(certificates.title, title)));
  return row;
}

export async function findByCode(db: Runner, code: string): Promise<CertificateRow | undefined> {
  const [row] = await db.select().from(certificates).where(eq(certificates.code, code));
  return row;
}

/** The row locked for a change. */
export async function lockByCode(tx: Runner, code: string): Promise<CertificateRow | undefined> {
  const [row] = await tx.select().from(certificates).where(eq(certificates.code, code)).for('update');
  return row;
}

/** Mark revoked, only if still valid at the version read; undefined when someone was first. */
export async function revoke(tx: Runner, id: number, version: number, by: { at: Date; reason: string; userId: number; name: string }) {
  const [row] = await tx
    .update(certificates)
    .set({ status: 'revoked', revokedAt: by.at, revokedReason: by.reason, revokedBy: by.userId, revokedByName: by.name, version: version + 1 })
    .where(and(eq(certificates.id, id), eq(certificates.version, version), eq(certificates.status, 'valid')))
    .returning();
  return row;
}

/** What a person holds: issued to them, or to their enterprise; newest first. */
export async function heldBy(db: Runner, holder: { userId: number; enterpriseId: number | null }): Promise<CertificateRow[]> {
  const mine = eq(certificates.holderUserId, holder.userId);
  return db
    .select()
    .from(certificates)
    .where(holder.enterpriseId ? or(mine, eq(certificates.holderEnterpriseId, holder.enterpriseId)) : mine)
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(500);
}

/** A department's issued documents (every department when `departmentId` is undefined), filtered and paged. */
export async function issuedBy(
  db: Runner,
  where: { departmentId: number | undefined; status: StaffFilter; q?: string; today: string; limit: number; offset: number },
): Promise<{ total: number; rows: CertificateRow[] }> {
  const conditions: (SQL | undefined)[] = [];
  if (where.departmentId !== undefined) conditions.push(eq(certificates.departmentId, where.departmentId));
  if (where.status === 'revoked') conditions.push(eq(certificates.status, 'revoked'));
  if (where.status === 'valid')
    conditions.push(eq(certificates.status, 'valid'), or(sql`${certificates.validUntil} is null`, gte(certificates.validUntil, where.today)));
  if (where.status === 'expired') conditions.push(eq(certificates.status, 'valid'), isNotNull(certificates.validUntil), lt(certificates.validUntil, where.today));
  if (where.q) {
    const like = `%${where.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(certificates.title, like), ilike(certificates.sourceNo, like), ilike(certificates.holderName, like), ilike(certificates.code, like)));
  }
  const condition = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(certificates).where(condition).orderBy(desc(certificates.issuedAt), desc(certificates.id)).limit(where.limit).offset(where.offset),
    db.select({ n: count() }).from(certificates).where(condition),
  ]);
  return { total: total?.n ?? 0, rows };
}

export async function countCertificates(db: Runner): Promise<number> {
  const [row] = await db.select({ n: count() }).from(certificates);
  return row?.n ?? 0;
}

/** The demo's revoked documents (no person to act; the seed only). */
export async function markRevokedForDemo(tx: Runner, id: number, by: { at: Date; reason: string; name: string }) {
  await tx
    .update(certificates)
    .set({ status: 'revoked', revokedAt: by.at, revokedReason: by.reason, revokedByName: by.name, version: sql`${certificates.version} + 1` })
    .where(eq(certificates.id, id));
}
