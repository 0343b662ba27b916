/**
 * The one place rows become what pages and the API show (never a row): a case in a list, a case
 * as its applicant reads it, a case as staff read it, the working-day clock with its explanation.
 * Department and people's names come in as maps (from the catalog's and accounts' faces).
 * Dates are ISO strings; labels are Chinese, codes stay beside them for the API.
 */
import type { WorkCalendar } from '../../lib/workdays.js';
import { maskPhone } from '../../lib/identity.js';
import { t } from '../../lib/i18n/index.js';
import type { RouteDefinition, RouteState } from './approval.js';
import { type ClockReading, readClock } from './clock.js';
import type { ApplicationAbility } from './policy.js';
import type { ApplicationStatus } from './machine.js';
import type { MaterialSlot } from './materials.js';
import { type ApplicationMessageKey, msg } from './messages.js';
import type * as repo from './repo.js';

export type DepartmentNames = ReadonlyMap<number, { name: string; slug: string }>;
const nameIn = (names: DepartmentNames, id: number | null | undefined) => (id ? (names.get(id)?.name ?? '') : '');
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export interface ClockView {
  state: ClockReading['state'];
  dueAt: string | null;
  remainingDays: number;
  overdue: boolean;
  pausedDays: number;
  usedDays: number;
  promisedDays: number;
  /** how it was computed, line by line (holidays, 调休 make-up days, 补正 pauses) */
  explanation: string[];
}

/** The clock of an accepted case (null before acceptance: it has not started). */
export function clockOf(calendar: WorkCalendar, row: repo.ApplicationRow, corrections: readonly repo.CorrectionRow[], now: Date): ClockView | null {
  if (!row.acceptedAt || row.promisedDays === null) return null;
  const reading = readClock(calendar, {
    promisedDays: row.promisedDays,
    acceptedAt: row.acceptedAt,
    pauses: corrections.filter((c) => c.pausesClock).map((c) => ({ from: c.requestedAt, to: c.resubmittedAt })),
    now,
    concludedAt: row.concludedAt,
  });
  return { ...reading, dueAt: iso(reading.dueAt), promisedDays: row.promisedDays };
}

/** A case in a list (mine, or a staff queue). */
export interface ApplicationSummary {
  id: number;
  /** 受理编号; null for a draft */
  no: string | null;
  itemId: number;
  itemName: string;
  departmentId: number;
  department: string;
  status: ApplicationStatus;
  statusLabel: string;
  submittedAt: string | null;
  acceptedAt: string | null;
  dueAt: string | null;
  /** flagged by the scheduler, or past its deadline now */
  overdue: boolean;
  concludedAt: string | null;
  updatedAt: string;
  version: number;
  /** 秒批 decided it (准予 / 不予) at submission */
  autoDecided: boolean;
  /** an automatic decision drawn for 复核 and not yet reviewed */
  reviewPending: boolean;
}

export function summaryOf(row: repo.ApplicationRow, itemName: string, names: DepartmentNames, now: Date): ApplicationSummary {
  const running = row.status === 'accepted' || row.status === 'reviewing';
  return {
    id: row.id,
    no: row.no,
    itemId: row.itemId,
    itemName,
    departmentId: row.departmentId,
    department: nameIn(names, row.departmentId),
    status: row.status as ApplicationStatus,
    statusLabel: msg(`status.${row.status as ApplicationStatus}`),
    submittedAt: iso(row.submittedAt),
    acceptedAt: iso(row.acceptedAt),
    dueAt: iso(row.dueAt),
    overdue: running && (row.overdueAt !== null || (row.dueAt !== null && row.dueAt < now)),
    concludedAt: iso(row.concludedAt),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    autoDecided: row.instantDecision?.decision === 'approve' || row.instantDecision?.decision === 'deny',
    reviewPending: row.reviewSample && row.reviewedAt === null,
  };
}

export interface MaterialView {
  id: number;
  slot: string;
  filename: string;
  contentType: string;
  size: number;
  source: 'upload' | 'reused' | 'fetched' | 'certificate';
  sourceLabel: string;
  status: string;
}
export const materialOf = (m: repo.MaterialRow): MaterialView => ({
  id: m.id,
  slot: m.slot,
  filename: m.filename,
  contentType: m.contentType,
  size: m.size,
  source: m.source,
  sourceLabel: msg(`material.${m.source}`),
  status: m.status,
});

/** An upload slot and what is filed in it. */
export interface SlotView extends MaterialSlot {
  /** 免提交: the department fetches it; the applicant need not upload */
  exempt: boolean;
  files: MaterialView[];
  /** 免证办: a certificate the portal issued stands for it (its number masked); filed at submission */
  onFile?: { title: string; code: string };
}
export const slotsOf = (slots: readonly (MaterialSlot & { exempt: boolean })[], materials: readonly repo.MaterialRow[]): SlotView[] =>
  slots.map((s) => ({ ...s, files: materials.filter((m) => m.slot === s.key).map(materialOf) }));

export interface EventView {
  at: string;
  kind: string;
  label: string;
  note: string | null;
  actor: string;
  department: string;
  internal: boolean;
}
const eventLabel = (e: repo.EventRow) => {
  const key = `event.${e.kind}` as ApplicationMessageKey;
  return msg(key) === `applications.${key}` ? e.kind : msg(key);
};
export const eventOf = (e: repo.EventRow, names: DepartmentNames): EventView => ({
  at: e.at.toISOString(),
  kind: e.kind,
  label: eventLabel(e),
  note: e.note,
  actor: e.actorName,
  department: nameIn(names, e.departmentId),
  internal: e.internal,
});

export interface CorrectionView {
  requestedAt: string;
  department: string;
  items: { field?: string; material?: string; what: string }[];
  justification: string | null;
  pausesClock: boolean;
  resubmittedAt: string | null;
}
export const correctionOf = (c: repo.CorrectionRow, names: DepartmentNames): CorrectionView => ({
  requestedAt: c.requestedAt.toISOString(),
  department: nameIn(names, c.departmentId),
  items: c.items,
  justification: c.justification,
  pausesClock: c.pausesClock,
  resubmittedAt: iso(c.resubmittedAt),
});

export type Delivery = NonNullable<repo.ApplicationRow['delivery']>;
export interface DeliveryView {
  method: 'window' | 'post';
  label: string;
  /** window pick-up: the hall chosen (its name and address) */
  hall?: { slug: string; name: string; address: string };
  /** post only; the phone masked outside the applicant's and staff's own views */
  address?: string;
  recipient?: string;
  phone?: string;
}
export const deliveryOf = (d: repo.ApplicationRow['delivery'], mask = false): DeliveryView | null =>
  !d ? null : d.method === 'window' ? { method: 'window', label: msg('delivery.window'), ...(d.hall ? { hall: d.hall } : {}) } : { method: 'post', label: msg('delivery.post'), address: d.address, recipient: d.recipient, phone: mask ? maskPhone(d.phone) : d.phone };

export interface DecisionView {
  status: 'approved' | 'denied';
  label: string;
  reason: string | null;
  decidedAt: string;
  certificate: { code: string; url: string } | null;
}
const decisionOf = (row: repo.ApplicationRow): DecisionView | null =>
  (row.status === 'approved' || row.status === 'denied') && row.concludedAt
    ? {
        status: row.status,
        label: msg(`status.${row.status}`),
        reason: row.reason,
        decidedAt: row.concludedAt.toISOString(),
        certificate: row.certificateCode ? { code: row.certificateCode, url: row.certificateUrl ?? '' } : null,
      }
    : null;

/** Everything about one case the views share. */
export interface CaseParts {
  row: repo.ApplicationRow;
  itemName: string;
  names: DepartmentNames;
  slots: readonly (MaterialSlot & { exempt: boolean })[];
  materials: readonly repo.MaterialRow[];
  events: readonly repo.EventRow[];
  corrections: readonly repo.CorrectionRow[];
  abilities: ReadonlySet<ApplicationAbility>;
  calendar: WorkCalendar;
  now: Date;
}

/** A case as its applicant reads it: answers, materials, timeline, 补正 notices, the clock and the result. */
export interface ApplicantView extends ApplicationSummary {
  queryCode: string | null;
  answers: Record<string, unknown>;
  definitionVersion: number | null;
  slots: SlotView[];
  timeline: EventView[];
  corrections: CorrectionView[];
  /** the 补正 notice waiting for the applicant, if any */
  openCorrection: CorrectionView | null;
  clock: ClockView | null;
  delivery: DeliveryView | null;
  decision: DecisionView | null;
  /** a reason shown for 不予受理 or 撤回 */
  reason: string | null;
  abilities: ApplicationAbility[];
  /** 秒批: the item's published rules checked at submission, each check explained */
  instant: InstantView | null;
}

export interface InstantView {
  decision: 'approve' | 'deny' | 'manual';
  label: string;
  basis: string;
  explanation: string;
  checks: { label: string; ok: boolean | null; explanation: string }[];
  /** an automatic decision drawn for 复核; with its outcome once reviewed (staff only) */
  sampled: boolean;
  review: { at: string; result: 'confirmed' | 'flagged'; note: string | null; by: number | null } | null;
}
export function instantOf(row: repo.ApplicationRow, staff: boolean): InstantView | null {
  const d = row.instantDecision;
  if (!d) return null;
  return {
    decision: d.decision,
    label: t(`auto.outcome.${d.decision}`),
    basis: d.basis,
    explanation: d.explanation,
    checks: d.checks,
    sampled: staff && row.reviewSample,
    review: staff && row.reviewedAt && row.reviewResult ? { at: row.reviewedAt.toISOString(), result: row.reviewResult, note: row.reviewNote, by: row.reviewedBy } : null,
  };
}

export function applicantViewOf(c: CaseParts): ApplicantView {
  const corrections = c.corrections.map((x) => correctionOf(x, c.names));
  const open = c.row.status === 'correcting' ? (corrections.findLast((x) => x.resubmittedAt === null) ?? null) : null;
  return {
    ...summaryOf(c.row, c.itemName, c.names, c.now),
    queryCode: c.row.queryCode,
    answers: c.row.answers,
    definitionVersion: c.row.definitionVersion,
    slots: slotsOf(c.slots, c.materials),
    timeline: c.events.filter((e) => !e.internal).map((e) => eventOf(e, c.names)),
    corrections,
    openCorrection: open,
    clock: clockOf(c.calendar, c.row, c.corrections, c.now),
    delivery: deliveryOf(c.row.delivery),
    decision: decisionOf(c.row),
    reason: c.row.status === 'refused' || c.row.status === 'withdrawn' ? c.row.reason : null,
    abilities: [...c.abilities],
    instant: instantOf(c.row, false),
  };
}

export interface OpinionView {
  stage: string;
  stageName: string;
  round: number;
  departmentId: number;
  department: string;
  author: string;
  kind: repo.OpinionRow['kind'];
  kindLabel: string;
  text: string;
  target: string | null;
  at: string;
}

export interface RouteView {
  stages: { key: string; name: string; mode: 'all' | 'any'; modeLabel: string; departments: { id: number | null; slug: string; name: string; decision: 'approve' | 'reject' | null }[] }[];
  /** the current stage's key, null once the route is over */
  current: string | null;
  round: number;
  outcome: RouteState['outcome'];
}

export function routeViewOf(route: RouteDefinition, state: RouteState, bySlug: ReadonlyMap<string, { id: number; name: string }>): RouteView {
  return {
    stages: route.stages.map((s, i) => {
      const participants = [...s.participants.map((p) => p.department), ...state.added.filter((a) => a.stage === s.key).map((a) => a.department)];
      return {
        key: s.key,
        name: s.name,
        mode: s.mode,
        modeLabel: msg(`route.mode.${s.mode}`),
        departments: participants.map((slug) => ({
          id: bySlug.get(slug)?.id ?? null,
          slug,
          name: bySlug.get(slug)?.name ?? slug,
          decision: i === state.stage ? (state.decisions.find((d) => d.department === slug)?.decision ?? null) : null,
        })),
      };
    }),
    current: state.outcome === 'running' ? (route.stages[state.stage]?.key ?? null) : null,
    round: state.round,
    outcome: state.outcome,
  };
}

/** A case as staff read it: all of the applicant's view, the route, every opinion with its author, the internal history. */
export interface StaffView extends ApplicantView {
  applicant: { id: number; name: string };
  enterpriseId: number | null;
  route: RouteView | null;
  opinions: OpinionView[];
  history: EventView[];
  correctionCount: number;
  window: { departmentId: number | null; department: string };
}

export function staffViewOf(
  c: CaseParts & { opinions: readonly repo.OpinionRow[]; people: ReadonlyMap<number, string>; bySlug: ReadonlyMap<string, { id: number; name: string }> },
): StaffView {
  const route = c.row.route as RouteDefinition | null;
  const state = c.row.routeState as RouteState | null;
  const stageName = (key: string) => route?.stages.find((s) => s.key === key)?.name ?? key;
  return {
    ...applicantViewOf(c),
    instant: instantOf(c.row, true),
    queryCode: null,
    applicant: { id: c.row.applicantId, name: c.people.get(c.row.applicantId) ?? '' },
    enterpriseId: c.row.enterpriseId,
    route: route && state ? routeViewOf(route, state, c.bySlug) : null,
    opinions: c.opinions.map((o) => ({
      stage: o.stage,
      stageName: stageName(o.stage),
      round: o.round,
      departmentId: o.departmentId,
      department: nameIn(c.names, o.departmentId),
      author: c.people.get(o.userId) ?? '',
      kind: o.kind,
      kindLabel: msg(`opinion.${o.kind}`),
      text: o.text,
      target: o.kind === 'sendBack' && o.target ? stageName(o.target) : o.kind === 'addDepartment' && o.target ? (c.bySlug.get(o.target)?.name ?? o.target) : o.target,
      at: o.at.toISOString(),
    })),
    history: c.events.map((e) => eventOf(e, c.names)),
    correctionCount: c.row.correctionCount,
    window: { departmentId: c.row.windowDepartmentId, department: nameIn(c.names, c.row.windowDepartmentId) },
  };
}

/** What a submission answers: the 受理编号 and where to follow the case. */
export interface Receipt {
  id: number;
  no: string;
  queryCode: string;
  status: ApplicationStatus;
  submittedAt: string;
  url: string;
}
export const receiptOf = (row: repo.ApplicationRow): Receipt => ({
  id: row.id,
  no: row.no as string,
  queryCode: row.queryCode as string,
  status: row.status as ApplicationStatus,
  submittedAt: (row.submittedAt as Date).toISOString(),
  url: `/me/applications/${row.no}`,
});
