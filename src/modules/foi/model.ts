/**
 * What a request for government information is made of: its states, reply types, the
 * applicant's choices, and the 2020 fee scale (《政府信息公开信息处理费管理办法》, 按件计收).
 */
export { CHANNELS, type Channel } from './clock.js';

export const STATUSES = ['received', 'awaitingCorrection', 'consulting', 'replied'] as const;
export type FoiStatus = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly FoiStatus[] = ['received', 'awaitingCorrection', 'consulting'];

/** The reply types of Art. 36 of the 2019 条例. */
export const REPLY_TYPES = ['disclosed', 'partlyDisclosed', 'notDisclosed', 'notExist', 'notOurs', 'repeated'] as const;
export type ReplyType = (typeof REPLY_TYPES)[number];
/** types that must cite the legal ground (不予公开, and the withheld part of 部分公开) */
export const NEEDS_GROUND: readonly ReplyType[] = ['notDisclosed', 'partlyDisclosed'];

export const APPLICANT_KINDS = ['citizen', 'enterprise'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];
export const FORMATS = ['paper', 'electronic'] as const;
export const DELIVERIES = ['post', 'email', 'pickup', 'online'] as const;

export const LIMITS = { name: 100, idNo: 30, phone: 30, email: 200, address: 300, description: 4000, purpose: 1000, note: 2000, ground: 1000, reply: 20000, fileBytes: 10 * 1024 * 1024 } as const;

/** Free up to 10 requests a calendar month per applicant. */
export const FREE_PER_MONTH = 10;

/**
 * The fee of the applicant's n-th request in a calendar month, 按件计收: none up to 10, 100 yuan
 * each from the 11th to the 30th, then 100 yuan more for each further band of 10.
 */
export function feeOf(ordinal: number): number {
  if (ordinal <= FREE_PER_MONTH) return 0;
  if (ordinal <= 30) return 100;
  return 100 + 100 * Math.ceil((ordinal - 30) / 10);
}

/** Reply documents, recognised by their first bytes: PDF, OFD/DOCX (zip), JPEG, PNG. */
export const DOCUMENT_TYPES = [
  { type: 'application/pdf', ext: 'pdf', test: (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'application/zip', ext: 'zip', test: (b: Buffer) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4 },
  { type: 'image/jpeg', ext: 'jpg', test: (b: Buffer) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', ext: 'png', test: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
] as const;
export const documentTypeOf = (b: Buffer) => DOCUMENT_TYPES.find((d) => d.test(b));

/**
 * Publishing a reply for everyone (条例 Art. 44): only what was given (予以公开, 部分公开), on the
 * applicant's consent or because the agency judges it of public interest (several applicants asked
 * the same; it concerns many). Prepared → published (four eyes) → withdrawn with a reason.
 */
export const PUBLISHABLE: readonly ReplyType[] = ['disclosed', 'partlyDisclosed'];
export const PUBLICATION_BASES = ['consent', 'publicInterest'] as const;
export type PublicationBasis = (typeof PUBLICATION_BASES)[number];
export const PUBLICATION_STATUSES = ['review', 'published', 'withdrawn'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];
export const PUBLICATION_LIMITS = { title: 120, question: 4000, answer: 20000 } as const;
