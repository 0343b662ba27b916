/**
 * Masking personal data in free text before it is published: the writer's name wherever it
 * appears, mobile and landline numbers, ID-card numbers, e-mail addresses, vehicle plates, and
 * addresses below the community (building, unit, room and house numbers). What is left says
 * what happened and where, not to whom.
 */
import { maskName } from './identity.js';

const PLATE_PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g;

const PATTERNS: [RegExp, (m: string) => string][] = [
  // 18-digit resident ID numbers (and 15-digit old ones): only the province code stays
  [/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)/g, (m) => `${m.slice(0, 2)}${'*'.repeat(m.length - 2)}`],
  // mobile numbers, with or without +86 and separators
  [/(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)/g, (m) => m.replace(/(\d{3})([\s-]?)\d{4}([\s-]?)(\d{4})$/, '$1$2****$3$4')],
  // landlines: area code and number
  [LANDLINE, (m) => m.replace(/\d{4}$/, '****')],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, (m) => `${m[0]}***@${m.split('@')[1]}`],
  // plates: province, letter, then 5 (or 6 for new-energy) characters
  [new RegExp(`[${PLATE_PROVINCES}][A-Z][·\\s]?[A-Z0-9]{5,6}(?![A-Z0-9])`, 'g'), (m) => `${m.slice(0, 2)}***${m.slice(-2)}`],
  // below the community: 12号楼 3单元 501室, 8栋 …
  [/(?:\d+[A-Za-z]?\s*(?:号楼|栋|幢|座|单元|楼|层|室|户)[-－]?\s*)+/g, () => '***'],
  // house numbers after a road or an estate (幸福路16号, 锦绣花园3号), not dates (5号) or metro lines (3号线)
  [/(?<=[路街巷道弄里区院园苑城府])\d+[A-Za-z]?号(?!线)/g, () => '***'],
];

/** Full-width digits and letters (as Chinese input methods type them) as ASCII, so the patterns see them. */
const halfWidth = (text: string) => text.replace(/[０-９Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * `official`: the text is a department's reply, whose office telephone numbers are meant to be
 * published; everything else is masked the same.
 */
export function maskPersonalData(text: string, options: { names?: (string | null | undefined)[]; official?: boolean } = {}): string {
  let s = halfWidth(text);
  for (const name of options.names ?? []) {
    const n = name?.trim();
    if (n && n.length >= 2) s = s.split(n).join(maskName(n));
  }
  for (const [pattern, replace] of PATTERNS) if (!(options.official && pattern === LANDLINE)) s = s.replace(pattern, replace);
  return s;
}
