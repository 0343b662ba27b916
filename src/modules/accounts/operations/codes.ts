/** One-time codes: sent to prove a contact (sign-up, sign-in, reset, a letter's phone). */
import type { Contact } from '../../../lib/identity.js';
import { maskContact } from '../../../lib/identity.js';
import type { Channel, Template } from '../../notify/index.js';
import type { AccountsContext } from '../context.js';
import { CODE_MINUTES, type CodePurpose } from '../credentials.js';
import { parseContactOrThrow } from '../forms.js';
import * as repo from '../repo.js';

export const channelOf = (c: Contact): Channel => (c.kind === 'phone' ? 'sms' : 'email');
export const toOf = (c: Contact) => (c.kind === 'phone' ? { phone: c.value } : { email: c.value });
export const contactColumns = (c: Contact) => ({ phone: c.kind === 'phone' ? c.value : null, email: c.kind === 'email' ? c.value : null });

/** Send a one-time code — or, where a code would reveal or do nothing, a notice or nothing at all. */
export async function sendCode(ctx: AccountsContext, purpose: CodePurpose, raw: string) {
  const contact = parseContactOrThrow(raw);
  await ctx.db.transaction(async (tx) => {
    const code = await ctx.credentials.issueCode(tx, purpose, contact.value);
    const existing = await repo.findUserByContact(tx, contact.kind, contact.value);
    const send = (template: Template, vars: Record<string, string | number>) =>
      ctx.notify.enqueue(tx, { template, vars, to: toOf(contact), channels: [channelOf(contact)] });
    if (purpose === 'letter') {
      await send('verification-code', { code, minutes: CODE_MINUTES });
    } else if (purpose === 'signup') {
      if (existing) await send('account-exists', { contact: maskContact(contact) });
      else await send('verification-code', { code, minutes: CODE_MINUTES });
    } else if (existing && existing.status === 'active' && existing.kind !== 'staff') {
      await send('verification-code', { code, minutes: CODE_MINUTES });
    }
  });
  return { contact: contact.value, sentTo: maskContact(contact) };
}

/** Check a code in its own transaction, so a wrong guess is counted even though the caller fails. */
export async function useCode(ctx: AccountsContext, purpose: CodePurpose, contact: Contact, code: string) {
  return ctx.db.transaction((tx) => ctx.credentials.consumeCode(tx, purpose, contact.value, (code ?? '').trim()));
}

/** Whether the code proves the contact (a wrong one is counted); for other modules, e.g. letters. */
export async function checkCode(ctx: AccountsContext, purpose: CodePurpose, rawContact: string, code: string) {
  return useCode(ctx, purpose, parseContactOrThrow(rawContact), code);
}
