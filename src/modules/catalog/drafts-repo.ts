/** All SQL of the catalogue workflow: drafts and published versions. */
import { and, count, desc, eq, inArray, max, type SQL, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { catalogDrafts, catalogVersions } from '../../db/schema/catalog.js';

export type DraftRow = typeof catalogDrafts.$inferSelect;
export type VersionRow = typeof catalogVersions.$inferSelect;
export type DraftStatus = DraftRow['status'];

export async function insertDraft(db: Runner, values: typeof catalogDrafts.$inferInsert): Promise<DraftRow> {
  const [row] = await db.insert(catalogDrafts).values(values).returning();
  return row as DraftRow;
}

export async function findDraft(db: Runner, id: number): Promise<DraftRow | undefined> {
  const [row] = await db.select().from(catalogDrafts).where(eq(catalogDrafts.id, id));
  return row;
}

/**
 * Change a draft only if it is still at the version the caller saw and in one of the expected
 * states; returns undefined when someone else changed it first.
 */
export async function updateDraft(
  db: Runner,
  id: number,
  expect: { version: number; statuses: DraftStatus[] },
  values: Partial<typeof catalogDrafts.$inferInsert>,
): Promise<DraftRow | undefined> {
  const [row] = await db
    .update(catalogDrafts)
    .set({ ...values, updatedAt: new Date(), version: sql`${catalogDrafts.version} + 1` })
    .where(and(eq(catalogDrafts.id, id), eq(catalogDrafts.version, expect.version), inArray(catalogDrafts.status, expect.statuses)))
    .returning();
  return row;
}

export interface DraftFilter {
  /** undefined: every department */
  departmentId?: number;
  statuses?: DraftStatus[];
  authorId?: number;
  section?: string;
  key?: string;
  limit: number;
  offset: number;
}

export async function listDrafts(db: Runner, f: DraftFilter) {
  const where: SQL[] = [];
  if (f.departmentId !== undefined) where.push(eq(catalogDrafts.departmentId, f.departmentId));
  if (f.statuses?.length) where.push(inArray(catalogDrafts.status, f.statuses));
  if (f.authorId !== undefined) where.push(eq(catalogDrafts.authorId, f.authorId));
  if (f.section) where.push(eq(catalogDrafts.section, f.section));
  if (f.key) where.push(eq(catalogDrafts.key, f.key));
  const condition = where.length ? and(...where) : undefined;
  const [total] = await db.select({ n: count() }).from(catalogDrafts).where(condition);
  const rows = await db
    .select()
    .from(catalogDrafts)
    .where(condition)
    .orderBy(desc(catalogDrafts.updatedAt), desc(catalogDrafts.id))
    .limit(f.limit)
    .offset(f.offset);
  return { total: Number(total?.n ?? 0), rows };
}

export async function countDrafts(db: Runner, f: Omit<DraftFilter, 'limit' | 'offset'>): Promise<number> {
  return (await listDrafts(db, { ...f, limit: 1, offset: 0 })).total;
}

export async function latestVersion(db: Runner, section: string, key: string): Promise<number> {
  const [row] = await db
    .select({ v: max(catalogVersions.version) })
    .from(catalogVersions)
    .where(and(eq(catalogVersions.section, section), eq(catalogVersions.key, key)));
  return row?.v ?? 0;
}

export async function insertVersion(db: Runner, values: typeof catalogVersions.$inferInsert): Promise<void> {
  await db.insert(catalogVersions).values(values);
}

export async function listVersions(db: Runner, section: string, key: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(catalogVersions)
    .where(and(eq(catalogVersions.section, section), eq(catalogVersions.key, key)))
    .orderBy(desc(catalogVersions.version))
    .limit(200);
}
