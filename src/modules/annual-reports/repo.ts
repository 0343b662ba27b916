/** The annual reports' SQL: their own table only. */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { annualReports } from '../../db/schema/annual-reports.js';

export type ReportRow = typeof annualReports.$inferSelect;
export type NewReportRow = typeof annualReports.$inferInsert;

export async function byOrgYear(db: Runner, orgId: number, year: number): Promise<ReportRow | undefined> {
  const [r] = await db.select().from(annualReports).where(and(eq(annualReports.orgId, orgId), eq(annualReports.year, year)));
  return r;
}

export async function byId(db: Runner, id: number): Promise<ReportRow | undefined> {
  const [r] = await db.select().from(annualReports).where(eq(annualReports.id, id));
  return r;
}

export async function lockById(db: Runner, id: number): Promise<ReportRow | undefined> {
  const [r] = await db.select().from(annualReports).where(eq(annualReports.id, id)).for('update');
  return r;
}

export async function insertReport(db: Runner, row: NewReportRow): Promise<ReportRow> {
  const [r] = await db.insert(annualReports).values(row).onConflictDoNothing().returning();
  return r!;
}

export async function updateReport(db: Runner, id: number, version: number, set: Partial<NewReportRow>): Promise<ReportRow | undefined> {
  const [r] = await db
    .update(annualReports)
    .set({ ...set, version: version + 1, updatedAt: new Date() })
    .where(and(eq(annualReports.id, id), eq(annualReports.version, version)))
    .returning();
  return r;
}

export async function listForOrgs(db: Runner, orgIds: number[] | null): Promise<ReportRow[]> {
  const q = db.select().from(annualReports);
  return (orgIds ? q.where(inArray(annualReports.orgId, orgIds.length ? orgIds : [-1])) : q).orderBy(desc(annualReports.year), asc(annualReports.orgId));
}

/** every published report, newest year first */
export async function publishedAll(db: Runner): Promise<ReportRow[]> {
  return db.select().from(annualReports).where(eq(annualReports.status, 'published')).orderBy(desc(annualReports.year), annualReports.orgId);
}

export async function publishedOfOrg(db: Runner, orgId: number): Promise<ReportRow[]> {
  return db.select().from(annualReports).where(and(eq(annualReports.orgId, orgId), eq(annualReports.status, 'published'))).orderBy(desc(annualReports.year));
}
