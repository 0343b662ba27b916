/**
 * What the portal knows of an applicant, in the form the automation rules read it: age, sex and
 * the region of registration from the 公民身份号码, the enterprise register's facts (the region
 * from the 统一社会信用代码), the certificates the portal issued (电子证照) and the form's answers.
 * Dates are calendar days (YYYY-MM-DD) in the portal's time zone, given by the caller.
 */
import { normalizeIdNumber } from '../../../lib/identity.js';
import type { HeldCertificate } from '../definitions/types.js';

export interface EnterpriseFacts {
  name: string;
  creditCode: string;
  /** 存续 / 在营 / 吊销 / 注销 … as the register says */
  status?: string;
  /** 有限责任公司 / 个体工商户 … */
  kind?: string;
  /** YYYY-MM-DD */
  establishedOn?: string;
}

export interface ApplicantFacts {
  idNumber?: string | null;
  enterprise?: EnterpriseFacts | null;
  certificates?: readonly HeldCertificate[];
  answers?: Readonly<Record<string, unknown>>;
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The birth date written in an ID number (YYYY-MM-DD), or null for a number that is not valid. */
export function birthDateOf(idNumber: string | null | undefined): string | null {
  const id = idNumber ? normalizeIdNumber(idNumber) : undefined;
  return id ? `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` : null;
}

/** 男 / 女 from the 17th character of an ID number. */
export function sexOf(idNumber: string | null | undefined): '男' | '女' | null {
  const id = idNumber ? normalizeIdNumber(idNumber) : undefined;
  return id ? (Number(id[16]) % 2 === 1 ? '男' : '女') : null;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * The day a person born on `birth` reaches `years` full years (周岁). Someone born on 29 February
 * reaches it on 1 March in a year that has no 29 February: the period of years ends with the last
 * day of February (《民法典》第二百零二条), so the full years are complete the day after.
 */
export function anniversary(birth: string, years: number): string {
  const m = YMD.exec(birth);
  if (!m) throw new RangeError(`not a date: ${birth}`);
  const y = Number(m[1]) + years;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month === 2 && day === 29 && !isLeap(y)) return `${pad(y, 4)}-03-01`;
  return `${pad(y, 4)}-${pad(month)}-${pad(day)}`;
}

/** Full years (周岁) on `date` of a person born on `birth`. */
export function ageOn(birth: string, date: string): number {
  const b = Number(birth.slice(0, 4));
  let age = Number(date.slice(0, 4)) - b;
  if (age > 0 && anniversary(birth, age) > date) age--;
  return Math.max(0, age);
}

/** The calendar day before or after `date` by `days`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const isYmd = (s: unknown): s is string => typeof s === 'string' && YMD.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** A certificate that counts on `date`: issued by the portal, not revoked, not expired. */
export const isValidOn = (c: HeldCertificate, date: string) => c.status === 'valid' && (c.validUntil === null || c.validUntil >= date);

/** The valid certificate of this title the person holds on `date`, the latest issued first. */
export function heldCertificate(certificates: readonly HeldCertificate[] | undefined, title: string, date: string): HeldCertificate | undefined {
  return [...(certificates ?? [])].filter((c) => c.title === title && isValidOn(c, date)).sort((a, b) => (a.issuedAt < b.issuedAt ? 1 : -1))[0];
}

/** The facts a rule can name, and what each reads. */
export const FACTS = ['age', 'sex', 'idRegion', 'enterpriseStatus', 'enterpriseKind', 'enterpriseYears', 'enterpriseRegion', 'answer', 'certificate'] as const;
export type FactName = (typeof FACTS)[number];

/** The value of one fact on `date`; undefined when the portal does not hold it. */
export function factValue(facts: ApplicantFacts, fact: FactName, date: string, field?: string): string | number | undefined {
  const birth = birthDateOf(facts.idNumber);
  const e = facts.enterprise ?? undefined;
  switch (fact) {
    case 'age':
      return birth && birth <= date ? ageOn(birth, date) : undefined;
    case 'sex':
      return sexOf(facts.idNumber) ?? undefined;
    case 'idRegion':
      return birth ? (facts.idNumber as string).slice(0, 6) : undefined;
    case 'enterpriseStatus':
      return e?.status;
    case 'enterpriseKind':
      return e?.kind;
    case 'enterpriseYears':
      return e?.establishedOn && isYmd(e.establishedOn) && e.establishedOn <= date ? ageOn(e.establishedOn, date) : undefined;
    case 'enterpriseRegion':
      return e?.creditCode && /^[0-9A-Z]{18}$/.test(e.creditCode) ? e.creditCode.slice(2, 8) : undefined;
    case 'answer': {
      const v = field ? facts.answers?.[field] : undefined;
      if (typeof v === 'number' || (typeof v === 'string' && v !== '')) return v;
      if (Array.isArray(v) && v.length) return v.map(String).join('、');
      if (typeof v === 'boolean') return v ? '是' : '否';
      return undefined;
    }
    case 'certificate':
      return undefined; // read by the condition itself (holds / lacks)
  }
}
