/** Rows → what pages and the API show: the case for staff, the published reply for everyone. */
import { t } from '../../lib/i18n/index.js';
import { daysBetween, type Grade, numberLabel, type Openness, type ProposalKind, type ProposalStatus } from './model.js';
import type { CoHandlerRow, ProposalRow } from './repo.js';

type Names = ReadonlyMap<number, { name: string }>;
const nameOf = (names: Names, id: number) => names.get(id)?.name ?? '';

export const kindLabel = (k: string) => t(`proposals.kind.${k}` as never);
export const gradeLabel = (g: string) => t(`proposals.grade.${g}` as never);
export const proposalUrl = (id: number) => `/proposals/${id}`;

export interface Deadline {
  dueOn: string;
  /** calendar days left (negative: overdue by that many) while unanswered */
  daysLeft: number | null;
  overdue: boolean;
  /** answered after the due day */
  late: boolean;
}

export function deadlineOf(r: Pick<ProposalRow, 'dueOn' | 'repliedOn'>, today: string): Deadline {
  if (r.repliedOn) return { dueOn: r.dueOn, daysLeft: null, overdue: false, late: r.repliedOn > r.dueOn };
  const left = daysBetween(today, r.dueOn);
  return { dueOn: r.dueOn, daysLeft: left, overdue: left < 0, late: false };
}

export interface ProposalView {
  id: number;
  kind: ProposalKind;
  kindLabel: string;
  year: number;
  number: number;
  numberLabel: string;
  title: string;
  authors: { name: string; group: string }[];
  content: string;
  mainDepartment: { id: number; name: string };
  coHandlers: { departmentId: number; name: string; opinion: string | null; opinionOn: string | null; opinionBy: string | null }[];
  status: ProposalStatus;
  statusLabel: string;
  assignedOn: string;
  deadline: Deadline;
  grade: Grade | null;
  gradeLabel: string | null;
  replyBody: string | null;
  repliedOn: string | null;
  repliedBy: string | null;
  openness: Openness | null;
  withheldReason: string | null;
  publishedOn: string | null;
  publishedBy: string | null;
  version: number;
}

export function viewOf(r: ProposalRow, co: CoHandlerRow[], names: Names, today: string): ProposalView {
  return {
    id: r.id,
    kind: r.kind as ProposalKind,
    kindLabel: kindLabel(r.kind),
    year: r.year,
    number: r.number,
    numberLabel: numberLabel(r.number),
    title: r.title,
    authors: r.authors,
    content: r.content,
    mainDepartment: { id: r.mainDepartmentId, name: nameOf(names, r.mainDepartmentId) },
    coHandlers: co.filter((c) => c.proposalId === r.id).map((c) => ({ departmentId: c.departmentId, name: nameOf(names, c.departmentId), opinion: c.opinion, opinionOn: c.opinionOn, opinionBy: c.opinionBy })),
    status: r.status as ProposalStatus,
    statusLabel: t(`proposals.status.${r.status}` as never),
    assignedOn: r.assignedOn,
    deadline: deadlineOf(r, today),
    grade: r.replyGrade as Grade | null,
    gradeLabel: r.replyGrade ? gradeLabel(r.replyGrade) : null,
    replyBody: r.replyBody,
    repliedOn: r.repliedOn,
    repliedBy: r.repliedBy,
    openness: r.openness as Openness | null,
    withheldReason: r.withheldReason,
    publishedOn: r.publishedOn,
    publishedBy: r.publishedBy,
    version: r.version,
  };
}

/** What the public sees of a proposal whose reply is published: no handlers' names, no opinions. */
export interface PublicProposal {
  id: number;
  url: string;
  kind: ProposalKind;
  kindLabel: string;
  year: number;
  numberLabel: string;
  title: string;
  authors: { name: string; group: string }[];
  content: string;
  mainDepartment: { id: number; name: string };
  coDepartments: { id: number; name: string }[];
  grade: Grade;
  gradeLabel: string;
  reply: string;
  repliedOn: string;
  publishedOn: string;
}

export function publicOf(r: ProposalRow, co: CoHandlerRow[], names: Names): PublicProposal {
  return {
    id: r.id,
    url: proposalUrl(r.id),
    kind: r.kind as ProposalKind,
    kindLabel: kindLabel(r.kind),
    year: r.year,
    numberLabel: numberLabel(r.number),
    title: r.title,
    authors: r.authors,
    content: r.content,
    mainDepartment: { id: r.mainDepartmentId, name: nameOf(names, r.mainDepartmentId) },
    coDepartments: co.filter((c) => c.proposalId === r.id).map((c) => ({ id: c.departmentId, name: nameOf(names, c.departmentId) })),
    grade: r.replyGrade as Grade,
    gradeLabel: gradeLabel(r.replyGrade ?? ''),
    reply: r.replyBody ?? '',
    repliedOn: r.repliedOn ?? '',
    publishedOn: r.publishedOn ?? '',
  };
}

export interface CountRow {
  departmentId: number;
  departmentName: string;
  year: number;
  total: number;
  replied: number;
  published: number;
  overdue: number;
}
