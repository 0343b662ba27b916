/**
 * Reaching and naming people, for other modules: how to notify an account or many, and the
 * display names of accounts (so no module joins the accounts' tables to show a person).
 */
import type { Runner } from '../../../db/client.js';
import type { StaffRole } from '../../../lib/principal.js';
import type { Channel, Template } from '../../notify/index.js';
import type { AccountsContext } from '../context.js';
import * as repo from '../repo.js';

/** A name is kept this long in the process; a change made here is seen at once, one made elsewhere within this time. */
const NAME_MS = 30_000;
const NAMES_KEPT = 5_000;

/**
 * How to reach people, for modules that notify many at once: the message box plus the
 * channels each person chose (`notifyAccount` does the same for one person).
 */
export async function contactsFor(_ctx: AccountsContext, tx: Runner, where: { ids: number[] } | { departmentIds: (number | null)[]; roles: StaffRole[] }) {
  return (await repo.contacts(tx, where)).map((u) => ({
    id: u.id,
    departmentId: u.departmentId,
    to: { accountId: u.id, phone: u.phone ?? undefined, email: u.email ?? undefined },
    channels: ['inbox', ...u.notifyChannels] as Channel[],
  }));
}

/** Queue a notice for an account: always to the message box, and to the channels the person chose. */
export async function notifyAccount(ctx: AccountsContext, tx: Runner, userId: number, template: Template, vars: Record<string, string | number>) {
  const user = await repo.findUserById(tx, userId);
  if (user?.status !== 'active') return 0;
  return ctx.notify.enqueue(tx, {
    template,
    vars,
    to: { accountId: user.id, phone: user.phone ?? undefined, email: user.email ?? undefined },
    channels: ['inbox', ...user.notifyChannels],
  });
}

/** Display names of the accounts among `ids` (an unknown id is simply absent); one query for the ones not cached. */
export async function userNames(ctx: AccountsContext, ids: readonly number[]): Promise<ReadonlyMap<number, string>> {
  const now = Date.now();
  const result = new Map<number, string>();
  const missing: number[] = [];
  for (const id of new Set(ids)) {
    if (!Number.isSafeInteger(id)) continue;
    const hit = ctx.names.get(id);
    if (hit && hit.until > now) result.set(id, hit.name);
    else missing.push(id);
  }
  if (missing.length) {
    if (ctx.names.size > NAMES_KEPT) ctx.names.clear();
    for (const row of await repo.displayNames(ctx.db, missing)) {
      result.set(row.id, row.displayName);
      ctx.names.set(row.id, { name: row.displayName, until: now + NAME_MS });
    }
  }
  return result;
}

/** A name changed in this process is not served stale from the cache. */
export function forgetName(ctx: Pick<AccountsContext, 'names'>, userId: number): void {
  ctx.names.delete(userId);
}
