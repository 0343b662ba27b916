/**
 * Guards for pages that need someone signed in, shared by every module's pages.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../lib/principal.js';

/**
 * The signed-in citizen or enterprise person for a page of the personal space; anyone else is
 * sent on (and undefined returned): the anonymous to sign in and back to `back`, staff to the
 * back office.
 */
export async function citizenOrRedirect(request: FastifyRequest, reply: FastifyReply, back = request.url): Promise<Principal | undefined> {
  const p = await request.principal();
  if (!p) {
    reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    return undefined;
  }
  if (p.kind === 'staff') {
    reply.redirect('/admin', 303);
    return undefined;
  }
  return p;
}
