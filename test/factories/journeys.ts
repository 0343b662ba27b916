/**
 * Factories: small, valid journey content; override any field. Journeys refer to items,
 * departments and forms of the catalogue by code and slug, so build those first (buildBundle of
 * ./catalog.ts) and pass their keys in.
 */
import type {
  JourneyBundle,
  JourneyInput,
  JourneyStep,
  LifeEventInput,
  PushRuleInput,
  QuestionSetInput,
} from '../../src/modules/journeys/index.js';

let seq = 0;
const next = () => ++seq;

export function buildStep(o: Partial<JourneyStep> = {}): JourneyStep {
  const n = next();
  return {
    title: `测试步骤${n}`,
    body: '按说明办理这一步。',
    optional: false,
    alternativeGroup: null,
    cautions: [],
    costs: null,
    items: [],
    departments: [],
    forms: [],
    links: [],
    ...o,
  };
}

/** A citizen's journey of `steps` steps (three by default), each listing the items given for it. */
export function buildJourney(o: Partial<JourneyInput> & { items?: string[][] } = {}): JourneyInput {
  const n = next();
  const { items = [[], [], []], ...rest } = o;
  return {
    slug: `journey-${n}`,
    title: `测试场景${n}`,
    domain: '社保',
    audience: 'citizen',
    summary: '用于测试的办事场景。',
    keywords: [`测试词${n}`],
    steps: items.map((codes) => buildStep({ items: codes })),
    ...rest,
  };
}

/** One yes/no question; "yes" leads to `yes`, "no" to `no` (item codes). */
export function buildQuestionSet(items: { yes: string; no: string }, o: Partial<QuestionSetInput> = {}): QuestionSetInput {
  const n = next();
  return {
    slug: `questions-${n}`,
    title: `测试问答${n}`,
    intro: '回答问题，看看要办哪些事。',
    questions: [{ id: 'first', text: '是第一次办理吗？', options: [{ value: 'yes', label: '是' }, { value: 'no', label: '否' }] }],
    outcomes: [
      { item: items.yes, when: { first: ['yes'] }, note: '第一次办理的' },
      { item: items.no, when: { first: ['no'] }, note: '再次办理的' },
    ],
    ...o,
  };
}

export function buildLifeEvent(entries: LifeEventInput['entries'], o: Partial<LifeEventInput> = {}): LifeEventInput {
  const n = next();
  return { slug: `event-${n}`, title: `人生大事${n}`, audience: 'citizen', summary: '用于测试的人生大事。', entries, ...o };
}

/** After `trigger` is done, remind of `remind` (item codes), at once unless a delay is given. */
export function buildPushRule(trigger: string, remind: string[], o: Partial<PushRuleInput> = {}): PushRuleInput {
  const n = next();
  return { slug: `rule-${n}`, trigger, remind, delayDays: 0, message: `测试提醒${n}`, ...o };
}

export function buildJourneyBundle(o: Partial<JourneyBundle> = {}): JourneyBundle {
  return { journeys: [], questionSets: [], lifeEvents: [], pushRules: [], ...o };
}
