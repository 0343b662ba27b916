/**
 * Hospital registration on the real database (PGlite, or PostgreSQL with DATABASE_URL): exactly N
 * registrations for N places under concurrent attempts, the release time (未放号 until 08:00 seven
 * days ahead), one registration per person, doctor and half-day, 停诊 telling every patient and
 * the one-click move, and one hospital's administrator never reaching another's schedule.
 * The service runs on a clock of its own (Wednesday 2026-03-04, 10:00 in Shanghai).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildCitizens, buildDepartment, buildHospital, buildStaff } from '../../../test/factories/index.js';
import { testApp } from '../../../test/helpers.js';
import { createHospitalService } from './index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let now = new Date('2026-03-04T02:00:00Z');
let hosp: ReturnType<typeof createHospitalService>;
/** the 卫健委-like department hospital administrators belong to */
let dept: string;

beforeAll(async () => {
  t = await testApp();
  const d = buildDepartment();
  await t.services.catalog.importBundle({ departments: [d], halls: [], themes: [], specialGroups: [], forms: [], items: [] });
  dept = d.slug;
  hosp = createHospitalService(t.db.database, { accounts: t.services.accounts, calendar: t.services.letters.calendar, publicUrl: 'http://localhost:3000', clock: { now: () => now } });
});
afterAll(() => t.close());

async function outboxCount(template: string) {
  const rows = await t.db.database.db.execute(sql`select count(*)::int as n from outbox where template = ${template}`);
  const list = (rows as unknown as { rows?: { n: number }[] }).rows ?? (rows as unknown as { n: number }[]);
  return Number(list[0]?.n ?? 0);
}

const sessionOf = async (doctorId: number, day: string, half: 'am' | 'pm') => {
  const s = await hosp.doctorSchedule(doctorId);
  return s.days.find((d) => d.day === day)?.[half];
};

describe('places', () => {
  it('gives exactly N registrations for N places to concurrent attempts; the rest hear "full"', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildHospital(hosp, { quota: 5 });
    const doctor = h.doctors[0]!;
    const people = await buildCitizens(t.services, t.db.database, 16);
    const s = (await sessionOf(doctor.id, '2026-03-05', 'am'))!;
    expect(s.state).toBe('open');
    expect(s.left).toBe(5);
    const results = await Promise.allSettled(people.map((c) => hosp.register(c.principal, s.session.id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost.every((r) => r.reason.code === 'session_full' && r.reason.message.includes('已挂满'))).toBe(true);
    const after = (await sessionOf(doctor.id, '2026-03-05', 'am'))!;
    expect(after.session.booked).toBe(5);
    expect(after.state).toBe('full');
  });

  it('keeps one registration per person, doctor and half-day; another half-day is fine; a key replays', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildHospital(hosp);
    const doctor = h.doctors[0]!;
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const am = (await sessionOf(doctor.id, '2026-03-06', 'am'))!;
    const pm = (await sessionOf(doctor.id, '2026-03-06', 'pm'))!;
    const first = await hosp.register(c.principal, am.session.id, 'k-1');
    await expect(hosp.register(c.principal, am.session.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('同一医生同一半天只能保留一个挂号') });
    expect((await hosp.register(c.principal, am.session.id, 'k-1')).registration.code).toBe(first.registration.code);
    await expect(hosp.register(c.principal, pm.session.id, 'k-1')).rejects.toMatchObject({ status: 422 });
    await expect(hosp.register(c.principal, pm.session.id)).resolves.toMatchObject({ created: true });
    expect((await sessionOf(doctor.id, '2026-03-06', 'am'))!.session.booked).toBe(1);
    expect(await outboxCount('registration-confirmed')).toBeGreaterThanOrEqual(2);
  });

  it('cancels until the cut-off and gives the place back; refuses a forged or another person\'s code', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildHospital(hosp, { cancelCutoffMinutes: 120 });
    const [a, b] = await buildCitizens(t.services, t.db.database, 2);
    const s = (await sessionOf(h.doctors[0]!.id, '2026-03-04', 'pm'))!; // 13:30 today: cut-off 11:30
    const r = await hosp.register(a!.principal, s.session.id);
    await expect(hosp.cancel(b!.principal, r.registration.code)).rejects.toMatchObject({ status: 404 });
    await expect(hosp.cancel(a!.principal, 'ZZZZZZZZZZ')).rejects.toMatchObject({ status: 404 });
    await expect(hosp.cancel(a!.principal, "x' or 1=1")).rejects.toMatchObject({ status: 404 });
    now = new Date('2026-03-04T03:45:00Z'); // 11:45
    await expect(hosp.cancel(a!.principal, r.registration.code)).rejects.toMatchObject({ status: 400, code: 'past_cutoff' });
    now = new Date('2026-03-04T03:00:00Z'); // 11:00
    await expect(hosp.cancel(a!.principal, r.registration.code)).resolves.toMatchObject({ status: 'cancelled' });
    expect((await sessionOf(h.doctors[0]!.id, '2026-03-04', 'pm'))!.session.booked).toBe(0);
    await expect(hosp.cancel(a!.principal, r.registration.code)).rejects.toMatchObject({ status: 409 });
  });
});

describe('release time', () => {
  it('shows 未放号 with its release time until 08:00 seven days ahead, then opens; a past half-day is refused', async () => {
    now = new Date('2026-03-03T23:59:00Z'); // Wednesday 07:59
    const h = await buildHospital(hosp, { releaseDays: 7, releaseTime: '08:00' });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const doctor = h.doctors[0]!;
    const last = (await sessionOf(doctor.id, '2026-03-11', 'am'))!;
    expect(last.state).toBe('unreleased');
    expect(last.releaseAt.toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect((await sessionOf(doctor.id, '2026-03-10', 'pm'))!.state).toBe('open');
    await expect(hosp.register(c.principal, last.session.id)).rejects.toMatchObject({ status: 400, code: 'not_released', message: expect.stringContaining('08:00') });
    expect((await sessionOf(doctor.id, '2026-03-11', 'am'))!.session.booked).toBe(0);

    now = new Date('2026-03-04T00:00:00Z'); // 08:00
    expect((await sessionOf(doctor.id, '2026-03-11', 'am'))!.state).toBe('open');
    await expect(hosp.register(c.principal, last.session.id)).resolves.toMatchObject({ created: true });

    const morning = (await sessionOf(doctor.id, '2026-03-04', 'am'))!; // 08:00 today: started
    expect(morning.state).toBe('past');
    await expect(hosp.register(c.principal, morning.session.id)).rejects.toMatchObject({ status: 400, code: 'session_past' });
  });

  it('a changed rule moves the release: 3 days ahead at 07:30', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildHospital(hosp);
    const admin = await buildStaff(t.services, { role: 'admin' });
    await hosp.setRule(admin.principal, h.hospital.id, { releaseDays: 3, releaseTime: '07:30', cancelCutoffMinutes: 60 });
    const s = await hosp.doctorSchedule(h.doctors[0]!.id);
    expect(s.days.map((d) => d.day)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
    expect(s.days[3]!.am!.releaseAt.toISOString()).toBe('2026-03-03T23:30:00.000Z');
    await expect(hosp.setRule(admin.principal, h.hospital.id, { releaseDays: 3, releaseTime: '25:00', cancelCutoffMinutes: 60 })).rejects.toMatchObject({ status: 400 });
  });
});

describe('停诊', () => {
  it('tells every booked patient, frees nothing twice, and offers a one-click move to the doctor or a colleague', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildHospital(hosp, { quota: 3, doctorsPerDepartment: 2 });
    const admin = await buildStaff(t.services, { role: 'hospital_admin', department: dept });
    await hosp.assignAdmin(admin.principal.userId, h.hospital.slug);
    const people = await buildCitizens(t.services, t.db.database, 3);
    const doctor = h.doctors[0]!;
    const s = (await sessionOf(doctor.id, '2026-03-07', 'am'))!;
    const regs = await Promise.all(people.map((c) => hosp.register(c.principal, s.session.id)));
    const before = await outboxCount('registration-suspended');

    const done = await hosp.suspend(admin.principal, s.session.id, '医生外出会诊');
    expect(done.told).toBe(3);
    expect(await outboxCount('registration-suspended')).toBeGreaterThanOrEqual(before + 3);
    expect((await sessionOf(doctor.id, '2026-03-07', 'am'))!.state).toBe('suspended');
    await expect(hosp.suspend(admin.principal, s.session.id, '再次')).rejects.toMatchObject({ status: 409 });
    await expect(hosp.register(people[0]!.principal, s.session.id)).rejects.toMatchObject({ status: 409, code: 'session_suspended' });

    const mine = await hosp.myRegistration(people[0]!.principal, regs[0]!.registration.code);
    expect(mine.registration.status).toBe('suspended');
    const offers = await hosp.alternatives(mine.registration);
    expect(offers[0]).toMatchObject({ sameDoctor: true, state: 'open' });
    expect(offers.some((o) => !o.sameDoctor)).toBe(true);
    const colleague = offers.find((o) => !o.sameDoctor)!;
    const moved = await hosp.rebook(people[0]!.principal, regs[0]!.registration.code, colleague.session.id);
    expect(moved.registration).toMatchObject({ status: 'booked', doctorId: colleague.doctor.id });
    await expect(hosp.rebook(people[0]!.principal, regs[0]!.registration.code, offers[0]!.session.id)).rejects.toMatchObject({ status: 409 });
    // a booked registration is not "moved": it is cancelled or kept
    await expect(hosp.rebook(people[0]!.principal, moved.registration.code, offers[0]!.session.id)).rejects.toMatchObject({ status: 409 });
  });

  it("another hospital's administrator finds nothing to edit; nothing changes", async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const a = await buildHospital(hosp);
    const b = await buildHospital(hosp);
    const ofB = await buildStaff(t.services, { role: 'hospital_admin', department: dept });
    await hosp.assignAdmin(ofB.principal.userId, b.hospital.slug);
    const unassigned = await buildStaff(t.services, { role: 'hospital_admin', department: dept });
    const s = (await sessionOf(a.doctors[0]!.id, '2026-03-08', 'pm'))!;
    for (const p of [ofB.principal, unassigned.principal]) {
      await expect(hosp.suspend(p, s.session.id, '停诊')).rejects.toMatchObject({ status: 404 });
      await expect(hosp.setSessionQuota(p, s.session.id, 1)).rejects.toMatchObject({ status: 404 });
      await expect(hosp.setWeekly(p, a.doctors[0]!.id, { '1-am': 5 })).rejects.toMatchObject({ status: 404 });
      await expect(hosp.adminSchedule(p, a.hospital.id)).rejects.toMatchObject({ status: 404 });
      await expect(hosp.updateBeds(p, a.hospital.id, { departments: [{ departmentId: a.departments[0]!.id, total: 1, free: 1 }] })).rejects.toMatchObject({ status: 404 });
    }
    const citizen = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    await expect(hosp.setSessionQuota(citizen.principal, s.session.id, 1)).rejects.toMatchObject({ status: 404 });
    const after = (await sessionOf(a.doctors[0]!.id, '2026-03-08', 'pm'))!;
    expect(after.session).toMatchObject({ status: 'open', quota: 10 });
    // their own hospital: yes; a quota below those booked: refused
    const own = (await sessionOf(b.doctors[0]!.id, '2026-03-08', 'pm'))!;
    await hosp.register(citizen.principal, own.session.id);
    await expect(hosp.setSessionQuota(ofB.principal, own.session.id, 0)).rejects.toMatchObject({ status: 409 });
    await expect(hosp.setSessionQuota(ofB.principal, own.session.id, 4)).resolves.toMatchObject({ quota: 4 });
  });
});

