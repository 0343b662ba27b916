/**
 * 免申即享: who becomes eligible for an item on a day, so a daily job can open an application on
 * their behalf for them to confirm. A person becomes eligible on the day the trigger happens (the
 * birthday of the age, see facts.ts `anniversary` for 29 February; the day a certificate was
 * issued) if the rule's further conditions hold on that day. A job that missed days passes
 * `since` (the last day it ran) and gets everyone who became eligible after it.
 */
import type { HeldCertificate } from '../definitions/types.js';
import { t } from '../../../lib/i18n/index.js';
import { type ApplicantFacts, addDays, anniversary, birthDateOf, isValidOn } from './facts.js';
import { checkCondition } from './instant.js';
import type { ProactiveRule } from './notation.js';

export interface Person extends ApplicantFacts {
  userId: number;
  name?: string;
  certificates?: readonly HeldCertificate[];
}

export interface Eligible<P extends Person = Person> {
  person: P;
  /** the day they became eligible */
  since: string;
  /** why, in a sentence: 2026-12-05年满 80 周岁 */
  reason: string;
}

/** The day this person becomes eligible by the trigger, or null. */
function triggerDay(rule: ProactiveRule, p: Person): { day: string; reason: string } | null {
  const tr = rule.trigger;
  if (tr.kind === 'age') {
    const birth = birthDateOf(p.idNumber);
    if (!birth) return null;
    const day = anniversary(birth, tr.years);
    return { day, reason: t('auto.proactive.age', { date: day, years: tr.years }) };
  }
  const issued = (p.certificates ?? [])
    .filter((c) => c.title === tr.title && c.status === 'valid')
    .map((c) => c.issuedAt.slice(0, 10))
    .sort()[0];
  return issued ? { day: issued, reason: t('auto.proactive.certificate', { date: issued, title: tr.title }) } : null;
}

/**
 * Everyone who becomes eligible on `date` (or, with `since`, on a day after `since` up to
 * `date`), and meets the rule's conditions on the day they became eligible.
 */
export function eligibleOn<P extends Person>(rule: ProactiveRule, people: readonly P[], date: string, options: { since?: string } = {}): Eligible<P>[] {
  const since = options.since ?? addDays(date, -1);
  const out: Eligible<P>[] = [];
  for (const person of people) {
    const hit = triggerDay(rule, person);
    if (!hit || hit.day <= since || hit.day > date) continue;
    if (rule.trigger.kind === 'certificate' && !(person.certificates ?? []).some((c) => c.title === (rule.trigger as { title: string }).title && isValidOn(c, date)))
      continue;
    const checks = (rule.conditions ?? []).map((c) => checkCondition(c, person, hit.day));
    if (checks.every((c) => c.ok === true)) out.push({ person, since: hit.day, reason: hit.reason });
  }
  return out;
}

/** One application to open on someone's behalf (免申即享), for them to confirm. */
export interface Opening<P extends Person = Person> {
  itemId: number;
  /** the definition version the application is opened under */
  version: number;
  person: P;
  since: string;
  reason: string;
  /** what the person is told (the rule's notice, then why) */
  notice: string;
}

/**
 * What a daily 免申即享 job opens: for every item whose published definition has a proactive
 * rule, everyone who became eligible after `since` up to `date`. The job skips people who already
 * have an application for the item (that check needs the applications table: the caller's).
 */
export function proactiveOpenings<P extends Person>(
  definitions: readonly { itemId: number; version: number; automation: { proactive?: ProactiveRule } | null }[],
  people: readonly P[],
  date: string,
  options: { since?: string } = {},
): Opening<P>[] {
  return definitions.flatMap((d) => {
    const rule = d.automation?.proactive;
    if (!rule) return [];
    return eligibleOn(rule, people, date, options).map((e) => ({ itemId: d.itemId, version: d.version, person: e.person, since: e.since, reason: e.reason, notice: `${rule.notice}（${e.reason}）` }));
  });
}
