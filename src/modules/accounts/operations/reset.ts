/** A forgotten password: a code to the account's contact sets a new one and ends every session. */
import { BadRequestError } from '../../../lib/errors.js';
import { maskContact } from '../../../lib/identity.js';
import { t } from '../../../lib/i18n/index.js';
import { recordAudit } from '../../audit/index.js';
import type { AccountsContext } from '../context.js';
import { checkPasswordRules, hashPassword, signInSubject } from '../credentials.js';
import { parseContactOrThrow } from '../forms.js';
import * as repo from '../repo.js';
import { useCode } from './codes.js';

/** Set a new password with a code; every session of the account ends. */
export async function resetPassword(ctx: AccountsContext, raw: string, code: string, password: string): Promise<void> {
  const contact = parseContactOrThrow(raw);
  checkPasswordRules(password ?? '');
  const passwordHash = await hashPassword(password);
  const ok = await useCode(ctx, 'reset', contact, code);
  const user = ok ? await repo.findUserByContact(ctx.db, contact.kind, contact.value) : undefined;
  if (!user || user.kind === 'staff') throw new BadRequestError(t('auth.badCode'), 'bad_code');
  await ctx.credentials.succeeded(signInSubject(user, contact.value));
  await ctx.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash });
    await repo.deleteSessionsOf(tx, user.id);
    await recordAudit(tx, { id: `user:${user.id}`, name: user.displayName }, [
      { action: 'account.reset', entity: 'user', entityId: user.id, note: maskContact(contact) },
    ]);
    await ctx.notify.enqueue(tx, { template: 'password-changed', vars: { name: user.displayName }, to: { accountId: user.id }, channels: ['inbox'] });
  });
}
