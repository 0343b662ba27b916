/**
 * npx tsx scripts/check-journey-content.ts [DIR] — checks the content of the journeys module in a
 * demo-style data folder (data/demo by default) against the catalogue beside it:
 *
 * - journeys/<slug>.json: shape, domains and audiences, 3–10 steps, every item implCode,
 *   department slug, form slug and internal link resolves; the required journeys exist and
 *   buy-new-flat has exactly its eight steps in order;
 * - life-events.json: the required life events, 4–12 entries each, every item and journey exists;
 * - questions/<slug>.json: ids and option values are lowercase ASCII, every `when` names a question
 *   and one of its options, every outcome item exists;
 * - push-rules.json: every trigger and reminder exists, the required rules are there, and following
 *   trigger → remind edges never comes back to where it started.
 *
 * It reads only JSON files (no database, no app code), prints every problem with the file it is in
 * and a summary, and exits 1 when there is any problem.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'data/demo';
const problems: string[] = [];
const problem = (where: string, message: string): void => {
  problems.push(`${where}: ${message}`);
};

type Json = Record<string, unknown>;
const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
/** every *.json of a folder, in name order, as [file, parsed] */
const readFolder = (folder: string): [string, unknown][] =>
  existsSync(folder)
    ? readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => [join(folder, f), readJson(join(folder, f))])
    : [];
const arrayOf = (file: string, value: unknown): Json[] => {
  if (!Array.isArray(value)) {
    problem(file, 'expected a JSON array');
    return [];
  }
  return value as Json[];
};

// ---- the catalogue ------------------------------------------------------------------------------
const items = new Map<string, string>(); // implCode → name
for (const [file, list] of readFolder(join(dir, 'items')))
  for (const it of arrayOf(file, list)) items.set(String(it.implCode), String(it.name));
const itemByName = new Map([...items].map(([code, name]) => [name, code]));
const departments = new Set(arrayOf('departments.json', readJson(join(dir, 'departments.json'))).map((d) => String(d.slug)));
const themes = new Set(arrayOf('themes.json', readJson(join(dir, 'themes.json'))).map((t) => String(t.slug)));
const forms = new Set<string>();
for (const [file, list] of readFolder(join(dir, 'forms'))) for (const f of arrayOf(file, list)) forms.add(String(f.slug));

// ---- small checks ---------------------------------------------------------------------------------
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ID = /^[a-z][a-z0-9_]*$/;
const isText = (v: unknown, max = 2000): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
const isTextList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => isText(x, 200));
const needText = (where: string, field: string, v: unknown, max = 2000) => {
  if (!isText(v, max)) problem(where, `${field} must be a non-empty string of at most ${max} characters`);
};
const needItem = (where: string, code: unknown) => {
  if (typeof code !== 'string' || !items.has(code)) problem(where, `unknown item implCode ${JSON.stringify(code)}`);
};
const onlyKeys = (where: string, record: Json, keys: string[]) => {
  for (const k of Object.keys(record)) if (!keys.includes(k)) problem(where, `unknown field "${k}"`);
  for (const k of keys) if (!(k in record)) problem(where, `missing field "${k}"`);
};

// ---- journeys -------------------------------------------------------------------------------------
const DOMAINS = ['教育', '医疗', '社保', '交通', '公用事业', '住房', '婚育', '就业', '企业'];
const CORE_DOMAINS = ['教育', '医疗', '社保', '交通', '公用事业'];
const REQUIRED_JOURNEYS = ['buy-new-flat', 'primary-school', 'drive', 'have-baby', 'marry', 'find-job', 'retire', 'open-restaurant'];
const BUY_NEW_FLAT = ['了解行情', '挑选房源', '房屋验证', '签认购书', '签订合同', '交付房款', '房屋验收', '领房产证'];
const JOURNEY_KEYS = ['slug', 'title', 'domain', 'audience', 'summary', 'keywords', 'steps'];
const STEP_KEYS = ['title', 'body', 'optional', 'alternativeGroup', 'cautions', 'costs', 'items', 'departments', 'forms', 'links'];

const checkLink = (where: string, link: unknown) => {
  const l = link as Json;
  if (!l || typeof l !== 'object') return problem(where, 'a link must be an object { title, url }');
  onlyKeys(where, l, ['title', 'url']);
  needText(where, 'link title', l.title, 80);
  const m = /^\/(items|departments|themes)\/([^/?#\s]+)$/.exec(String(l.url));
  if (!m) return problem(where, `link ${JSON.stringify(l.url)} is not an internal /items/, /departments/ or /themes/ address`);
  const [, kind, key] = m;
  const ok =
    kind === 'themes' ? themes.has(key) : kind === 'departments' ? departments.has(key) || /^\d+$/.test(key) : items.has(key) || /^\d+$/.test(key);
  if (!ok) problem(where, `link ${l.url} points at nothing in the catalogue`);
};

const journeys = new Map<string, Json>();
for (const [file, value] of readFolder(join(dir, 'journeys'))) {
  const j = value as Json;
  if (!j || typeof j !== 'object' || Array.isArray(j)) {
    problem(file, 'expected one journey object');
    continue;
  }
  onlyKeys(file, j, JOURNEY_KEYS);
  const slug = String(j.slug);
  if (!SLUG.test(slug)) problem(file, `slug ${JSON.stringify(j.slug)} must be lowercase ASCII letters, digits and hyphens`);
  if (!file.endsWith(`${slug}.json`)) problem(file, `file name should be ${slug}.json`);
  if (journeys.has(slug)) problem(file, `slug ${slug} is used twice`);
  journeys.set(slug, j);
  needText(file, 'title', j.title, 40);
  needText(file, 'summary', j.summary, 300);
  if (!DOMAINS.includes(String(j.domain))) problem(file, `domain ${JSON.stringify(j.domain)} is not one of ${DOMAINS.join('、')}`);
  if (j.audience !== 'citizen' && j.audience !== 'enterprise') problem(file, 'audience must be citizen or enterprise');
  if ((j.domain === '企业') !== (j.audience === 'enterprise')) problem(file, 'domain 企业 goes with audience enterprise, and only with it');
  if (!isTextList(j.keywords) || j.keywords.length === 0) problem(file, 'keywords must be a non-empty list of words');
  const steps = Array.isArray(j.steps) ? (j.steps as Json[]) : [];
  if (steps.length < 3 || steps.length > 10) problem(file, `has ${steps.length} steps; a journey has 3 to 10`);
  const groups = new Map<string, number>();
  steps.forEach((s, i) => {
    const at = `${file} step ${i + 1} ${isText(s.title) ? s.title : ''}`.trim();
    onlyKeys(at, s, STEP_KEYS);
    needText(at, 'title', s.title, 40);
    needText(at, 'body', s.body, 1000);
    if (typeof s.optional !== 'boolean') problem(at, 'optional must be true or false');
    if (s.alternativeGroup !== null && !(typeof s.alternativeGroup === 'string' && SLUG.test(s.alternativeGroup)))
      problem(at, 'alternativeGroup must be null or a lowercase ASCII name');
    if (typeof s.alternativeGroup === 'string') groups.set(s.alternativeGroup, (groups.get(s.alternativeGroup) ?? 0) + 1);
    if (!isTextList(s.cautions) || s.cautions.length > 4) problem(at, 'cautions must be a list of 0 to 4 strings');
    if (s.costs !== null) needText(at, 'costs', s.costs, 300);
    for (const list of ['items', 'departments', 'forms', 'links'])
      if (!Array.isArray(s[list])) problem(at, `${list} must be a list`);
    for (const code of (s.items as unknown[]) ?? []) needItem(at, code);
    for (const d of (s.departments as unknown[]) ?? [])
      if (!departments.has(String(d))) problem(at, `unknown department slug ${JSON.stringify(d)}`);
    for (const f of (s.forms as unknown[]) ?? []) if (!forms.has(String(f))) problem(at, `unknown form slug ${JSON.stringify(f)}`);
    for (const l of (s.links as unknown[]) ?? []) checkLink(at, l);
  });
  for (const [g, n] of groups) if (n < 2) problem(file, `alternativeGroup "${g}" has a single step; alternatives come in twos or more`);
}
for (const slug of REQUIRED_JOURNEYS) if (!journeys.has(slug)) problem('journeys', `required journey ${slug} is missing`);
const flat = journeys.get('buy-new-flat');
if (flat) {
  const titles = ((flat.steps as Json[]) ?? []).map((s) => s.title);
  if (JSON.stringify(titles) !== JSON.stringify(BUY_NEW_FLAT))
    problem('journeys/buy-new-flat.json', `steps must be exactly ${BUY_NEW_FLAT.join(' → ')}; found ${titles.join(' → ')}`);
}
const all = [...journeys.values()];
const citizen = all.filter((j) => j.audience === 'citizen');
const enterprise = all.filter((j) => j.audience === 'enterprise');
if (all.length < 36) problem('journeys', `${all.length} journeys; at least 36 expected`);
if (citizen.length < 34) problem('journeys', `${citizen.length} citizen journeys; at least 34 expected`);
if (enterprise.length < 5) problem('journeys', `${enterprise.length} enterprise journeys; at least 5 expected`);
for (const d of CORE_DOMAINS) {
  const n = citizen.filter((j) => j.domain === d).length;
  if (n < 5) problem('journeys', `domain ${d} has ${n} citizen journeys; at least 5 expected`);
}

// ---- life events ----------------------------------------------------------------------------------
const REQUIRED_EVENTS: [string, string][] = [
  ['birth', 'citizen'],
  ['schooling', 'citizen'],
  ['graduation-first-job', 'citizen'],
  ['marriage', 'citizen'],
  ['housing', 'citizen'],
  ['unemployment', 'citizen'],
  ['retirement', 'citizen'],
  ['disability', 'citizen'],
  ['death', 'citizen'],
  ['business-start', 'enterprise'],
  ['business-change', 'enterprise'],
  ['business-close', 'enterprise'],
];
const eventsFile = join(dir, 'life-events.json');
const events = existsSync(eventsFile) ? arrayOf(eventsFile, readJson(eventsFile)) : [];
if (!events.length) problem(eventsFile, 'missing or empty');
const eventSlugs = new Set<string>();
for (const e of events) {
  const at = `life-events.json ${e.slug}`;
  onlyKeys(at, e, ['slug', 'title', 'audience', 'summary', 'entries']);
  if (!SLUG.test(String(e.slug))) problem(at, 'slug must be lowercase ASCII letters, digits and hyphens');
  if (eventSlugs.has(String(e.slug))) problem(at, 'slug used twice');
  eventSlugs.add(String(e.slug));
  needText(at, 'title', e.title, 40);
  needText(at, 'summary', e.summary, 300);
  if (e.audience !== 'citizen' && e.audience !== 'enterprise') problem(at, 'audience must be citizen or enterprise');
  const entries = Array.isArray(e.entries) ? (e.entries as Json[]) : [];
  if (entries.length < 4 || entries.length > 12) problem(at, `has ${entries.length} entries; 4 to 12 expected`);
  entries.forEach((x, i) => {
    const w = `${at} entry ${i + 1}`;
    onlyKeys(w, x, ['kind', 'ref', 'note']);
    needText(w, 'note', x.note, 200);
    if (x.kind === 'item') needItem(w, x.ref);
    else if (x.kind === 'journey') {
      if (!journeys.has(String(x.ref))) problem(w, `unknown journey slug ${JSON.stringify(x.ref)}`);
    } else problem(w, 'kind must be item or journey');
  });
}
for (const [slug, audience] of REQUIRED_EVENTS) {
  const e = events.find((x) => x.slug === slug);
  if (!e) problem('life-events.json', `required life event ${slug} is missing`);
  else if (e.audience !== audience) problem('life-events.json', `${slug} is for ${audience}`);
}

// ---- guided questions -----------------------------------------------------------------------------
const REQUIRED_GUIDES = ['birth'];
const guides = readFolder(join(dir, 'questions'));
if (guides.length < 6) problem('questions', `${guides.length} guides; at least 6 expected`);
const guideSlugs = new Set<string>();
for (const [file, value] of guides) {
  const g = value as Json;
  onlyKeys(file, g, ['slug', 'title', 'intro', 'questions', 'outcomes']);
  const slug = String(g.slug);
  if (!SLUG.test(slug)) problem(file, 'slug must be lowercase ASCII letters, digits and hyphens');
  if (!file.endsWith(`${slug}.json`)) problem(file, `file name should be ${slug}.json`);
  guideSlugs.add(slug);
  needText(file, 'title', g.title, 40);
  needText(file, 'intro', g.intro, 300);
  const options = new Map<string, Set<string>>();
  const questions = Array.isArray(g.questions) ? (g.questions as Json[]) : [];
  if (!questions.length) problem(file, 'has no questions');
  for (const q of questions) {
    const at = `${file} question ${q.id}`;
    onlyKeys(at, q, ['id', 'text', 'options']);
    const id = String(q.id);
    if (!ID.test(id)) problem(at, 'id must be lowercase ASCII');
    if (options.has(id)) problem(at, 'id used twice');
    needText(at, 'text', q.text, 200);
    const values = new Set<string>();
    const opts = Array.isArray(q.options) ? (q.options as Json[]) : [];
    if (opts.length < 2) problem(at, 'needs at least two options');
    for (const o of opts) {
      onlyKeys(at, o, ['value', 'label']);
      if (!ID.test(String(o.value))) problem(at, `option value ${JSON.stringify(o.value)} must be lowercase ASCII`);
      if (values.has(String(o.value))) problem(at, `option value ${o.value} used twice`);
      values.add(String(o.value));
      needText(at, 'option label', o.label, 60);
    }
    options.set(id, values);
  }
  const outcomes = Array.isArray(g.outcomes) ? (g.outcomes as Json[]) : [];
  if (!outcomes.length) problem(file, 'has no outcomes');
  outcomes.forEach((o, i) => {
    const at = `${file} outcome ${i + 1}`;
    onlyKeys(at, o, ['item', 'when', 'note']);
    needItem(at, o.item);
    needText(at, 'note', o.note, 300);
    const when = o.when as Json;
    if (!when || typeof when !== 'object' || Array.isArray(when)) {
      problem(at, 'when must be an object ({} = always)');
      return;
    }
    for (const [qid, wanted] of Object.entries(when)) {
      const allowed = options.get(qid);
      if (!allowed) problem(at, `when names ${qid}, which is not a question of this guide`);
      else if (!Array.isArray(wanted) || wanted.length === 0) problem(at, `when.${qid} must be a non-empty list of option values`);
      else for (const v of wanted) if (!allowed.has(String(v))) problem(at, `when.${qid} value ${JSON.stringify(v)} is not an option of ${qid}`);
    }
  });
}
for (const slug of REQUIRED_GUIDES) if (!guideSlugs.has(slug)) problem('questions', `required guide ${slug} is missing`);

// ---- push rules -----------------------------------------------------------------------------------
const rulesFile = join(dir, 'push-rules.json');
const rules = existsSync(rulesFile) ? arrayOf(rulesFile, readJson(rulesFile)) : [];
if (rules.length < 12) problem('push-rules.json', `${rules.length} rules; at least 12 expected`);
const ruleSlugs = new Set<string>();
const edges = new Map<string, Set<string>>();
for (const r of rules) {
  const at = `push-rules.json ${r.slug}`;
  onlyKeys(at, r, ['slug', 'trigger', 'remind', 'delayDays', 'message']);
  if (!SLUG.test(String(r.slug))) problem(at, 'slug must be lowercase ASCII letters, digits and hyphens');
  if (ruleSlugs.has(String(r.slug))) problem(at, 'slug used twice');
  ruleSlugs.add(String(r.slug));
  needItem(at, r.trigger);
  const remind = Array.isArray(r.remind) ? (r.remind as unknown[]) : [];
  if (!remind.length) problem(at, 'remind must list at least one item');
  for (const code of remind) {
    needItem(at, code);
    if (code === r.trigger) problem(at, 'an item cannot remind about itself');
  }
  if (!Number.isInteger(r.delayDays) || (r.delayDays as number) < 0 || (r.delayDays as number) > 3650)
    problem(at, 'delayDays must be a whole number of days from 0 to 3650');
  needText(at, 'message', r.message, 200);
  const out = edges.get(String(r.trigger)) ?? new Set<string>();
  for (const code of remind) out.add(String(code));
  edges.set(String(r.trigger), out);
}
// no loops: a depth-first walk that meets an item still on its path has found a cycle
const state = new Map<string, 'open' | 'done'>();
const walk = (code: string, path: string[]) => {
  state.set(code, 'open');
  for (const next of edges.get(code) ?? []) {
    if (state.get(next) === 'open') {
      const cycle = [...path.slice(path.indexOf(next)), next].map((c) => items.get(c) ?? c);
      problem('push-rules.json', `reminders loop: ${cycle.join(' → ')}`);
    } else if (!state.has(next)) walk(next, [...path, next]);
  }
  state.set(code, 'done');
};
for (const start of edges.keys()) if (!state.has(start)) walk(start, [start]);
const REQUIRED_RULES: [string, string[][]][] = [
  ['出生登记', [['居民身份证办理', '居民身份证申领'], ['新生儿参加居民医保']]],
  ['高校毕业生就业报到', [['人事档案转递'], ['职工基本养老保险关系转移接续']]],
];
for (const [trigger, wanted] of REQUIRED_RULES) {
  const code = itemByName.get(trigger);
  const reminded = new Set(rules.filter((r) => r.trigger === code).flatMap((r) => r.remind as string[]));
  for (const anyOf of wanted)
    if (!anyOf.some((name) => reminded.has(itemByName.get(name) ?? '')))
      problem('push-rules.json', `after ${trigger} a rule should remind about ${anyOf.join(' or ')}`);
}

// ---- report ---------------------------------------------------------------------------------------
for (const p of problems) console.log(p);
const byDomain = new Map<string, number>();
for (const j of all) byDomain.set(String(j.domain), (byDomain.get(String(j.domain)) ?? 0) + 1);
const referenced = new Set<string>();
for (const j of all) for (const s of j.steps as Json[]) for (const c of (s.items as string[]) ?? []) referenced.add(c);
console.log(
  `journeys=${all.length} (citizen ${citizen.length}, enterprise ${enterprise.length}; ` +
    [...byDomain].map(([d, n]) => `${d} ${n}`).join(', ') +
    `) steps=${all.reduce((n, j) => n + (j.steps as Json[]).length, 0)} items referenced=${referenced.size}`,
);
console.log(`life-events=${events.length} questions=${guides.length} push-rules=${rules.length} catalogue items=${items.size}`);
console.log(`${problems.length} problem(s)`);
process.exitCode = problems.length ? 1 : 0;
