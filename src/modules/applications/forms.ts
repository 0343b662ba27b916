/**
 * One schema per input, shared by the HTML forms (apps-pages) and the API routes (api.ts). The
 * schemas fix the shape; what a schema cannot say (answers against the item's form, a reason's
 * length, a file's content) the operations check, for both.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { normalizePhone } from '../../lib/identity.js';
import { cleanText } from '../../lib/text.js';
import { BadRequestError } from '../../lib/errors.js';
import { STATUSES } from './machine.js';
import { msg } from './messages.js';

const Id = T.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Version = T.Integer({ minimum: 0, maximum: 2_147_483_647, description: '读取时的版本号（version），过期时返回 409' });
/** the applicant's answers: keys are the form's field keys (checked against the item's form) */
const Answers = T.Record(T.String({ maxLength: 40 }), T.Unknown(), { description: '按事项申请表的字段标识（key）填写的内容' });

export const CaseNo = T.Object({ no: T.String({ maxLength: 40, description: '受理编号，如 SQ20261205000001' }) });
export const CaseIdParam = T.Object({ id: Id });

export const Delivery = T.Union(
  [
    T.Object({ method: T.Literal('window') }, { additionalProperties: false }),
    T.Object(
      { method: T.Literal('post'), recipient: T.String({ maxLength: 40 }), phone: T.String({ maxLength: 20 }), address: T.String({ maxLength: 200 }) },
      { additionalProperties: false },
    ),
  ],
  { description: '结果领取方式：窗口领取，或邮寄（收件人、手机号码、详细地址）' },
);
export type Delivery = Static<typeof Delivery>;

/** A delivery choice, checked: a post address needs a recipient, a mobile number and a real address. */
export function readDelivery(raw: unknown): Delivery | undefined {
  if (raw === undefined || raw === null) return undefined;
  const d = raw as Record<string, unknown>;
  if (d.method === 'window') return { method: 'window' };
  if (d.method === 'post') {
    const recipient = typeof d.recipient === 'string' ? cleanText(d.recipient, { max: 40 }) : '';
    const phone = typeof d.phone === 'string' ? normalizePhone(d.phone) : null;
    const address = typeof d.address === 'string' ? cleanText(d.address, { max: 200 }) : '';
    if (recipient && phone && [...address].length >= 5) return { method: 'post', recipient, phone, address };
  }
  throw new BadRequestError(msg('error.delivery'), 'bad_delivery');
}

/** A hall where a result can be picked up (the item's guide names them). */
export interface PickupHall {
  slug: string;
  name: string;
  address: string;
}
export type ChosenDelivery = { method: 'window'; hall?: PickupHall } | Extract<Delivery, { method: 'post' }>;

/**
 * The applicant's choice of how the result reaches them (the case page's form): window pick-up at
 * one of the item's halls, or post to a recipient with a mobile number and a full address. Each
 * problem names its field, in Chinese; nothing is chosen while any remains.
 */
export function checkDeliveryChoice(raw: unknown, halls: readonly PickupHall[]): { delivery?: ChosenDelivery; problems: { where: string; field: string; message: string }[] } {
  const d = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const text = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : '');
  const problems: { where: string; field: string; message: string }[] = [];
  const problem = (field: string, key: 'method' | 'hall' | 'recipient' | 'phone' | 'address') => problems.push({ where: '', field, message: msg(`delivery.problem.${key}`) });
  if (d.method === 'window') {
    if (!halls.length) return { delivery: { method: 'window' }, problems };
    const hall = halls.find((h) => h.slug === text('hall'));
    if (!hall) problem('hall', 'hall');
    return hall ? { delivery: { method: 'window', hall: { slug: hall.slug, name: hall.name, address: hall.address } }, problems } : { problems };
  }
  if (d.method !== 'post') {
    problem('method', 'method');
    return { problems };
  }
  const recipient = cleanText(text('recipient'), { max: 40 });
  const phone = normalizePhone(text('phone'));
  const address = cleanText(text('address'), { max: 200 });
  if (!recipient) problem('recipient', 'recipient');
  if (!phone) problem('phone', 'phone');
  if ([...address].length < 8 || !/[省市区县镇乡街路道巷村号弄]/.test(address)) problem('address', 'address');
  return problems.length || !phone ? { problems } : { delivery: { method: 'post', recipient, phone, address }, problems };
}

export const DraftInput = T.Object(
  {
    itemId: T.Optional(Id),
    answers: T.Optional(Answers),
    delivery: T.Optional(Delivery),
    version: T.Optional(Version),
  },
  { additionalProperties: false },
);
export type DraftInput = Static<typeof DraftInput>;

/** The API's one-call application: answers, delivery, materials reused; files come as multipart parts named by slot. */
export const ApplyInput = T.Object(
  {
    itemId: Id,
    answers: Answers,
    delivery: T.Optional(Delivery),
    reuse: T.Optional(T.Array(T.Object({ slot: T.String({ maxLength: 120 }), materialId: Id }, { additionalProperties: false }), { maxItems: 40, description: '材料复用：此前申请中已受理的材料' })),
  },
  { additionalProperties: false },
);
export type ApplyInput = Static<typeof ApplyInput>;

export const ReasonInput = T.Object({ reason: T.String({ maxLength: 1000 }), version: T.Optional(Version) }, { additionalProperties: false });
export const VersionInput = T.Object({ version: T.Optional(Version) }, { additionalProperties: false });
export const WithdrawInput = T.Object({ reason: T.Optional(T.String({ maxLength: 1000 })), version: T.Optional(Version) }, { additionalProperties: false });

export const OPINION_KINDS = ['approve', 'reject', 'sendBack', 'addDepartment'] as const;
export const OpinionInput = T.Object(
  {
    stage: T.String({ maxLength: 40, description: '页面显示的当前环节标识' }),
    round: T.Optional(T.Integer({ minimum: 0, maximum: 10_000 })),
    kind: T.Union(OPINION_KINDS.map((k) => T.Literal(k)), { description: 'approve 同意 / reject 不同意 / sendBack 退回 / addDepartment 加签' }),
    text: T.Optional(T.String({ maxLength: 2000 })),
    /** sendBack: the earlier stage's key */
    to: T.Optional(T.String({ maxLength: 40 })),
    /** addDepartment: the department's id or slug */
    department: T.Optional(T.Union([Id, T.String({ maxLength: 63 })])),
  },
  { additionalProperties: false },
);
export type OpinionInput = Static<typeof OpinionInput>;

export const CorrectionInput = T.Object(
  {
    items: T.Array(
      T.Object({ field: T.Optional(T.String({ maxLength: 120 })), material: T.Optional(T.String({ maxLength: 120 })), what: T.String({ maxLength: 500 }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: 30 },
    ),
    justification: T.Optional(T.String({ maxLength: 1000 })),
    version: T.Optional(Version),
  },
  { additionalProperties: false },
);
export type CorrectionInput = Static<typeof CorrectionInput>;

export const ResubmitInput = T.Object({ answers: T.Optional(Answers), version: T.Optional(Version) }, { additionalProperties: false });

export const ConcludeInput = T.Object(
  {
    decision: T.Union([T.Literal('grant'), T.Literal('deny')], { description: 'grant 准予许可 / deny 不予许可' }),
    reason: T.String({ maxLength: 2000, description: '决定理由' }),
    legalBasis: T.Optional(T.String({ maxLength: 500, description: '法律依据（不予许可必填）' })),
    validUntil: T.Optional(T.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '证照有效期至（准予许可时可填）' })),
    version: T.Optional(Version),
  },
  { additionalProperties: false },
);
export type ConcludeInput = Static<typeof ConcludeInput>;

export const ReuseInput = T.Object({ slot: T.String({ maxLength: 120 }), materialId: Id }, { additionalProperties: false });
export const SlotInput = T.Object({ slot: T.String({ maxLength: 120 }) }, { additionalProperties: false });

const Page = { limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }), offset: T.Integer({ minimum: 0, maximum: 100_000, default: 0 }) };
export const MineQuery = T.Object({ status: T.Optional(T.String({ maxLength: 200 })), ...Page });
export const QueueQuery = T.Object({
  status: T.Optional(T.String({ maxLength: 200, description: `状态，可用逗号分隔多个：${STATUSES.join(', ')}` })),
  item: T.Optional(Id),
  due: T.Optional(T.Union([T.Literal('soon'), T.Literal('overdue')], { description: 'soon：一个工作日内到期；overdue：已超期' })),
  pending: T.Optional(T.Boolean({ description: '只看当前环节等待本部门意见的' })),
  review: T.Optional(T.Boolean({ description: '只看秒批自动决定中被抽中、尚未复核的（抽查复核）' })),
  ...Page,
});
/** 抽查复核 of a 秒批 decision */
export const ReviewInput = T.Object(
  {
    result: T.Union([T.Literal('confirmed'), T.Literal('flagged')], { description: 'confirmed：确认无误；flagged：存疑（须写明理由）' }),
    note: T.Optional(T.String({ maxLength: 1000 })),
    version: T.Optional(T.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export const OpeningId = T.Object({ id: T.String({ pattern: '^[0-9]{1,10}$' }) });
export type QueueQuery = Static<typeof QueueQuery>;

/** A comma-separated status filter, checked. */
export function statusFilter(raw: string | undefined): (typeof STATUSES)[number][] | undefined {
  if (!raw) return undefined;
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.some((s) => !(STATUSES as readonly string[]).includes(s))) throw new BadRequestError(msg('error.status', { allowed: STATUSES.join(', ') }), 'bad_status');
  return wanted as (typeof STATUSES)[number][];
}
