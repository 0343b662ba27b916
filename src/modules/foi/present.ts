/** Rows → what pages and the API show: the request, its clock explained, its history. */
import { type ClockExplanation, type ClockFacts, explainClock } from './clock.js';
import type { Channel, FoiStatus, ReplyType } from './model.js';
import type { EventRow, FoiRow, PauseRow } from './repo.js';
import type { WorkCalendar } from '../../lib/workdays.js';

export function factsOf(r: FoiRow, pauses: PauseRow[]): ClockFacts {
  return {
    channel: r.channel as Channel,
    eventOn: r.eventOn,
    correctionNoticeOn: r.correctionNoticeOn,
    correctedOn: r.correctedOn,
    extended: r.extended,
    pauses: pauses.filter((p) => p.requestId === r.id).map((p) => ({ from: p.fromOn, to: p.toOn, reason: p.reason })),
    repliedOn: r.repliedOn,
  };
}

export interface FoiView {
  id: number;
  code: string;
  status: FoiStatus;
  departmentId: number;
  departmentName: string;
  applicantKind: string;
  applicantName: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  description: string;
  purpose: string | null;
  format: string;
  delivery: string;
  channel: Channel;
  eventOn: string;
  receivedOn: string;
  correctionNote: string | null;
  correctedText: string | null;
  extensionReason: string | null;
  extensionApprovedBy: string | null;
  replyType: ReplyType | null;
  replyGround: string | null;
  replyBody: string | null;
  replyFile: { name: string; type: string } | null;
  repliedOn: string | null;
  monthOrdinal: number;
  feeApplies: boolean;
  feeYuan: number;
  version: number;
  clock: ClockExplanation;
  pauses: { reason: string; party: string; from: string; to: string | null }[];
  history?: { at: string; action: string; actor: string; note: string | null }[];
}

export function viewOf(cal: WorkCalendar, today: string, r: FoiRow, pauses: PauseRow[], names: ReadonlyMap<number, { name: string }>, events?: EventRow[]): FoiView {
  const mine = pauses.filter((p) => p.requestId === r.id);
  return {
    id: r.id,
    code: r.code,
    status: r.status as FoiStatus,
    departmentId: r.departmentId,
    departmentName: names.get(r.departmentId)?.name ?? '',
    applicantKind: r.applicantKind,
    applicantName: r.applicantName,
    phone: r.phone,
    email: r.email,
    address: r.address,
    description: r.description,
    purpose: r.purpose,
    format: r.format,
    delivery: r.delivery,
    channel: r.channel as Channel,
    eventOn: r.eventOn,
    receivedOn: r.receivedOn,
    correctionNote: r.correctionNote,
    correctedText: r.correctedText,
    extensionReason: r.extensionReason,
    extensionApprovedBy: r.extensionApprovedBy,
    replyType: r.replyType as ReplyType | null,
    replyGround: r.replyGround,
    replyBody: r.replyBody,
    replyFile: r.replyFileKey ? { name: r.replyFileName ?? '', type: r.replyFileType ?? '' } : null,
    repliedOn: r.repliedOn,
    monthOrdinal: r.monthOrdinal,
    feeApplies: r.feeApplies,
    feeYuan: r.feeYuan,
    version: r.version,
    clock: explainClock(cal, factsOf(r, mine), today),
    pauses: mine.map((p) => ({ reason: p.reason, party: p.party, from: p.fromOn, to: p.toOn })),
    history: events?.map((e) => ({ at: e.at.toISOString(), action: e.action, actor: e.actor, note: e.note })),
  };
}
