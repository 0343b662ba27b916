/**
 * The text notation editors use for journey content in the back office: one form field per
 * column, lists one entry a line with parts separated by " | " (as in catalogue imports), and a
 * journey's steps — or a question set's questions — as blocks that start with "## ". Every
 * record reads back to exactly what it was written from, so a draft's diff shows only changes.
 *
 *   ## 房屋验证                      ## hospital | 孩子是在医院出生的吗？
 *   说明：签约前核验房源…            yes | 是，在医院出生
 *   可选：是                         no | 否，在医院外出生
 *   任选其一：payment
 *   注意：… (one line each)          outcomes: 事项编码 | hospital=yes; insurance=employee,resident | 说明
 *   费用：…                          entries:  事项 | 事项编码 | 说明   or   场景 | 场景标识 | 说明
 *   事项：11360134MB000834001008
 *   部门：bdc   表格：bdc-zlcx-sqb   链接：住房主题服务 | /themes/zhufang
 */
import type { Problem } from '../../lib/validation.js';
import { t } from '../../lib/i18n/index.js';
import type { JourneyInput, JourneyStep, LifeEventInput, PushRuleInput, QuestionSetInput } from './model.js';

export type Cells = Record<string, string>;

const SEP = ' | ';
const lines = (s: string | undefined) => (s ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
const parts = (line: string) => line.split('|').map((p) => p.trim());
const AUDIENCE = { citizen: '个人', enterprise: '企业' } as const;
const audienceOf = (s: string | undefined) => (s?.trim() === AUDIENCE.enterprise || s?.trim() === 'enterprise' ? 'enterprise' : s?.trim() === AUDIENCE.citizen || s?.trim() === 'citizen' ? 'citizen' : (s?.trim() as 'citizen'));
const YES = new Set(['是', 'true', 'yes']);
const NO = new Set(['否', 'false', 'no', '']);

/** Problems found while reading cells, each with the column it is in. */
export class Reader {
  readonly problems: Problem[] = [];
  constructor(private readonly headers: Record<string, string>) {}
  problem(column: string, message: string) {
    this.problems.push({ where: t('draft.where'), field: this.headers[column] ?? column, message });
  }
}

// ---- journeys -----------------------------------------------------------------------------------

const STEP_KEYS = { 说明: 'body', 可选: 'optional', 任选其一: 'alternativeGroup', 注意: 'cautions', 费用: 'costs', 事项: 'items', 部门: 'departments', 表格: 'forms', 链接: 'links' } as const;

export function journeyCells(j: JourneyInput): Cells {
  const step = (s: JourneyStep) =>
    [
      `## ${s.title}`,
      `说明：${s.body}`,
      ...(s.optional ? ['可选：是'] : []),
      ...(s.alternativeGroup ? [`任选其一：${s.alternativeGroup}`] : []),
      ...s.cautions.map((c) => `注意：${c}`),
      ...(s.costs ? [`费用：${s.costs}`] : []),
      ...s.items.map((c) => `事项：${c}`),
      ...s.departments.map((d) => `部门：${d}`),
      ...s.forms.map((f) => `表格：${f}`),
      ...s.links.map((l) => `链接：${l.title}${SEP}${l.url}`),
    ].join('\n');
  return {
    slug: j.slug,
    title: j.title,
    domain: j.domain,
    audience: AUDIENCE[j.audience] ?? j.audience,
    summary: j.summary,
    keywords: j.keywords.join('\n'),
    steps: j.steps.map(step).join('\n\n'),
  };
}

export function readJourney(c: Cells, r: Reader): JourneyInput {
  const steps: JourneyStep[] = [];
  let step: JourneyStep | undefined;
  for (const line of lines(c.steps)) {
    if (line.startsWith('##')) {
      step = { title: line.replace(/^#+\s*/, ''), body: '', optional: false, alternativeGroup: null, cautions: [], costs: null, items: [], departments: [], forms: [], links: [] };
      steps.push(step);
      continue;
    }
    const m = /^([^：:]{1,6})[：:]\s*(.*)$/.exec(line);
    const key = m ? STEP_KEYS[m[1] as keyof typeof STEP_KEYS] : undefined;
    if (!step || !key) {
      r.problem('steps', t('journeys.notation.badLine', { line: line.slice(0, 40) }));
      continue;
    }
    const value = (m?.[2] ?? '').trim();
    if (key === 'body') step.body = step.body ? `${step.body}${value}` : value;
    else if (key === 'optional') {
      if (!YES.has(value) && !NO.has(value)) r.problem('steps', t('validation.boolean'));
      step.optional = YES.has(value);
    } else if (key === 'alternativeGroup') step.alternativeGroup = value || null;
    else if (key === 'costs') step.costs = value || null;
    else if (key === 'links') {
      const [title = '', url = ''] = parts(value);
      step.links.push({ title, url });
    } else step[key].push(value);
  }
  return {
    slug: (c.slug ?? '').trim(),
    title: (c.title ?? '').trim(),
    domain: (c.domain ?? '').trim(),
    audience: audienceOf(c.audience),
    summary: (c.summary ?? '').trim(),
    keywords: lines(c.keywords),
    steps,
  };
}

// ---- guided questions ---------------------------------------------------------------------------

export function questionSetCells(q: QuestionSetInput): Cells {
  return {
    slug: q.slug,
    title: q.title,
    intro: q.intro,
    questions: q.questions.map((x) => [`## ${x.id}${SEP}${x.text}`, ...x.options.map((o) => `${o.value}${SEP}${o.label}`)].join('\n')).join('\n\n'),
    outcomes: q.outcomes
      .map((o) => [o.item, Object.entries(o.when).map(([k, v]) => `${k}=${v.join(',')}`).join('; '), o.note].join(SEP))
      .join('\n'),
  };
}

export function readQuestionSet(c: Cells, r: Reader): QuestionSetInput {
  const questions: QuestionSetInput['questions'] = [];
  for (const line of lines(c.questions)) {
    if (line.startsWith('##')) {
      const [id = '', text = ''] = parts(line.replace(/^#+\s*/, ''));
      questions.push({ id, text, options: [] });
      continue;
    }
    const [value = '', label = ''] = parts(line);
    const q = questions[questions.length - 1];
    if (!q) r.problem('questions', t('journeys.notation.badLine', { line: line.slice(0, 40) }));
    else q.options.push({ value, label });
  }
  const outcomes = lines(c.outcomes).map((line) => {
    const [item = '', conditions = '', note = ''] = parts(line);
    const when: Record<string, string[]> = {};
    for (const cond of conditions.split(/[;；]/).map((x) => x.trim()).filter(Boolean)) {
      const [qid = '', values = ''] = cond.split('=').map((x) => x.trim());
      if (!qid || !values) r.problem('outcomes', t('journeys.notation.badCondition', { condition: cond.slice(0, 40) }));
      else when[qid] = values.split(/[,，]/).map((x) => x.trim()).filter(Boolean);
    }
    return { item, when, note };
  });
  return { slug: (c.slug ?? '').trim(), title: (c.title ?? '').trim(), intro: (c.intro ?? '').trim(), questions, outcomes };
}

// ---- life events ----------------------------------------------------------------------------------

const ENTRY_KIND = { item: '事项', journey: '场景' } as const;

export function lifeEventCells(e: LifeEventInput): Cells {
  return {
    slug: e.slug,
    title: e.title,
    audience: AUDIENCE[e.audience] ?? e.audience,
    summary: e.summary,
    entries: e.entries.map((x) => [ENTRY_KIND[x.kind] ?? x.kind, x.ref, x.note].join(SEP)).join('\n'),
  };
}

export function readLifeEvent(c: Cells, r: Reader): LifeEventInput {
  const entries = lines(c.entries).map((line) => {
    const [kind = '', ref = '', note = ''] = parts(line);
    const k: 'item' | 'journey' | undefined = kind === ENTRY_KIND.journey ? 'journey' : kind === ENTRY_KIND.item ? 'item' : undefined;
    if (!k) r.problem('entries', t('journeys.notation.badEntry', { line: line.slice(0, 40) }));
    return { kind: k ?? 'item', ref, note };
  });
  return { slug: (c.slug ?? '').trim(), title: (c.title ?? '').trim(), audience: audienceOf(c.audience), summary: (c.summary ?? '').trim(), entries };
}

// ---- push rules -----------------------------------------------------------------------------------

export function pushRuleCells(p: PushRuleInput): Cells {
  return { slug: p.slug, trigger: p.trigger, remind: p.remind.join('\n'), delayDays: String(p.delayDays), message: p.message };
}

export function readPushRule(c: Cells, r: Reader): PushRuleInput {
  const days = (c.delayDays ?? '').trim() || '0';
  if (!/^\d{1,4}$/.test(days)) r.problem('delayDays', t('validation.number'));
  return {
    slug: (c.slug ?? '').trim(),
    trigger: (c.trigger ?? '').trim(),
    remind: lines(c.remind),
    delayDays: /^\d{1,4}$/.test(days) ? Number(days) : 0,
    message: (c.message ?? '').trim(),
  };
}
