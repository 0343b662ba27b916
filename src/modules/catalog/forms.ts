/**
 * The inputs of the catalogue workflow: a draft's record (form cells, one per column of its
 * section), the draft lists' status filter, and the staff API's bodies. The HTML forms and the
 * API post the same cells; the operation decodes and validates them whole (section-registry.ts).
 */
import { Type as T } from '@sinclair/typebox';
import { field } from '../../web/forms.js';
import type { DraftStatus } from './drafts-repo.js';
import { OPEN_STATUSES } from './policy.js';
import type { SectionSpec } from './sections.js';

/** The status filters of the draft lists, by name. */
export const STATUS_FILTERS: Record<string, DraftStatus[] | undefined> = {
  review: ['review'],
  draft: ['draft'],
  rejected: ['rejected'],
  published: ['published'],
  open: OPEN_STATUSES,
  all: undefined,
};

/** A posted edit form as the record's cells: one field per column of the section. */
export const draftCells = (spec: SectionSpec, body: unknown) =>
  Object.fromEntries(spec.columns.map((c) => [c.key, field(body, c.key)])) as Record<string, string>;

export const DraftId = T.Object({ id: T.Integer({ minimum: 1, maximum: 2147483647 }) });

export const DraftListQuery = T.Object({
  status: T.Optional(T.Union(Object.keys(STATUS_FILTERS).map((s) => T.Literal(s)))),
  limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
});

/** A new draft through the API: the record as the cells an edit form posts. */
export const NewDraftBody = T.Object(
  {
    section: T.String({ maxLength: 20 }),
    key: T.Optional(T.String({ maxLength: 100 })),
    record: T.Record(T.String({ maxLength: 40 }), T.String({ maxLength: 20_000 }), { maxProperties: 60 }),
  },
  { additionalProperties: false },
);

export const DRAFT_ACTIONS = ['submit', 'withdraw', 'approve', 'reject'] as const;
export type DraftAction = (typeof DRAFT_ACTIONS)[number];

export const DraftActionParams = T.Object({
  id: T.Integer({ minimum: 1, maximum: 2147483647 }),
  action: T.Union([T.Literal('submit'), T.Literal('withdraw'), T.Literal('approve'), T.Literal('reject')]),
});

export const DraftActionBody = T.Object({ version: T.Integer({ minimum: 1 }), note: T.Optional(T.String({ maxLength: 1000 })) }, { additionalProperties: false });
