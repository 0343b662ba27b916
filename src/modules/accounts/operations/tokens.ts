/** API tokens: staff make them in the back office or at the token endpoint, and revoke them. */
import type { Principal } from '../../../lib/principal.js';
import { isStaff } from '../../../lib/principal.js';
import { actorOf, recordAudit } from '../../audit/index.js';
import type { AccountsContext } from '../context.js';
import { grantableScopes } from '../policy.js';
import type { NewToken } from '../sessions.js';

/** A new token (the plain token is in this answer only); audited. */
export async function createToken(ctx: AccountsContext, p: Principal, input: NewToken) {
  const token = await ctx.sessions.createToken(p, input);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, actorOf(p), [
      { action: 'token.create', entity: 'token', entityId: token.id, after: { name: token.name, scopes: token.scopes, expiresAt: token.expiresAt }, departmentId: p.departmentId },
    ]),
  );
  return token;
}

export async function revokeToken(ctx: AccountsContext, p: Principal, id: number): Promise<void> {
  const token = await ctx.sessions.revokeToken(p, id);
  await ctx.db.transaction((tx) =>
    recordAudit(tx, actorOf(p), [{ action: 'token.revoke', entity: 'token', entityId: id, before: { name: token.name, scopes: token.scopes }, departmentId: p.departmentId }]),
  );
}

/** The token page: the tokens the principal sees (owner shown with username) and the scopes they may grant. */
export async function tokenList(ctx: AccountsContext, p: Principal) {
  const tokens = (await ctx.sessions.listTokens(p)).map((tk) => ({ ...tk, owner: `${tk.owner}（${tk.ownerUsername}）` }));
  return { tokens, allowed: isStaff(p) ? grantableScopes(p) : [] };
}
