/**
 * Reading what an applicant filled in against the item's form (form-notation.ts): every problem
 * at once, in words the applicant understands, and the answers cleaned and normalised (numbers as
 * numbers, ID-card numbers upper-case, phones without spaces). A field hidden by its condition is
 * dropped, whatever was sent for it; a field the form does not have is refused (a field of another
 * item). Nothing here touches the database: whether an uploaded file exists is the operation's
 * question, its content was checked on upload.
 */
import { normalizeCreditCode, normalizeIdNumber, normalizePhone } from '../../lib/identity.js';
import { cleanText } from '../../lib/text.js';
import type { Problem } from '../../lib/validation.js';
import { type Condition, DEFAULTS, FILE_CONTENT_TYPES, type Field, type FormDefinition, type PrefillSource, type RowField } from './form-notation.js';
import { type ApplicationMessageKey, msg } from './messages.js';

/** An uploaded file an answer points at (its bytes are in the file store, checked by content). */
export interface FileRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
}
export type Scalar = string | number;
export type RowAnswers = Record<string, Scalar | string[]>;
export type AnswerValue = Scalar | string[] | RowAnswers[] | FileRef[];
export type Answers = Record<string, AnswerValue>;

/** A problem with the answer to one field; `path` names the input ("shareholders[1].idNumber"). */
export interface AnswerProblem extends Problem {
  path: string;
}

export interface ReadOptions {
  /** the local day the form is filled in ('YYYY-MM-DD'), for dates bounded by "today" */
  today?: string;
}

export const ADDRESS_LENGTH = { min: 5, max: 120 } as const;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,5})?$/;
const FILE_ID = /^[A-Za-z0-9_-]{1,80}$/;

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a condition holds on the answers read so far. */
export function holds(c: Condition, answers: Readonly<Record<string, unknown>>): boolean {
  const value = answers[c.field];
  if (isEmpty(value)) return false;
  if (!c.anyOf) return true;
  const wanted = new Set(c.anyOf.map(String));
  return Array.isArray(value) ? value.some((v) => wanted.has(String(v))) : wanted.has(String(value));
}

/** The answers, cleaned, and every problem with them. */
export function readAnswers(def: FormDefinition, raw: unknown, options: ReadOptions = {}): { answers: Answers; problems: AnswerProblem[] } {
  const answers: Answers = {};
  const problems: AnswerProblem[] = [];
  if (!isRecord(raw)) return { answers, problems: [{ where: '', field: '', path: '', message: msg('form.answer.notObject') }] };
  const known = new Set(def.fields.map((f) => f.key));
  for (const key of Object.keys(raw))
    if (!known.has(key)) problems.push({ where: '', field: key, path: key, message: msg('form.answer.unknownField', { key }) });
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  for (const field of def.fields) {
    if (field.showWhen && !holds(field.showWhen, answers)) continue;
    const required = field.required === true || (field.requiredWhen !== undefined && holds(field.requiredWhen, answers));
    const value = raw[field.key];
    const report = (message: string) => problems.push({ where: '', field: field.label, path: field.key, message });
    if (isEmpty(value)) {
      if (required) report(requiredMessage(field, field.label));
      continue;
    }
    if (field.type === 'rows') {
      const rows = readRows(field, value, today, problems);
      if (rows) answers[field.key] = rows;
    } else if (field.type === 'file') {
      const files = readFiles(field, value, report);
      if (files) answers[field.key] = files;
    } else {
      const read = readValue(field, field.label, value, today);
      if ('problem' in read) report(read.problem);
      else answers[field.key] = read.value;
    }
  }
  return { answers, problems };
}

/** Every problem with the answers (none when the form can be submitted). */
export const checkAnswers = (def: FormDefinition, raw: unknown, options: ReadOptions = {}): AnswerProblem[] => readAnswers(def, raw, options).problems;

function requiredMessage(field: Field | RowField, label: string): string {
  const key: ApplicationMessageKey = field.type === 'file' ? 'form.answer.requiredFile' : field.type === 'choice' ? 'form.answer.requiredChoice' : 'form.answer.required';
  return msg(key, { label });
}

type Read = { value: Scalar | string[] } | { problem: string };
const fail = (key: ApplicationMessageKey, vars: Record<string, string | number>): Read => ({ problem: msg(key, vars) });

/** One value of a field that is neither rows nor files. */
function readValue(field: RowField, label: string, value: unknown, today: string): Read {
  if (field.type === 'choice') return readChoice(field, label, value);
  if (field.type === 'number') return readNumber(field, label, value);
  if (typeof value !== 'string') return fail('form.answer.text', { label });
  switch (field.type) {
    case 'text': {
      const text = cleanText(value, { multiline: field.multiline });
      const max = field.maxLength ?? (field.multiline ? DEFAULTS.multilineMax : DEFAULTS.textMax);
      const n = [...text].length;
      if (field.minLength !== undefined && n < field.minLength) return fail('form.answer.tooShort', { label, min: field.minLength, n });
      if (n > max) return fail('form.answer.tooLong', { label, max, n });
      return { value: text };
    }
    case 'address': {
      const text = cleanText(value);
      const n = [...text].length;
      if (n < ADDRESS_LENGTH.min || n > ADDRESS_LENGTH.max || /^\d+$/.test(text)) return fail('form.answer.address', { label, ...ADDRESS_LENGTH });
      return { value: text };
    }
    case 'date': {
      const day = value.trim();
      if (!isRealDate(day)) return fail('form.answer.date', { label });
      const bound = (b: string | undefined) => (b === 'today' ? today : b);
      const notBefore = bound(field.notBefore);
      const notAfter = bound(field.notAfter);
      if (notBefore && day < notBefore) return fail('form.answer.notBefore', { label, date: notBefore });
      if (notAfter && day > notAfter) return fail('form.answer.notAfter', { label, date: notAfter });
      return { value: day };
    }
    case 'idNumber': {
      const id = normalizeIdNumber(value);
      return id ? { value: id } : fail('form.answer.idNumber', { label });
    }
    case 'creditCode': {
      const code = normalizeCreditCode(value);
      return code ? { value: code } : fail('form.answer.creditCode', { label });
    }
    case 'phone': {
      const mobile = normalizePhone(value);
      if (mobile) return { value: mobile };
      const landline = value.replace(/\s/g, '');
      if (!field.mobileOnly && LANDLINE.test(landline)) return { value: landline };
      return fail(field.mobileOnly ? 'form.answer.mobile' : 'form.answer.phone', { label });
    }
  }
}

function isRealDate(ymd: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function readNumber(field: Extract<RowField, { type: 'number' }>, label: string, value: unknown): Read {
  const text = typeof value === 'string' ? value.trim() : value;
  const n = typeof text === 'number' ? text : typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n)) return fail('form.answer.number', { label });
  if (field.integer && !Number.isInteger(n)) return fail('form.answer.integer', { label });
  const unit = field.unit ?? '';
  if (field.min !== undefined && n < field.min) return fail('form.answer.min', { label, min: field.min, unit });
  if (field.max !== undefined && n > field.max) return fail('form.answer.max', { label, max: field.max, unit });
  return { value: n };
}

function readChoice(field: Extract<RowField, { type: 'choice' }>, label: string, value: unknown): Read {
  const chosen = Array.isArray(value) ? value : [value];
  if (!chosen.every((v) => typeof v === 'string' || typeof v === 'number')) return fail('form.answer.choice', { label, value: '' });
  const values = [...new Set(chosen.map(String))];
  if (!field.multiple && values.length > 1) return fail('form.answer.single', { label });
  const allowed = new Set(field.options.map((o) => o.value));
  const wrong = values.find((v) => !allowed.has(v));
  if (wrong !== undefined) return fail('form.answer.choice', { label, value: cleanText(wrong, { max: 40 }) });
  return { value: field.multiple ? values : (values[0] as string) };
}

function readRows(field: Extract<Field, { type: 'rows' }>, value: unknown, today: string, problems: AnswerProblem[]): RowAnswers[] | undefined {
  const report = (path: string, label: string, message: string) => problems.push({ where: '', field: label, path, message });
  if (!Array.isArray(value) || !value.every(isRecord)) {
    report(field.key, field.label, msg('form.answer.rows', { label: field.label }));
    return undefined;
  }
  const maxRows = field.maxRows ?? DEFAULTS.maxRows;
  if (value.length > maxRows) {
    report(field.key, field.label, msg('form.answer.maxRows', { label: field.label, max: maxRows }));
    return undefined;
  }
  if (field.minRows !== undefined && value.length < field.minRows)
    report(field.key, field.label, msg('form.answer.minRows', { label: field.label, min: field.minRows }));
  const known = new Set(field.fields.map((f) => f.key));
  const before = problems.length;
  const rows = value.map((row, i) => {
    const n = i + 1;
    const out: RowAnswers = {};
    for (const key of Object.keys(row))
      if (!known.has(key)) report(`${field.key}[${i}].${key}`, field.label, msg('form.answer.rowUnknown', { label: field.label, n, key }));
    for (const inner of field.fields) {
      const label = msg('form.answer.rowLabel', { rows: field.label, n, label: inner.label });
      const path = `${field.key}[${i}].${inner.key}`;
      const v = row[inner.key];
      if (isEmpty(v)) {
        if (inner.required) report(path, label, requiredMessage(inner, label));
        continue;
      }
      const read = readValue(inner, label, v, today);
      if ('problem' in read) report(path, label, read.problem);
      else out[inner.key] = read.value;
    }
    return out;
  });
  return problems.length === before ? rows : undefined;
}

function readFiles(field: Extract<Field, { type: 'file' }>, value: unknown, report: (message: string) => void): FileRef[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const valid = list.every(
    (f) =>
      isRecord(f) &&
      typeof f.id === 'string' &&
      FILE_ID.test(f.id) &&
      typeof f.name === 'string' &&
      f.name.length > 0 &&
      f.name.length <= 200 &&
      typeof f.contentType === 'string' &&
      typeof f.size === 'number' &&
      Number.isInteger(f.size) &&
      f.size >= 0,
  );
  if (!valid) {
    report(msg('form.answer.files', { label: field.label }));
    return undefined;
  }
  const files = (list as FileRef[]).map((f) => ({ id: f.id, name: cleanText(f.name, { max: 200 }), contentType: f.contentType, size: f.size }));
  const maxFiles = field.maxFiles ?? DEFAULTS.maxFiles;
  if (files.length > maxFiles) {
    report(msg('form.answer.maxFiles', { label: field.label, max: maxFiles }));
    return undefined;
  }
  const types = new Set(field.accept.flatMap((k) => FILE_CONTENT_TYPES[k]));
  const kinds = field.accept.map((k) => msg(`form.fileKind.${k}`)).join('、');
  const maxMb = field.maxSizeMb ?? DEFAULTS.maxSizeMb;
  let ok = true;
  for (const f of files) {
    if (!types.has(f.contentType)) {
      report(msg('form.answer.fileType', { label: field.label, kinds, name: f.name }));
      ok = false;
    } else if (f.size > maxMb * 1024 * 1024) {
      report(msg('form.answer.fileSize', { label: field.label, name: f.name, max: maxMb }));
      ok = false;
    }
  }
  return ok ? files : undefined;
}

/** What the portal knows of the applicant that a form may be filled in from. */
export interface AccountFacts {
  name?: string | null;
  /** whole only when the identity platform gave it for this session; accounts keep it masked */
  idNumber?: string | null;
  phone?: string | null;
  enterprise?: { name: string; creditCode: string } | null;
}

/** Answers filled in from the account, for the fields that ask for it; the applicant may change them. */
export function prefillAnswers(def: FormDefinition, account: AccountFacts): Answers {
  const facts: Record<PrefillSource, string | null | undefined> = {
    name: account.name,
    idNumber: account.idNumber,
    phone: account.phone,
    enterpriseName: account.enterprise?.name,
    creditCode: account.enterprise?.creditCode,
  };
  const answers: Answers = {};
  for (const field of def.fields) {
    const source = 'prefill' in field ? field.prefill : undefined;
    const value = source ? facts[source] : undefined;
    if (value) answers[field.key] = value;
  }
  return answers;
}
