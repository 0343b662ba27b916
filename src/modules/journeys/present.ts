/** Presenters: what pages and the API show of journeys, life events and rules. Never a row as stored. */
import type { JourneyLink } from '../../db/schema/journeys.js';
import type { JourneyInput, LifeEventInput, PushRuleInput, QuestionSetInput } from './model.js';
import type { JourneyRow, LifeEventRow, PushRuleRow, QuestionSetRow } from './repo.js';

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

export function presentRule(r: PushRuleRow, names: Map<string, { name: string; url: string }>) {
  const ref = (code: string) => ({ code, name: names.get(code)?.name ?? code, url: names.get(code)?.url ?? '' });
  return { id: r.id, slug: r.slug, trigger: ref(r.trigger), remind: r.remind.map(ref), delayDays: r.delayDays, message: r.message };
}

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
