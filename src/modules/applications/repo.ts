/**
 * All SQL of applications, on its own tables only (db/schema/applications.ts): the cases, the
 * departments working on them, materials, opinions, history and 补正 notices. A department's or
 * a person's name is never joined here: present.ts takes them from the catalog's and the
 * accounts' faces.
 */
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import {
  applicationCorrections,
  applicationDepartments,
  applicationEvents,
  applicationMaterials,
  applicationNoSeq,
  applicationOpenings,
  applicationOpinions,
  applications,
} from '../../db/schema/applications.js';
import type { ApplicationStatus } from './machine.js';

export type ApplicationRow = typeof applications.$inferSelect;
export type NewApplicationRow = typeof applications.$inferInsert;
export type DepartmentRow = typeof applicationDepartments.$inferSelect;
export type MaterialRow = typeof applicationMaterials.$inferSelect;
export type NewMaterialRow = typeof applicationMaterials.$inferInsert;
export type OpinionRow = typeof applicationOpinions.$inferSelect;
export type EventRow = typeof applicationEvents.$inferSelect;
export type NewEventRow = typeof applicationEvents.$inferInsert;
export type CorrectionRow = typeof applicationCorrections.$inferSelect;

const MAX_ID = 2_147_483_647;
const validId = (id: number) => Number.isInteger(id) && id > 0 && id <= MAX_ID;

// ---- cases --------------------------------------------------------------------------------------

export async function insertApplication(db: Runner, row: NewApplicationRow): Promise<ApplicationRow | undefined> {
  const [created] = await db.insert(applications).values(row).onConflictDoNothing().returning();
  return created;
}

export async function findById(db: Runner, id: number): Promise<ApplicationRow | undefined> {
  if (!validId(id)) return undefined;
  const [row] = await db.select().from(applications).where(eq(applications.id, id));
  return row;
}

export async function findByNo(db: Runner, no: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.no, no));
  return row;
}

/**
 * The case, locked for the rest of the transaction: two people acting on one case at once are
 * served one after the other, the second reading what the first wrote.
 */
export async function lockById(db: Runner, id: number): Promise<ApplicationRow | undefined> {
  if (!validId(id)) return undefined;
  const [row] = await db.select().from(applications).where(eq(applications.id, id)).for('update');
  return row;
}

export async function findByIdempotencyKey(db: Runner, key: string): Promise<ApplicationRow | undefined> {
  const [row] = await db.select().from(applications).where(eq(applications.idempotencyKey, key));
  return row;
}

/** Change a case only if its version is still `version`; undefined when someone changed it since. */
export async function updateApplication(db: Runner, id: number, version: number, changes: Partial<NewApplicationRow>): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .update(applications)
    .set({ ...changes, version: version + 1, updatedAt: new Date() })
    .where(and(eq(applications.id, id), eq(applications.version, version)))
    .returning();
  return row;
}

/** The next running number of a 受理编号. */
export async function nextNumber(db: Runner): Promise<number> {
  const rows = (await db.execute(sql`select nextval(${sql.raw(`'${applicationNoSeq.seqName}'`)})::int as n`)) as unknown as { rows: { n: number }[] };
  return Number(rows.rows[0]!.n);
}

/**
 * A 受理编号's running number and `materials` ids for the rows a submission will write, in one
 * round trip (taken before the transaction: a sequence is not rolled back either way, so a
 * failed submission leaves the same gap it always did).
 */
export async function reserveNumbers(db: Runner, materials: number): Promise<{ no: number; materialIds: number[] }> {
  const rows = (await db.execute(
    sql`select nextval(${sql.raw(`'${applicationNoSeq.seqName}'`)})::int as n, array(select nextval(pg_get_serial_sequence('application_materials', 'id'))::int from generate_series(1, ${materials}::int)) as ids`,
  )) as unknown as { rows: { n: number; ids: number[] }[] };
  const row = rows.rows[0]!;
  return { no: Number(row.n), materialIds: row.ids.map(Number) };
}

/** The people's own cases (as applicant, or of their enterprise), newest first. */
export async function listMine(db: Runner, who: { userId: number; enterpriseId: number | null }, page: { status?: ApplicationStatus[]; limit: number; offset: number }) {
  const mine = who.enterpriseId ? or(eq(applications.applicantId, who.userId), eq(applications.enterpriseId, who.enterpriseId)) : eq(applications.applicantId, who.userId);
  const where = and(mine, page.status?.length ? inArray(applications.status, page.status) : undefined);
  const [rows, [total]] = await Promise.all([
    db.select().from(applications).where(where).orderBy(desc(applications.updatedAt), desc(applications.id)).limit(page.limit).offset(page.offset),
    db.select({ n: count() }).from(applications).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export interface QueueQuery {
  /** the departments whose cases are listed; undefined: every department (portal-wide roles) */
  departmentId?: number;
  /** also every submitted case of any department (a 综合窗口 clerk's queue) */
  window?: boolean;
  /** only the cases the current stage waits on this department for */
  pending?: boolean;
  status?: ApplicationStatus[];
  itemId?: number;
  /** due within this moment (due soon), or past it (overdue) */
  dueBefore?: Date;
  overdueAt?: Date;
  /** only automatic decisions (秒批) drawn for 复核 and not yet reviewed */
  reviewPending?: boolean;
  limit: number;
  offset: number;
}

/** A staff queue: never a draft; the department's own (lead, route, added) or the window's. */
export async function queue(db: Runner, q: QueueQuery) {
  const conditions: (SQL | undefined)[] = [sql`${applications.status} <> 'draft'`];
  if (q.departmentId !== undefined) {
    const works = sql`exists (select 1 from ${applicationDepartments} d where d.application_id = ${applications.id} and d.department_id = ${q.departmentId}${q.pending ? sql` and d.pending` : sql``})`;
    conditions.push(q.window ? or(works, eq(applications.status, 'submitted')) : works);
  }
  if (q.status?.length) conditions.push(inArray(applications.status, q.status));
  if (q.itemId) conditions.push(eq(applications.itemId, q.itemId));
  // due soon / overdue: only a case whose clock runs (a concluded case keeps its due date, but is not late)
  const running = inArray(applications.status, ['accepted', 'reviewing']);
  if (q.dueBefore) conditions.push(and(running, isNotNull(applications.dueAt), lte(applications.dueAt, q.dueBefore)));
  if (q.overdueAt) conditions.push(and(running, isNotNull(applications.dueAt), lt(applications.dueAt, q.overdueAt)));
  if (q.reviewPending) conditions.push(and(eq(applications.reviewSample, true), isNull(applications.reviewedAt)));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(applications)
      .where(where)
      .orderBy(sql`${applications.dueAt} asc nulls last`, asc(applications.submittedAt), asc(applications.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: count() }).from(applications).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Running cases due by `soon` not yet reminded (the scheduler's due-soon reminders). */
export async function dueForReminder(db: Runner, soon: Date, limit = 200) {
  return db
    .select({ id: applications.id, itemId: applications.itemId })
    .from(applications)
    .where(and(inArray(applications.status, ['accepted', 'reviewing']), isNotNull(applications.dueAt), lte(applications.dueAt, soon), isNull(applications.remindedAt)))
    .limit(limit);
}

/** Running cases past their deadline not yet flagged. */
export async function overdue(db: Runner, now: Date, limit = 200) {
  return db
    .select({ id: applications.id, itemId: applications.itemId })
    .from(applications)
    .where(and(inArray(applications.status, ['accepted', 'reviewing']), isNotNull(applications.dueAt), lt(applications.dueAt, now), isNull(applications.overdueAt)))
    .limit(limit);
}

/** Set a flag once: only the process whose update finds it unset goes on to tell people. */
export async function markOnce(db: Runner, id: number, column: 'remindedAt' | 'overdueAt', at: Date): Promise<ApplicationRow | undefined> {
  const [row] = await db
    .update(applications)
    .set({ [column]: at })
    .where(and(eq(applications.id, id), isNull(applications[column]), inArray(applications.status, ['accepted', 'reviewing'])))
    .returning();
  return row;
}

export async function countApplications(db: Runner): Promise<number> {
  const [row] = await db.select({ n: count() }).from(applications);
  return Number(row?.n ?? 0);
}

// ---- departments on a case ------------------------------------------------------------------------

export async function departmentsOf(db: Runner, applicationId: number): Promise<DepartmentRow[]> {
  return db.select().from(applicationDepartments).where(eq(applicationDepartments.applicationId, applicationId));
}

/** Replace the case's departments (acceptance, and after each step of the route). */
export async function setDepartments(db: Runner, applicationId: number, rows: Omit<DepartmentRow, 'applicationId'>[]): Promise<void> {
  await db.delete(applicationDepartments).where(eq(applicationDepartments.applicationId, applicationId));
  if (rows.length) await db.insert(applicationDepartments).values(rows.map((r) => ({ ...r, applicationId })));
}

// ---- materials ------------------------------------------------------------------------------------

export async function materialsOf(db: Runner, applicationId: number): Promise<MaterialRow[]> {
  return db.select().from(applicationMaterials).where(eq(applicationMaterials.applicationId, applicationId)).orderBy(asc(applicationMaterials.id));
}

export async function findMaterial(db: Runner, id: number): Promise<MaterialRow | undefined> {
  if (!validId(id)) return undefined;
  const [row] = await db.select().from(applicationMaterials).where(eq(applicationMaterials.id, id));
  return row;
}

export async function insertMaterials(db: Runner, rows: NewMaterialRow[]): Promise<MaterialRow[]> {
  if (!rows.length) return [];
  return db.insert(applicationMaterials).values(rows).returning();
}

export async function deleteMaterial(db: Runner, applicationId: number, id: number): Promise<boolean> {
  if (!validId(id)) return false;
  const rows = await db
    .delete(applicationMaterials)
    .where(and(eq(applicationMaterials.id, id), eq(applicationMaterials.applicationId, applicationId)))
    .returning({ id: applicationMaterials.id });
  return rows.length > 0;
}

/** A case's submitted materials become accepted (reusable in the person's later cases) at acceptance. */
export async function acceptMaterials(db: Runner, applicationId: number): Promise<void> {
  await db.update(applicationMaterials).set({ status: 'accepted' }).where(and(eq(applicationMaterials.applicationId, applicationId), eq(applicationMaterials.status, 'submitted')));
}

/** Materials the person may reuse (材料复用): uploaded and accepted in an earlier case of theirs. */
export async function reusableMaterials(db: Runner, who: { userId: number; enterpriseId: number | null }, limit = 100) {
  const mine = who.enterpriseId ? or(eq(applications.applicantId, who.userId), eq(applications.enterpriseId, who.enterpriseId)) : eq(applications.applicantId, who.userId);
  return db
    .select({ material: applicationMaterials, no: applications.no, itemId: applications.itemId })
    .from(applicationMaterials)
    .innerJoin(applications, eq(applications.id, applicationMaterials.applicationId))
    .where(and(mine, eq(applicationMaterials.status, 'accepted'), inArray(applicationMaterials.source, ['upload', 'reused'])))
    .orderBy(desc(applicationMaterials.id))
    .limit(limit);
}

// ---- opinions, history, corrections ----------------------------------------------------------------

/** An opinion; a second decision of one department on one stage in one round is refused by the unique index. */
export async function insertOpinion(db: Runner, row: typeof applicationOpinions.$inferInsert): Promise<OpinionRow | undefined> {
  const [created] = await db.insert(applicationOpinions).values(row).onConflictDoNothing().returning();
  return created;
}

export async function opinionsOf(db: Runner, applicationId: number): Promise<OpinionRow[]> {
  return db.select().from(applicationOpinions).where(eq(applicationOpinions.applicationId, applicationId)).orderBy(asc(applicationOpinions.at), asc(applicationOpinions.id));
}

export async function insertEvents(db: Runner, rows: NewEventRow[]): Promise<void> {
  if (rows.length) await db.insert(applicationEvents).values(rows);
}

export async function eventsOf(db: Runner, applicationId: number, withInternal: boolean): Promise<EventRow[]> {
  return db
    .select()
    .from(applicationEvents)
    .where(and(eq(applicationEvents.applicationId, applicationId), withInternal ? undefined : eq(applicationEvents.internal, false)))
    .orderBy(asc(applicationEvents.at), asc(applicationEvents.id));
}

export async function insertCorrection(db: Runner, row: typeof applicationCorrections.$inferInsert): Promise<CorrectionRow> {
  const [created] = await db.insert(applicationCorrections).values(row).returning();
  return created as CorrectionRow;
}

export async function correctionsOf(db: Runner, applicationId: number): Promise<CorrectionRow[]> {
  return db.select().from(applicationCorrections).where(eq(applicationCorrections.applicationId, applicationId)).orderBy(asc(applicationCorrections.requestedAt), asc(applicationCorrections.id));
}

/** The open notice is answered: the applicant resubmitted. */
export async function closeCorrections(db: Runner, applicationId: number, at: Date): Promise<void> {
  await db
    .update(applicationCorrections)
    .set({ resubmittedAt: at })
    .where(and(eq(applicationCorrections.applicationId, applicationId), isNull(applicationCorrections.resubmittedAt)));
}

// ---- 免申即享 openings (operations/proactive.ts) -------------------------------------------------------

export type OpeningRow = typeof applicationOpenings.$inferSelect;

/**
 * The people whose ID number the portal holds from a case they submitted (the latest such case
 * of each), for the 免申即享 job; the caller keeps only numbers the account proved.
 */
export async function peopleWithIdNumbers(db: Runner, limit = 100_000) {
  const rows = (await db.execute(sql`
    select distinct on (applicant_id) applicant_id as "userId", enterprise_id as "enterpriseId", form, answers
    from ${applications}
    where no is not null and form is not null and jsonb_path_exists(form, '$.fields[*] ? (@.type == "idNumber")')
    order by applicant_id, id desc
    limit ${limit}`)) as unknown as { rows: { userId: number; enterpriseId: number | null; form: unknown; answers: Record<string, unknown> }[] };
  return rows.rows.map((r) => ({ ...r, userId: Number(r.userId), enterpriseId: r.enterpriseId === null ? null : Number(r.enterpriseId) }));
}

/** Who already has a case (any status but withdrawn) or an opening for each of these items. */
export async function alreadyOpened(db: Runner, itemIds: number[]): Promise<Set<string>> {
  if (!itemIds.length) return new Set();
  const [cases, openings] = await Promise.all([
    db.selectDistinct({ userId: applications.applicantId, itemId: applications.itemId }).from(applications).where(and(inArray(applications.itemId, itemIds), sql`${applications.status} <> 'withdrawn'`)),
    db.select({ userId: applicationOpenings.userId, itemId: applicationOpenings.itemId }).from(applicationOpenings).where(inArray(applicationOpenings.itemId, itemIds)),
  ]);
  return new Set([...cases, ...openings].map((r) => `${r.userId}:${r.itemId}`));
}

/** One opening per person and item, ever: undefined when there is one already. */
export async function insertOpening(db: Runner, row: typeof applicationOpenings.$inferInsert): Promise<OpeningRow | undefined> {
  const [created] = await db.insert(applicationOpenings).values(row).onConflictDoNothing().returning();
  return created;
}

export async function findOpening(db: Runner, id: number, lock = false): Promise<OpeningRow | undefined> {
  if (!validId(id)) return undefined;
  const q = db.select().from(applicationOpenings).where(eq(applicationOpenings.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function updateOpening(db: Runner, id: number, changes: Partial<typeof applicationOpenings.$inferInsert>): Promise<void> {
  await db.update(applicationOpenings).set(changes).where(eq(applicationOpenings.id, id));
}

/** A person's openings still waiting for them: their draft not yet submitted. */
export async function openOpenings(db: Runner, userId: number) {
  return db
    .select({ opening: applicationOpenings, application: applications })
    .from(applicationOpenings)
    .innerJoin(applications, eq(applications.id, applicationOpenings.applicationId))
    .where(and(eq(applicationOpenings.userId, userId), eq(applicationOpenings.status, 'open'), eq(applications.status, 'draft')))
    .orderBy(desc(applicationOpenings.id))
    .limit(50);
}

/** Remove a draft (a declined opening); never a submitted case. */
export async function deleteDraft(db: Runner, id: number): Promise<boolean> {
  const rows = await db.delete(applications).where(and(eq(applications.id, id), eq(applications.status, 'draft'))).returning({ id: applications.id });
  return rows.length > 0;
}

// ---- 一件事一次办 (operations/bundles.ts) --------------------------------------------------------

/** The linked cases of one bundle submission, in the order they were created. */
export async function bundleMembers(db: Runner, bundleNo: string): Promise<ApplicationRow[]> {
  return db.select().from(applications).where(eq(applications.bundleNo, bundleNo)).orderBy(asc(applications.id));
}

/** The bundle numbers of a person's (or their enterprise's) 一件事, newest first. */
export async function myBundleNos(db: Runner, who: { userId: number; enterpriseId: number | null }, limit = 20): Promise<string[]> {
  const mine = who.enterpriseId ? or(eq(applications.applicantId, who.userId), eq(applications.enterpriseId, who.enterpriseId)) : eq(applications.applicantId, who.userId);
  const rows = await db
    .select({ no: applications.bundleNo, last: sql<number>`max(${applications.id})` })
    .from(applications)
    .where(and(mine, isNotNull(applications.bundleNo)))
    .groupBy(applications.bundleNo)
    .orderBy(desc(sql`max(${applications.id})`))
    .limit(limit);
  return rows.map((r) => r.no as string);
}
