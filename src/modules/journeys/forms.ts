/**
 * Every input of the journeys pages and API, read in one place: the API's query and path
 * schemas (Fastify checks them), and the posted forms of the personal space. Those forms are
 * buttons with hidden fields, not forms a person fills in: an unknown value is a 404 or a 400
 * from the operation, never a form shown again, so each is a small reader rather than a schema
 * (there is no JSON route that takes the same input).
 */
import { Type as T } from '@sinclair/typebox';
import { NotFoundError } from '../../lib/errors.js';
import { field } from '../../web/forms.js';
import { t } from '../../lib/i18n/index.js';
import { intParam } from '../../web/paging.js';

const Paging = {
  limit: T.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: T.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
};
const AudienceParam = T.Optional(T.Union([T.Literal('citizen'), T.Literal('enterprise')]));

export const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String() }) });
export const SlugParams = T.Object({ slug: T.String({ maxLength: 200 }) });
export const JourneyListQuery = T.Object({ audience: AudienceParam, domain: T.Optional(T.String({ maxLength: 20 })), ...Paging });
export const LifeEventListQuery = T.Object({ audience: AudienceParam, ...Paging });
export const JourneySummaryBody = T.Object(
  { id: T.Integer(), slug: T.String(), title: T.String(), domain: T.String(), audience: T.String(), summary: T.String(), stepCount: T.Integer(), url: T.String() },
  { additionalProperties: true },
);

/** `?audience=` of the public pages: enterprise, or citizens for anything else. */
export const audienceOf = (q: unknown): 'citizen' | 'enterprise' => ((q as { audience?: string })?.audience === 'enterprise' ? 'enterprise' : 'citizen');

/** The step number from the URL: anything else is a step that does not exist. */
export function stepNumber(raw: string): number {
  if (!/^[1-9]\d{0,1}$/.test(raw)) throw new NotFoundError(t('journeys.stepNotFound'));
  return Number(raw);
}

/** "Done" or "not done again" (`done=0`) of a step or an item, and where to go back to. */
export const readDoneForm = (body: unknown) => ({ done: field(body, 'done') !== '0', back: field(body, 'back') });

/** Follow or unfollow a theme, a department or a journey. */
export const readSubscriptionForm = (body: unknown) => ({ kind: field(body, 'kind'), ref: field(body, 'ref'), back: field(body, 'back') });

/** Stop or resume reminders: one rule (`rule`) or all of them (no rule). */
export function readReminderRuleForm(body: unknown): { rule?: number } {
  const raw = field(body, 'rule');
  const rule = raw ? intParam(raw) : undefined;
  if (raw && !rule) throw new NotFoundError(t('journeys.reminderNotFound'));
  return { rule };
}

/** A reminder's number in its link. */
export function reminderId(raw: string): number {
  const id = intParam(raw);
  if (!id) throw new NotFoundError(t('journeys.reminderNotFound'));
  return id;
}
