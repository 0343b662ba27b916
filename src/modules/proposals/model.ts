/**
 * What a proposal is: 人大代表建议 (npc) or 政协委员提案 (cppcc), its states, the four reply
 * grades, the reply period (3 months after assignment unless configured), and its number's form.
 */
export const KINDS = ['npc', 'cppcc'] as const;
export type ProposalKind = (typeof KINDS)[number];

export const STATUSES = ['handling', 'replied', 'published'] as const;
export type ProposalStatus = (typeof STATUSES)[number];

/**
 * 答复类别, as the people's congresses and CPPCC committees grade a reply:
 * A 所提问题已经解决或基本解决、所提建议已被采纳; B 正在解决或已列入计划逐步解决;
 * C 因条件限制或其他原因暂时不能解决、需以后研究解决; D 因法律法规政策限制无法解决、留作参考.
 */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const OPENNESS = ['public', 'withheld'] as const;
export type Openness = (typeof OPENNESS)[number];

/** Months from assignment (交办) to the reply's due day, unless the deployment says otherwise. */
export const DEFAULT_REPLY_MONTHS = 3;

export const LIMITS = { title: 200, content: 20_000, authors: 30, authorName: 40, group: 60, reply: 30_000, opinion: 10_000, reason: 500, coHandlers: 10 } as const;

/** 第0123号: four digits at least. */
export const numberLabel = (n: number) => `第${String(n).padStart(4, '0')}号`;

/** Read 第0123号, 0123 or 123; undefined when it is not a number of that form. */
export function parseNumber(v: unknown): number | undefined {
  const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const m = /^(?:第\s*)?0*(\d{1,5})\s*(?:号)?$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= 99_999 ? n : undefined;
}

/** The local day `months` calendar months after `ymd` (the last day of a shorter month when it has no such day). */
export function addMonths(ymd: string, months: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
