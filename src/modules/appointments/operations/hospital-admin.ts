/**
 * A hospital administrator's work: the release rule, doctors' weekly half-day quotas, one
 * half-day's quota, 停诊 (every booked patient told by SMS/e-mail with a one-click move to another
 * half-day), free beds; and the scheduler's making of half-days from the weekly clinics.
 * Another hospital's records are "not found" (hospital-policy.ts).
 */
import { BadRequestError, ConflictError, NotFoundError, sqlStateOf } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { HALF_DAYS } from '../../../db/schema/hospitals.js';
import type { HospitalsContext } from '../hospital-context.js';
import { managesHospital, registrationNext, requireHospitalAdmin } from '../hospital-policy.js';
import * as repo from '../hospital-repo.js';
import { WEEKLY_KEY, halfTimes, scheduleDays, weekdayOf, weeklyKey } from '../hospital-schedule.js';
import { type Actor, SYSTEM, actorOf, recordAudit } from '../faces.js';
import { HHMM } from '../model.js';
import { messageVars } from './hospitals.js';

const HALVES: (typeof HALF_DAYS)[number][] = ['am', 'pm'];

/** Make the half-days of every doctor's weekly clinic from today to the release horizon (idempotent). */
export async function generateSessions(ctx: HospitalsContext, hospitalId?: number): Promise<number> {
  const now = ctx.clock.now();
  const hospitals = (await repo.allHospitals(ctx.db)).filter((h) => hospitalId === undefined || h.id === hospitalId);
  const doctors = await repo.allDoctors(ctx.db);
  let made = 0;
  for (const h of hospitals) {
    const days = scheduleDays(ctx.calendar, h, now);
    const rows = doctors
      .filter((d) => d.hospitalId === h.id)
      .flatMap((d) =>
        days.flatMap((day) =>
          HALVES.flatMap((half) => {
            const quota = d.weekly[weeklyKey(weekdayOf(day), half)];
            return quota ? [{ doctorId: d.id, departmentId: d.departmentId, hospitalId: h.id, day, half, quota, ...halfTimes(ctx.calendar, day, half) }] : [];
          }),
        ),
      );
    made += await repo.insertSessions(ctx.db, rows);
  }
  return made;
}

async function adminOf(ctx: HospitalsContext, p: Principal | undefined, hospitalId: number) {
  const assigned = p ? await repo.hospitalsOfAdmin(ctx.db, p.userId) : [];
  requireHospitalAdmin(p, hospitalId, assigned);
  const hospital = await repo.findHospital(ctx.db, hospitalId);
  if (!hospital) throw new NotFoundError(t('hosp.error.hospitalNotFound'));
  return { p, hospital };
}

/** The hospitals the principal manages. */
export async function managedHospitals(ctx: HospitalsContext, p: Principal | undefined) {
  const assigned = p ? await repo.hospitalsOfAdmin(ctx.db, p.userId) : [];
  return (await repo.allHospitals(ctx.db)).filter((h) => managesHospital(p, h.id, assigned));
}

/** The back office's page of a hospital: rule, departments with beds, doctors, the coming half-days. */
export async function adminSchedule(ctx: HospitalsContext, p: Principal | undefined, hospitalId: number) {
  const { hospital } = await adminOf(ctx, p, hospitalId);
  const days = scheduleDays(ctx.calendar, hospital, ctx.clock.now());
  const [departments, doctors, sessions] = await Promise.all([
    repo.departmentsOf(ctx.db, hospitalId),
    repo.doctorsOf(ctx.db, { hospitalId }),
    repo.sessionsOfHospital(ctx.db, hospitalId, days[0] as string, days.at(-1) as string),
  ]);
  return { hospital, departments, doctors, sessions, days };
}

export interface RuleInput {
  releaseDays: number;
  releaseTime: string;
  cancelCutoffMinutes: number;
}

export async function setRule(ctx: HospitalsContext, p: Principal | undefined, hospitalId: number, input: RuleInput) {
  const { hospital } = await adminOf(ctx, p, hospitalId);
  if (!Number.isInteger(input.releaseDays) || input.releaseDays < 1 || input.releaseDays > 30) throw new BadRequestError(t('hosp.error.releaseDays'), 'bad_rule');
  if (!HHMM.test(input.releaseTime)) throw new BadRequestError(t('hosp.error.releaseTime'), 'bad_rule');
  if (!Number.isInteger(input.cancelCutoffMinutes) || input.cancelCutoffMinutes < 0 || input.cancelCutoffMinutes > 10_080) throw new BadRequestError(t('hosp.error.cutoff'), 'bad_rule');
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.updateHospital(tx, hospitalId, input);
    await recordAudit(tx, actorOf(p as Principal), [
      { action: 'hospital.rule', entity: 'hosp_hospital', entityId: hospitalId, before: { releaseDays: hospital.releaseDays, releaseTime: hospital.releaseTime, cancelCutoffMinutes: hospital.cancelCutoffMinutes }, after: { ...input } },
    ]);
    return row as repo.HospitalRow;
  });
  await generateSessions(ctx, hospitalId);
  return updated;
}

export async function doctorOf(ctx: HospitalsContext, p: Principal | undefined, doctorId: number) {
  const doctor = await repo.findDoctor(ctx.db, doctorId);
  const assigned = p ? await repo.hospitalsOfAdmin(ctx.db, p.userId) : [];
  if (!doctor || !managesHospital(p, doctor.hospitalId, assigned)) throw new NotFoundError(t('hosp.error.doctorNotFound'));
  return doctor;
}

/** A doctor's weekly clinic: which half-days, with how many places; later half-days are made from it. */
export async function setWeekly(ctx: HospitalsContext, p: Principal | undefined, doctorId: number, weekly: Record<string, number>) {
  const doctor = await doctorOf(ctx, p, doctorId);
  for (const [key, quota] of Object.entries(weekly)) {
    if (!WEEKLY_KEY.test(key) || !Number.isInteger(quota) || quota < 0 || quota > 500) throw new BadRequestError(t('hosp.error.weekly'), 'bad_weekly');
  }
  const clean = Object.fromEntries(Object.entries(weekly).filter(([, q]) => q > 0));
  const row = await ctx.db.transaction(async (tx) => {
    const r = await repo.setWeekly(tx, doctorId, clean);
    await recordAudit(tx, actorOf(p as Principal), [{ action: 'doctor.weekly', entity: 'hosp_doctor', entityId: doctorId, before: doctor.weekly, after: clean }]);
    return r as repo.DoctorRow;
  });
  await generateSessions(ctx, doctor.hospitalId);
  return row;
}

export async function sessionOf(ctx: HospitalsContext, p: Principal | undefined, sessionId: number) {
  const session = await repo.findSession(ctx.db, sessionId);
  const assigned = p ? await repo.hospitalsOfAdmin(ctx.db, p.userId) : [];
  if (!session || !managesHospital(p, session.hospitalId, assigned)) throw new NotFoundError(t('hosp.error.sessionNotFound'));
  return session;
}

/** One half-day's quota; never below the places already taken. */
export async function setSessionQuota(ctx: HospitalsContext, p: Principal | undefined, sessionId: number, quota: number) {
  const session = await sessionOf(ctx, p, sessionId);
  if (!Number.isInteger(quota) || quota < 0 || quota > 500) throw new BadRequestError(t('hosp.error.quota'), 'bad_quota');
  if (session.status !== 'open') throw new ConflictError(t('hosp.error.suspended'));
  return ctx.db.transaction(async (tx) => {
    const row = await repo.setQuota(tx, sessionId, quota);
    if (!row) throw new ConflictError(t('hosp.error.quotaBelowBooked', { booked: session.booked }));
    await recordAudit(tx, actorOf(p as Principal), [{ action: 'session.quota', entity: 'hosp_session', entityId: sessionId, before: { quota: session.quota }, after: { quota } }]);
    return row;
  });
}

/**
 * 停诊: the half-day closes with its notice; every booked patient's registration moves to 停诊 and
 * they are told by SMS/e-mail, with a link to their registration offering another half-day.
 */
export async function suspendSession(ctx: HospitalsContext, p: Principal | undefined, sessionId: number, notice: string) {
  const session = await sessionOf(ctx, p, sessionId);
  const text = notice.trim();
  if (!text || text.length > 200) throw new BadRequestError(t('hosp.error.notice'), 'bad_notice');
  if (session.status !== 'open') throw new ConflictError(t('hosp.error.alreadySuspended'));
  if (session.endsAt.getTime() <= ctx.clock.now().getTime()) throw new BadRequestError(t('hosp.error.past'), 'session_past');
  registrationNext('booked', 'suspend', 'hospital');
  return closeSession(ctx, session, text, actorOf(p as Principal));
}

/** 停诊 of a checked session in one transaction: close it, move its registrations, tell each patient. */
export async function closeSession(ctx: HospitalsContext, session: repo.SessionRow, text: string, actor: Actor) {
  return ctx.db.transaction(async (tx) => {
    const closed = await repo.suspendSession(tx, session.id, text);
    if (!closed) throw new ConflictError(t('hosp.error.alreadySuspended'));
    const moved = await repo.suspendRegistrations(tx, session.id);
    await recordAudit(tx, actor, [{ action: 'session.suspend', entity: 'hosp_session', entityId: session.id, before: { status: 'open', booked: session.booked }, after: { status: 'suspended', notice: text, patients: moved.length } }]);
    for (const r of moved) await ctx.accounts.notifyAccount(tx, r.userId, 'registration-suspended', { ...(await messageVars(ctx, tx, r, closed)), notice: text });
    return { session: closed, told: moved.length };
  });
}

export interface BedsInput {
  departments: { departmentId: number; total: number; free: number }[];
}

/** Free beds of a hospital's departments (the hospital's system through its token); audited. */
export async function updateBeds(ctx: HospitalsContext, p: Principal | undefined, hospitalId: number, input: BedsInput) {
  const { hospital } = await adminOf(ctx, p, hospitalId);
  const departments = await repo.departmentsOf(ctx.db, hospitalId);
  const seen = new Set<number>();
  for (const d of input.departments) {
    if (!departments.some((x) => x.id === d.departmentId)) throw new BadRequestError(t('hosp.error.bedsDepartment', { id: d.departmentId }), 'bad_department');
    if (seen.has(d.departmentId)) throw new BadRequestError(t('hosp.error.bedsTwice', { id: d.departmentId }), 'bad_beds');
    seen.add(d.departmentId);
    if (!Number.isInteger(d.total) || !Number.isInteger(d.free) || d.total < 0 || d.total > 10_000 || d.free < 0 || d.free > d.total) throw new BadRequestError(t('hosp.error.beds', { id: d.departmentId }), 'bad_beds');
  }
  if (!input.departments.length) throw new BadRequestError(t('hosp.error.bedsEmpty'), 'bad_beds');
  const at = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const rows: repo.DepartmentRow[] = [];
      for (const d of input.departments) rows.push((await repo.setBeds(tx, d.departmentId, hospital.id, d.total, d.free, at)) as repo.DepartmentRow);
      const before = departments.filter((x) => seen.has(x.id)).map((x) => ({ departmentId: x.id, total: x.bedsTotal, free: x.bedsFree }));
      await recordAudit(tx, actorOf(p as Principal), [{ action: 'hospital.beds', entity: 'hosp_hospital', entityId: hospital.id, before: { departments: before }, after: { departments: input.departments } }]);
      return { hospital, departments: rows, updatedAt: at };
    });
  } catch (e) {
    if (sqlStateOf(e) === '23514') throw new BadRequestError(t('hosp.error.beds', { id: '' }), 'bad_beds');
    throw e;
  }
}

export async function assignAdmin(ctx: HospitalsContext, userId: number, slug: string) {
  const h = await repo.hospitalBySlug(ctx.db, slug);
  if (!h) throw new NotFoundError(t('hosp.error.hospitalNotFound'));
  await ctx.db.transaction(async (tx) => {
    await repo.assignAdmin(tx, userId, h.id);
    await recordAudit(tx, SYSTEM, [{ action: 'hospital.admin', entity: 'hosp_hospital', entityId: h.id, after: { userId } }]);
  });
}
