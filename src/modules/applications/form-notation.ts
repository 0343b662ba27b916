/**
 * An item's online form (在线申请表), defined as data in the catalogue's notation so that it is
 * edited, reviewed and published like the rest of the guide. A form is a list of fields; a field
 * may be shown only when another field has a value (`showWhen`) and required only then
 * (`requiredWhen`); repeating rows (shareholders, family members) hold fields of their own, one
 * level deep. `FormDefinition` checks the shape; `checkDefinition` checks what a schema cannot
 * (unique keys, conditions that point at a real, earlier field).
 */
import { type Static, type TLiteral, type TUnion, Type as T } from '@sinclair/typebox';
import { checkSchema, type Problem } from '../../lib/validation.js';
import { msg } from './messages.js';

const oneOf = <const V extends readonly string[]>(values: V) =>
  T.Union(values.map((v) => T.Literal(v))) as unknown as TUnion<TLiteral<V[number]>[]>;

const Text = (max: number) => T.String({ minLength: 1, maxLength: max });
/** a field's key: what the answers are stored under (latin, stable across wording changes) */
export const FIELD_KEY = '^[a-z][a-zA-Z0-9_]{0,39}$';
const Key = T.String({ pattern: FIELD_KEY });
const Ymd = T.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** a date bound: a fixed day or the day the form is filled in */
const DateBound = T.Union([Ymd, T.Literal('today')]);

/** Account facts a field can be filled in from (the applicant may still change them). */
export const PREFILL_SOURCES = ['name', 'idNumber', 'phone', 'enterpriseName', 'creditCode'] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

/** Kinds of files a slot takes; the content is checked on upload, whatever the name says. */
export const FILE_KINDS = ['pdf', 'image'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const FILE_CONTENT_TYPES: Record<FileKind, readonly string[]> = {
  pdf: ['application/pdf'],
  image: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
};

/** A condition on another field: it has any value, or (with `anyOf`) one of these values. */
export const Condition = T.Object(
  {
    field: Key,
    anyOf: T.Optional(T.Array(T.Union([Text(100), T.Number()]), { minItems: 1, maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type Condition = Static<typeof Condition>;

const common = {
  key: Key,
  label: Text(40),
  hint: T.Optional(Text(200)),
  /** required whenever shown */
  required: T.Optional(T.Boolean()),
  /** shown (and answered) only when this holds */
  showWhen: T.Optional(Condition),
  /** required when this holds (and the field is shown) */
  requiredWhen: T.Optional(Condition),
};

const TextField = T.Object(
  {
    ...common,
    type: T.Literal('text'),
    minLength: T.Optional(T.Integer({ minimum: 1, maximum: 2000 })),
    maxLength: T.Optional(T.Integer({ minimum: 1, maximum: 2000 })),
    multiline: T.Optional(T.Boolean()),
    prefill: T.Optional(oneOf(['name', 'enterpriseName'])),
  },
  { additionalProperties: false },
);
const NumberField = T.Object(
  {
    ...common,
    type: T.Literal('number'),
    min: T.Optional(T.Number()),
    max: T.Optional(T.Number()),
    integer: T.Optional(T.Boolean()),
    unit: T.Optional(Text(10)),
  },
  { additionalProperties: false },
);
const DateField = T.Object(
  { ...common, type: T.Literal('date'), notBefore: T.Optional(DateBound), notAfter: T.Optional(DateBound) },
  { additionalProperties: false },
);
const ChoiceField = T.Object(
  {
    ...common,
    type: T.Literal('choice'),
    options: T.Array(T.Object({ value: Text(100), label: Text(60) }, { additionalProperties: false }), {
      minItems: 2,
      maxItems: 60,
    }),
    /** several options may be chosen (check boxes) */
    multiple: T.Optional(T.Boolean()),
  },
  { additionalProperties: false },
);
const IdNumberField = T.Object(
  { ...common, type: T.Literal('idNumber'), prefill: T.Optional(T.Literal('idNumber')) },
  { additionalProperties: false },
);
const CreditCodeField = T.Object(
  { ...common, type: T.Literal('creditCode'), prefill: T.Optional(T.Literal('creditCode')) },
  { additionalProperties: false },
);
const PhoneField = T.Object(
  {
    ...common,
    type: T.Literal('phone'),
    /** only a mobile number (one that can receive the SMS notices) */
    mobileOnly: T.Optional(T.Boolean()),
    prefill: T.Optional(T.Literal('phone')),
  },
  { additionalProperties: false },
);
const AddressField = T.Object({ ...common, type: T.Literal('address') }, { additionalProperties: false });
const FileField = T.Object(
  {
    ...common,
    type: T.Literal('file'),
    accept: T.Array(oneOf(FILE_KINDS), { minItems: 1, maxItems: 2, uniqueItems: true }),
    maxFiles: T.Optional(T.Integer({ minimum: 1, maximum: 20 })),
    maxSizeMb: T.Optional(T.Integer({ minimum: 1, maximum: 50 })),
    /** the name of the guide's material this slot collects (材料), if any */
    material: T.Optional(Text(120)),
  },
  { additionalProperties: false },
);

/** Fields a repeating row may hold: every kind except rows and files. */
const RowField = T.Union([TextField, NumberField, DateField, ChoiceField, IdNumberField, CreditCodeField, PhoneField, AddressField]);
const RowsField = T.Object(
  {
    ...common,
    type: T.Literal('rows'),
    fields: T.Array(RowField, { minItems: 1, maxItems: 20 }),
    minRows: T.Optional(T.Integer({ minimum: 0, maximum: 200 })),
    maxRows: T.Optional(T.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const Field = T.Union([TextField, NumberField, DateField, ChoiceField, IdNumberField, CreditCodeField, PhoneField, AddressField, RowsField, FileField]);
export type Field = Static<typeof Field>;
export type RowField = Static<typeof RowField>;
export type FieldType = Field['type'];

export const FormDefinition = T.Object(
  {
    /** a short line above the form */
    intro: T.Optional(Text(400)),
    fields: T.Array(Field, { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type FormDefinition = Static<typeof FormDefinition>;

/** Defaults the notation leaves out. */
export const DEFAULTS = { textMax: 200, multilineMax: 2000, maxFiles: 5, maxSizeMb: 10, maxRows: 50 } as const;

const problem = (field: string, message: string): Problem => ({ where: '', field, message });

/**
 * Every problem with a form definition as an editor sent it (the catalogue's draft → review →
 * publish workflow calls this before a draft can be submitted): its shape, then its sense.
 */
export function checkFormDefinition(value: unknown, where = ''): Problem[] {
  const shape = checkSchema(FormDefinition, value, where);
  if (shape.length) return shape;
  return checkDefinition(value as FormDefinition).map((p) => ({ ...p, where }));
}

/**
 * What the schema cannot see: keys unique (inside each row too), conditions pointing at an
 * earlier top-level field that is not rows or files, condition values among a choice's options,
 * bounds in order. Run after the schema check passed.
 */
export function checkDefinition(def: FormDefinition): Problem[] {
  const problems: Problem[] = [];
  const earlier = new Map<string, Field>();
  checkKeys(def.fields, '', problems);
  for (const field of def.fields) {
    for (const condition of [field.showWhen, field.requiredWhen]) {
      if (condition) checkCondition(field, condition, earlier, problems);
    }
    checkBounds(field, field.label, problems);
    if (field.type === 'rows') {
      checkKeys(field.fields, `${field.label}·`, problems);
      for (const inner of field.fields) {
        if (inner.showWhen || inner.requiredWhen) problems.push(problem(`${field.label}·${inner.label}`, msg('form.def.rowCondition')));
        checkBounds(inner, `${field.label}·${inner.label}`, problems);
      }
    }
    earlier.set(field.key, field);
  }
  return problems;
}

function checkKeys(fields: readonly { key: string; label: string }[], prefix: string, problems: Problem[]) {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.key)) problems.push(problem(`${prefix}${f.label}`, msg('form.def.duplicateKey', { key: f.key })));
    seen.add(f.key);
  }
}

function checkCondition(field: Field, c: Condition, earlier: ReadonlyMap<string, Field>, problems: Problem[]) {
  const target = earlier.get(c.field);
  if (!target) {
    problems.push(problem(field.label, msg('form.def.conditionField', { key: c.field })));
    return;
  }
  if (target.type === 'rows' || target.type === 'file') {
    problems.push(problem(field.label, msg('form.def.conditionKind', { label: target.label })));
    return;
  }
  if (target.type === 'choice' && c.anyOf) {
    const values = new Set(target.options.map((o) => o.value));
    for (const v of c.anyOf)
      if (!values.has(String(v))) problems.push(problem(field.label, msg('form.def.conditionValue', { label: target.label, value: String(v) })));
  }
}

function checkBounds(field: Field | RowField, label: string, problems: Problem[]) {
  const inOrder = (a: number | string | undefined, b: number | string | undefined) =>
    a === undefined || b === undefined || a === 'today' || b === 'today' || a <= b;
  let ok = true;
  if (field.type === 'text') ok = inOrder(field.minLength, field.maxLength);
  else if (field.type === 'number') ok = inOrder(field.min, field.max);
  else if (field.type === 'date') ok = inOrder(field.notBefore, field.notAfter);
  else if (field.type === 'rows') ok = inOrder(field.minRows, field.maxRows);
  if (!ok) problems.push(problem(label, msg('form.def.bounds')));
  if (field.type === 'choice' && new Set(field.options.map((o) => o.value)).size !== field.options.length)
    problems.push(problem(label, msg('form.def.duplicateOption')));
}

