/** The outbox in the back office: what waits and what gave up, and sending a dead letter again. */
import { NotFoundError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import { actorOf } from '../../audit/index.js';
import { outboxAbilities, requireOutboxManager } from '../policy.js';

/** The parts of the notify service the operations use (the worker and its outbox). */
export interface OutboxContext {
  deadLetters(limit?: number): Promise<OutboxView[]>;
  pending(limit?: number): Promise<OutboxView[]>;
  counts(): Promise<{ dead: number; pending: number }>;
  retry(id: number, actor: { id: string; name: string }): Promise<boolean>;
}

export interface OutboxView {
  id: number;
  channel: string;
  recipient: string;
  template: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
}

export async function outboxOverview(ctx: OutboxContext, p: Principal, limit = 200) {
  requireOutboxManager(p);
  const [dead, pending] = await Promise.all([ctx.deadLetters(limit), ctx.pending(limit)]);
  return { dead, pending };
}

/** Send a dead letter again from the first attempt, audited under the operator's name. */
export async function retryDelivery(ctx: OutboxContext, p: Principal, id: number | undefined): Promise<void> {
  requireOutboxManager(p);
  if (!id || !(await ctx.retry(id, actorOf(p)))) throw new NotFoundError(t('outbox.notFound'));
}

/** The work desk's counts; undefined for those who do not manage delivery. */
export async function outboxCounts(ctx: OutboxContext, p: Principal) {
  return outboxAbilities(p).manage ? ctx.counts() : undefined;
}
