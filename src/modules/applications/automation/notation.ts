/**
 * The automation rules of an item, as data published with its online form and route:
 *
 * - `instant` (秒批): conditions over facts the portal holds; all met → 准予 within seconds, a
 *   condition marked `onFail: "deny"` not met → 不予, anything the portal cannot check or a soft
 *   condition not met → a person reviews it. One automatic decision in `sample.oneIn` is also
 *   queued for human review.
 * - `exemptions` (免证办): a material of the guide that a certificate the portal issued satisfies.
 * - `proactive` (免申即享): when a person becomes eligible (an age reached, a certificate issued)
 *   an application is opened on their behalf, which they only confirm.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { t } from '../../../lib/i18n/index.js';
import { checkSchema, type Problem } from '../../../lib/validation.js';
import { FIELD_KEY, type FormDefinition } from '../form-notation.js';
import { FACTS } from './facts.js';

const Text = (max: number) => T.String({ minLength: 1, maxLength: max });
export const OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'startsWith', 'holds', 'lacks'] as const;
export type Op = (typeof OPS)[number];

export const Condition = T.Object(
  {
    /** what the condition is, as the explanation names it (e.g. 年满80周岁) */
    label: Text(60),
    fact: T.Union(FACTS.map((f) => T.Literal(f))),
    /** the answer's field key, for fact "answer" */
    field: T.Optional(T.String({ pattern: FIELD_KEY })),
    op: T.Union(OPS.map((o) => T.Literal(o))),
    /** a number, a text, a list of texts; the certificate's title for holds / lacks */
    value: T.Optional(T.Union([T.Number(), Text(100), T.Array(Text(100), { minItems: 1, maxItems: 50 })])),
    /** not met: 不予 (a legal requirement) or a person reviews it (default) */
    onFail: T.Optional(T.Union([T.Literal('deny'), T.Literal('manual')])),
  },
  { additionalProperties: false },
);
export type Condition = Static<typeof Condition>;

export const InstantRule = T.Object(
  {
    conditions: T.Array(Condition, { minItems: 1, maxItems: 20 }),
    /** 1 in N automatic decisions goes to a person for review */
    sample: T.Object({ oneIn: T.Integer({ minimum: 1, maximum: 1000 }) }, { additionalProperties: false }),
    /** the legal basis the decision cites */
    basis: Text(200),
  },
  { additionalProperties: false },
);
export type InstantRule = Static<typeof InstantRule>;

export const Exemption = T.Object(
  {
    /** the guide's material */
    material: Text(120),
    /** the title of the certificate that satisfies it (e.g. 营业执照, 出生医学证明) */
    certificate: Text(60),
  },
  { additionalProperties: false },
);
export type Exemption = Static<typeof Exemption>;

export const Trigger = T.Union([
  T.Object({ kind: T.Literal('age'), years: T.Integer({ minimum: 1, maximum: 120 }) }, { additionalProperties: false }),
  T.Object({ kind: T.Literal('certificate'), title: Text(60) }, { additionalProperties: false }),
]);
export type Trigger = Static<typeof Trigger>;

export const ProactiveRule = T.Object(
  {
    trigger: Trigger,
    /** further conditions on the day (e.g. 户籍在本市) */
    conditions: T.Optional(T.Array(Condition, { maxItems: 20 })),
    /** what the person is told when the application is opened for them */
    notice: Text(300),
  },
  { additionalProperties: false },
);
export type ProactiveRule = Static<typeof ProactiveRule>;

export const Automation = T.Object(
  {
    instant: T.Optional(InstantRule),
    exemptions: T.Optional(T.Array(Exemption, { minItems: 1, maxItems: 30 })),
    proactive: T.Optional(ProactiveRule),
  },
  { additionalProperties: false },
);
export type Automation = Static<typeof Automation>;

const problem = (field: string, message: string): Problem => ({ where: '', field, message });

function checkCondition(c: Condition, form: FormDefinition | null, problems: Problem[]) {
  const keys = new Set((form?.fields ?? []).map((f) => f.key));
  if (c.fact === 'answer') {
    if (!c.field) problems.push(problem(c.label, t('auto.answerFieldMissing', { label: c.label })));
    else if (form && !keys.has(c.field)) problems.push(problem(c.label, t('auto.answerField', { label: c.label, key: c.field })));
  }
  if (c.op === 'holds' || c.op === 'lacks') {
    if (typeof c.value !== 'string') problems.push(problem(c.label, t('auto.certificateTitle', { label: c.label })));
    return;
  }
  if (c.value === undefined) problems.push(problem(c.label, t('auto.valueMissing', { label: c.label })));
  else if ((c.op === 'in' || c.op === 'notIn') && !Array.isArray(c.value)) problems.push(problem(c.label, t('auto.valueList', { label: c.label, op: t(`auto.op.${c.op}`) })));
  else if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && typeof c.value !== 'number') problems.push(problem(c.label, t('auto.valueNumber', { label: c.label, op: t(`auto.op.${c.op}` as 'auto.op.gt') })));
}

/**
 * Every problem with an item's automation rules: the shape, then the sense — answers read from
 * fields the form has, exempted materials the guide lists, each once.
 */
export function checkAutomation(value: unknown, form: FormDefinition | null, materials: readonly string[] | null, where = ''): Problem[] {
  const shape = checkSchema(Automation, value, where);
  if (shape.length) return shape;
  const a = value as Automation;
  const problems: Problem[] = [];
  for (const c of [...(a.instant?.conditions ?? []), ...(a.proactive?.conditions ?? [])]) checkCondition(c, form, problems);
  const seen = new Set<string>();
  for (const e of a.exemptions ?? []) {
    if (materials && !materials.includes(e.material)) problems.push(problem(e.material, t('auto.exemptMaterial', { material: e.material })));
    if (seen.has(e.material)) problems.push(problem(e.material, t('auto.exemptDuplicate', { material: e.material })));
    seen.add(e.material);
  }
  return problems.map((p) => ({ ...p, where }));
}

/** The automation of a published definition, read back (null when it has none or is not the shape). */
export function automationOf(value: unknown): Automation | null {
  return value && checkSchema(Automation, value).length === 0 ? (value as Automation) : null;
}
