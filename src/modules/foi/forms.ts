/**
 * One check per input, shared by the page forms and the API: any value of any type in, either the
 * clean value or every problem in words (never an exception for a hostile value).
 */
import { t } from '../../lib/i18n/index.js';
import { cleanText } from '../../lib/text.js';
import type { Problem } from '../../lib/validation.js';
import { CHANNELS, type Channel, isDate } from './clock.js';
import { APPLICANT_KINDS, type ApplicantKind, DELIVERIES, FORMATS, LIMITS, REPLY_TYPES, type ReplyType } from './model.js';

export interface RequestInput {
  departmentId?: unknown;
  applicantKind?: unknown;
  applicantName?: unknown;
  applicantIdNo?: unknown;
  phone?: unknown;
  email?: unknown;
  address?: unknown;
  description?: unknown;
  purpose?: unknown;
  format?: unknown;
  delivery?: unknown;
}

export interface CleanRequest {
  departmentId: number;
  applicantKind: ApplicantKind;
  applicantName: string;
  applicantIdNo: string;
  phone: string | null;
  email: string | null;
  address: string | null;
  description: string;
  purpose: string | null;
  format: string;
  delivery: string;
}

const str = (v: unknown, max: number, multiline = false) => (typeof v === 'string' ? cleanText(v, { multiline, max: max + 1 }) : typeof v === 'number' ? String(v) : '');
const problem = (field: string, message: string): Problem => ({ where: '', field, message });
export const idOf = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  return Number.isSafeInteger(n) && n > 0 && n < 2 ** 31 ? n : undefined;
};

export function checkRequest(input: RequestInput): { value?: CleanRequest; problems: Problem[] } {
  const problems: Problem[] = [];
  const text = (key: keyof RequestInput, max: number, required: boolean, multiline = false) => {
    const s = str(input[key], max, multiline);
    if (required && !s) problems.push(problem(t(`foi.field.${key}`), t('foi.error.required')));
    else if (s.length > max) problems.push(problem(t(`foi.field.${key}`), t('foi.error.tooLong', { max })));
    return s.slice(0, max);
  };
  const departmentId = idOf(input.departmentId);
  if (!departmentId) problems.push(problem(t('foi.field.departmentId'), t('foi.error.department')));
  const kind = APPLICANT_KINDS.find((k) => k === input.applicantKind);
  if (!kind) problems.push(problem(t('foi.field.applicantKind'), t('foi.error.choose')));
  const applicantName = text('applicantName', LIMITS.name, true);
  const applicantIdNo = text('applicantIdNo', LIMITS.idNo, true).toUpperCase();
  if (applicantIdNo && !(kind === 'enterprise' ? /^[0-9A-Z]{18}$/ : /^[0-9A-Z]{6,20}$/).test(applicantIdNo))
    problems.push(problem(t('foi.field.applicantIdNo'), t(kind === 'enterprise' ? 'foi.error.creditCode' : 'foi.error.idNo')));
  const phone = text('phone', LIMITS.phone, false);
  const email = text('email', LIMITS.email, false);
  const address = text('address', LIMITS.address, false);
  if (phone && !/^[0-9+\- ]{5,30}$/.test(phone)) problems.push(problem(t('foi.field.phone'), t('foi.error.phone')));
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) problems.push(problem(t('foi.field.email'), t('foi.error.email')));
  if (!phone && !email && !address) problems.push(problem(t('foi.field.contact'), t('foi.error.noContact')));
  const description = text('description', LIMITS.description, true, true);
  const purpose = text('purpose', LIMITS.purpose, false, true);
  const format = FORMATS.find((f) => f === input.format);
  if (!format) problems.push(problem(t('foi.field.format'), t('foi.error.choose')));
  const delivery = DELIVERIES.find((d) => d === input.delivery);
  if (!delivery) problems.push(problem(t('foi.field.delivery'), t('foi.error.choose')));
  if (delivery === 'email' && !email) problems.push(problem(t('foi.field.email'), t('foi.error.emailForDelivery')));
  if (delivery === 'post' && !address) problems.push(problem(t('foi.field.address'), t('foi.error.addressForDelivery')));
  if (problems.length || !departmentId || !kind || !format || !delivery) return { problems };
  return {
    problems,
    value: { departmentId, applicantKind: kind, applicantName, applicantIdNo, phone: phone || null, email: email || null, address: address || null, description, purpose: purpose || null, format, delivery },
  };
}

/** A paper request registered by staff: the channel and the day of its event. */
export function checkRegistration(input: { channel?: unknown; eventOn?: unknown }, today: string): { channel?: Channel; eventOn?: string; problems: Problem[] } {
  const problems: Problem[] = [];
  const channel = CHANNELS.find((c) => c === input.channel);
  if (!channel) problems.push(problem(t('foi.field.channel'), t('foi.error.choose')));
  const eventOn = typeof input.eventOn === 'string' ? input.eventOn.trim() : '';
  if (!isDate(eventOn)) problems.push(problem(t('foi.field.eventOn'), t('foi.error.date')));
  else if (eventOn > today) problems.push(problem(t('foi.field.eventOn'), t('foi.error.future')));
  return { channel, eventOn: isDate(eventOn) ? eventOn : undefined, problems };
}

export function checkNote(v: unknown, field: string, min = 5, max: number = LIMITS.note): string {
  const s = str(v, max, true);
  if (s.length < min) throw validation(field, t('foi.error.noteShort', { min }));
  if (s.length > max) throw validation(field, t('foi.error.tooLong', { max }));
  return s;
}

export interface ReplyInput {
  replyType?: unknown;
  ground?: unknown;
  body?: unknown;
}

export function checkReply(input: ReplyInput): { type: ReplyType; ground: string | null; body: string } {
  const problems: Problem[] = [];
  const type = REPLY_TYPES.find((x) => x === input.replyType);
  if (!type) problems.push(problem(t('foi.field.replyType'), t('foi.error.choose')));
  const ground = str(input.ground, LIMITS.ground, true);
  if ((type === 'notDisclosed' || type === 'partlyDisclosed') && ground.length < 4) problems.push(problem(t('foi.field.ground'), t('foi.error.groundRequired')));
  if (ground.length > LIMITS.ground) problems.push(problem(t('foi.field.ground'), t('foi.error.tooLong', { max: LIMITS.ground })));
  const body = str(input.body, LIMITS.reply, true);
  if (body.length < 5) problems.push(problem(t('foi.field.replyBody'), t('foi.error.noteShort', { min: 5 })));
  if (body.length > LIMITS.reply) problems.push(problem(t('foi.field.replyBody'), t('foi.error.tooLong', { max: LIMITS.reply })));
  if (problems.length || !type) throw new ValidationErrorFoi(problems);
  return { type, ground: ground || null, body };
}

import { ValidationError } from '../../lib/errors.js';
export class ValidationErrorFoi extends ValidationError {
  constructor(problems: Problem[]) {
    super(t('foi.error.invalid'), problems);
  }
}
export const validation = (field: string, message: string) => new ValidationErrorFoi([problem(field, message)]);
