/**
 * Identifiers people give us — mobile numbers, e-mail addresses, unified social credit codes,
 * resident ID-card numbers — checked by their national rules, normalised, and masked for
 * display. Personal numbers are masked in every page and log line; only these helpers see them whole.
 */

/** A mainland mobile number, with an optional +86 / 0086 prefix and spaces or dashes. */
export function normalizePhone(raw: string): string | undefined {
  const s = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : undefined;
}

export function normalizeEmail(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  if (s.length > 254) return undefined;
  return /^[a-z0-9._%+-]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(s) ? s : undefined;
}

export type Contact = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/** A phone number or an e-mail address, whichever the text is. */
export function parseContact(raw: string): Contact | undefined {
  const text = raw.trim();
  if (text.includes('@')) {
    const value = normalizeEmail(text);
    return value ? { kind: 'email', value } : undefined;
  }
  const value = normalizePhone(text);
  return value ? { kind: 'phone', value } : undefined;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100-2015): 18 characters, the last a mod-31 check character. */
export function normalizeCreditCode(raw: string): string | undefined {
  const s = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARS.indexOf(s[i] as string) * (CREDIT_WEIGHTS[i] as number);
  const check = CREDIT_CHARS[(31 - (sum % 31)) % 31];
  return s[17] === check ? s : undefined;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 公民身份号码 (GB 11643-1999): 18 characters, a real birth date, the last a mod-11 check character. */
export function normalizeIdNumber(raw: string): string | undefined {
  const s = raw.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(s)) return undefined;
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth.getTime() > Date.now()) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * (ID_WEIGHTS[i] as number);
  return s[17] === ID_CHECK[sum % 11] ? s : undefined;
}

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** 138****0001 */
export const maskPhone = (phone: string) => (phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : stars(phone.length));

/** z***@example.com */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return stars(email.length);
  return `${email[0]}***${email.slice(at)}`;
}

/** 1101**********1234 */
export const maskIdNumber = (id: string) => `${id.slice(0, 4)}${stars(id.length - 8)}${id.slice(-4)}`;

/** 张*、张*明、欧阳** */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${stars(chars.length - 2)}${chars[chars.length - 1]}`;
}

export const maskContact = (c: Contact) => (c.kind === 'phone' ? maskPhone(c.value) : maskEmail(c.value));
