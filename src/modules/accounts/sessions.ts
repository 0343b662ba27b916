/**
 * Sessions and API tokens: the two ways a request says who it comes from. Both are random
 * tokens of which only a SHA-256 is stored, so a stolen database does not sign anyone in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { BadRequestError, NotFoundError, UnauthorizedError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { type Principal, SCOPE_NAMES, type Scope, isStaff, scopesFor } from '../../lib/principal.js';
import { checkTokenRevocable, tokenOwnerScope } from './policy.js';
import { presentToken } from './present.js';
import * as repo from './repo.js';

export const SESSION_HOURS = 12;
const TOKEN_MAX_DAYS = 366;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export function principalOf(user: repo.UserRow, scopes?: Scope[]): Principal {
  return {
    userId: user.id,
    kind: user.kind,
    name: user.displayName,
    username: user.username,
    role: (user.role as Principal['role']) ?? null,
    departmentId: user.departmentId,
    enterpriseId: user.enterpriseId,
    enterpriseRole: user.enterpriseRole,
    ...(scopes ? { scopes } : {}),
  };
}

export interface NewToken {
  name: string;
  scopes: string[];
  /** days until it expires; 0 or absent: the maximum */
  days?: number;
}

/**
 * A busy integration (the 12345 hotline) sends every request with its token: the principal
 * behind a token is kept this long in the process. Revoking a token clears it here at once; in
 * other processes the revocation (or a disabled owner) takes effect within this time.
 */
const TOKEN_CACHE_MS = 5_000;

export function createSessions(database: Database) {
  const { db } = database;
  const tokenCache = new Map<string, { tokenId: number; principal: Principal; until: number }>();

  return {
    /** A new session for the user; returns the cookie value. Old sessions stay valid elsewhere. */
    async start(userId: number): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await repo.insertSession(db, sha256(token), userId, new Date(Date.now() + SESSION_HOURS * 3_600_000));
      await repo.updateUser(db, userId, { lastLoginAt: new Date() });
      return token;
    },

    /** Who the cookie belongs to; nothing for an unknown, expired or tampered cookie, or a disabled account. */
    async resolve(token: string | undefined): Promise<Principal | undefined> {
      if (!token || token.length > 100) return undefined;
      const user = await repo.sessionUser(db, sha256(token));
      return user && user.status === 'active' ? principalOf(user) : undefined;
    },

    async end(token: string | undefined): Promise<void> {
      if (token && token.length <= 100) await repo.deleteSession(db, sha256(token));
    },

    endAllFor: (userId: number) => repo.deleteSessionsOf(db, userId),

    /** Create an API token for a staff member; the plain token is returned once and never again. */
    async createToken(owner: Principal, input: NewToken) {
      if (!isStaff(owner)) throw new NotFoundError(t('api.notFound'));
      const name = input.name.trim();
      if (!name || name.length > 60) throw new BadRequestError(t('token.badName'));
      const allowed = scopesFor(owner.role);
      const scopes = [...new Set(input.scopes)];
      if (!scopes.length) throw new BadRequestError(t('token.noScopes'));
      const bad = scopes.filter((s) => !allowed.includes(s as Scope));
      if (bad.length) throw new BadRequestError(t('token.badScopes', { scopes: bad.join(', '), allowed: allowed.join(', ') }));
      const days = input.days ?? 0;
      if (!Number.isInteger(days) || days < 0 || days > TOKEN_MAX_DAYS) throw new BadRequestError(t('token.badDays', { max: TOKEN_MAX_DAYS }));
      const secret = randomBytes(24).toString('base64url');
      const plain = `ym_${secret}`;
      const row = await repo.insertToken(db, {
        userId: owner.userId,
        name,
        scopes,
        tokenHash: sha256(plain),
        prefix: plain.slice(0, 9),
        expiresAt: new Date(Date.now() + (days || TOKEN_MAX_DAYS) * 86_400_000),
      });
      return { id: row.id, token: plain, name, scopes: scopes as Scope[], expiresAt: row.expiresAt as Date };
    },

    /** The principal behind `Authorization: Bearer …`, narrowed to the token's scopes. */
    async resolveToken(header: string | undefined): Promise<Principal> {
      const m = /^Bearer\s+(ym_[A-Za-z0-9_-]{20,60})\s*$/.exec(header ?? '');
      if (!m) throw new UnauthorizedError(t('token.missing'));
      const hash = sha256(m[1] as string);
      const cached = tokenCache.get(hash);
      if (cached && cached.until > Date.now()) return cached.principal;
      const found = await repo.tokenWithUser(db, hash);
      const now = new Date();
      if (!found || found.token.revokedAt || (found.token.expiresAt && found.token.expiresAt <= now) || found.user.status !== 'active')
        throw new UnauthorizedError(t('token.invalid'));
      // when it was last used, to the minute: not a write on every request of a busy integration
      if (!found.token.lastUsedAt || now.getTime() - found.token.lastUsedAt.getTime() > 60_000) await repo.touchToken(db, found.token.id);
      const scopes = found.token.scopes.filter((s): s is Scope => (SCOPE_NAMES as string[]).includes(s));
      const principal = principalOf(found.user, scopes);
      if (tokenCache.size > 1000) tokenCache.clear();
      const expires = found.token.expiresAt ? found.token.expiresAt.getTime() : Number.POSITIVE_INFINITY;
      tokenCache.set(hash, { tokenId: found.token.id, principal, until: Math.min(Date.now() + TOKEN_CACHE_MS, expires) });
      return principal;
    },

    /** Tokens the principal may see: their own, or everyone's for a portal administrator. */
    async listTokens(p: Principal) {
      return (await repo.listTokens(db, tokenOwnerScope(p))).map(presentToken);
    },

    /** Revoke a token its owner (or a portal administrator) names; it stops working here at once. */
    async revokeToken(p: Principal, id: number) {
      const token = await repo.findToken(db, id);
      checkTokenRevocable(p, token);
      await repo.revokeToken(db, id);
      for (const [hash, entry] of tokenCache) if (entry.tokenId === id) tokenCache.delete(hash);
      return token;
    },

    purgeExpired: () => repo.deleteExpired(db),
  };
}

export type Sessions = ReturnType<typeof createSessions>;
