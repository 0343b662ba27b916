/**
 * The rules journey content must follow. Validation reports every problem at once, in Chinese,
 * with where it is; it needs only the keys that exist elsewhere (items, departments, forms,
 * themes), so it runs the same for the demo folder, an import and one draft.
 */
import type { Problem } from '../../lib/validation.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import {
  ANSWER_ID,
  AUDIENCES,
  DOMAINS,
  type JourneyBundle,
  type JourneyInput,
  type LifeEventInput,
  MAX_STEPS,
  type PushRuleInput,
  type QuestionSetInput,
  SLUG,
} from './model.js';

/** What already exists, for checking references. */
export interface KnownKeys {
  items: Map<string, string>;
  departments: Set<string>;
  forms: Set<string>;
  themes: Set<string>;
  journeys: Set<string>;
  /** every push rule in force: trigger → reminders, by slug, for the loop check */
  rules: PushRuleInput[];
}

const LINK = /^\/(items|departments|themes)\/([^/?#\s]{1,80})$/;

class Checker {
  readonly problems: Problem[] = [];
  constructor(private where: string) {}
  at(where: string) {
    this.where = where;
    return this;
  }
  add(field: string, key: MessageKey, vars?: Record<string, string | number>) {
    this.problems.push({ where: this.where, field, message: t(key, vars) });
  }
  text(field: string, v: unknown, max: number) {
    if (typeof v !== 'string' || !v.trim()) this.add(field, 'validation.required');
    else if ([...v].length > max) this.add(field, 'validation.tooLong', { max });
  }
  list(field: string, v: unknown, max: number, itemMax = 200): v is string[] {
    if (!Array.isArray(v)) {
      this.add(field, 'validation.invalid');
      return false;
    }
    if (v.length > max) this.add(field, 'validation.tooMany', { max });
    for (const [i, x] of v.entries()) this.text(`${field}/${i}`, x, itemMax);
    return true;
  }
  slug(field: string, v: unknown, pattern = SLUG) {
    if (typeof v !== 'string' || !pattern.test(v) || v.length > 64) this.add(field, 'journeys.invalid.slug');
  }
  oneOf(field: string, v: unknown, allowed: readonly string[]) {
    if (!allowed.includes(String(v))) this.add(field, 'validation.enum', { allowed: allowed.join('、') });
  }
  item(field: string, code: unknown, known: KnownKeys) {
    if (typeof code !== 'string' || !known.items.has(code)) this.add(field, 'validation.unknownRef', { kind: t('kind.item'), key: String(code) });
  }
}

function checkJourney(c: Checker, j: JourneyInput, known: KnownKeys) {
  c.slug('/slug', j.slug);
  c.text('/title', j.title, 40);
  c.text('/summary', j.summary, 300);
  c.oneOf('/domain', j.domain, DOMAINS);
  c.oneOf('/audience', j.audience, AUDIENCES);
  if ((j.domain === '企业') !== (j.audience === 'enterprise')) c.add('/domain', 'journeys.invalid.enterpriseDomain');
  c.list('/keywords', j.keywords, 30, 20);
  if (!Array.isArray(j.steps) || j.steps.length === 0) return c.add('/steps', 'validation.tooFew', { min: 1 });
  if (j.steps.length > MAX_STEPS) c.add('/steps', 'validation.tooMany', { max: MAX_STEPS });
  const titles = new Set<string>();
  const groups = new Map<string, number>();
  j.steps.forEach((s, i) => {
    const f = `/steps/${i}`;
    c.text(`${f}/title`, s.title, 40);
    if (titles.has(s.title)) c.add(`${f}/title`, 'journeys.invalid.stepTwice', { title: s.title });
    titles.add(s.title);
    c.text(`${f}/body`, s.body, 1000);
    if (typeof s.optional !== 'boolean') c.add(`${f}/optional`, 'validation.boolean');
    if (s.alternativeGroup !== null) {
      c.slug(`${f}/alternativeGroup`, s.alternativeGroup);
      groups.set(s.alternativeGroup, (groups.get(s.alternativeGroup) ?? 0) + 1);
    }
    c.list(`${f}/cautions`, s.cautions, 6);
    if (s.costs !== null) c.text(`${f}/costs`, s.costs, 300);
    if (c.list(`${f}/items`, s.items, 12, 40)) for (const [k, code] of s.items.entries()) c.item(`${f}/items/${k}`, code, known);
    if (c.list(`${f}/departments`, s.departments, 12, 64))
      for (const d of s.departments) if (!known.departments.has(d)) c.add(`${f}/departments`, 'validation.unknownRef', { kind: t('kind.department'), key: d });
    if (c.list(`${f}/forms`, s.forms, 12, 64))
      for (const x of s.forms) if (!known.forms.has(x)) c.add(`${f}/forms`, 'validation.unknownRef', { kind: t('kind.form'), key: x });
    if (!Array.isArray(s.links)) c.add(`${f}/links`, 'validation.invalid');
    else
      s.links.forEach((l, k) => {
        c.text(`${f}/links/${k}/title`, l?.title, 80);
        const m = LINK.exec(String(l?.url ?? ''));
        const [, kind, key] = m ?? [];
        const ok =
          kind === 'themes' ? known.themes.has(key as string) : kind === 'departments' ? known.departments.has(key as string) : kind === 'items' && known.items.has(key as string);
        if (!ok) c.add(`${f}/links/${k}/url`, 'journeys.invalid.link', { url: String(l?.url ?? '') });
      });
  });
  for (const [g, n] of groups) if (n < 2) c.add('/steps', 'journeys.invalid.lonelyAlternative', { group: g });
}

function checkQuestionSet(c: Checker, q: QuestionSetInput, known: KnownKeys) {
  c.slug('/slug', q.slug);
  c.text('/title', q.title, 40);
  c.text('/intro', q.intro, 300);
  const options = new Map<string, Set<string>>();
  if (!Array.isArray(q.questions) || !q.questions.length) c.add('/questions', 'validation.tooFew', { min: 1 });
  else if (q.questions.length > 12) c.add('/questions', 'validation.tooMany', { max: 12 });
  for (const [i, question] of (Array.isArray(q.questions) ? q.questions : []).entries()) {
    const f = `/questions/${i}`;
    c.slug(`${f}/id`, question.id, ANSWER_ID);
    if (options.has(question.id)) c.add(`${f}/id`, 'validation.duplicateEntries');
    c.text(`${f}/text`, question.text, 200);
    const values = new Set<string>();
    if (!Array.isArray(question.options) || question.options.length < 2) c.add(`${f}/options`, 'validation.tooFew', { min: 2 });
    for (const [k, o] of (question.options ?? []).entries()) {
      c.slug(`${f}/options/${k}/value`, o.value, ANSWER_ID);
      if (values.has(o.value)) c.add(`${f}/options/${k}/value`, 'validation.duplicateEntries');
      values.add(o.value);
      c.text(`${f}/options/${k}/label`, o.label, 60);
    }
    options.set(question.id, values);
  }
  if (!Array.isArray(q.outcomes) || !q.outcomes.length) return c.add('/outcomes', 'validation.tooFew', { min: 1 });
  for (const [i, o] of q.outcomes.entries()) {
    const f = `/outcomes/${i}`;
    c.item(`${f}/item`, o.item, known);
    c.text(`${f}/note`, o.note, 300);
    if (!o.when || typeof o.when !== 'object' || Array.isArray(o.when)) {
      c.add(`${f}/when`, 'validation.invalid');
      continue;
    }
    for (const [qid, wanted] of Object.entries(o.when)) {
      const allowed = options.get(qid);
      if (!allowed) c.add(`${f}/when`, 'journeys.invalid.noSuchQuestion', { id: qid });
      else if (!Array.isArray(wanted) || !wanted.length) c.add(`${f}/when/${qid}`, 'validation.tooFew', { min: 1 });
      else for (const v of wanted) if (!allowed.has(v)) c.add(`${f}/when/${qid}`, 'journeys.invalid.noSuchOption', { id: qid, value: String(v) });
    }
  }
}

function checkLifeEvent(c: Checker, e: LifeEventInput, known: KnownKeys) {
  c.slug('/slug', e.slug);
  c.text('/title', e.title, 40);
  c.text('/summary', e.summary, 300);
  c.oneOf('/audience', e.audience, AUDIENCES);
  if (!Array.isArray(e.entries) || !e.entries.length) return c.add('/entries', 'validation.tooFew', { min: 1 });
  if (e.entries.length > 20) c.add('/entries', 'validation.tooMany', { max: 20 });
  e.entries.forEach((x, i) => {
    const f = `/entries/${i}`;
    c.text(`${f}/note`, x.note, 200);
    if (x.kind === 'item') c.item(`${f}/ref`, x.ref, known);
    else if (x.kind === 'journey') {
      if (!known.journeys.has(x.ref)) c.add(`${f}/ref`, 'validation.unknownRef', { kind: t('journeys.kind.journey'), key: String(x.ref) });
    } else c.add(`${f}/kind`, 'validation.enum', { allowed: 'item、journey' });
  });
}

function checkPushRule(c: Checker, r: PushRuleInput, known: KnownKeys) {
  c.slug('/slug', r.slug);
  c.item('/trigger', r.trigger, known);
  if (!Array.isArray(r.remind) || !r.remind.length) c.add('/remind', 'validation.tooFew', { min: 1 });
  else if (r.remind.length > 10) c.add('/remind', 'validation.tooMany', { max: 10 });
  for (const [i, code] of (Array.isArray(r.remind) ? r.remind : []).entries()) {
    c.item(`/remind/${i}`, code, known);
    if (code === r.trigger) c.add(`/remind/${i}`, 'journeys.invalid.remindsItself');
  }
  if (!Number.isInteger(r.delayDays) || r.delayDays < 0 || r.delayDays > 3650) c.add('/delayDays', 'validation.range', { min: 0, max: 3650 });
  c.text('/message', r.message, 200);
}

/**
 * A loop among the rules — X reminds Y, Y reminds X (or longer) — as the item codes along it,
 * or undefined. A loop would remind a person round and round, so it is refused on save.
 */
export function findLoop(rules: PushRuleInput[]): string[] | undefined {
  const edges = new Map<string, Set<string>>();
  for (const r of rules) {
    const out = edges.get(r.trigger) ?? new Set<string>();
    for (const code of r.remind) out.add(code);
    edges.set(r.trigger, out);
  }
  const state = new Map<string, 'open' | 'done'>();
  const walk = (code: string, path: string[]): string[] | undefined => {
    state.set(code, 'open');
    for (const next of edges.get(code) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const found = walk(next, [...path, next]);
        if (found) return found;
      }
    }
    state.set(code, 'done');
    return undefined;
  };
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const found = walk(start, [start]);
    if (found) return found;
  }
  return undefined;
}

const label = (kind: MessageKey, slug: string, title?: string) => `${t(kind)} ${slug}${title ? ` ${title}` : ''}`;

/** Every problem of a bundle, against itself and what exists (records of the bundle replace those with the same slug). */
export function validateBundle(bundle: JourneyBundle, known: KnownKeys): Problem[] {
  const withOwn: KnownKeys = { ...known, journeys: new Set([...known.journeys, ...bundle.journeys.map((j) => j.slug)]) };
  const c = new Checker('');
  const twice = (kind: MessageKey, slugs: string[]) => {
    const seen = new Set<string>();
    for (const s of slugs) {
      if (seen.has(s)) c.at(label(kind, s)).add('/slug', 'validation.duplicateKey', { key: s, first: t(kind) });
      seen.add(s);
    }
  };
  for (const j of bundle.journeys) checkJourney(c.at(label('journeys.kind.journey', j.slug, j.title)), j, withOwn);
  for (const q of bundle.questionSets) checkQuestionSet(c.at(label('journeys.kind.questions', q.slug, q.title)), q, withOwn);
  for (const e of bundle.lifeEvents) checkLifeEvent(c.at(label('journeys.kind.lifeEvent', e.slug, e.title)), e, withOwn);
  for (const r of bundle.pushRules) checkPushRule(c.at(label('journeys.kind.pushRule', r.slug)), r, withOwn);
  twice('journeys.kind.journey', bundle.journeys.map((j) => j.slug));
  twice('journeys.kind.questions', bundle.questionSets.map((q) => q.slug));
  twice('journeys.kind.lifeEvent', bundle.lifeEvents.map((e) => e.slug));
  twice('journeys.kind.pushRule', bundle.pushRules.map((r) => r.slug));
  if (bundle.pushRules.length) {
    const replaced = new Set(bundle.pushRules.map((r) => r.slug));
    const loop = findLoop([...known.rules.filter((r) => !replaced.has(r.slug)), ...bundle.pushRules]);
    if (loop)
      c.at(t('journeys.kind.pushRule')).add('/remind', 'journeys.invalid.loop', { path: loop.map((code) => known.items.get(code) ?? code).join(' → ') });
  }
  return c.problems;
}
