/**
 * 秒批: an item's published conditions checked against what the portal holds, with every check
 * explained in words the applicant and the reviewer read. Pure: the caller gives the facts, the
 * day and the case's number (for the sampling).
 */
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { type ApplicantFacts, factValue, heldCertificate } from './facts.js';
import type { Condition, InstantRule } from './notation.js';

export interface Check {
  label: string;
  /** met, not met, or the portal cannot tell (null) */
  ok: boolean | null;
  /** on failing: what follows */
  onFail: 'deny' | 'manual';
  explanation: string;
}

export interface InstantDecision {
  decision: 'approve' | 'deny' | 'manual';
  /** an automatic decision a person reviews afterwards (抽查) */
  sampled: boolean;
  checks: Check[];
  /** the whole decision in one paragraph */
  explanation: string;
}

const show = (v: unknown) => (Array.isArray(v) ? v.map(String).join('、') : String(v));

function describeFact(c: Condition): string {
  return c.fact === 'answer' ? t('auto.fact.answer', { field: c.field ?? '' }) : t(`auto.fact.${c.fact}` as MessageKey);
}

function describeValue(c: Condition, v: unknown): string {
  if (typeof v === 'number' && c.fact === 'age') return t('auto.unit.age', { n: v });
  if (typeof v === 'number' && c.fact === 'enterpriseYears') return t('auto.unit.years', { n: v });
  return show(v);
}

function compare(op: Condition['op'], actual: string | number, expected: Condition['value']): boolean {
  const num = typeof actual === 'number' ? actual : Number(actual);
  switch (op) {
    case 'eq':
      return String(actual) === String(expected);
    case 'ne':
      return String(actual) !== String(expected);
    case 'gt':
      return num > Number(expected);
    case 'gte':
      return num >= Number(expected);
    case 'lt':
      return num < Number(expected);
    case 'lte':
      return num <= Number(expected);
    case 'in':
      return Array.isArray(expected) && expected.includes(String(actual));
    case 'notIn':
      return Array.isArray(expected) && !expected.includes(String(actual));
    case 'startsWith':
      return (Array.isArray(expected) ? expected : [String(expected)]).some((p) => String(actual).startsWith(p));
    default:
      return false;
  }
}

/** One condition checked on `date`, with its explanation. */
export function checkCondition(c: Condition, facts: ApplicantFacts, date: string): Check {
  const onFail = c.onFail ?? 'manual';
  if (c.op === 'holds' || c.op === 'lacks') {
    const title = String(c.value);
    const held = heldCertificate(facts.certificates, title, date);
    const until = held ? (held.validUntil ? t('auto.until', { date: held.validUntil }) : t('auto.untilLong')) : '';
    if (c.op === 'holds')
      return held
        ? { label: c.label, ok: true, onFail, explanation: t('auto.check.holds', { label: c.label, title, code: held.code, until }) }
        : { label: c.label, ok: false, onFail, explanation: t('auto.check.holdsMissing', { label: c.label, title }) };
    return held
      ? { label: c.label, ok: false, onFail, explanation: t('auto.check.lacksFound', { label: c.label, title, code: held.code }) }
      : { label: c.label, ok: true, onFail, explanation: t('auto.check.lacks', { label: c.label, title }) };
  }
  const fact = describeFact(c);
  const actual = factValue(facts, c.fact, date, c.field);
  if (actual === undefined) return { label: c.label, ok: null, onFail, explanation: t('auto.check.unknown', { label: c.label, fact }) };
  const ok = compare(c.op, actual, c.value);
  const vars = { label: c.label, fact, actual: describeValue(c, actual), op: t(`auto.op.${c.op}` as MessageKey), expected: describeValue(c, c.value) };
  return { label: c.label, ok, onFail, explanation: t(ok ? 'auto.check.pass' : 'auto.check.fail', vars) };
}

/** 32-bit FNV-1a: the same case number always falls the same way. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) {
    h ^= ch.codePointAt(0) as number;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Is this case among the 1 in `oneIn` automatic decisions a person reviews? Deterministic per case number. */
export const sampledForReview = (caseNo: string, oneIn: number) => oneIn <= 1 || fnv1a(caseNo) % Math.floor(oneIn) === 0;

/**
 * Decide a case by its item's 秒批 rule: every condition checked (all of them, so the
 * explanation is complete); a failed `deny` condition → 不予; any other failure or a fact the
 * portal does not hold → a person reviews it; all met → 准予. Automatic decisions (准予 or 不予)
 * are sampled for human review.
 */
export function decideInstantly(rule: InstantRule, facts: ApplicantFacts, options: { date: string; caseNo: string }): InstantDecision {
  const checks = rule.conditions.map((c) => checkCondition(c, facts, options.date));
  const denied = checks.find((c) => c.ok === false && c.onFail === 'deny');
  const open = checks.filter((c) => c.ok !== true);
  const decision: InstantDecision['decision'] = denied ? 'deny' : open.length ? 'manual' : 'approve';
  const sampled = decision !== 'manual' && sampledForReview(options.caseNo, rule.sample.oneIn);
  const head =
    decision === 'approve'
      ? t('auto.decision.approve', { n: checks.length, basis: rule.basis })
      : decision === 'deny'
        ? t('auto.decision.deny', { label: (denied as Check).label, basis: rule.basis })
        : t('auto.decision.manual', { n: open.length });
  const explanation = [head, ...checks.map((c) => c.explanation), ...(sampled ? [t('auto.decision.sampled', { n: rule.sample.oneIn })] : [])].join('\n');
  return { decision, sampled, checks, explanation };
}
