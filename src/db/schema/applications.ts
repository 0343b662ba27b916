/**
 * Tables of the applications module: online applications for an item (网上申办), their answers
 * and materials, the departments working on them, every stage opinion, the case history and the
 * 补正 notices. Ratings (好差评) and rectifications (整改) come with the next tables.
 *
 * Two guards against concurrent work: the `version` column of `applications` (an operation
 * updates `WHERE version = $read` and re-reads on a miss), and a unique index that lets a
 * department decide a stage once per round, so two approvers racing can never advance a stage
 * twice or lose an opinion.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgSequence, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { enterprises, users } from './accounts.js';
import { departments, items } from './catalog.js';

/** The running number inside a 受理编号. */
export const applicationNoSeq = pgSequence('application_no_seq');

export const applications = pgTable(
  'applications',
  {
    id: serial('id').primaryKey(),
    /** 受理编号, given on submission (a draft has none) */
    no: text('no'),
    /** with the number, lets the applicant (or whoever they give both) follow the case without signing in */
    queryCode: text('query_code'),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    /** the item's competent department when the case was opened: whose queue and statistics it is in */
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    applicantId: integer('applicant_id')
      .notNull()
      .references(() => users.id),
    /** set when applied for by an enterprise: its people act for it */
    enterpriseId: integer('enterprise_id').references(() => enterprises.id),
    /** draft, submitted, accepted, refused, correcting, reviewing, approved, denied, withdrawn (machine.ts) */
    status: text('status').notNull().default('draft'),
    /** the item's form as it was when the case was submitted: the answers are read against it */
    form: jsonb('form'),
    /** the published version of the item's definition (form and route) the case was submitted with */
    definitionVersion: integer('definition_version'),
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    /** the item's approval route as it was at acceptance, and where the case is on it (approval.ts) */
    route: jsonb('route'),
    routeState: jsonb('route_state'),
    /** 承诺时限 in working days, copied from the guide at acceptance */
    promisedDays: integer('promised_days'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: integer('accepted_by').references(() => users.id),
    /** the department of the 综合窗口 clerk who accepted or refused it (一窗受理) */
    windowDepartmentId: integer('window_department_id').references(() => departments.id),
    /** the deadline; null while the clock is paused for 补正 */
    dueAt: timestamp('due_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** when the scheduler found it past its deadline (once; the flag shown in queues) */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    /** how the result reaches the applicant: { method: 'window' } or { method: 'post', address, recipient, phone } */
    delivery: jsonb('delivery').$type<{ method: 'window'; hall?: { slug: string; name: string; address: string } } | { method: 'post'; address: string; recipient: string; phone: string }>(),
    /** who decided (准予/不予许可) */
    decidedBy: integer('decided_by').references(() => users.id),
    /** the certificate or approval letter issued on 准予 (certificates module), and its verification address */
    certificateCode: text('certificate_code'),
    certificateUrl: text('certificate_url'),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    /** the reason shown to the applicant for 不予受理, 不予许可 (with its legal basis) or withdrawal */
    reason: text('reason'),
    correctionCount: integer('correction_count').notNull().default(0),
    idempotencyKey: text('idempotency_key'),
    /** 秒批: the item's published rules checked at submission, each check explained (automation/instant.ts) */
    instantDecision: jsonb('instant_decision').$type<{ decision: 'approve' | 'deny' | 'manual'; explanation: string; checks: { label: string; ok: boolean | null; explanation: string }[]; basis: string }>(),
    /** an automatic decision drawn for human review (抽查); reviewed: who, when, and confirmed or flagged */
    reviewSample: boolean('review_sample').notNull().default(false),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewResult: text('review_result').$type<'confirmed' | 'flagged'>(),
    reviewNote: text('review_note'),
    /** 一件事一次办: the bundle submission this case is a part of, its part key, and the parts it waits for */
    bundleNo: text('bundle_no'),
    bundleSlug: text('bundle_slug'),
    bundlePart: text('bundle_part'),
    waitsFor: jsonb('waits_for').$type<string[]>(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('applications_no').on(t.no),
    uniqueIndex('applications_idempotency_key').on(t.idempotencyKey),
    index('applications_applicant').on(t.applicantId, t.createdAt),
    index('applications_enterprise').on(t.enterpriseId),
    index('applications_department_status').on(t.departmentId, t.status),
    index('applications_status_due').on(t.status, t.dueAt),
    index('applications_review_sample').on(t.reviewSample, t.reviewedAt),
    index('applications_bundle').on(t.bundleNo),
  ],
);

/**
 * 免申即享: an application opened on a person's behalf when a published rule made them eligible,
 * for them to confirm (it is then submitted) or decline. One opening per person and item, ever:
 * the daily job may run twice or catch up, it never opens a second.
 */
export const applicationOpenings = pgTable(
  'application_openings',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    /** the draft opened for them; null once declined (the draft is removed) */
    applicationId: integer('application_id').references(() => applications.id, { onDelete: 'set null' }),
    /** the day they became eligible, and why in a sentence */
    since: text('since').notNull(),
    reason: text('reason').notNull(),
    notice: text('notice').notNull(),
    /** open (待确认), confirmed (submitted), declined */
    status: text('status').$type<'open' | 'confirmed' | 'declined'>().notNull().default('open'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('application_openings_once').on(t.userId, t.itemId), index('application_openings_application').on(t.applicationId)],
);

/**
 * Departments working on a case: the item's own, those on its route, those added (加签); `pending`
 * while the current stage waits for them. A department's queue and the isolation rule read this.
 */
export const applicationDepartments = pgTable(
  'application_departments',
  {
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    role: text('role').$type<'lead' | 'route' | 'added'>().notNull(),
    pending: boolean('pending').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.departmentId] }), index('application_departments_queue').on(t.departmentId, t.pending)],
);

/**
 * Uploaded or reused materials: one row per file in a slot (a form's file field or a guide
 * material). The bytes are in the file store under sha256, checked by content on upload.
 */
export const applicationMaterials = pgTable(
  'application_materials',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    /** the form field's key, or the guide material's name */
    slot: text('slot').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    /** upload; reused (材料复用, from an earlier case of the same person); fetched (免提交, the department gets it); certificate (免证办, a certificate the portal issued: filename names it, sha256 holds its code) */
    source: text('source').$type<'upload' | 'reused' | 'fetched' | 'certificate'>().notNull().default('upload'),
    reusedFromId: integer('reused_from_id'),
    /** submitted, accepted (reusable later), rejected (to correct) */
    status: text('status').notNull().default('submitted'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('application_materials_application').on(t.applicationId), index('application_materials_sha256').on(t.sha256)],
);

/** Every stage opinion, with its author and time: approve, reject, send back, add a department. */
export const applicationOpinions = pgTable(
  'application_opinions',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    /** the stage's key in the route, and the round (times sent back) it was given in */
    stage: text('stage').notNull(),
    round: integer('round').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').$type<'approve' | 'reject' | 'sendBack' | 'addDepartment'>().notNull(),
    text: text('text').notNull(),
    /** sendBack: the stage sent back to; addDepartment: the department added */
    target: text('target'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('application_opinions_application').on(t.applicationId, t.at),
    // a department decides a stage once per round, however many approvers race
    uniqueIndex('application_opinions_one_decision')
      .on(t.applicationId, t.round, t.stage, t.departmentId)
      .where(sql`${t.kind} in ('approve', 'reject')`),
  ],
);

/** The case history: what happened, who did it, and whether the applicant sees it. */
export const applicationEvents = pgTable(
  'application_events',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** the machine's action (submit, accept, …) or another step (material reused, reminded, …) */
    kind: text('kind').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    note: text('note'),
    /** internal steps the applicant does not see */
    internal: boolean('internal').notNull().default(false),
  },
  (t) => [index('application_events_application').on(t.applicationId, t.at)],
);

/**
 * 补正 notices: one notice lists everything to correct (一次性告知); a second needs a
 * justification. A notice after acceptance pauses the clock until the applicant resubmits.
 */
export const applicationCorrections = pgTable(
  'application_corrections',
  {
    id: serial('id').primaryKey(),
    applicationId: integer('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    departmentId: integer('department_id').references(() => departments.id),
    /** what to correct: a form field or a material, and what is wrong with it */
    items: jsonb('items').$type<{ field?: string; material?: string; what: string }[]>().notNull(),
    /** why a second notice is needed */
    justification: text('justification'),
    pausesClock: boolean('pauses_clock').notNull(),
    resubmittedAt: timestamp('resubmitted_at', { withTimezone: true }),
  },
  (t) => [index('application_corrections_application').on(t.applicationId, t.requestedAt)],
);
