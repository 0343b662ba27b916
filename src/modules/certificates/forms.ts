/**
 * One schema per input: what `issue` takes from applications, the revocation form (HTML and
 * API share it), the code in a path, and the staff list's query.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { BadRequestError, ValidationError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { cleanText } from '../../lib/text.js';
import { checkSchema } from '../../lib/validation.js';
import { field } from '../../web/forms.js';

export const KINDS = ['certificate', 'approval_letter', 'decision_letter'] as const;
export type CertificateKind = (typeof KINDS)[number];

const Day = T.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Id = T.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const LIMITS = { title: 100, name: 100, fact: 500, facts: 30, reasonMin: 5, reasonMax: 500 } as const;

/** What applications passes when a case concludes (apps-contracts.md §2). */
export const CertificateInputSchema = T.Object(
  {
    kind: T.Union(KINDS.map((k) => T.Literal(k))),
    title: T.String({ minLength: 1, maxLength: LIMITS.title }),
    holder: T.Object({
      userId: Id,
      enterpriseId: T.Union([Id, T.Null()]),
      name: T.String({ minLength: 1, maxLength: LIMITS.name }),
      idNumber: T.Union([T.String({ maxLength: 40 }), T.Null()]),
      creditCode: T.Union([T.String({ maxLength: 40 }), T.Null()]),
    }),
    itemId: Id,
    itemName: T.String({ minLength: 1, maxLength: 200 }),
    departmentId: Id,
    departmentName: T.String({ minLength: 1, maxLength: 100 }),
    sourceNo: T.String({ minLength: 1, maxLength: 64 }),
    facts: T.Array(T.Object({ label: T.String({ minLength: 1, maxLength: 50 }), value: T.String({ maxLength: LIMITS.fact }) }), { maxItems: LIMITS.facts }),
    validFrom: Day,
    validUntil: T.Union([Day, T.Null()]),
  },
  { additionalProperties: false },
);
export type CertificateInput = Static<typeof CertificateInputSchema>;

const realDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** The input checked whole: the schema, real dates, an end not before the start. */
export function checkCertificateInput(input: unknown): CertificateInput {
  const problems = checkSchema(CertificateInputSchema, input);
  if (problems.length) throw new ValidationError(t('certificates.error.input'), problems);
  const c = input as CertificateInput;
  if (!realDay(c.validFrom) || (c.validUntil !== null && !realDay(c.validUntil))) throw new BadRequestError(t('certificates.error.dates'), 'bad_dates');
  if (c.validUntil !== null && c.validUntil < c.validFrom) throw new BadRequestError(t('certificates.error.dates'), 'bad_dates');
  return c;
}

/** Revoking: the reason the holder and the public page will read. */
export const RevokeInput = T.Object(
  {
    reason: T.String({ maxLength: 2000 }),
    version: T.Optional(T.Integer({ minimum: 0, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);
export type RevokeBody = Static<typeof RevokeInput>;

export function revokeFromForm(body: unknown): RevokeBody {
  const v = field(body, 'version');
  return { reason: field(body, 'reason'), version: /^\d{1,9}$/.test(v) ? Number(v) : undefined };
}

/** The reason, cleaned: at least five characters, at most 500. */
export function reasonOf(raw: string | undefined): string {
  const reason = cleanText(raw ?? '', { multiline: true, max: LIMITS.reasonMax });
  if (reason.length < LIMITS.reasonMin) throw new BadRequestError(t('certificates.error.reason'), 'reason_required');
  return reason;
}

/** any text: a code that cannot be one is "not found" like an unknown one, not a schema error */
export const CodeParams = T.Object({ code: T.String() });

export const STAFF_FILTERS = ['all', 'valid', 'revoked', 'expired'] as const;
export type StaffFilter = (typeof STAFF_FILTERS)[number];
export const StaffQuery = T.Object({
  status: T.Optional(T.Union(STAFF_FILTERS.map((s) => T.Literal(s)))),
  q: T.Optional(T.String({ maxLength: 60 })),
  limit: T.Optional(T.Integer({ minimum: 1, maximum: 100, default: 20 })),
  offset: T.Optional(T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});
