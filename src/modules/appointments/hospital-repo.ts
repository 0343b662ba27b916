/**
 * All SQL of hospital registration, on its own tables only (db/schema/hospitals.ts). A
 * registration takes its place with one conditional UPDATE of the session row (`booked < quota
 * and status = 'open'`): the row lock serialises concurrent attempts, the CHECK backs it.
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { type RegistrationStatus, hospAdmins, hospDepartments, hospDoctors, hospHospitals, hospRegistrations, hospSessions } from '../../db/schema/hospitals.js';

export type HospitalRow = typeof hospHospitals.$inferSelect;
export type DepartmentRow = typeof hospDepartments.$inferSelect;
export type DoctorRow = typeof hospDoctors.$inferSelect;
export type SessionRow = typeof hospSessions.$inferSelect;
export type RegistrationRow = typeof hospRegistrations.$inferSelect;

const first = <T>(rows: T[]): T | undefined => rows[0];

// ---- hospitals, departments, doctors --------------------------------------------------------------

export const allHospitals = (db: Runner) => db.select().from(hospHospitals).orderBy(asc(hospHospitals.sort), asc(hospHospitals.id));
export const hospitalBySlug = async (db: Runner, slug: string) => first(await db.select().from(hospHospitals).where(eq(hospHospitals.slug, slug)));
export const findHospital = async (db: Runner, id: number) => first(await db.select().from(hospHospitals).where(eq(hospHospitals.id, id)));
export const insertHospital = async (db: Runner, row: typeof hospHospitals.$inferInsert) => (await db.insert(hospHospitals).values(row).returning())[0] as HospitalRow;
export const updateHospital = async (db: Runner, id: number, set: Partial<typeof hospHospitals.$inferInsert>) =>
  first(await db.update(hospHospitals).set(set).where(eq(hospHospitals.id, id)).returning());

export const departmentsOf = (db: Runner, hospitalId?: number) =>
  db
    .select()
    .from(hospDepartments)
    .where(hospitalId === undefined ? undefined : eq(hospDepartments.hospitalId, hospitalId))
    .orderBy(asc(hospDepartments.sort), asc(hospDepartments.id));
export const findDepartment = async (db: Runner, id: number) => first(await db.select().from(hospDepartments).where(eq(hospDepartments.id, id)));
export const insertDepartment = async (db: Runner, row: typeof hospDepartments.$inferInsert) => (await db.insert(hospDepartments).values(row).returning())[0] as DepartmentRow;
export async function setBeds(db: Runner, id: number, hospitalId: number, total: number, free: number, at: Date) {
  return first(
    await db
      .update(hospDepartments)
      .set({ bedsTotal: total, bedsFree: free, bedsUpdatedAt: at })
      .where(and(eq(hospDepartments.id, id), eq(hospDepartments.hospitalId, hospitalId)))
      .returning(),
  );
}

export const doctorsOf = (db: Runner, where: { departmentId?: number; hospitalId?: number }) =>
  db
    .select()
    .from(hospDoctors)
    .where(and(where.departmentId !== undefined ? eq(hospDoctors.departmentId, where.departmentId) : undefined, where.hospitalId !== undefined ? eq(hospDoctors.hospitalId, where.hospitalId) : undefined))
    .orderBy(asc(hospDoctors.sort), asc(hospDoctors.id));
export const allDoctors = (db: Runner) => db.select().from(hospDoctors).orderBy(asc(hospDoctors.id));
export const findDoctor = async (db: Runner, id: number) => first(await db.select().from(hospDoctors).where(eq(hospDoctors.id, id)));
export const insertDoctor = async (db: Runner, row: typeof hospDoctors.$inferInsert) => (await db.insert(hospDoctors).values(row).returning())[0] as DoctorRow;
export const setWeekly = async (db: Runner, id: number, weekly: Record<string, number>) =>
  first(await db.update(hospDoctors).set({ weekly }).where(eq(hospDoctors.id, id)).returning());

// ---- sessions (号源) --------------------------------------------------------------------------------

/** Make the half-days that do not exist yet; existing ones (booked, changed, 停诊) are left alone. */
export async function insertSessions(db: Runner, rows: (typeof hospSessions.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  const made = await db.insert(hospSessions).values(rows).onConflictDoNothing().returning({ id: hospSessions.id });
  return made.length;
}

export const sessionsOfDoctor = (db: Runner, doctorId: number, from: string, to: string) =>
  db
    .select()
    .from(hospSessions)
    .where(and(eq(hospSessions.doctorId, doctorId), gte(hospSessions.day, from), lte(hospSessions.day, to)))
    .orderBy(asc(hospSessions.day), asc(hospSessions.half));
export const sessionsOfDepartment = (db: Runner, departmentId: number, from: string, to: string) =>
  db
    .select()
    .from(hospSessions)
    .where(and(eq(hospSessions.departmentId, departmentId), gte(hospSessions.day, from), lte(hospSessions.day, to)))
    .orderBy(asc(hospSessions.day), asc(hospSessions.half), asc(hospSessions.doctorId));
export const sessionsOfHospital = (db: Runner, hospitalId: number, from: string, to: string) =>
  db
    .select()
    .from(hospSessions)
    .where(and(eq(hospSessions.hospitalId, hospitalId), gte(hospSessions.day, from), lte(hospSessions.day, to)))
    .orderBy(asc(hospSessions.day), asc(hospSessions.half), asc(hospSessions.doctorId));
export const findSession = async (db: Runner, id: number) => first(await db.select().from(hospSessions).where(eq(hospSessions.id, id)));

/** Take one place of an open session, or undefined when it is full or 停诊. */
export async function takePlace(db: Runner, sessionId: number): Promise<SessionRow | undefined> {
  return first(
    await db
      .update(hospSessions)
      .set({ booked: sql`${hospSessions.booked} + 1` })
      .where(and(eq(hospSessions.id, sessionId), eq(hospSessions.status, 'open'), sql`${hospSessions.booked} < ${hospSessions.quota}`))
      .returning(),
  );
}

export async function freePlace(db: Runner, sessionId: number): Promise<void> {
  await db
    .update(hospSessions)
    .set({ booked: sql`${hospSessions.booked} - 1` })
    .where(and(eq(hospSessions.id, sessionId), sql`${hospSessions.booked} > 0`));
}

/** A session's quota; undefined when it would fall below the places already taken. */
export async function setQuota(db: Runner, sessionId: number, quota: number): Promise<SessionRow | undefined> {
  return first(
    await db
      .update(hospSessions)
      .set({ quota })
      .where(and(eq(hospSessions.id, sessionId), sql`${hospSessions.booked} <= ${quota}`))
      .returning(),
  );
}

/** 停诊: the session closes with its notice; its places are given up (the registrations move with it). */
export async function suspendSession(db: Runner, sessionId: number, notice: string): Promise<SessionRow | undefined> {
  return first(
    await db
      .update(hospSessions)
      .set({ status: 'suspended', notice, booked: 0 })
      .where(and(eq(hospSessions.id, sessionId), eq(hospSessions.status, 'open')))
      .returning(),
  );
}

// ---- registrations ----------------------------------------------------------------------------------

export const insertRegistration = async (db: Runner, row: typeof hospRegistrations.$inferInsert) => (await db.insert(hospRegistrations).values(row).returning())[0] as RegistrationRow;
export const registrationByCode = async (db: Runner, code: string) => first(await db.select().from(hospRegistrations).where(eq(hospRegistrations.code, code)));
export const registrationByKey = async (db: Runner, userId: number, key: string) =>
  first(await db.select().from(hospRegistrations).where(and(eq(hospRegistrations.userId, userId), eq(hospRegistrations.idempotencyKey, key))));
export const registrationsOfUser = (db: Runner, userId: number) =>
  db.select().from(hospRegistrations).where(eq(hospRegistrations.userId, userId)).orderBy(desc(hospRegistrations.createdAt), desc(hospRegistrations.id));

export async function moveRegistration(db: Runner, id: number, from: RegistrationStatus[], set: Partial<typeof hospRegistrations.$inferInsert>) {
  return first(
    await db
      .update(hospRegistrations)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(hospRegistrations.id, id), inArray(hospRegistrations.status, from)))
      .returning(),
  );
}

/** A 停诊 registration moved once: to `to`; undefined when it was moved meanwhile. */
export async function markRebooked(db: Runner, id: number, to: number) {
  return first(
    await db
      .update(hospRegistrations)
      .set({ rebookedTo: to, updatedAt: new Date() })
      .where(and(eq(hospRegistrations.id, id), eq(hospRegistrations.status, 'suspended'), isNull(hospRegistrations.rebookedTo)))
      .returning(),
  );
}

/** The booked registrations of a session, moved to 停诊 in one statement. */
export async function suspendRegistrations(db: Runner, sessionId: number): Promise<RegistrationRow[]> {
  return db
    .update(hospRegistrations)
    .set({ status: 'suspended', sequence: sql`${hospRegistrations.sequence} + 1`, updatedAt: new Date() })
    .where(and(eq(hospRegistrations.sessionId, sessionId), eq(hospRegistrations.status, 'booked')))
    .returning();
}

// ---- hospital administrators ---------------------------------------------------------------------------

export const hospitalsOfAdmin = async (db: Runner, userId: number) =>
  (await db.select({ hospitalId: hospAdmins.hospitalId }).from(hospAdmins).where(eq(hospAdmins.userId, userId))).map((r) => r.hospitalId);
export async function assignAdmin(db: Runner, userId: number, hospitalId: number) {
  await db.insert(hospAdmins).values({ userId, hospitalId }).onConflictDoNothing();
}
