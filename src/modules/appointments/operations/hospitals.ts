/**
 * Hospital registration (预约挂号) for patients: hospitals, departments with their free beds,
 * doctors, a doctor's half-days for the coming week with 号源 left (未放号 before the release
 * time), registering, cancelling, one's registrations, and the one-click move of a 停诊
 * registration to another half-day of the same doctor or a colleague of the department.
 *
 * A place is taken by one conditional UPDATE of the session row inside the registration's
 * transaction (repo.takePlace); one active registration per person and half-day is a unique index.
 */
import { randomInt } from 'node:crypto';
import type { HalfDay } from '../../../db/schema/hospitals.js';
import { AppError, BadRequestError, ConflictError, NotFoundError, UnauthorizedError, sqlStateOf } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { Runner } from '../../../db/client.js';
import type { HospitalsContext } from '../hospital-context.js';
import { registrationNext } from '../hospital-policy.js';
import * as repo from '../hospital-repo.js';
import { type SessionState, addDays, releaseAt, scheduleDays, sessionState } from '../hospital-schedule.js';
import { actorOf, recordAudit } from '../faces.js';
import { CODE_ALPHABET, CODE_PATTERN } from '../model.js';

const newCode = () => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

function requireCitizen(p: Principal | undefined): asserts p is Principal {
  if (!p) throw new UnauthorizedError(t('hosp.error.signIn'));
  if (p.kind === 'staff') throw new AppError(403, 'forbidden', t('appt.error.citizensOnly'));
}

// ---- reading ----------------------------------------------------------------------------------------

export async function hospitalList(ctx: HospitalsContext) {
  const [hospitals, departments] = await Promise.all([repo.allHospitals(ctx.db), repo.departmentsOf(ctx.db)]);
  return hospitals.map((h) => {
    const own = departments.filter((d) => d.hospitalId === h.id);
    return { hospital: h, departments: own.length, bedsFree: own.reduce((n, d) => n + d.bedsFree, 0), bedsTotal: own.reduce((n, d) => n + d.bedsTotal, 0) };
  });
}

export async function hospitalBySlug(ctx: HospitalsContext, slug: string) {
  const h = slug.length <= 100 ? await repo.hospitalBySlug(ctx.db, slug) : undefined;
  if (!h) throw new NotFoundError(t('hosp.error.hospitalNotFound'));
  return h;
}

export async function hospitalDetail(ctx: HospitalsContext, slug: string) {
  const hospital = await hospitalBySlug(ctx, slug);
  const [departments, doctors] = await Promise.all([repo.departmentsOf(ctx.db, hospital.id), repo.doctorsOf(ctx.db, { hospitalId: hospital.id })]);
  return { hospital, departments: departments.map((d) => ({ department: d, doctors: doctors.filter((x) => x.departmentId === d.id).length })) };
}

async function departmentIn(ctx: HospitalsContext, slug: string, departmentId: number) {
  const hospital = await hospitalBySlug(ctx, slug);
  const department = await repo.findDepartment(ctx.db, departmentId);
  if (!department || department.hospitalId !== hospital.id) throw new NotFoundError(t('hosp.error.departmentNotFound'));
  return { hospital, department };
}

/** A department's doctors, each with the places left over the coming week. */
export async function departmentDetail(ctx: HospitalsContext, slug: string, departmentId: number) {
  const { hospital, department } = await departmentIn(ctx, slug, departmentId);
  const now = ctx.clock.now();
  const days = scheduleDays(ctx.calendar, hospital, now);
  const [doctors, sessions] = await Promise.all([repo.doctorsOf(ctx.db, { departmentId }), repo.sessionsOfDepartment(ctx.db, departmentId, days[0] as string, days.at(-1) as string)]);
  return {
    hospital,
    department,
    doctors: doctors.map((d) => {
      const own = sessions.filter((s) => s.doctorId === d.id);
      const open = own.filter((s) => sessionState(ctx.calendar, hospital, s, now) === 'open');
      return { doctor: d, placesLeft: open.reduce((n, s) => n + s.quota - s.booked, 0), halfDays: own.filter((s) => s.status === 'open').length };
    }),
  };
}

export interface SessionView {
  session: repo.SessionRow;
  state: SessionState;
  left: number;
  releaseAt: Date;
}

const viewOf = (ctx: HospitalsContext, hospital: repo.HospitalRow, s: repo.SessionRow, now: Date): SessionView => ({
  session: s,
  state: sessionState(ctx.calendar, hospital, s, now),
  left: s.status === 'open' ? Math.max(0, s.quota - s.booked) : 0,
  releaseAt: releaseAt(ctx.calendar, hospital, s.day),
});

export async function doctorWithHospital(ctx: HospitalsContext, doctorId: number) {
  const doctor = await repo.findDoctor(ctx.db, doctorId);
  if (!doctor) throw new NotFoundError(t('hosp.error.doctorNotFound'));
  const [hospital, department] = await Promise.all([repo.findHospital(ctx.db, doctor.hospitalId), repo.findDepartment(ctx.db, doctor.departmentId)]);
  return { doctor, hospital: hospital as repo.HospitalRow, department: department as repo.DepartmentRow };
}

/** A doctor's half-days for today and the coming week: 上午/下午 with 号源 left, 未放号 with its release time. */
export async function doctorSchedule(ctx: HospitalsContext, doctorId: number) {
  const { doctor, hospital, department } = await doctorWithHospital(ctx, doctorId);
  const now = ctx.clock.now();
  const days = scheduleDays(ctx.calendar, hospital, now);
  const sessions = await repo.sessionsOfDoctor(ctx.db, doctorId, days[0] as string, days.at(-1) as string);
  const at = (day: string, half: HalfDay) => {
    const s = sessions.find((x) => x.day === day && x.half === half);
    return s ? viewOf(ctx, hospital, s, now) : undefined;
  };
  return { doctor, hospital, department, days: days.map((day) => ({ day, am: at(day, 'am'), pm: at(day, 'pm') })) };
}

/** Whose half-day this is (a refused registration goes back to that doctor's week). */
export const doctorOfSession = async (ctx: HospitalsContext, sessionId: number) => (await repo.findSession(ctx.db, sessionId))?.doctorId;

/** A session for a patient: the doctor, and whether it may be registered for now (a clear reason if not). */
async function bookableSession(ctx: HospitalsContext, sessionId: number) {
  const session = await repo.findSession(ctx.db, sessionId);
  if (!session) throw new NotFoundError(t('hosp.error.sessionNotFound'));
  const hospital = (await repo.findHospital(ctx.db, session.hospitalId)) as repo.HospitalRow;
  const state = sessionState(ctx.calendar, hospital, session, ctx.clock.now());
  if (state === 'past') throw new BadRequestError(t('hosp.error.past'), 'session_past');
  if (state === 'suspended') throw new AppError(409, 'session_suspended', t('hosp.error.suspended'));
  if (state === 'unreleased') throw new BadRequestError(t('hosp.error.notReleased', { at: fmtDateTime(ctx, releaseAt(ctx.calendar, hospital, session.day)) }), 'not_released');
  if (state === 'full') throw new AppError(409, 'session_full', t('hosp.error.full'));
  return { session, hospital };
}

export const fmtDateTime = (ctx: HospitalsContext, d: Date) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: ctx.calendar.timeZone, month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

/** What a message about a registration says. */
export async function messageVars(ctx: HospitalsContext, db: Runner, r: repo.RegistrationRow, s: repo.SessionRow) {
  const doctor = await repo.findDoctor(db, r.doctorId);
  const hospital = await repo.findHospital(db, r.hospitalId);
  const department = await repo.findDepartment(db, r.departmentId);
  return {
    code: r.code,
    hospital: hospital?.name ?? '',
    department: department?.name ?? '',
    doctor: doctor?.name ?? '',
    time: `${fmtDateTime(ctx, s.startsAt)}（${t(`hosp.half.${s.half}`)}）`,
    link: `${ctx.publicUrl}/hospitals/registrations/${r.code}`,
  };
}

export interface Registered {
  registration: repo.RegistrationRow;
  session: repo.SessionRow;
  /** false: the Idempotency-Key had already made it */
  created: boolean;
}

/** Register with a doctor for a half-day. */
export async function register(ctx: HospitalsContext, p: Principal | undefined, sessionId: number, idempotencyKey?: string): Promise<Registered> {
  requireCitizen(p);
  if (idempotencyKey !== undefined && !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) throw new BadRequestError(t('appt.error.idempotencyKey'), 'bad_idempotency_key');
  const replay = async () => {
    const earlier = idempotencyKey ? await repo.registrationByKey(ctx.db, p.userId, idempotencyKey) : undefined;
    if (!earlier) return undefined;
    if (earlier.sessionId !== sessionId) throw new AppError(422, 'idempotency_key_reused', t('appt.error.idempotencyMismatch'));
    return { registration: earlier, session: (await repo.findSession(ctx.db, earlier.sessionId)) as repo.SessionRow, created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  if (!(await ctx.accounts.verifiedPhone(p.userId))) throw new BadRequestError(t('appt.error.phoneNeeded'), 'phone_needed');
  const { session } = await bookableSession(ctx, sessionId);
  try {
    return await ctx.db.transaction(async (tx) => take(ctx, tx, p, session, idempotencyKey ?? null));
  } catch (e) {
    if (sqlStateOf(e) !== '23505') throw e;
    const again = await replay();
    if (again) return again;
    throw new ConflictError(t('hosp.error.already'));
  }
}

/** Take a place of a session in `tx`, record and tell. */
async function take(ctx: HospitalsContext, tx: Runner, p: Principal, session: repo.SessionRow, idempotencyKey: string | null): Promise<Registered> {
  const taken = await repo.takePlace(tx, session.id);
  if (!taken) {
    // suspended meanwhile (停诊) says so; otherwise the last place went to someone else
    if ((await repo.findSession(tx, session.id))?.status === 'suspended') throw new AppError(409, 'session_suspended', t('hosp.error.suspended'));
    throw new AppError(409, 'session_full', t('hosp.error.full'));
  }
  const registration = await repo.insertRegistration(tx, {
    code: newCode(),
    sessionId: session.id,
    doctorId: session.doctorId,
    departmentId: session.departmentId,
    hospitalId: session.hospitalId,
    userId: p.userId,
    status: 'booked',
    idempotencyKey,
  });
  await recordAudit(tx, actorOf(p), [{ action: 'registration.create', entity: 'hosp_registration', entityId: registration.id, after: { sessionId: session.id, code: registration.code } }]);
  await ctx.accounts.notifyAccount(tx, p.userId, 'registration-confirmed', await messageVars(ctx, tx, registration, taken));
  return { registration, session: taken, created: true };
}

/** The owner's registration by code; anyone else's (or a forged code) is "not found". */
export async function ownRegistration(ctx: HospitalsContext, p: Principal | undefined, code: string) {
  requireCitizen(p);
  const registration = CODE_PATTERN.test(code) ? await repo.registrationByCode(ctx.db, code) : undefined;
  if (!registration || registration.userId !== p.userId) throw new NotFoundError(t('hosp.error.registrationNotFound'));
  const session = (await repo.findSession(ctx.db, registration.sessionId)) as repo.SessionRow;
  const { doctor, hospital, department } = await doctorWithHospital(ctx, registration.doctorId);
  return { registration, session, doctor, hospital, department };
}

export const cancellable = (ctx: HospitalsContext, hospital: repo.HospitalRow, session: repo.SessionRow) =>
  session.startsAt.getTime() - ctx.clock.now().getTime() >= hospital.cancelCutoffMinutes * 60_000;

export async function cancelRegistration(ctx: HospitalsContext, p: Principal | undefined, code: string) {
  const { registration, session, hospital } = await ownRegistration(ctx, p, code);
  const to = registrationNext(registration.status, 'cancel', 'owner');
  if (!cancellable(ctx, hospital, session)) throw new BadRequestError(t('hosp.error.pastCutoff', { hours: Math.round((hospital.cancelCutoffMinutes / 60) * 10) / 10 }), 'past_cutoff');
  return ctx.db.transaction(async (tx) => {
    const moved = await repo.moveRegistration(tx, registration.id, ['booked'], { status: to, sequence: registration.sequence + 1 });
    if (!moved) throw new ConflictError(t('appt.error.changedMeanwhile'));
    await repo.freePlace(tx, session.id);
    await recordAudit(tx, actorOf(p as Principal), [{ action: 'registration.cancel', entity: 'hosp_registration', entityId: registration.id, before: { status: 'booked' }, after: { status: to } }]);
    await ctx.accounts.notifyAccount(tx, registration.userId, 'registration-cancelled', await messageVars(ctx, tx, moved, session));
    return moved;
  });
}

/**
 * Other half-days a 停诊 registration may move to: the same doctor's next ones with places left
 * (at most half of `limit`), then colleagues of the department, soonest first.
 */
export async function alternatives(ctx: HospitalsContext, registration: repo.RegistrationRow, limit = 6) {
  const hospital = (await repo.findHospital(ctx.db, registration.hospitalId)) as repo.HospitalRow;
  const now = ctx.clock.now();
  const days = scheduleDays(ctx.calendar, hospital, now);
  const [sessions, doctors] = await Promise.all([
    repo.sessionsOfDepartment(ctx.db, registration.departmentId, days[0] as string, addDays(days.at(-1) as string, 0)),
    repo.doctorsOf(ctx.db, { departmentId: registration.departmentId }),
  ]);
  const open = sessions.filter((s) => s.id !== registration.sessionId && sessionState(ctx.calendar, hospital, s, now) === 'open');
  const same = open.filter((s) => s.doctorId === registration.doctorId);
  const others = open.filter((s) => s.doctorId !== registration.doctorId);
  const mine = same.slice(0, Math.ceil(limit / 2));
  return [...mine, ...others.slice(0, limit - mine.length)].map((s) => ({ ...viewOf(ctx, hospital, s, now), doctor: doctors.find((d) => d.id === s.doctorId) as repo.DoctorRow, sameDoctor: s.doctorId === registration.doctorId }));
}

/** One click: a 停诊 registration moves to another open half-day of the department. */
export async function rebook(ctx: HospitalsContext, p: Principal | undefined, code: string, sessionId: number): Promise<Registered> {
  const { registration } = await ownRegistration(ctx, p, code);
  registrationNext(registration.status, 'rebook', 'owner');
  if (registration.rebookedTo) throw new ConflictError(t('hosp.error.alreadyRebooked'));
  const { session } = await bookableSession(ctx, sessionId);
  if (session.departmentId !== registration.departmentId) throw new BadRequestError(t('hosp.error.otherDepartment'), 'other_department');
  try {
    return await ctx.db.transaction(async (tx) => {
      const made = await take(ctx, tx, p as Principal, session, null);
      const moved = await repo.markRebooked(tx, registration.id, made.registration.id);
      if (!moved) throw new ConflictError(t('appt.error.changedMeanwhile'));
      await recordAudit(tx, actorOf(p as Principal), [{ action: 'registration.rebook', entity: 'hosp_registration', entityId: registration.id, after: { to: made.registration.id } }]);
      return made;
    });
  } catch (e) {
    if (sqlStateOf(e) === '23505') throw new ConflictError(t('hosp.error.already'));
    throw e;
  }
}

/** A person's registrations, newest first, with doctor, department and hospital. */
export async function myRegistrations(ctx: HospitalsContext, p: Principal | undefined) {
  requireCitizen(p);
  const rows = await repo.registrationsOfUser(ctx.db, p.userId);
  return Promise.all(
    rows.map(async (r) => {
      const [session, found] = await Promise.all([repo.findSession(ctx.db, r.sessionId), doctorWithHospital(ctx, r.doctorId)]);
      return { registration: r, session: session as repo.SessionRow, ...found };
    }),
  );
}

/** A registration by its code alone (the .ics link a calendar app fetches): the code is the key. */
export async function registrationForCalendar(ctx: HospitalsContext, code: string) {
  const registration = CODE_PATTERN.test(code) ? await repo.registrationByCode(ctx.db, code) : undefined;
  if (!registration) throw new NotFoundError(t('hosp.error.registrationNotFound'));
  const session = (await repo.findSession(ctx.db, registration.sessionId)) as repo.SessionRow;
  return { registration, session, ...(await doctorWithHospital(ctx, registration.doctorId)) };
}
