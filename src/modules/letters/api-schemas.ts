/** What the JSON API answers, as its OpenAPI document describes it (the shapes present.ts builds). */
import { Type as T } from '@sinclair/typebox';

const Problem = T.Object({ where: T.String(), field: T.String(), message: T.String() });
const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String(), problems: T.Optional(T.Array(Problem)) }) });
export const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 429: ErrorBody };
export const DateTime = T.String({ format: 'date-time' });
export const Nullable = <S extends ReturnType<typeof T.String>>(s: S) => T.Union([s, T.Null()]);

export const Receipt = T.Object({ id: T.Integer(), trackingCode: T.String(), queryCode: T.String(), status: T.String(), dueAt: DateTime });
const Reply = T.Object({ body: T.String(), publishedAt: Nullable(DateTime) }, { additionalProperties: true });
export const PublicLetter = T.Object({
  trackingCode: T.String(),
  type: T.String(),
  channel: T.String(),
  title: T.String(),
  body: T.String(),
  writer: Nullable(T.String()),
  department: T.String(),
  departmentId: T.Union([T.Integer(), T.Null()]),
  receivedAt: DateTime,
  repliedAt: Nullable(DateTime),
  rating: Nullable(T.String()),
  replies: T.Array(Reply),
});
export const WriterCase = T.Object({
  id: T.Integer(),
  trackingCode: T.String(),
  channel: T.String(),
  type: T.String(),
  title: T.String(),
  body: T.String(),
  name: Nullable(T.String()),
  phone: Nullable(T.String()),
  address: Nullable(T.String()),
  isPublic: T.Boolean(),
  status: T.String(),
  department: T.String(),
  receivedAt: DateTime,
  dueAt: DateTime,
  repliedAt: Nullable(DateTime),
  rating: Nullable(T.String()),
  ratingComment: Nullable(T.String()),
  canRate: T.Boolean(),
  canReopen: T.Boolean(),
  mergedInto: Nullable(T.String()),
  events: T.Array(T.Object({ at: DateTime, kind: T.String(), note: Nullable(T.String()), actor: T.String() })),
  replies: T.Array(T.Object({ body: T.String(), department: T.String(), publishedAt: Nullable(DateTime) })),
  attachments: T.Array(T.Object({ id: T.Integer(), filename: T.String(), contentType: T.String(), size: T.Integer() })),
});
export const CaseSummary = T.Object(
  {
    id: T.Integer(),
    trackingCode: T.String(),
    channel: T.String(),
    type: T.String(),
    title: T.String(),
    status: T.String(),
    departmentId: T.Union([T.Integer(), T.Null()]),
    receivedAt: DateTime,
    dueAt: DateTime,
    repliedAt: Nullable(DateTime),
    rating: Nullable(T.String()),
    version: T.Integer(),
  },
  { additionalProperties: true },
);

/**
 * A case after a staff operation: what an integration needs to carry on, the new version above
 * all. (Only id, status and version are certain: see the review route.)
 */
export const CaseResult = T.Object(
  {
    ...Object.fromEntries(Object.entries(CaseSummary.properties).map(([k, v]) => [k, ['id', 'status', 'version'].includes(k) ? v : T.Optional(v)])),
    extensionStatus: T.Optional(Nullable(T.String())),
  },
  { additionalProperties: false },
);

