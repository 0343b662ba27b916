/**
 * Cookies on the HTTP side, for every layer that sets or reads one: the session and CSRF cookies
 * (accounts), the display switches (web/switches). The request and reply decorations the session
 * cookie drives (`request.principal()`, `reply.csrfToken()`…) are declared here and implemented by
 * the accounts module, so pages of any module use them without importing accounts.
 */
import type { Principal } from '../lib/principal.js';

export const SESSION_COOKIE = 'yimen_sid';
export const CSRF_COOKIE = 'yimen_csrf';
/** the form field (or `?_csrf=` on a multipart form's action) that carries the CSRF token */
export const CSRF_FIELD = '_csrf';

declare module 'fastify' {
  interface FastifyRequest {
    /** the signed-in person, if any (session cookie) */
    principal(): Promise<Principal | undefined>;
    /** the caller of an API route (bearer token); throws 401 without a valid token */
    apiPrincipal(): Promise<Principal>;
    cookies(): Record<string, string>;
    /** whether `token` is this browser's CSRF token */
    csrfValid(token: string): boolean;
    /** the request's CSRF token was checked before its body was read (URL or header) */
    csrfChecked(): boolean;
  }
  interface FastifyReply {
    /** the CSRF token to put in this response's forms */
    csrfToken(): string;
    /** start a session: a new session cookie and a new CSRF anchor (rotation on sign-in) */
    signIn(userId: number): Promise<void>;
    signOut(): Promise<void>;
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!(name in out)) {
      try {
        out[name] = decodeURIComponent(value);
      } catch {
        out[name] = value;
      }
    }
  }
  return out;
}

/** A Set-Cookie value: site-wide, HttpOnly, SameSite=Lax; `maxAge` 0 deletes it. */
export function cookie(name: string, value: string, opts: { secure: boolean; maxAge?: number }): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (opts.secure) parts.push('Secure');
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  return parts.join('; ');
}
