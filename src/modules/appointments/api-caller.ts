/**
 * What the appointments and hospital APIs share: who calls, and the per-minute limit on writes.
 */
import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import { UnauthorizedError } from '../../lib/errors.js';

/**
 * Who calls: a bearer token when the request has one (integrations, hall and hospital staff);
 * otherwise the signed-in browser's session (the portal's own pages and app). A cookie-signed
 * change must be JSON: a page of another site can post a form but not JSON without asking (CORS),
 * and the session cookie is SameSite=Lax besides (decision 0020). `signIn` is the message a
 * non-JSON cookie-signed change gets.
 */
export const apiCaller = (signIn: () => string) => async (request: FastifyRequest) => {
  if (request.headers.authorization) return request.apiPrincipal();
  if (request.method !== 'GET' && !/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw new UnauthorizedError(signIn());
  return request.principal();
};

/** the route config of a rate-limited write: `max` a minute, or no limit when 0 */
export const perMinute = (max: number | undefined): FastifyContextConfig => (max ? { rateLimit: { max, timeWindow: '1 minute' } } : { rateLimit: false });
