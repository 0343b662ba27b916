/**
 * One schema per input of ratings. The JSON API uses each as its route schema (the wire shape);
 * the HTML forms read their fields into the same shape (`*FromForm`); both reach the same
 * operation, whose checks give every message in Chinese.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { field, fields } from '../../web/forms.js';
import { CALLBACK_METHODS, CALLBACK_RESULTS, KINDS, LEVELS, LIMITS } from './model.js';

const list = (values: readonly string[]) => values.join(', ');

export const RateInput = T.Object(
  {
    kind: T.String({ maxLength: 40, description: `服务类型：${list(KINDS)}` }),
    subjectRef: T.String({ maxLength: 200, description: '受理编号或预约编号' }),
    level: T.String({ maxLength: 40, description: `评价等级：${list(LEVELS)}（非常满意、满意、基本满意、不满意、非常不满意）` }),
    reasons: T.Optional(T.Array(T.String({ maxLength: 40 }), { maxItems: 20, description: '勾选的原因代码（GET /api/v1/ratings/reasons）；差评至少一项原因或一段评价内容' })),
    comment: T.Optional(T.String({ maxLength: 5000, description: `评价内容，最多 ${LIMITS.commentMax} 字` })),
  },
  { additionalProperties: false },
);
export type RateInput = Static<typeof RateInput>;

export const FollowUpInput = T.Object({ followUp: T.String({ maxLength: 5000 }) }, { additionalProperties: false });
export type FollowUpInput = Static<typeof FollowUpInput>;

export const CloseInput = T.Object(
  {
    version: T.Integer({ minimum: 1, maximum: 2147483647 }),
    measures: T.String({ maxLength: 10_000 }),
    callbackDate: T.String({ maxLength: 40, description: 'YYYY-MM-DD' }),
    callbackMethod: T.String({ maxLength: 40, description: list(CALLBACK_METHODS) }),
    callbackResult: T.String({ maxLength: 40, description: list(CALLBACK_RESULTS) }),
    callbackNote: T.String({ maxLength: 5000 }),
  },
  { additionalProperties: false },
);
export type CloseInput = Static<typeof CloseInput>;

export const SummaryQuery = T.Object({
  department: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647, description: '部门 id：只看这个部门' })),
  item: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647, description: '事项 id：只看这个事项' })),
});

export function rateFromForm(kind: string, subjectRef: string, body: unknown): RateInput {
  return { kind, subjectRef, level: field(body, 'level'), reasons: fields(body, 'reasons'), comment: field(body, 'comment') };
}

export const followUpFromForm = (body: unknown): FollowUpInput => ({ followUp: field(body, 'followUp') });

export function closeFromForm(body: unknown): CloseInput {
  const v = field(body, 'version');
  return {
    version: /^\d{1,9}$/.test(v) ? Number(v) : 0,
    measures: field(body, 'measures'),
    callbackDate: field(body, 'callbackDate'),
    callbackMethod: field(body, 'callbackMethod'),
    callbackResult: field(body, 'callbackResult'),
    callbackNote: field(body, 'callbackNote'),
  };
}
