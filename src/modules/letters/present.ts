/**
 * The one place rows become what pages and the API show: the writer's case, the public letter,
 * the staff's summaries and whole case, the API's case after an action, receipts, statistics and
 * search documents. Nothing else sends a row.
 */
import { maskName, maskPhone } from '../../lib/identity.js';
import { maskPersonalData } from '../../lib/masking.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import type { DepartmentName, SearchDocInput } from './faces.js';
import { type LetterType, OPEN_STATUSES } from './model.js';
import { allows, type CaseActions, type LetterAbility } from './policy.js';
import type * as repo from './repo.js';

/** The words for a letter's type, mailbox, status and history entries. */
export const typeLabel = (type: string) => t(`letters.type.${type}` as MessageKey);
export const channelLabel = (channel: string) => t(`letters.channel.${channel}` as MessageKey);
export const statusLabel = (status: string) => t(`letters.status.${status}` as MessageKey);
export const eventLabel = (kind: string, note: string | null) => t(`letters.event.${kind}` as MessageKey, { note: note ?? '' });

/** Departments by id, as the catalogue names them (its cached map). */
export type Departments = ReadonlyMap<number, DepartmentName>;
/** A department's name; '' for none (or one gone from the catalogue). */
export const nameIn = (names: Departments, id: number | null | undefined) => (id ? (names.get(id)?.name ?? '') : '');

export interface Receipt {
  id: number;
  trackingCode: string;
  queryCode: string;
  status: string;
  dueAt: Date;
  /** false when the same Idempotency-Key had already created this letter */
  created: boolean;
}

export function receiptOf(letter: repo.LetterRow, created: boolean): Receipt {
  return { id: letter.id, trackingCode: letter.trackingCode, queryCode: letter.queryCode, status: letter.status, dueAt: letter.dueAt, created };
}

/** A confidential case for those who may know only that it exists: no writer, no words. */
export function conceal(letter: repo.LetterRow): repo.LetterRow {
  return { ...letter, title: t('letters.confidential.title'), body: '', name: null, phone: null, email: null, address: null, lat: null, lng: null, ratingComment: null };
}

// ---- the writer and the public ---------------------------------------------------------------------

/** history entries whose note the writer may read (the rest are the departments' own) */
const WRITER_NOTES = new Set(['rated', 'reopened', 'received', 'assigned', 'extended', 'merged']);

/** The whole case as its writer sees it; a merged letter's writer reads the other letter's reply. */
export function writerCase(
  letter: repo.LetterRow,
  d: { names: Departments; target?: repo.LetterRow; events: repo.EventRow[]; replies: repo.ReplyRow[]; attachments: Awaited<ReturnType<typeof repo.attachmentList>> },
) {
  const { names, target } = d;
  return {
    id: letter.id,
    trackingCode: letter.trackingCode,
    channel: letter.channel,
    type: letter.type,
    title: letter.title,
    body: letter.body,
    name: letter.name,
    phone: letter.phone ? maskPhone(letter.phone) : null,
    address: letter.address,
    isPublic: letter.isPublic,
    status: letter.status,
    department: nameIn(names, letter.departmentId),
    receivedAt: letter.receivedAt,
    dueAt: letter.dueAt,
    repliedAt: letter.repliedAt,
    rating: letter.rating,
    ratingComment: letter.ratingComment,
    canRate: allows(letter, 'rate'),
    canReopen: allows(letter, 'reopen'),
    mergedInto: target?.trackingCode ?? null,
    // the writer sees departments act, not the names of the clerks in them
    events: d.events.map((e) => ({
      at: e.at,
      kind: e.kind,
      note: WRITER_NOTES.has(e.kind) ? e.note : null,
      actor: e.actorId ? nameIn(names, e.departmentId) || t('letters.actor.desk') : e.actorName,
    })),
    // with the other writer's details masked
    replies: d.replies.map((r) => ({
      body: target ? maskPersonalData(r.body, { names: [target.name], official: true }) : r.body,
      department: nameIn(names, r.departmentId),
      publishedAt: r.publishedAt,
    })),
    attachments: d.attachments,
  };
}
export type WriterCase = ReturnType<typeof writerCase>;

/** A published letter, masked. */
export function publicLetter(letter: repo.LetterRow, department: string, replies: repo.ReplyRow[]) {
  const names = [letter.name];
  return {
    trackingCode: letter.trackingCode,
    type: letter.type,
    channel: letter.channel,
    title: maskPersonalData(letter.title, { names }),
    body: maskPersonalData(letter.body, { names }),
    writer: letter.name ? maskName(letter.name) : null,
    department,
    departmentId: letter.departmentId,
    receivedAt: letter.receivedAt,
    repliedAt: letter.repliedAt,
    rating: letter.rating,
    replies: replies.map((r) => ({ body: maskPersonalData(r.body, { names, official: true }), publishedAt: r.publishedAt })),
  };
}
export type PublicLetter = ReturnType<typeof publicLetter>;

/** A public letter's search document: masked, with its published replies. */
export function searchDoc(letter: repo.LetterRow, department: string, reply: string): SearchDocInput {
  const names = [letter.name];
  return {
    key: `letter:${letter.id}`,
    kind: 'letter',
    refId: letter.id,
    title: maskPersonalData(letter.title, { names }),
    keywords: [t(`letters.type.${letter.type as LetterType}`), department],
    body: `${maskPersonalData(letter.body, { names })} ${maskPersonalData(reply, { names, official: true })}`.slice(0, 4000),
    url: `/letters/${letter.trackingCode}`,
    departmentId: letter.departmentId,
    departmentName: department,
  };
}

export interface StatRow {
  departmentId: number;
  department: string;
  month: string;
  received: number;
  /** letters whose reply is due (or already given): the reply rate's denominator */
  due: number;
  replied: number;
  /** replied ÷ due; null while none is due yet */
  replyRate: number | null;
  onTimeRate: number;
  averageDays: number;
  satisfaction: number | null;
  rated: number;
}

/** A department's figures for a month, the rates worked out. */
export function statRow(r: Awaited<ReturnType<typeof repo.monthlyStats>>[number], department: string): StatRow {
  return {
    departmentId: r.departmentId as number,
    department,
    month: r.month,
    received: r.received,
    due: r.due,
    replied: r.replied,
    replyRate: r.due ? r.replied / r.due : null,
    onTimeRate: r.replied ? r.onTime / r.replied : 0,
    averageDays: r.replied ? r.daysSum / r.replied : 0,
    satisfaction: r.rated ? r.satisfied / r.rated : null,
    rated: r.rated,
  };
}

/** One of a signed-in writer's letters, in the personal space's list of what they started. */
export function startedEntry(r: Awaited<ReturnType<typeof repo.lettersOfAccount>>['rows'][number]) {
  return { reference: r.trackingCode, title: r.title, status: statusLabel(r.status), startedAt: r.receivedAt, updatedAt: r.updatedAt, href: `/me/letters/${r.trackingCode}` };
}

// ---- staff ---------------------------------------------------------------------------------------------

export function staffSummary(letter: repo.LetterRow, now = Date.now()) {
  const open = OPEN_STATUSES.includes(letter.status as never);
  const due = letter.status === 'dispatching' ? letter.dispatchDueAt : letter.dueAt;
  return {
    id: letter.id,
    trackingCode: letter.trackingCode,
    channel: letter.channel,
    type: letter.type,
    title: letter.title,
    status: letter.status,
    departmentId: letter.departmentId,
    source: letter.source,
    anonymous: letter.anonymous,
    isPublic: letter.isPublic,
    receivedAt: letter.receivedAt,
    dueAt: due,
    repliedAt: letter.repliedAt,
    overdue: open && due.getTime() < now,
    supervised: letter.supervisedAt !== null,
    extensionStatus: letter.extensionStatus,
    rating: letter.rating,
    reopenCount: letter.reopenCount,
    version: letter.version,
  };
}

/** The whole case for staff, as the policy lets this person see it. */
export function staffCase(
  letter: repo.LetterRow,
  d: {
    role?: 'lead' | 'assist' | 'dispatcher';
    content: boolean;
    /** this person drafted, edited or submitted the reply under review */
    ownReply: boolean;
    abilities: ReadonlySet<LetterAbility>;
    actions: CaseActions;
    departments: { departmentId: number; role: 'lead' | 'assist'; opinion: string | null; name: string }[];
    events: repo.EventRow[];
    replies: repo.ReplyRow[];
    attachments: Awaited<ReturnType<typeof repo.attachmentList>>;
    mergedInto?: string;
    templates: repo.TemplateRow[];
  },
) {
  return {
    ...staffSummary(letter),
    body: letter.body,
    name: letter.name,
    phone: letter.phone,
    email: letter.email,
    address: letter.address,
    lat: letter.lat,
    lng: letter.lng,
    role: d.role,
    /** true when the case is confidential and this person may know only that it exists */
    contentWithheld: !d.content,
    abilities: [...d.abilities],
    departments: d.content ? d.departments : d.departments.map((x) => ({ ...x, opinion: null })),
    events: d.events.map((e) => (d.content ? e : { ...e, note: null })),
    replies: d.replies,
    attachments: d.attachments,
    mergedInto: d.mergedInto,
    templates: d.templates,
    // four eyes: not the reply of someone who worked on it
    canReview: d.abilities.has('review') && !d.ownReply,
    canDispatch: d.abilities.has('dispatch'),
    /** what the case page offers now (the pages' own: the API does not send it) */
    actions: d.actions,
  };
}
export type StaffCase = ReturnType<typeof staffCase>;

// ---- the JSON API's shapes --------------------------------------------------------------------------

export interface CaseView {
  id: number;
  trackingCode: string;
  channel: string;
  type: string;
  title: string;
  status: string;
  departmentId: number | null;
  receivedAt: Date;
  dueAt: Date;
  repliedAt: Date | null;
  rating: string | null;
  extensionStatus: string | null;
  version: number;
}

/** A case after a staff action: what an integration needs to carry on, the new version above all. */
export function caseView(l: repo.LetterRow | StaffCase): CaseView {
  return {
    id: l.id,
    trackingCode: l.trackingCode,
    channel: l.channel,
    type: l.type,
    title: l.title,
    status: l.status,
    departmentId: l.departmentId,
    receivedAt: l.receivedAt,
    dueAt: 'dispatchDueAt' in l && l.status === 'dispatching' ? l.dispatchDueAt : l.dueAt,
    repliedAt: l.repliedAt,
    rating: l.rating,
    extensionStatus: l.extensionStatus,
    version: l.version,
  };
}

/** The whole case for the staff API: rows of its history, replies and templates presented field by field. */
export function staffCaseForApi(c: StaffCase) {
  const { events, replies, templates, attachments, actions: _pages, ...rest } = c;
  return {
    ...rest,
    events: events.map((e) => ({ at: e.at, kind: e.kind, actor: e.actorName, departmentId: e.departmentId, note: e.note, internal: e.internal })),
    replies: replies.map((r) => ({
      id: r.id,
      departmentId: r.departmentId,
      body: r.body,
      status: r.status,
      author: r.authorName,
      returnReason: r.returnReason,
      publishedAt: r.publishedAt,
      createdAt: r.createdAt,
    })),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size })),
    templates: templates.map((tpl) => ({ id: tpl.id, title: tpl.title, body: tpl.body })),
  };
}
