/**
 * What follows a grant (准予) once it has committed, besides journeys' reminders: the waiting parts
 * of a 一件事一次办 bundle open (operations/bundles.ts registers itself here, so conclusion.ts and
 * automation.ts call it without importing the intake path that imports them).
 */
import type { ApplicationsContext } from '../context.js';
import type * as repo from '../repo.js';

type Follow = (ctx: ApplicationsContext, row: repo.ApplicationRow) => Promise<void>;
const follows: Follow[] = [];

export function onGrant(f: Follow): void {
  if (!follows.includes(f)) follows.push(f);
}

/** Run what follows a grant; a failure there does not undo the decision (already committed). */
export async function afterGrant(ctx: ApplicationsContext, row: repo.ApplicationRow): Promise<void> {
  if (row.status !== 'approved') return;
  for (const f of follows) await f(ctx, row).catch(() => undefined);
}
