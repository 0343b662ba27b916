/**
 * The hospital demo (data/demo/hospitals.json): 示范市's three hospitals, their departments with
 * beds, doctors with weekly clinics, the half-days from today to the release horizon, some of them
 * registered by demo patients, and one 停诊 with its patients told. Loads once: a database that
 * already has hospitals is left as it is.
 */
import type { DoctorTitle } from '../../../db/schema/hospitals.js';
import type { Principal } from '../../../lib/principal.js';
import type { HospitalsContext } from '../hospital-context.js';
import * as repo from '../hospital-repo.js';
import { SYSTEM } from '../faces.js';
import { closeSession, generateSessions } from './hospital-admin.js';
import { register } from './hospitals.js';

export interface DemoHospitals {
  hospitals: {
    slug: string;
    name: string;
    grade: string;
    address: string;
    phone: string;
    departments: { name: string; intro: string; beds: number; doctors: { name: string; title: DoctorTitle; speciality: string; feeFen: number; weekly: Record<string, number> }[] }[];
  }[];
  admins: { username: string; hospital: string }[];
  patients: { displayName: string; phone: string }[];
}

export type HospitalSetup = DemoHospitals['hospitals'][number] & { releaseDays: number; releaseTime: string; cancelCutoffMinutes: number };

/** A hospital with its departments (beds partly taken, updated a little while ago) and doctors; no half-days yet. */
export async function setupHospital(ctx: HospitalsContext, h: HospitalSetup, sort = 0) {
  const now = ctx.clock.now();
  const hospital = await repo.insertHospital(ctx.db, {
    slug: h.slug,
    name: h.name,
    grade: h.grade,
    address: h.address,
    phone: h.phone,
    releaseDays: h.releaseDays,
    releaseTime: h.releaseTime,
    cancelCutoffMinutes: h.cancelCutoffMinutes,
    sort,
  });
  const departments: repo.DepartmentRow[] = [];
  const doctors: repo.DoctorRow[] = [];
  for (const [di, d] of h.departments.entries()) {
    const free = Math.min(d.beds, Math.max(0, Math.round(d.beds * (0.08 + ((sort * 3 + di * 7) % 10) / 50))));
    const dept = await repo.insertDepartment(ctx.db, { hospitalId: hospital.id, name: d.name, intro: d.intro, bedsTotal: d.beds, bedsFree: free, bedsUpdatedAt: new Date(now.getTime() - (20 + di * 13) * 60_000), sort: di });
    departments.push(dept);
    for (const [k, doc] of d.doctors.entries()) {
      doctors.push(await repo.insertDoctor(ctx.db, { hospitalId: hospital.id, departmentId: dept.id, name: doc.name, title: doc.title, speciality: doc.speciality, feeFen: doc.feeFen, weekly: doc.weekly, sort: k }));
    }
  }
  return { hospital, departments, doctors };
}

export async function seedHospitals(ctx: HospitalsContext, data: DemoHospitals, people: { patients: Principal[]; admins?: { userId: number; hospital: string }[] }) {
  if ((await repo.allHospitals(ctx.db)).length) return undefined;
  const now = ctx.clock.now();
  let departments = 0;
  let doctors = 0;
  for (const [hi, h] of data.hospitals.entries()) {
    const made = await setupHospital(ctx, { ...h, releaseDays: 7, releaseTime: '08:00', cancelCutoffMinutes: 120 }, hi);
    departments += made.departments.length;
    doctors += made.doctors.length;
  }
  for (const a of people.admins ?? []) {
    const h = await repo.hospitalBySlug(ctx.db, a.hospital);
    if (h) await repo.assignAdmin(ctx.db, a.userId, h.id);
  }
  const sessions = await generateSessions(ctx);

  // registrations: each demo patient with a few doctors on released half-days
  let registrations = 0;
  const open = async () => {
    const hs = await repo.allHospitals(ctx.db);
    const out: repo.SessionRow[] = [];
    for (const h of hs) {
      const rows = await repo.sessionsOfHospital(ctx.db, h.id, ctx.calendar.localDate(now), '9999-12-31');
      out.push(...rows.filter((s) => s.startsAt.getTime() > now.getTime() + 3 * 3_600_000 && s.startsAt.getTime() < now.getTime() + 6 * 86_400_000));
    }
    return out;
  };
  const candidates = await open();
  for (const [i, p] of people.patients.entries()) {
    for (let k = 0; k < 3; k++) {
      const s = candidates[(i * 11 + k * 29) % Math.max(1, candidates.length)];
      if (!s) break;
      const ok = await register(ctx, p, s.id).catch(() => undefined);
      if (ok) registrations++;
    }
  }
  // one 停诊: the first registered half-day of the first hospital, its patients told
  let suspended = 0;
  const mine = people.patients[0] ? await repo.registrationsOfUser(ctx.db, people.patients[0].userId) : [];
  const target = mine.find((r) => r.status === 'booked');
  const session = target ? await repo.findSession(ctx.db, target.sessionId) : undefined;
  if (session) await closeSession(ctx, session, '出诊医生参加省级学术会议，本半天停诊，敬请谅解。', SYSTEM).then(() => suspended++, () => undefined);
  return { hospitals: data.hospitals.length, departments, doctors, sessions, registrations, suspended };
}

