/** The people of an enterprise: its administrator (owner) adds members and disables or restores them. */
import { ConflictError, NotFoundError } from '../../../lib/errors.js';
import { maskContact } from '../../../lib/identity.js';
import type { Principal } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import { actorOf, recordAudit } from '../../audit/index.js';
import type { AccountsContext } from '../context.js';
import { cleanName, parseContactOrThrow } from '../forms.js';
import { requireEnterpriseOwner } from '../policy.js';
import { presentMember } from '../present.js';
import * as repo from '../repo.js';
import { channelOf, contactColumns, toOf } from './codes.js';

export async function members(ctx: AccountsContext, p: Principal) {
  if (!p.enterpriseId) throw new NotFoundError(t('account.notFound'));
  return (await repo.enterpriseMembers(ctx.db, p.enterpriseId)).map(presentMember);
}

/** The enterprise's administrator adds a person who may act for it; they set a password by reset. */
export async function addMember(ctx: AccountsContext, p: Principal, input: { name: string; contact: string }): Promise<void> {
  requireEnterpriseOwner(p);
  const name = cleanName(input.name);
  const contact = parseContactOrThrow(input.contact);
  const enterprise = await repo.findEnterprise(ctx.db, p.enterpriseId);
  await ctx.db.transaction(async (tx) => {
    if (await repo.findUserByContact(tx, contact.kind, contact.value)) throw new ConflictError(t('enterprise.contactTaken'));
    const row = await repo.insertUser(tx, {
      kind: 'enterprise',
      displayName: name,
      ...contactColumns(contact),
      notifyChannels: [contact.kind === 'phone' ? 'sms' : 'email'],
      enterpriseId: p.enterpriseId,
      enterpriseRole: 'member',
    });
    await recordAudit(tx, actorOf(p), [
      { action: 'enterprise.member.add', entity: 'user', entityId: row.id, after: { name, contact: maskContact(contact), enterprise: enterprise?.creditCode } },
    ]);
    await ctx.notify.enqueue(tx, {
      template: 'enterprise-invite',
      vars: { name, enterprise: enterprise?.name ?? '' },
      to: toOf(contact),
      channels: [channelOf(contact)],
    });
  });
}

export async function setMemberStatus(ctx: AccountsContext, p: Principal, memberId: number, status: 'active' | 'disabled'): Promise<void> {
  requireEnterpriseOwner(p);
  const member = await repo.findUserById(ctx.db, memberId);
  if (!member || member.enterpriseId !== p.enterpriseId || member.enterpriseRole !== 'member') throw new NotFoundError(t('account.notFound'));
  await ctx.db.transaction(async (tx) => {
    await repo.updateUser(tx, memberId, { status });
    if (status === 'disabled') await repo.deleteSessionsOf(tx, memberId);
    await recordAudit(tx, actorOf(p), [
      { action: 'enterprise.member.status', entity: 'user', entityId: memberId, before: { status: member.status }, after: { status } },
    ]);
  });
}
