/**
 * The catalogue's document shapes: what a department, hall, theme, special group, form and
 * service item (事项, with its whole 办事指南) look like when they enter Yimen — from the demo
 * data, an import file or the back office. One schema per input, checked before anything is
 * written; the API presents the same shapes back.
 */
import { type Static, type TLiteral, type TUnion, Type as T } from '@sinclair/typebox';

const Text = (max = 2000) => T.String({ minLength: 1, maxLength: max });
const Slug = T.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
/** 12345-style phone: landline with area code (0xxx-xxxxxxx), mobile, or a hotline like 12345. */
export const PHONE_PATTERN = '^(0\\d{2,3}-(\\d{7,8}|1\\d{4})(-\\d{1,5})?|1[3-9]\\d{9}|1\\d{4}|400-?\\d{3}-?\\d{4})$';
const Phone = T.String({ pattern: PHONE_PATTERN });
const Point = T.Object(
  { lat: T.Number({ minimum: -90, maximum: 90 }), lng: T.Number({ minimum: -180, maximum: 180 }) },
  { additionalProperties: false },
);

export const ITEM_TYPES = [
  '行政许可',
  '行政确认',
  '行政裁决',
  '行政给付',
  '行政奖励',
  '行政备案',
  '其他行政权力',
  '公共服务',
  '行政处罚',
  '行政强制',
  '行政征收',
  '行政检查',
  '行政事业性收费',
] as const;
export const AUDIENCES = ['citizen', 'enterprise'] as const;
export const HANDLING_FORMS = ['窗口办理', '网上办理', '邮寄办理', '自助终端', '上门服务'] as const;
export const LIMIT_KINDS = ['即办件', '承诺件'] as const;
export const DELIVERY = ['窗口领取', '邮寄送达', '电子证照', '网上下载', '短信通知'] as const;
export const MATERIAL_FORMS = ['原件', '复印件', '原件和复印件'] as const;
export const MATERIAL_MEDIA = ['纸质', '电子', '纸质或电子'] as const;

/** A string from a fixed list: an `enum` in JSON Schema (and in the OpenAPI document). */
export const oneOf = <const V extends readonly string[]>(values: V) =>
  T.Union(values.map((v) => T.Literal(v))) as unknown as TUnion<TLiteral<V[number]>[]>;
const union = oneOf;

export const DepartmentInput = T.Object(
  {
    slug: Slug,
    name: Text(80),
    shortName: Text(30),
    kind: union(['政府工作部门', '直属特设机构', '直属机构', '部门管理机构', '派出机构', '垂直管理机构', '群团及其他']),
    functions: T.Array(Text(600), { minItems: 1, maxItems: 40 }),
    units: T.Array(T.Object({ name: Text(60), duties: Text(600) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 60,
    }),
    leaders: T.Array(
      T.Object({ name: Text(20), title: Text(40), portfolio: Text(600) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 15 },
    ),
    address: Text(120),
    postcode: T.String({ pattern: '^\\d{6}$' }),
    officeHours: Text(200),
    phones: T.Array(T.Object({ label: Text(30), number: Phone }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 10,
    }),
    website: T.String({ pattern: '^https?://[^\\s]+$', maxLength: 200 }),
    location: Point,
    transit: Text(400),
    sort: T.Integer({ minimum: 0, maximum: 9999 }),
  },
  { additionalProperties: false },
);
export type DepartmentInput = Static<typeof DepartmentInput>;

export const HallInput = T.Object(
  {
    slug: Slug,
    name: Text(80),
    department: T.Optional(Slug),
    address: Text(120),
    hours: Text(300),
    phone: Phone,
    location: Point,
    transit: Text(400),
    windows: T.Integer({ minimum: 1, maximum: 500 }),
  },
  { additionalProperties: false },
);
export type HallInput = Static<typeof HallInput>;

export const ThemeInput = T.Object(
  {
    slug: Slug,
    name: Text(20),
    audience: union(AUDIENCES),
    description: Text(300),
    icon: T.String({ pattern: '^[a-z-]{1,30}$' }),
    sort: T.Integer({ minimum: 0, maximum: 9999 }),
  },
  { additionalProperties: false },
);
export type ThemeInput = Static<typeof ThemeInput>;

export const SpecialGroupInput = T.Object(
  {
    slug: Slug,
    name: Text(20),
    description: Text(400),
    arrangements: T.Array(Text(300), { minItems: 1, maxItems: 20 }),
    hotline: Phone,
    sort: T.Integer({ minimum: 0, maximum: 9999 }),
  },
  { additionalProperties: false },
);
export type SpecialGroupInput = Static<typeof SpecialGroupInput>;

export const FormInput = T.Object(
  {
    slug: Slug,
    title: Text(80),
    department: Slug,
    note: T.Optional(Text(600)),
    fields: T.Array(
      T.Object({ label: Text(40), example: Text(120), wide: T.Optional(T.Boolean()) }, { additionalProperties: false }),
      { minItems: 2, maxItems: 60 },
    ),
  },
  { additionalProperties: false },
);
export type FormInput = Static<typeof FormInput>;

export const Material = T.Object(
  {
    name: Text(120),
    form: union(MATERIAL_FORMS),
    medium: union(MATERIAL_MEDIA),
    copies: T.Integer({ minimum: 0, maximum: 20 }),
    source: Text(80),
    required: T.Boolean(),
    note: T.Optional(Text(400)),
    /** slug of a form in the catalogue: its blank form and filled-in sample are downloadable */
    formSlug: T.Optional(Slug),
  },
  { additionalProperties: false },
);
export type Material = Static<typeof Material>;

export const Step = T.Object(
  { title: Text(40), description: Text(600), daysLimit: T.Optional(T.Integer({ minimum: 0, maximum: 365 })) },
  { additionalProperties: false },
);

export const Fee = T.Object(
  { name: Text(80), standard: Text(200), basis: Text(300) },
  { additionalProperties: false },
);

export const ItemInput = T.Object(
  {
    /** 基本编码: the item's code in the national catalogue */
    code: T.String({ pattern: '^[0-9A-Z]{8,40}$' }),
    /** 实施编码: unique per implementing body; the item's key in import and export */
    implCode: T.String({ pattern: '^[0-9A-Z]{8,40}$' }),
    name: Text(80),
    aliases: T.Array(T.String({ minLength: 1, maxLength: 30 }), { maxItems: 20 }),
    type: union(ITEM_TYPES),
    /** implCode of the parent item when this is a sub-item (办理项) */
    parent: T.Optional(T.String({ pattern: '^[0-9A-Z]{8,40}$' })),
    department: Slug,
    implementingBody: Text(80),
    legalBasis: T.Array(Text(600), { minItems: 1, maxItems: 20 }),
    targets: T.Array(union(AUDIENCES), { minItems: 1, maxItems: 2, uniqueItems: true }),
    summary: Text(300),
    conditions: T.Array(Text(600), { minItems: 1, maxItems: 30 }),
    materials: T.Array(Material, { minItems: 1, maxItems: 60 }),
    steps: T.Array(Step, { minItems: 1, maxItems: 20 }),
    legalLimitDays: T.Integer({ minimum: 0, maximum: 365 }),
    promisedLimitDays: T.Integer({ minimum: 0, maximum: 365 }),
    limitKind: union(LIMIT_KINDS),
    limitNote: T.Optional(Text(300)),
    /** an empty list means 不收费 */
    fees: T.Array(Fee, { maxItems: 20 }),
    halls: T.Array(Slug, { minItems: 1, maxItems: 20, uniqueItems: true }),
    consultPhone: Phone,
    complaintPhone: Phone,
    handlingForms: T.Array(union(HANDLING_FORMS), { minItems: 1, maxItems: 5, uniqueItems: true }),
    /** how many times the applicant must come in person (0 = 零跑动) */
    visits: T.Integer({ minimum: 0, maximum: 5 }),
    /** 网上办理深度: 1 信息公开, 2 表格下载, 3 网上预审, 4 全程网办 */
    onlineDepth: T.Integer({ minimum: 1, maximum: 4 }),
    appointment: T.Boolean(),
    results: T.Object(
      {
        name: Text(80),
        kind: union(['证照', '批准文书', '证明文件', '资金', '服务', '其他']),
        delivery: T.Array(union(DELIVERY), { minItems: 1, maxItems: 5, uniqueItems: true }),
      },
      { additionalProperties: false },
    ),
    faq: T.Array(T.Object({ q: Text(200), a: Text(1200) }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 20,
    }),
    policies: T.Array(T.Object({ title: Text(120), number: T.Optional(Text(60)) }, { additionalProperties: false }), {
      maxItems: 20,
    }),
    themes: T.Array(Slug, { minItems: 1, maxItems: 6, uniqueItems: true }),
    specialGroups: T.Array(Slug, { maxItems: 6, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type ItemInput = Static<typeof ItemInput>;

/** A whole catalogue, as the demo data, an import or an export carries it. */
export interface CatalogueBundle {
  departments: DepartmentInput[];
  halls: HallInput[];
  themes: ThemeInput[];
  specialGroups: SpecialGroupInput[];
  forms: FormInput[];
  items: ItemInput[];
}
