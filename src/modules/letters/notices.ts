/**
 * The notices a letter sends, built in one place for the intake (many letters at once) and for
 * every later step: the writer hears through their account (message box and chosen channels)
 * or the phone and e-mail they gave; staff through their message box and chosen channels.
 */
import type { AccountService, NotifyService, Template } from './faces.js';
import { t } from '../../lib/i18n/index.js';
import { isConfidential } from './policy.js';
import type { LetterRow } from './repo.js';

type Message = Parameters<NotifyService['enqueueMany']>[1][number];
type Contact = Awaited<ReturnType<AccountService['contactsFor']>>[number];

/** The writer's notice; none when the letter came from an account that is no longer active. */
export function writerNotice(letter: LetterRow, template: Template, vars: Message['vars'], account: Contact | undefined): Message | undefined {
  if (letter.accountId) return account ? { template, vars, to: account.to, channels: account.channels } : undefined;
  if (!letter.phone && !letter.email) return undefined;
  return {
    template,
    vars,
    to: { phone: letter.phone ?? undefined, email: letter.email ?? undefined },
    channels: [...(letter.phone ? ['sms' as const] : []), ...(letter.email ? ['email' as const] : [])],
  };
}

/** A member of staff's notice about a case, with the link into the back office. */
export function staffNotice(letter: LetterRow, template: Template, staff: Contact, formatDue: (d: Date) => string): Message {
  return {
    template,
    // a confidential letter's title stays in the back office, where the policy decides who reads it
    vars: { trackingCode: letter.trackingCode, title: isConfidential(letter.channel) ? t('letters.confidential.title') : letter.title, due: formatDue(letter.dueAt), link: `/admin/letters/${letter.id}` },
    to: staff.to,
    channels: staff.channels,
  };
}
