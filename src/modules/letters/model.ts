/**
 * What a letter is: the mailboxes (channels) it can come through, its types, its states, the
 * limits on what a writer sends, and the deadlines in working days. Checking a submission
 * happens here, before anything touches the database.
 */
import type { Problem } from '../../lib/validation.js';
import { normalizeEmail, normalizePhone } from '../../lib/identity.js';
import type { Received } from '../../lib/files/index.js';
import { cleanText } from '../../lib/text.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';

export const CHANNELS = ['mayor', 'discipline', 'supervision', 'department', 'consultation'] as const;
export type LetterChannel = (typeof CHANNELS)[number];

export const TYPES = ['consultation', 'complaint', 'suggestion', 'help', 'report'] as const;
export type LetterType = (typeof TYPES)[number];

/**
 * dispatching (待派单) → handling (办理中) → reviewing (答复待审核) → replied (已答复) → closed (已办结);
 * merged (已合并) into another letter. An unsatisfactory reply may send a letter back to handling once.
 */
export const STATUSES = ['dispatching', 'handling', 'reviewing', 'replied', 'closed', 'merged'] as const;
export type LetterStatus = (typeof STATUSES)[number];
/** states in which the department still owes a reply */
export const OPEN_STATUSES: readonly LetterStatus[] = ['dispatching', 'handling', 'reviewing'];

export const RATINGS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * Channels whose letters may be anonymous, and whose letters are never published: reports to
 * the discipline commission and 监察 reports protect the person reporting (and the reported,
 * until the facts are established).
 */
export const CONFIDENTIAL_CHANNELS: readonly LetterChannel[] = ['discipline', 'supervision'];
export const ANONYMOUS_CHANNELS: readonly LetterChannel[] = ['discipline', 'supervision'];

/** Types each channel takes: the commission's mailboxes take reports only. */
export const CHANNEL_TYPES: Record<LetterChannel, readonly LetterType[]> = {
  mayor: ['consultation', 'complaint', 'suggestion', 'help', 'report'],
  discipline: ['report'],
  supervision: ['report'],
  department: ['consultation', 'complaint', 'suggestion', 'help', 'report'],
  consultation: ['consultation'],
};

/** Working days: to dispatch, and to reply for each type (a reply period starts at receipt). */
export const DISPATCH_DAYS = 1;
export const REPLY_DAYS: Record<LetterType, number> = { consultation: 3, complaint: 10, suggestion: 10, help: 10, report: 10 };
/** an approved extension adds this many working days, once */
export const EXTENSION_DAYS: Record<LetterType, number> = { consultation: 3, complaint: 10, suggestion: 10, help: 10, report: 15 };
/** reminders go out when this many working days or fewer are left */
export const REMIND_DAYS_BEFORE = 1;

export const LIMITS = {
  titleMin: 4,
  titleMax: 50,
  bodyMin: 10,
  bodyMax: 3000,
  nameMax: 20,
  addressMax: 100,
  replyMax: 5000,
  noteMax: 1000,
  attachments: 3,
  attachmentBytes: 5 * 1024 * 1024,
} as const;

export interface SubmissionInput {
  channel?: string;
  type?: string;
  title?: string;
  body?: string;
  name?: string;
  phone?: string;
  email?: string;
  isPublic?: boolean;
  anonymous?: boolean;
  departmentId?: number | string;
  address?: string;
  lat?: number | string;
  lng?: number | string;
}

export interface Submission {
  channel: LetterChannel;
  type: LetterType;
  title: string;
  body: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  anonymous: boolean;
  isPublic: boolean;
  departmentId: number | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
}

const problem = (field: MessageKey, message: string): Problem => ({ where: '', field: t(field), message });

const optionalNumber = (v: unknown): number | null | undefined => {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * Check a submission as the writer typed it. Every problem is reported at once; nothing here
 * knows about the database (whether the department exists is the service's question).
 */
export function checkSubmission(input: SubmissionInput): { submission?: Submission; problems: Problem[] } {
  const problems: Problem[] = [];
  const channel = CHANNELS.find((c) => c === input.channel);
  if (!channel) problems.push(problem('letters.field.channel', t('letters.error.channel')));
  const type = TYPES.find((c) => c === input.type);
  if (!type) problems.push(problem('letters.field.type', t('letters.error.type')));
  else if (channel && !CHANNEL_TYPES[channel].includes(type))
    problems.push(problem('letters.field.type', t('letters.error.typeForChannel', { channel: t(`letters.channel.${channel}`) })));

  const title = cleanText(input.title ?? '');
  if (title.length < LIMITS.titleMin || title.length > LIMITS.titleMax)
    problems.push(problem('letters.field.title', t('letters.error.length', { min: LIMITS.titleMin, max: LIMITS.titleMax, n: title.length })));
  const body = cleanText(input.body ?? '', { multiline: true });
  if (body.length < LIMITS.bodyMin || body.length > LIMITS.bodyMax)
    problems.push(problem('letters.field.body', t('letters.error.length', { min: LIMITS.bodyMin, max: LIMITS.bodyMax, n: body.length })));

  const anonymous = Boolean(input.anonymous);
  if (anonymous && channel && !ANONYMOUS_CHANNELS.includes(channel)) problems.push(problem('letters.field.anonymous', t('letters.error.anonymous')));
  const name = cleanText(input.name ?? '');
  const phoneRaw = (input.phone ?? '').trim();
  const phone = phoneRaw ? normalizePhone(phoneRaw) : undefined;
  if (!anonymous) {
    if (!name || name.length > LIMITS.nameMax) problems.push(problem('letters.field.name', t('letters.error.name', { max: LIMITS.nameMax })));
    if (!phone) problems.push(problem('letters.field.phone', t('letters.error.phone')));
  } else if (phoneRaw && !phone) problems.push(problem('letters.field.phone', t('letters.error.phone')));
  const emailRaw = (input.email ?? '').trim();
  const email = emailRaw ? normalizeEmail(emailRaw) : null;
  if (emailRaw && !email) problems.push(problem('letters.field.email', t('letters.error.email')));

  const departmentId = optionalNumber(input.departmentId);
  if (departmentId === undefined || (departmentId !== null && (!Number.isInteger(departmentId) || departmentId < 1 || departmentId > 2_147_483_647)))
    problems.push(problem('letters.field.department', t('letters.error.department')));
  else if (channel === 'department' && departmentId === null) problems.push(problem('letters.field.department', t('letters.error.departmentRequired')));

  const address = cleanText(input.address ?? '');
  if (address.length > LIMITS.addressMax) problems.push(problem('letters.field.address', t('letters.error.tooLong', { max: LIMITS.addressMax })));
  const lat = optionalNumber(input.lat);
  const lng = optionalNumber(input.lng);
  if (lat === undefined || lng === undefined || (lat !== null && Math.abs(lat) > 90) || (lng !== null && Math.abs(lng) > 180) || (lat === null) !== (lng === null))
    problems.push(problem('letters.field.location', t('letters.error.location')));

  if (problems.length || !channel || !type) return { problems };
  const confidential = CONFIDENTIAL_CHANNELS.includes(channel);
  return {
    problems,
    submission: {
      channel,
      type,
      title,
      body,
      name: anonymous ? null : name,
      phone: phone ?? null,
      email: email ?? null,
      anonymous,
      // the commission's mailboxes are never published, whatever the box says
      isPublic: confidential ? false : Boolean(input.isPublic),
      departmentId: channel === 'department' ? (departmentId as number) : null,
      address: address || null,
      lat: lat ?? null,
      lng: lng ?? null,
    },
  };
}

/** Attachments are images and PDF, recognised by their first bytes, whatever their name says. */
const SIGNATURES: { type: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', ext: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', ext: 'png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/gif', ext: 'gif', test: (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a' },
  { type: 'image/webp', ext: 'webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  { type: 'application/pdf', ext: 'pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

export interface AttachmentInput {
  filename: string;
  /** bytes held in memory (the API's base64) */
  data?: Buffer;
  /** or a file the form streamed into the file store, not kept yet */
  received?: Received;
}
/** An attachment that passed the checks: its type is known, its bytes are still to be kept. */
export interface Attachment extends AttachmentInput {
  contentType: string;
  size: number;
}
/** An attachment as written with its letter: its bytes are in the file store under sha256. */
export interface StoredAttachment {
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Recognise each file by content; a .exe renamed .jpg is refused. Names are kept only as a label. */
export function checkAttachments(files: AttachmentInput[]): { attachments: Attachment[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const attachments: Attachment[] = [];
  if (files.length > LIMITS.attachments) problems.push(problem('letters.field.attachments', t('letters.error.attachmentCount', { max: LIMITS.attachments })));
  for (const file of files.slice(0, LIMITS.attachments)) {
    const label = cleanText(file.filename || '').slice(0, 100) || t('letters.attachmentUnnamed');
    const size = file.data?.length ?? file.received?.size ?? 0;
    const head = file.data ?? file.received?.head ?? Buffer.alloc(0);
    if (file.received?.truncated || size > LIMITS.attachmentBytes)
      problems.push(problem('letters.field.attachments', t('letters.error.attachmentSize', { name: label, mb: LIMITS.attachmentBytes / 1048576 })));
    else if (size === 0) problems.push(problem('letters.field.attachments', t('letters.error.attachmentEmpty', { name: label })));
    else {
      const kind = SIGNATURES.find((s) => s.test(head));
      if (!kind) problems.push(problem('letters.field.attachments', t('letters.error.attachmentType', { name: label })));
      else attachments.push({ ...file, filename: label.replace(/\.[^.]*$/, '') + '.' + kind.ext, contentType: kind.type, size });
    }
  }
  return { attachments, problems };
}

/** Tracking codes: the receipt day and six characters nobody confuses (no 0/O, 1/I/L). */
const CODE_CHARS = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newTrackingCode(day: string, random: (n: number) => number): string {
  let tail = '';
  for (let i = 0; i < 6; i++) tail += CODE_CHARS[random(CODE_CHARS.length)];
  return `XF${day.replaceAll('-', '')}${tail}`;
}
export const TRACKING_CODE = /^XF\d{8}[2-9A-HJ-NP-Z]{6}$/;
export const QUERY_CODE = /^\d{6}$/;
