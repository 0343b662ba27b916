/**
 * Who manages search (synonyms, best bets, the query reports): holders of 'search.manage'. Every
 * settings operation guards with it; the work desk's card reads the ability. Deny by default.
 */
import { type Principal, can, requirePermission } from '../../lib/principal.js';

export const searchAbilities = (p: Principal | undefined) => ({ manage: can(p, 'search.manage') });

export function requireSearchManager(p: Principal | undefined): asserts p is Principal {
  requirePermission(p, 'search.manage');
}
