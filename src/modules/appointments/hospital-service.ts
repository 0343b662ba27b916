/**
 * Hospital registration's face inside appointments: the operations bound to one context, the
 * scheduler's work (half-days up to the release horizon) and the demo.
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { type HospitalServiceDeps, createHospitalsContext } from './hospital-context.js';
import * as admin from './operations/hospital-admin.js';
import * as reg from './operations/hospitals.js';
import { type DemoHospitals, type HospitalSetup, seedHospitals, setupHospital } from './operations/hospital-seed.js';

export type { HospitalServiceDeps } from './hospital-context.js';
export type { DemoHospitals, HospitalSetup } from './operations/hospital-seed.js';

export function createHospitalService(database: Database, deps: HospitalServiceDeps) {
  const ctx = createHospitalsContext(database, deps);
  return {
    ctx,
    // patients
    hospitalList: () => reg.hospitalList(ctx),
    hospitalDetail: (slug: string) => reg.hospitalDetail(ctx, slug),
    hospitalBySlug: (slug: string) => reg.hospitalBySlug(ctx, slug),
    departmentDetail: (slug: string, departmentId: number) => reg.departmentDetail(ctx, slug, departmentId),
    doctorSchedule: (doctorId: number) => reg.doctorSchedule(ctx, doctorId),
    doctorOfSession: (sessionId: number) => reg.doctorOfSession(ctx, sessionId),
    register: (p: Principal | undefined, sessionId: number, idempotencyKey?: string) => reg.register(ctx, p, sessionId, idempotencyKey),
    cancel: (p: Principal | undefined, code: string) => reg.cancelRegistration(ctx, p, code),
    rebook: (p: Principal | undefined, code: string, sessionId: number) => reg.rebook(ctx, p, code, sessionId),
    alternatives: (registration: Parameters<typeof reg.alternatives>[1]) => reg.alternatives(ctx, registration),
    myRegistrations: (p: Principal | undefined) => reg.myRegistrations(ctx, p),
    myRegistration: (p: Principal | undefined, code: string) => reg.ownRegistration(ctx, p, code),
    registrationForCalendar: (code: string) => reg.registrationForCalendar(ctx, code),
    cancellable: (hospital: Parameters<typeof reg.cancellable>[1], session: Parameters<typeof reg.cancellable>[2]) => reg.cancellable(ctx, hospital, session),
    // hospital administrators
    managedHospitals: (p: Principal | undefined) => admin.managedHospitals(ctx, p),
    adminSchedule: (p: Principal | undefined, hospitalId: number) => admin.adminSchedule(ctx, p, hospitalId),
    /** the hospital of a half-day / a doctor the principal manages ("not found" otherwise) */
    hospitalOfSession: async (p: Principal | undefined, sessionId: number) => (await admin.sessionOf(ctx, p, sessionId)).hospitalId,
    hospitalOfDoctor: async (p: Principal | undefined, doctorId: number) => (await admin.doctorOf(ctx, p, doctorId)).hospitalId,
    setRule: (p: Principal | undefined, hospitalId: number, input: admin.RuleInput) => admin.setRule(ctx, p, hospitalId, input),
    setWeekly: (p: Principal | undefined, doctorId: number, weekly: Record<string, number>) => admin.setWeekly(ctx, p, doctorId, weekly),
    setSessionQuota: (p: Principal | undefined, sessionId: number, quota: number) => admin.setSessionQuota(ctx, p, sessionId, quota),
    suspend: (p: Principal | undefined, sessionId: number, notice: string) => admin.suspendSession(ctx, p, sessionId, notice),
    updateBeds: (p: Principal | undefined, hospitalId: number, input: admin.BedsInput) => admin.updateBeds(ctx, p, hospitalId, input),
    assignAdmin: (userId: number, slug: string) => admin.assignAdmin(ctx, userId, slug),
    // the scheduler's work: half-days up to each hospital's release horizon
    generateSessions: (hospitalId?: number) => admin.generateSessions(ctx, hospitalId),
    runPeriodic: () => admin.generateSessions(ctx),
    setupHospital: async (setup: HospitalSetup) => {
      const made = await setupHospital(ctx, setup);
      await admin.generateSessions(ctx, made.hospital.id);
      return made;
    },
    seedDemo: (data: DemoHospitals, people: { patients: Principal[]; admins?: { userId: number; hospital: string }[] }) => seedHospitals(ctx, data, people),
  };
}

export type HospitalService = ReturnType<typeof createHospitalService>;
