/** Who manages delivery (the outbox, its dead letters and their retry): holders of 'notify.manage'. Deny by default. */
import { type Principal, can, requirePermission } from '../../lib/principal.js';

export const outboxAbilities = (p: Principal | undefined) => ({ manage: can(p, 'notify.manage') });

export function requireOutboxManager(p: Principal | undefined): asserts p is Principal {
  requirePermission(p, 'notify.manage');
}
