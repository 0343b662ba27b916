/** Presenters: what pages and the API show of journeys, life events and rules. Never a row as stored. */
import type { JourneyLink } from '../../db/schema/journeys.js';
import { t } from '../../lib/i18n/index.js';
import { type GuideOutcome, type JourneyInput, type LifeEventInput, type PushRuleInput, type QuestionSetInput, progressOf } from './model.js';
import type { JourneyRow, LifeEventRow, PushRuleRow, PushSendRow, QuestionSetRow } from './repo.js';

export const journeyUrl = (slug: string) => `/journeys/${slug}`;
export const lifeEventUrl = (slug: string) => `/life-events/${slug}`;
export const questionsUrl = (slug: string) => `/questions/${slug}`;

export interface ItemRef {
  id: number;
  implCode: string;
  name: string;
  url: string;
}

/** What a journey's steps refer to, resolved: items by code, departments and forms by slug. */
export interface Refs {
  items: Map<string, ItemRef>;
  departments: Map<string, { id: number; name: string; url: string }>;
  forms: Map<string, { slug: string; title: string; url: string }>;
}

export function presentJourneySummary(j: JourneyRow) {
  return {
    id: j.id,
    slug: j.slug,
    title: j.title,
    domain: j.domain,
    audience: j.audience,
    summary: j.summary,
    stepCount: j.steps.length,
    url: journeyUrl(j.slug),
  };
}
export type JourneySummary = ReturnType<typeof presentJourneySummary>;

/** A link of the content: an item by code or a department by slug becomes its page address. */
function resolveLink(l: JourneyLink, refs: Refs): JourneyLink {
  const [, kind, key = ''] = /^\/(items|departments)\/(.+)$/.exec(l.url) ?? [];
  if (kind === 'items') return { title: l.title, url: refs.items.get(key)?.url ?? l.url };
  if (kind === 'departments') return { title: l.title, url: refs.departments.get(key)?.url ?? l.url };
  return l;
}

export function presentJourney(j: JourneyRow, refs: Refs) {
  return {
    ...presentJourneySummary(j),
    keywords: j.keywords,
    steps: j.steps.map((s, i) => ({
      number: i + 1,
      title: s.title,
      body: s.body,
      optional: s.optional,
      alternativeGroup: s.alternativeGroup,
      cautions: s.cautions,
      costs: s.costs,
      items: s.items.flatMap((code) => {
        const it = refs.items.get(code);
        return it ? [{ id: it.id, code: it.implCode, name: it.name, url: it.url }] : [];
      }),
      departments: s.departments.flatMap((slug) => {
        const d = refs.departments.get(slug);
        return d ? [{ id: d.id, slug, name: d.name, url: d.url }] : [];
      }),
      forms: s.forms.flatMap((slug) => {
        const f = refs.forms.get(slug);
        return f ? [{ slug, title: f.title, url: f.url }] : [];
      }),
      links: s.links.map((l) => resolveLink(l, refs)),
    })),
  };
}
export type Journey = ReturnType<typeof presentJourney>;

export interface LifeEventEntryView {
  number: number;
  kind: 'item' | 'journey';
  /** an item's implementation code or a journey's slug */
  code: string;
  title: string;
  note: string;
  url: string;
}

export function presentLifeEvent(e: LifeEventRow, items: Map<string, ItemRef>, journeys: Map<string, JourneyRow>) {
  return {
    slug: e.slug,
    title: e.title,
    audience: e.audience,
    summary: e.summary,
    url: lifeEventUrl(e.slug),
    entries: e.entries.flatMap((x, i): LifeEventEntryView[] => {
      if (x.kind === 'item') {
        const it = items.get(x.ref);
        return it ? [{ number: i + 1, kind: 'item', code: it.implCode, title: it.name, note: x.note, url: it.url }] : [];
      }
      const j = journeys.get(x.ref);
      return j ? [{ number: i + 1, kind: 'journey', code: j.slug, title: j.title, note: x.note, url: journeyUrl(j.slug) }] : [];
    }),
  };
}
export type LifeEvent = ReturnType<typeof presentLifeEvent>;

type Names = Map<string, { name: string; url: string }>;
const itemRef = (names: Names) => (code: string) => ({ code, name: names.get(code)?.name ?? code, url: names.get(code)?.url ?? '' });

export function presentRule(r: PushRuleRow, names: Names) {
  const ref = itemRef(names);
  return { id: r.id, slug: r.slug, trigger: ref(r.trigger), remind: r.remind.map(ref), delayDays: r.delayDays, message: r.message };
}

/** A rule for the operators, with how many reminders it sent, had opened, keeps waiting and stopped. */
export function presentRuleFigures(r: PushRuleRow, names: Names, s?: { sent: number; opened: number; scheduled: number; stopped: number }) {
  return { ...presentRule(r, names), sent: Number(s?.sent ?? 0), opened: Number(s?.opened ?? 0), scheduled: Number(s?.scheduled ?? 0), stopped: Number(s?.stopped ?? 0) };
}

/** Where an item appears in a journey, for the "part of these journeys" box of its guide. */
export function presentPartOf(j: JourneyRow, implCode: string) {
  const at = j.steps.findIndex((s) => s.items.includes(implCode));
  return { title: j.title, url: `/journeys/${j.slug}#step-${at + 1}`, step: at + 1, stepTitle: j.steps[at]?.title ?? '' };
}

export const presentQuestionSetSummary = (q: QuestionSetRow) => ({ slug: q.slug, title: q.title, intro: q.intro, url: questionsUrl(q.slug) });

export const presentLifeEventSummary = (e: LifeEventRow) => ({
  slug: e.slug,
  title: e.title,
  audience: e.audience,
  summary: e.summary,
  entryCount: e.entries.length,
  url: lifeEventUrl(e.slug),
});

/** A question set as answered so far: what is open, what was not understood, and the items that apply. */
export function presentAnswer(
  set: QuestionSetInput,
  state: { answers: Record<string, string>; invalid: string[]; open: string[]; outcomes: GuideOutcome[] },
  items: Map<string, ItemRef>,
) {
  return {
    slug: set.slug,
    title: set.title,
    intro: set.intro,
    questions: set.questions,
    answers: state.answers,
    invalid: state.invalid,
    open: state.open,
    outcomes: state.outcomes.flatMap((o) => {
      const it = items.get(o.item);
      return it ? [{ code: it.implCode, name: it.name, url: it.url, note: o.note }] : [];
    }),
  };
}
export type Answer = ReturnType<typeof presentAnswer>;

export type Section = 'journeys' | 'questionSets' | 'lifeEvents' | 'pushRules';

/** One record in a back-office list of its section. */
export interface RecordLine {
  key: string;
  title: string;
  url: string;
  note?: string;
}

export const presentRecordLine = {
  journey: (j: JourneyRow): RecordLine => ({ key: j.slug, title: j.title, url: journeyUrl(j.slug) }),
  questionSet: (q: QuestionSetRow): RecordLine => ({ key: q.slug, title: q.title, url: questionsUrl(q.slug) }),
  lifeEvent: (e: LifeEventRow): RecordLine => ({ key: e.slug, title: e.title, url: lifeEventUrl(e.slug) }),
  pushRule: (r: PushRuleFigures): RecordLine => ({
    key: r.slug,
    title: t('journeys.rule.title', { trigger: r.trigger.name }),
    url: '',
    note: t('journeys.rule.figures', { sent: r.sent, opened: r.opened, scheduled: r.scheduled }),
  }),
};
export type PushRuleFigures = ReturnType<typeof presentRuleFigures>;

/** A person's reminders, newest first, with the rules they stopped. */
export function presentReminders(rows: { send: PushSendRow; rule: PushRuleRow }[], stops: number[], names: Names) {
  const ref = itemRef(names);
  return {
    allStopped: stops.includes(0),
    reminders: rows.map(({ send, rule }) => ({
      id: send.id,
      ruleId: rule.id,
      status: send.status,
      dueAt: send.dueAt,
      sentAt: send.sentAt,
      openedAt: send.openedAt,
      trigger: ref(rule.trigger),
      remind: rule.remind.map(ref),
      message: rule.message,
      stopped: stops.includes(rule.id),
    })),
  };
}
export type Reminders = ReturnType<typeof presentReminders>;

/** Rows back to their import shape (for the back office and the loop check). */
export const toInput = {
  journey: (j: JourneyRow): JourneyInput => ({
    slug: j.slug,
    title: j.title,
    domain: j.domain,
    audience: j.audience,
    summary: j.summary,
    keywords: j.keywords,
    steps: j.steps,
  }),
  questionSet: (q: QuestionSetRow): QuestionSetInput => ({ slug: q.slug, title: q.title, intro: q.intro, questions: q.questions, outcomes: q.outcomes }),
  lifeEvent: (e: LifeEventRow): LifeEventInput => ({ slug: e.slug, title: e.title, audience: e.audience, summary: e.summary, entries: e.entries }),
  pushRule: (r: PushRuleRow): PushRuleInput => ({ slug: r.slug, trigger: r.trigger, remind: r.remind, delayDays: r.delayDays, message: r.message }),
};

/** What the personal homepage is made from, read by `operations/home.ts`. */
export interface HomeData {
  audience: 'citizen' | 'enterprise';
  progress: { journeyId: number; titles: string[] }[];
  subs: { kind: 'theme' | 'department' | 'journey'; ref: string }[];
  recent: { kind: 'item' | 'journey'; refId: number; viewedAt: Date }[];
  done: Set<string>;
  all: JourneyRow[];
  themes: { slug: string; name: string; audience: string }[];
  departments: { slug: string; name: string; url: string; itemCount: number }[];
  inbox: { unread: number; rows: { title: string; createdAt: Date; readAt: Date | null }[] };
  rules: { rules: PushRuleRow[]; names: Names };
  viewedItems: ItemRef[];
  recommendations: { title: string; url: string; summary: string; reason: string }[];
}

/** The personal homepage: journeys in progress, follows, history, recommendations, next steps, messages. */
export function presentHome(d: HomeData) {
  const bySlug = new Map(d.all.map((j) => [j.slug, j]));
  const byId = new Map(d.all.map((j) => [j.id, j]));
  const started = d.progress.flatMap((pr) => {
    const j = byId.get(pr.journeyId);
    if (!j) return [];
    const titles = new Set(pr.titles);
    const state = progressOf(j.steps, titles);
    const next = j.steps.find((s) => !s.optional && !titles.has(s.title));
    return [{ title: j.title, url: journeyUrl(j.slug), ...state, next: next?.title ?? null }];
  });
  const themeBySlug = new Map(d.themes.map((th) => [th.slug, th]));
  const deptBySlug = new Map(d.departments.map((x) => [x.slug, x]));
  const follows = d.subs.flatMap((s) => {
    const target =
      s.kind === 'theme'
        ? themeBySlug.get(s.ref) && { title: themeBySlug.get(s.ref)?.name ?? '', url: `/themes/${s.ref}` }
        : s.kind === 'department'
          ? deptBySlug.get(s.ref) && { title: deptBySlug.get(s.ref)?.name ?? '', url: deptBySlug.get(s.ref)?.url ?? '' }
          : bySlug.get(s.ref) && { title: bySlug.get(s.ref)?.title ?? '', url: journeyUrl(s.ref) };
    return target ? [{ kind: s.kind, ref: s.ref, ...target }] : [];
  });
  const itemById = new Map(d.viewedItems.map((i) => [i.id, i]));
  const history = d.recent.flatMap((r): { kind: 'item' | 'journey'; title: string; url: string; viewedAt: Date }[] => {
    if (r.kind === 'item') {
      const it = itemById.get(r.refId);
      return it ? [{ kind: 'item', title: it.name, url: it.url, viewedAt: r.viewedAt }] : [];
    }
    const j = byId.get(r.refId);
    return j ? [{ kind: 'journey', title: j.title, url: journeyUrl(j.slug), viewedAt: r.viewedAt }] : [];
  });
  // what usually follows the items the person has done and they have not done yet
  const { rules, names } = d.rules;
  const seen = new Set<string>();
  const nextItems = rules
    .filter((r) => d.done.has(r.trigger))
    .flatMap((r) => r.remind.filter((c) => !d.done.has(c)).map((c) => ({ code: c, after: names.get(r.trigger)?.name ?? '' })))
    .filter((x) => !seen.has(x.code) && seen.add(x.code) && names.has(x.code))
    .map((x) => ({ ...x, name: names.get(x.code)?.name ?? '', url: names.get(x.code)?.url ?? '' }));
  return {
    inProgress: started.filter((s) => !s.finished),
    finished: started.filter((s) => s.finished),
    follows,
    history,
    recommendations: d.recommendations,
    nextItems,
    inbox: { unread: d.inbox.unread, latest: d.inbox.rows.map((m) => ({ title: m.title, createdAt: m.createdAt, read: !!m.readAt })) },
    themes: d.themes.filter((th) => th.audience === d.audience).map((th) => ({ slug: th.slug, name: th.name })),
    departments: d.departments.filter((x) => x.itemCount > 0).map((x) => ({ slug: x.slug, name: x.name })),
  };
}
export type Home = ReturnType<typeof presentHome>;
