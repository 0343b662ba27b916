/**
 * Tables of hospital registration (预约挂号), part of the appointments module: hospitals with
 * their release rule, departments (科室) with their beds (床位), doctors with their weekly
 * half-days, the half-day sessions (号源) made from them, and the registrations.
 *
 * The same two guarantees as the hall slots live in the database: a session never holds more
 * registrations than its quota (`booked <= quota`, taken by one conditional UPDATE), and a person
 * holds at most one active registration per session, i.e. per doctor and half-day (a partial
 * unique index).
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

const stamp = (name: string) => timestamp(name, { withTimezone: true });

export const hospHospitals = pgTable(
  'hosp_hospitals',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** 三级甲等… */
    grade: text('grade').notNull(),
    address: text('address').notNull(),
    phone: text('phone').notNull(),
    /** a half-day opens for registration this many days before it… */
    releaseDays: integer('release_days').notNull().default(7),
    /** …at this local time, 'HH:MM' */
    releaseTime: text('release_time').notNull().default('08:00'),
    /** a registration may be cancelled until this many minutes before its half-day starts */
    cancelCutoffMinutes: integer('cancel_cutoff_minutes').notNull().default(120),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('hosp_hospitals_slug').on(t.slug), check('hosp_hospitals_rule', sql`${t.releaseDays} between 1 and 30 and ${t.cancelCutoffMinutes} between 0 and 10080`)],
);

export const hospDepartments = pgTable(
  'hosp_departments',
  {
    id: serial('id').primaryKey(),
    hospitalId: integer('hospital_id')
      .notNull()
      .references(() => hospHospitals.id),
    name: text('name').notNull(),
    intro: text('intro').notNull().default(''),
    bedsTotal: integer('beds_total').notNull().default(0),
    bedsFree: integer('beds_free').notNull().default(0),
    bedsUpdatedAt: stamp('beds_updated_at'),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('hosp_departments_hospital').on(t.hospitalId), check('hosp_departments_beds', sql`${t.bedsFree} >= 0 and ${t.bedsFree} <= ${t.bedsTotal}`)],
);

export const DOCTOR_TITLES = ['chief', 'associate', 'attending', 'resident'] as const;
export type DoctorTitle = (typeof DOCTOR_TITLES)[number];
export const HALF_DAYS = ['am', 'pm'] as const;
export type HalfDay = (typeof HALF_DAYS)[number];

export const hospDoctors = pgTable(
  'hosp_doctors',
  {
    id: serial('id').primaryKey(),
    hospitalId: integer('hospital_id')
      .notNull()
      .references(() => hospHospitals.id),
    departmentId: integer('department_id')
      .notNull()
      .references(() => hospDepartments.id),
    name: text('name').notNull(),
    title: text('title').$type<DoctorTitle>().notNull(),
    speciality: text('speciality').notNull(),
    /** 挂号费 in fen */
    feeFen: integer('fee_fen').notNull(),
    /** the weekly clinic: 'weekday-half' (1 Monday … 7 Sunday) → quota, e.g. { "1-am": 20 } */
    weekly: jsonb('weekly').$type<Record<string, number>>().notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('hosp_doctors_department').on(t.departmentId)],
);

export const hospSessions = pgTable(
  'hosp_sessions',
  {
    id: serial('id').primaryKey(),
    doctorId: integer('doctor_id')
      .notNull()
      .references(() => hospDoctors.id),
    departmentId: integer('department_id').notNull(),
    hospitalId: integer('hospital_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    half: text('half').$type<HalfDay>().notNull(),
    startsAt: stamp('starts_at').notNull(),
    endsAt: stamp('ends_at').notNull(),
    quota: integer('quota').notNull(),
    booked: integer('booked').notNull().default(0),
    /** 'suspended': 停诊 */
    status: text('status').$type<'open' | 'suspended'>().notNull().default('open'),
    notice: text('notice'),
  },
  (t) => [
    uniqueIndex('hosp_sessions_half').on(t.doctorId, t.day, t.half),
    index('hosp_sessions_department').on(t.departmentId, t.day),
    check('hosp_sessions_quota', sql`${t.booked} >= 0 and ${t.booked} <= ${t.quota} and ${t.quota} <= 500`),
  ],
);

export const REGISTRATION_STATUSES = ['booked', 'cancelled', 'suspended'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const hospRegistrations = pgTable(
  'hosp_registrations',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    sessionId: integer('session_id')
      .notNull()
      .references(() => hospSessions.id),
    doctorId: integer('doctor_id').notNull(),
    departmentId: integer('department_id').notNull(),
    hospitalId: integer('hospital_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    status: text('status').$type<RegistrationStatus>().notNull(),
    /** the .ics SEQUENCE */
    sequence: integer('sequence').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    /** a 停诊 registration moved by one click to this one */
    rebookedTo: integer('rebooked_to'),
    createdAt: stamp('created_at').notNull().defaultNow(),
    updatedAt: stamp('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hosp_registrations_code').on(t.code),
    uniqueIndex('hosp_registrations_one_active').on(t.userId, t.sessionId).where(sql`status = 'booked'`),
    uniqueIndex('hosp_registrations_idempotency').on(t.userId, t.idempotencyKey),
    index('hosp_registrations_session').on(t.sessionId, t.status),
    index('hosp_registrations_user').on(t.userId),
  ],
);

/** Hospital administrators: the one hospital each manages. */
export const hospAdmins = pgTable(
  'hosp_admins',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    hospitalId: integer('hospital_id')
      .notNull()
      .references(() => hospHospitals.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.hospitalId] })],
);
