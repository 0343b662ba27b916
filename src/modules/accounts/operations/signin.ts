/**
 * Signing in: citizens and enterprise people by contact and password or by a one-time code,
 * staff by username and password. Every failure takes the same path and counts against the
 * same subject whether the account exists or not.
 */
import { BadRequestError, UnauthorizedError } from '../../../lib/errors.js';
import { parseContact } from '../../../lib/identity.js';
import type { Principal } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import type { AccountsContext } from '../context.js';
import { signInSubject, verifyPassword } from '../credentials.js';
import { parseContactOrThrow } from '../forms.js';
import * as repo from '../repo.js';
import { principalOf } from '../sessions.js';
import { useCode } from './codes.js';

/** Check the password against the account (or a dummy), counting a failure under `subject`. */
async function passwordSignIn(ctx: AccountsContext, user: repo.UserRow | undefined, subject: string, password: string, from: string): Promise<Principal> {
  await ctx.credentials.assertMaySignIn(subject, from);
  const ok = await verifyPassword(user?.passwordHash, password.slice(0, 200));
  if (!user || !ok || user.status !== 'active') {
    await ctx.credentials.signInFailed(subject, from);
    throw new UnauthorizedError(t('auth.badCredentials'), 'invalid_credentials');
  }
  await ctx.credentials.signInSucceeded(subject, from);
  return principalOf(user);
}

/** Sign a citizen or enterprise person in by contact and password. */
export async function signIn(ctx: AccountsContext, identifier: string, password: string, from = ''): Promise<Principal> {
  const key = (identifier ?? '').trim().slice(0, 254);
  if (!key || !password) throw new UnauthorizedError(t('auth.badCredentials'), 'invalid_credentials');
  const contact = parseContact(key);
  const found = contact ? await repo.findUserByContact(ctx.db, contact.kind, contact.value) : undefined;
  // staff do not sign in here: counted under the identifier, as anyone without an account
  const user = found?.kind === 'staff' ? undefined : found;
  return passwordSignIn(ctx, user, signInSubject(user, contact?.value ?? key), password, from);
}

/** Sign a staff member in by username and password (the back office and the token endpoint). */
export async function signInStaff(ctx: AccountsContext, username: string, password: string, from = ''): Promise<Principal> {
  const key = (username ?? '').trim().slice(0, 60);
  if (!key || !password) throw new UnauthorizedError(t('auth.badCredentials'), 'invalid_credentials');
  const found = await repo.findUserByUsername(ctx.db, key);
  const user = found?.kind === 'staff' ? found : undefined;
  return passwordSignIn(ctx, user, signInSubject(user, key), password, from);
}

/** Sign in with a one-time code instead of a password (短信验证码登录). */
export async function signInWithCode(ctx: AccountsContext, raw: string, code: string, from = ''): Promise<Principal> {
  const contact = parseContactOrThrow(raw);
  const found = await repo.findUserByContact(ctx.db, contact.kind, contact.value);
  const subject = signInSubject(found?.kind === 'staff' ? undefined : found, contact.value);
  await ctx.credentials.assertMaySignIn(subject, from);
  const ok = await useCode(ctx, 'login', contact, code);
  const user = ok ? found : undefined;
  if (user?.status !== 'active' || user.kind === 'staff') {
    await ctx.credentials.signInFailed(subject, from);
    throw new BadRequestError(t('auth.badCode'), 'bad_code');
  }
  await ctx.credentials.signInSucceeded(subject, from);
  return principalOf(user);
}
