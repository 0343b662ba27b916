/**
 * New accounts: a citizen or an enterprise signs up once a code proves the contact is theirs,
 * or arrives from the city's identity platform (linked before, found by a verified contact, or new).
 */
import { BadRequestError, ConflictError, UnauthorizedError } from '../../../lib/errors.js';
import { maskContact, normalizeCreditCode, parseContact } from '../../../lib/identity.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import { recordAudit } from '../../audit/index.js';
import type { AccountsContext } from '../context.js';
import { checkPasswordRules, hashPassword } from '../credentials.js';
import { cleanName, parseContactOrThrow } from '../forms.js';
import type { OidcClaims } from '../oidc.js';
import * as repo from '../repo.js';
import { principalOf } from '../sessions.js';
import { contactColumns, useCode } from './codes.js';

export interface SignUp {
  contact: string;
  code: string;
  name: string;
  password: string;
  kind: 'citizen' | 'enterprise';
  enterpriseName?: string;
  creditCode?: string;
}

/** A new citizen or enterprise account, after the code proves the contact belongs to the person. */
export async function signUp(ctx: AccountsContext, input: SignUp): Promise<Principal> {
  const { db } = ctx;
  const contact = parseContactOrThrow(input.contact);
  const name = cleanName(input.name);
  checkPasswordRules(input.password ?? '');
  let enterprise: { name: string; creditCode: string } | undefined;
  if (input.kind === 'enterprise') {
    const creditCode = normalizeCreditCode(input.creditCode ?? '');
    if (!creditCode) throw new BadRequestError(t('auth.badCreditCode'), 'bad_credit_code');
    enterprise = { name: cleanName(input.enterpriseName ?? '', 100), creditCode };
    if (await repo.findEnterpriseByCreditCode(db, creditCode)) throw new ConflictError(t('auth.enterpriseTaken'));
  }
  const passwordHash = await hashPassword(input.password);
  if (!(await useCode(ctx, 'signup', contact, input.code))) throw new BadRequestError(t('auth.badCode'), 'bad_code');
  const user = await db.transaction(async (tx) => {
    // the code was sent only because no account had this contact; a race ends in the unique index
    if (await repo.findUserByContact(tx, contact.kind, contact.value)) throw new BadRequestError(t('auth.badCode'), 'bad_code');
    const ent = enterprise ? await repo.insertEnterprise(tx, enterprise) : undefined;
    const row = await repo.insertUser(tx, {
      kind: input.kind,
      displayName: name,
      ...contactColumns(contact),
      notifyChannels: [contact.kind === 'phone' ? 'sms' : 'email'],
      passwordHash,
      enterpriseId: ent?.id ?? null,
      enterpriseRole: ent ? 'owner' : null,
    });
    await recordAudit(tx, { id: `user:${row.id}`, name }, [
      { action: 'account.signup', entity: 'user', entityId: row.id, after: { kind: row.kind, contact: maskContact(contact), enterprise: ent?.creditCode } },
    ]);
    await ctx.notify.enqueue(tx, { template: 'welcome', vars: { name }, to: { accountId: row.id }, channels: ['inbox'] });
    return row;
  });
  return principalOf(user);
}

/** The account for a verified identity-platform login: linked before, found by a verified contact, or new. */
export async function signInWithIdentity(ctx: AccountsContext, claims: OidcClaims): Promise<Principal> {
  const user = await ctx.db.transaction(async (tx) => {
    const linked = await repo.userIdByIdentity(tx, claims.issuer, claims.subject);
    if (linked !== undefined) return repo.findUserById(tx, linked);
    const phone = claims.phone && claims.phoneVerified ? parseContact(claims.phone) : undefined;
    const email = claims.email && claims.emailVerified ? parseContact(claims.email) : undefined;
    let row: repo.UserRow | undefined;
    for (const c of [phone, email]) {
      if (!row && c) row = await repo.findUserByContact(tx, c.kind, c.value);
    }
    if (row?.kind === 'staff') row = undefined;
    if (!row) {
      row = await repo.insertUser(tx, {
        kind: 'citizen',
        displayName: cleanText(claims.name ?? '').slice(0, 40) || t('account.defaultName'),
        phone: phone?.kind === 'phone' ? phone.value : null,
        email: email?.kind === 'email' ? email.value : null,
      });
      await recordAudit(tx, { id: `user:${row.id}`, name: row.displayName }, [
        { action: 'account.signup', entity: 'user', entityId: row.id, after: { kind: 'citizen', via: claims.issuer } },
      ]);
    }
    await repo.linkIdentity(tx, claims.issuer, claims.subject, row.id);
    return row;
  });
  if (user?.status !== 'active') throw new UnauthorizedError(t('auth.accountDisabled'));
  return principalOf(user);
}
