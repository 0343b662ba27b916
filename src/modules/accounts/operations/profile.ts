/** A person's own account: what the personal space shows, the profile, notice channels, the password. */
import { BadRequestError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { maskIdNumber, normalizeIdNumber } from '../../../lib/identity.js';
import type { Principal } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import { actorOf, recordAudit } from '../../audit/index.js';
import type { AccountsContext } from '../context.js';
import { checkPasswordRules, hashPassword, keyedHash, verifyPassword } from '../credentials.js';
import { cleanName } from '../forms.js';
import { presentAccount } from '../present.js';
import * as repo from '../repo.js';
import { forgetName } from './people.js';

async function ownAccount(ctx: AccountsContext, userId: number) {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user) throw new NotFoundError(t('account.notFound'));
  return user;
}

export async function account(ctx: AccountsContext, userId: number) {
  const user = await ownAccount(ctx, userId);
  const enterprise = user.enterpriseId ? await repo.findEnterprise(ctx.db, user.enterpriseId) : undefined;
  return presentAccount(user, enterprise);
}

/** The account's own phone number, unmasked, which it proved at sign-up (null when it has none). */
export async function verifiedPhone(ctx: AccountsContext, userId: number): Promise<string | null> {
  return (await repo.findUserById(ctx.db, userId))?.phone ?? null;
}

/**
 * Whether `idNumber` is the one this account proved (实名认证): the automation of applications
 * (秒批, 免申即享) reads age and region only from a number the portal holds for the person.
 */
export async function idNumberMatches(ctx: AccountsContext, userId: number, idNumber: string): Promise<boolean> {
  const id = normalizeIdNumber(idNumber);
  const user = id ? await repo.findUserById(ctx.db, userId) : undefined;
  return !!(id && user?.idNumberHash && user.idNumberHash === keyedHash(ctx.secret, 'id-number', id));
}

/** Change the display name and, optionally, record a checked ID-card number (kept masked). */
export async function updateProfile(ctx: AccountsContext, p: Principal, input: { displayName: string; idNumber?: string }): Promise<void> {
  const displayName = cleanName(input.displayName);
  const values: Parameters<typeof repo.updateUser>[2] = { displayName };
  const idRaw = (input.idNumber ?? '').trim();
  if (idRaw) {
    const id = normalizeIdNumber(idRaw);
    if (!id) throw new BadRequestError(t('auth.badIdNumber'), 'bad_id_number');
    values.idNumberHash = keyedHash(ctx.secret, 'id-number', id);
    values.idNumberMasked = maskIdNumber(id);
    if (await repo.idNumberTaken(ctx.db, values.idNumberHash, p.userId)) throw new ConflictError(t('auth.idNumberTaken'));
  }
  await ctx.db.transaction(async (tx) => {
    const before = await repo.findUserById(tx, p.userId);
    await repo.updateUser(tx, p.userId, values);
    await recordAudit(tx, actorOf(p), [
      {
        action: 'account.profile',
        entity: 'user',
        entityId: p.userId,
        before: { displayName: before?.displayName, idNumber: before?.idNumberMasked },
        after: { displayName, idNumber: values.idNumberMasked ?? before?.idNumberMasked },
      },
    ]);
  });
  forgetName(ctx, p.userId);
}

/** The channels besides the message box that the person wants notices on. */
export async function setChannels(ctx: AccountsContext, p: Principal, channels: string[]): Promise<void> {
  const user = await ownAccount(ctx, p.userId);
  const chosen = [...new Set(channels)].filter((c): c is 'email' | 'sms' => c === 'email' || c === 'sms');
  if (chosen.length !== new Set(channels).size) throw new BadRequestError(t('account.badChannel'));
  if (chosen.includes('sms') && !user.phone) throw new BadRequestError(t('account.noPhoneForSms'));
  if (chosen.includes('email') && !user.email) throw new BadRequestError(t('account.noEmailForMail'));
  await repo.updateUser(ctx.db, p.userId, { notifyChannels: chosen });
}

/** A new password, proven by the current one (if any); every session ends. */
export async function changePassword(ctx: AccountsContext, p: Principal, current: string, next: string): Promise<void> {
  const user = await ownAccount(ctx, p.userId);
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, current ?? ''))) throw new BadRequestError(t('account.wrongPassword'), 'wrong_password');
  checkPasswordRules(next ?? '');
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await repo.updateUser(tx, p.userId, { passwordHash });
    await repo.deleteSessionsOf(tx, p.userId);
    await recordAudit(tx, actorOf(p), [{ action: 'account.password', entity: 'user', entityId: p.userId }]);
  });
}
