/**
 * The content of the journeys module as it is written (data/demo, the back office): journeys
 * with their steps, guided question sets, life events and push rules; and what follows from it
 * — the items a set of answers leads to, a person's progress through a journey. The rules the
 * content must follow are in validate.ts.
 */
import type { GuideOutcome, GuideQuestion, JourneyStep, LifeEventEntry } from '../../db/schema/journeys.js';

export type { GuideOutcome, GuideQuestion, JourneyStep, LifeEventEntry };

export const DOMAINS = ['教育', '医疗', '社保', '交通', '公用事业', '住房', '婚育', '就业', '企业'] as const;
export const AUDIENCES = ['citizen', 'enterprise'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface JourneyInput {
  slug: string;
  title: string;
  domain: string;
  audience: Audience;
  summary: string;
  keywords: string[];
  steps: JourneyStep[];
}

export interface QuestionSetInput {
  slug: string;
  title: string;
  intro: string;
  questions: GuideQuestion[];
  outcomes: GuideOutcome[];
}

export interface LifeEventInput {
  slug: string;
  title: string;
  audience: Audience;
  summary: string;
  entries: LifeEventEntry[];
}

export interface PushRuleInput {
  slug: string;
  trigger: string;
  remind: string[];
  delayDays: number;
  message: string;
}

export interface JourneyBundle {
  journeys: JourneyInput[];
  questionSets: QuestionSetInput[];
  lifeEvents: LifeEventInput[];
  pushRules: PushRuleInput[];
}

export const emptyBundle = (): JourneyBundle => ({ journeys: [], questionSets: [], lifeEvents: [], pushRules: [] });

export const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ANSWER_ID = /^[a-z][a-z0-9_]*$/;
export const MAX_STEPS = 20;

/** Which questions an answer set leaves open, and the items that apply once all are answered. */
export function evaluate(set: QuestionSetInput, answers: Record<string, string>) {
  const open = set.questions.filter((q) => !answers[q.id]).map((q) => q.id);
  const applies = (o: GuideOutcome) => Object.entries(o.when).every(([qid, wanted]) => wanted.includes(answers[qid] ?? ''));
  return { open, outcomes: open.length ? [] : set.outcomes.filter(applies) };
}

/** Answers from a query string: only the set's questions; an unknown value is reported, never guessed. */
export function readAnswers(set: QuestionSetInput, query: Record<string, unknown>): { answers: Record<string, string>; invalid: string[] } {
  const answers: Record<string, string> = {};
  const invalid: string[] = [];
  for (const q of set.questions) {
    const raw = query[q.id];
    if (raw === undefined || raw === '') continue;
    const value = typeof raw === 'string' ? raw : '';
    const option = q.options.find((o) => o.value === value);
    if (option) answers[q.id] = value;
    else invalid.push(q.text);
  }
  return { answers, invalid };
}

/**
 * A journey's progress: required units are the non-optional steps, an alternative group
 * counting once (any one of its steps completes it).
 */
export function progressOf(steps: JourneyStep[], done: Set<string>) {
  const units = new Map<string, boolean>();
  for (const s of steps) {
    if (s.optional) continue;
    const key = s.alternativeGroup ? `group:${s.alternativeGroup}` : `step:${s.title}`;
    units.set(key, (units.get(key) ?? false) || done.has(s.title));
  }
  const total = units.size;
  const completed = [...units.values()].filter(Boolean).length;
  return { total, completed, doneSteps: steps.filter((s) => done.has(s.title)).length, finished: total > 0 && completed === total };
}
