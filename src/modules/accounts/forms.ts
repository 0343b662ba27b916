/**
 * The inputs of accounts, one schema each: the API route uses it as its Fastify schema, the
 * HTML route reads the same fields with `readForm`. The rules a person can get wrong in ways a
 * schema cannot say (a contact, a name, a password's strength) are checked here too, with the
 * messages the pages have always shown.
 */
import { type Static, type TObject, Type as T } from '@sinclair/typebox';
import { BadRequestError } from '../../lib/errors.js';
import { type Contact, parseContact } from '../../lib/identity.js';
import { SCOPE_NAMES } from '../../lib/principal.js';
import { cleanText } from '../../lib/text.js';
import { field, fields, flashFrom } from '../../web/forms.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';

const text = T.String();
const form = <P extends Record<string, typeof text>>(props: P) => T.Object(props);

export const LoginForm = form({ identifier: text, password: text, next: text });
export const StaffLoginForm = form({ username: text, password: text, next: text });
export const CodeRequestForm = form({ contact: text, next: text });
export const SignupForm = form({ contact: text, code: text, kind: text, name: text, password: text, enterpriseName: text, creditCode: text });
export const CodeLoginForm = form({ contact: text, code: text, next: text });
export const ResetForm = form({ contact: text, code: text, password: text });
export const ProfileForm = form({ displayName: text, idNumber: text });
export const PasswordForm = form({ current: text, password: text });
export const MemberForm = form({ name: text, contact: text });
export const MemberStatusForm = form({ status: text });
export const StaffForm = form({ username: text, displayName: text, role: text, department: text, status: text, password: text });
/** the back office's token form: scopes are a list of checkboxes, read apart */
export const TokenForm = form({ name: text, days: text });

/** POST /api/v1/auth/token */
export const TokenRequest = T.Object(
  {
    username: T.String({ minLength: 1, maxLength: 60 }),
    password: T.String({ minLength: 1, maxLength: 200 }),
    scopes: T.Optional(T.Array(T.Union(SCOPE_NAMES.map((s) => T.Literal(s))), { maxItems: 10 })),
    name: T.Optional(T.String({ minLength: 1, maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type TokenRequest = Static<typeof TokenRequest>;

/** The fields of an HTML form as its schema names them ('' for a missing one, as browsers send). */
export function readForm<S extends TObject>(schema: S, body: unknown): { [K in keyof S['properties']]: string } {
  return Object.fromEntries(Object.keys(schema.properties).map((k) => [k, field(body, k)])) as { [K in keyof S['properties']]: string };
}

/** Checkbox lists (channels, scopes). */
export const readList = (body: unknown, name: string) => fields(body, name);

export function parseContactOrThrow(raw: string): Contact {
  const contact = parseContact(raw ?? '');
  if (!contact) throw new BadRequestError(t('auth.badContact'), 'bad_contact');
  return contact;
}

/** A display name (or an enterprise's): cleaned, not empty, at most `max` characters. */
export function cleanName(raw: string, max = 40): string {
  const name = cleanText(raw ?? '').trim();
  if (!name || [...name].length > max) throw new BadRequestError(t('account.badDisplayName'));
  return name;
}

/** The sign-up form's kind, or a 400. */
export function accountKind(raw: string): 'citizen' | 'enterprise' {
  if (raw === 'enterprise' || raw === 'citizen') return raw;
  throw new BadRequestError(t('auth.badKind'));
}

/** The staff form's status, or a 400. */
export function staffStatus(raw: string): 'active' | 'disabled' {
  if (raw === 'active' || raw === 'disabled') return raw;
  throw new BadRequestError(t('admin.badStatus'));
}

/** The token form's days (1 to 9999 written as digits), or a 400. */
export function tokenDays(raw: string): number {
  const days = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(days) || days < 1) throw new BadRequestError(t('token.badDays', { max: 366 }));
  return days;
}

/** The notice a page shows after a redirect (`?done=signup` …): sign-in pages and /me share them. */
const FLASH: Record<string, MessageKey> = {
  signup: 'flash.signup',
  login: 'flash.login',
  profile: 'flash.profile',
  channels: 'flash.channels',
  password: 'flash.password',
  reset: 'flash.reset',
  member: 'flash.member',
};
export const flashOf = (q: unknown) => flashFrom(q, FLASH);
