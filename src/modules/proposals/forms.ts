/**
 * One check per input, shared by the page forms, the API and the demo: any value of any type in,
 * either the clean value or every problem in words (never an exception for a hostile value).
 */
import { ValidationError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { cleanText } from '../../lib/text.js';
import type { Problem } from '../../lib/validation.js';
import { GRADES, type Grade, isDate, KINDS, LIMITS, OPENNESS, type Openness, parseNumber, type ProposalKind } from './model.js';

export class ProposalValidationError extends ValidationError {
  constructor(problems: Problem[]) {
    super(t('proposals.error.invalid'), problems);
  }
}
const problem = (field: string, message: string): Problem => ({ where: '', field, message });
export const invalid = (field: string, message: string) => new ProposalValidationError([problem(t(field as never), message)]);

const str = (v: unknown, max: number, multiline = false) => (typeof v === 'string' ? cleanText(v, { multiline, max: max + 1 }) : typeof v === 'number' ? String(v) : '');
export const idOf = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n < 2 ** 31 ? n : undefined;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);

export interface RegisterInput {
  kind?: unknown;
  year?: unknown;
  number?: unknown;
  title?: unknown;
  /** [{ name, group }] or, from a form, lines "姓名（代表团或界别）" */
  authors?: unknown;
  content?: unknown;
  mainDepartmentId?: unknown;
  coDepartmentIds?: unknown;
  assignedOn?: unknown;
}

export interface CleanRegistration {
  kind: ProposalKind;
  year: number;
  number: number;
  title: string;
  authors: { name: string; group: string }[];
  content: string;
  mainDepartmentId: number;
  coDepartmentIds: number[];
  assignedOn: string;
}

/** "王建国（城区代表团）" or "王建国 城区代表团" or { name, group } */
function authorOf(v: unknown): { name: string; group: string } | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as { name?: unknown; group?: unknown };
    const name = str(o.name, LIMITS.authorName);
    const group = str(o.group, LIMITS.group);
    return name ? { name, group } : undefined;
  }
  const s = str(v, LIMITS.authorName + LIMITS.group + 4);
  if (!s) return undefined;
  const m = /^(.+?)\s*[（(]\s*(.+?)\s*[)）]$/.exec(s) ?? /^(\S+)\s+(.+)$/.exec(s);
  return m ? { name: m[1]!.trim(), group: m[2]!.trim() } : { name: s, group: '' };
}

export function authorsFromText(text: string): string[] {
  return text.split(/[\r\n]+|[;；]/).map((x) => x.trim()).filter(Boolean);
}

export function checkRegistration(input: RegisterInput, today: string): { value?: CleanRegistration; problems: Problem[] } {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push(problem(t(`proposals.field.${key}` as never), message));
  const kind = KINDS.find((k) => k === input.kind);
  if (!kind) add('kind', t('proposals.error.choose'));
  const year = typeof input.year === 'number' ? input.year : Number(str(input.year, 4));
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isSafeInteger(year) || year < 1990 || year > thisYear) add('year', t('proposals.error.year', { max: thisYear }));
  const number = parseNumber(input.number);
  if (!number) add('number', t('proposals.error.number'));
  const title = str(input.title, LIMITS.title);
  if (title.length < 4) add('title', t('proposals.error.short', { min: 4 }));
  else if (title.length > LIMITS.title) add('title', t('proposals.error.tooLong', { max: LIMITS.title }));
  const rawAuthors = typeof input.authors === 'string' ? authorsFromText(input.authors) : list(input.authors);
  const authors = rawAuthors.slice(0, LIMITS.authors + 1).map(authorOf).filter((a): a is { name: string; group: string } => !!a);
  if (!authors.length) add('authors', t('proposals.error.authors'));
  else if (authors.length > LIMITS.authors) add('authors', t('proposals.error.tooMany', { max: LIMITS.authors }));
  else if (authors.some((a) => !a.group)) add('authors', t(kind === 'cppcc' ? 'proposals.error.authorSector' : 'proposals.error.authorDelegation'));
  const content = str(input.content, LIMITS.content, true);
  if (content.length < 10) add('content', t('proposals.error.short', { min: 10 }));
  else if (content.length > LIMITS.content) add('content', t('proposals.error.tooLong', { max: LIMITS.content }));
  const mainDepartmentId = idOf(input.mainDepartmentId);
  if (!mainDepartmentId) add('mainDepartmentId', t('proposals.error.noHandler'));
  const co = list(input.coDepartmentIds).map(idOf);
  const coDepartmentIds = [...new Set(co.filter((x): x is number => !!x))];
  if (co.some((x) => !x)) add('coDepartmentIds', t('proposals.error.department'));
  else if (coDepartmentIds.length > LIMITS.coHandlers) add('coDepartmentIds', t('proposals.error.tooMany', { max: LIMITS.coHandlers }));
  else if (mainDepartmentId && coDepartmentIds.includes(mainDepartmentId)) add('coDepartmentIds', t('proposals.error.coIsMain'));
  const assignedOn = input.assignedOn === undefined || input.assignedOn === '' ? today : input.assignedOn;
  if (!isDate(assignedOn)) add('assignedOn', t('proposals.error.date'));
  else if (assignedOn > today) add('assignedOn', t('proposals.error.future'));
  if (problems.length || !kind || !number || !mainDepartmentId || !isDate(assignedOn)) return { problems };
  return { problems, value: { kind, year, number, title, authors, content, mainDepartmentId, coDepartmentIds, assignedOn } };
}

export function checkOpinion(v: unknown): string {
  const s = str(v, LIMITS.opinion, true);
  if (s.length < 5) throw invalid('proposals.field.opinion', t('proposals.error.short', { min: 5 }));
  if (s.length > LIMITS.opinion) throw invalid('proposals.field.opinion', t('proposals.error.tooLong', { max: LIMITS.opinion }));
  return s;
}

export function checkReply(input: { grade?: unknown; body?: unknown }): { grade: Grade; body: string } {
  const problems: Problem[] = [];
  const raw = typeof input.grade === 'string' ? input.grade.trim().toUpperCase() : '';
  const grade = GRADES.find((g) => g === raw);
  if (!grade) problems.push(problem(t('proposals.field.grade'), t('proposals.error.grade')));
  const body = str(input.body, LIMITS.reply, true);
  if (body.length < 20) problems.push(problem(t('proposals.field.replyBody'), t('proposals.error.short', { min: 20 })));
  else if (body.length > LIMITS.reply) problems.push(problem(t('proposals.field.replyBody'), t('proposals.error.tooLong', { max: LIMITS.reply })));
  if (problems.length || !grade) throw new ProposalValidationError(problems);
  return { grade, body };
}

export function checkPublication(input: { openness?: unknown; reason?: unknown }): { openness: Openness; reason: string | null } {
  const openness = OPENNESS.find((o) => o === input.openness);
  if (!openness) throw invalid('proposals.field.openness', t('proposals.error.choose'));
  const reason = str(input.reason, LIMITS.reason, true);
  if (openness === 'withheld' && reason.length < 4) throw invalid('proposals.field.withheldReason', t('proposals.error.reasonRequired'));
  if (reason.length > LIMITS.reason) throw invalid('proposals.field.withheldReason', t('proposals.error.tooLong', { max: LIMITS.reason }));
  return { openness, reason: openness === 'withheld' ? reason : null };
}
