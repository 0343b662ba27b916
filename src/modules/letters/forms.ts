/**
 * One schema per input of letters. The JSON API uses each as its route schema (the wire shape,
 * refused with 400 before the handler runs); the HTML forms read their fields into the same
 * shape (`*FromForm`), and both reach the same operation, whose checks (checkSubmission,
 * checkRule, the reasons' and replies' lengths) are the richer ones and give every message.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { field, fields } from '../../web/forms.js';
import { intParam } from '../../web/paging.js';
import { CHANNELS, LIMITS, RATINGS, STATUSES, TYPES } from './model.js';

const list = (values: readonly string[]) => values.join(', ');
const Id = T.Integer({ minimum: 1, maximum: 2147483647 });
export const Paging = {
  limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};
export const Version = T.Integer({ minimum: 1, maximum: 2147483647, description: '读取时的 version；其他人先改过则返回 409' });
export const CaseId = T.Object({ id: Id });
export const TrackingCode = T.Object({ trackingCode: T.String({ maxLength: 40 }) });

// ---- the writer ---------------------------------------------------------------------------------

/** A letter as written (the web form sends the same fields, and its files as multipart). */
export const Submission = T.Object(
  {
    channel: T.String({ maxLength: 40, description: `信箱：${list(CHANNELS)}` }),
    type: T.String({ maxLength: 40, description: `类型：${list(TYPES)}（纪委监委信箱和监察举报只收 report，政策咨询只收 consultation）` }),
    title: T.String({ maxLength: 1000, description: `标题，${LIMITS.titleMin}–${LIMITS.titleMax} 字` }),
    body: T.String({ maxLength: 30_000, description: `内容，${LIMITS.bodyMin}–${LIMITS.bodyMax} 字` }),
    name: T.Optional(T.String({ maxLength: 200 })),
    phone: T.Optional(T.String({ maxLength: 40, description: '11 位手机号码；匿名举报可不填' })),
    email: T.Optional(T.String({ maxLength: 320 })),
    isPublic: T.Optional(T.Boolean({ description: '同意答复后公开（个人信息脱敏）；纪委监委和监察来信从不公开' })),
    anonymous: T.Optional(T.Boolean({ description: '只有 discipline 和 supervision 可以匿名' })),
    departmentId: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647, description: '部门信箱（channel=department）必填' })),
    address: T.Optional(T.String({ maxLength: 1000 })),
    lat: T.Optional(T.Number({ minimum: -90, maximum: 90 })),
    lng: T.Optional(T.Number({ minimum: -180, maximum: 180 })),
    verificationCode: T.Optional(T.String({ maxLength: 20, description: '发到 phone 的短信验证码（POST /api/v1/letters/codes）；持 letters:write 令牌的集成系统不需要' })),
    attachments: T.Optional(
      T.Array(
        T.Object({ filename: T.String({ maxLength: 255 }), data: T.String({ maxLength: Math.ceil((LIMITS.attachmentBytes * 4) / 3) + 1024, description: 'Base64' }) }, { additionalProperties: false }),
        { maxItems: 10, description: `最多 ${LIMITS.attachments} 个图片（JPG、PNG、GIF、WebP）或 PDF，每个不超过 ${LIMITS.attachmentBytes / 1048576} MB，按内容识别` },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SubmissionBody = Static<typeof Submission>;

/** The web form's fields of a submission (its files and code travel beside them). */
export const FORM_FIELDS = ['channel', 'type', 'departmentId', 'title', 'body', 'address', 'isPublic', 'anonymous', 'name', 'phone', 'email'] as const;
/** The fields the writer filled in, as typed (an empty field is left out). */
export const formValues = (body: unknown) => Object.fromEntries(FORM_FIELDS.map((k) => [k, field(body, k)]).filter(([, v]) => v !== '')) as Record<string, string>;
/** The web form as a submission: the checkboxes become booleans. */
export const submissionFromForm = (values: Record<string, string>) => ({ ...values, isPublic: values.isPublic === '1', anonymous: values.anonymous === '1' });

export const PhoneCode = T.Object({ phone: T.String({ maxLength: 40 }) }, { additionalProperties: false });

export const Rating = T.Object(
  {
    queryCode: T.String({ maxLength: 20 }),
    rating: T.String({ maxLength: 20, description: list(RATINGS) }),
    comment: T.Optional(T.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export const ratingFromForm = (body: unknown) => ({ rating: field(body, 'rating'), comment: field(body, 'comment') });

export const Reopen = T.Object({ queryCode: T.String({ maxLength: 20 }), reason: T.String({ maxLength: 5000 }) }, { additionalProperties: false });
export const reopenFromForm = (body: unknown) => ({ reason: field(body, 'reason') });

// ---- the public ------------------------------------------------------------------------------------

export const PublicQuery = T.Object({
  q: T.Optional(T.String({ maxLength: 200 })),
  department: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647 })),
  type: T.Optional(T.Union(TYPES.map((v) => T.Literal(v)))),
  month: T.Optional(T.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM（收信月份）' })),
  ...Paging,
});

// ---- staff --------------------------------------------------------------------------------------------

export const StaffQuery = T.Object({
  status: T.Optional(T.String({ maxLength: 200, description: `${list(STATUSES)}，可用逗号分隔多个` })),
  type: T.Optional(T.Union(TYPES.map((v) => T.Literal(v)))),
  channel: T.Optional(T.Union(CHANNELS.map((v) => T.Literal(v)))),
  department: T.Optional(T.Integer({ minimum: 1, maximum: 2147483647, description: '调度员和管理员按部门筛选' })),
  overdue: T.Optional(T.Boolean()),
  q: T.Optional(T.String({ maxLength: 200 })),
  ...Paging,
});

/** A version from a form: none or garbage is a stale version, refused as a conflict. */
const versionOf = (body: unknown) => intParam(field(body, 'version')) ?? 0;

export const ReplyInput = T.Object({ version: Version, body: T.String({ maxLength: 20_000 }), submit: T.Optional(T.Boolean()) }, { additionalProperties: false });
export const replyFromForm = (body: unknown): Static<typeof ReplyInput> => ({ version: versionOf(body), body: field(body, 'body'), submit: field(body, 'submit') === '1' });

export const ReviewInput = T.Object({ version: Version, approve: T.Boolean(), reason: T.Optional(T.String({ maxLength: 5000 })) }, { additionalProperties: false });
export const reviewFromForm = (body: unknown): Static<typeof ReviewInput> => ({ version: versionOf(body), approve: field(body, 'approve') === '1', reason: field(body, 'reason') });

export const AssignInput = T.Object(
  {
    version: Version,
    lead: Id,
    assists: T.Optional(T.Array(Id, { maxItems: 20 })),
    note: T.Optional(T.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);
export const assignFromForm = (body: unknown): Static<typeof AssignInput> => ({
  version: versionOf(body),
  lead: intParam(field(body, 'lead')) ?? 0,
  assists: fields(body, 'assists').map((v) => intParam(v) ?? 0),
  note: field(body, 'note'),
});

/** Giving a case back (the API's "transfer"), and asking for more time: a reason. */
export const ReasonInput = T.Object({ version: Version, reason: T.String({ maxLength: 5000 }) }, { additionalProperties: false });
export const reasonFromForm = (body: unknown): Static<typeof ReasonInput> => ({ version: versionOf(body), reason: field(body, 'reason') });

export const NoteInput = T.Object({ note: T.String({ maxLength: 5000 }) }, { additionalProperties: false });
export const noteFromForm = (body: unknown): Static<typeof NoteInput> => ({ note: field(body, 'note') });

export const mergeFromForm = (body: unknown) => ({ version: versionOf(body), into: field(body, 'into') });
export const decisionFromForm = (body: unknown) => ({ version: versionOf(body), approve: field(body, 'approve') === '1' });

/** A dispatch rule as the rules page posts it. */
export const RULE_FIELDS = ['name', 'channel', 'type', 'keywords', 'areas', 'departmentId', 'priority'] as const;
export const ruleValues = (body: unknown) => Object.fromEntries(RULE_FIELDS.map((k) => [k, field(body, k)])) as Record<(typeof RULE_FIELDS)[number], string>;
export const ruleFromForm = (values: Record<string, string>) => ({ ...values, departmentId: intParam(values.departmentId), priority: values.priority ? Number(values.priority) : undefined });
