/**
 * The pages of certificates: the public verification (/verify, /verify/<code>), the holder's
 * list and PDFs (/me/certificates), and the issuing department's list with revocation
 * (/admin/certificates). Handlers authenticate, read the input, call one operation and render.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { t, type MessageKey } from '../../lib/i18n/index.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { field, flashFrom, handleForm } from '../../web/forms.js';
import { citizenOrRedirect } from '../../web/guards.js';
import { paging } from '../../web/paging.js';
import type { Principal } from '../../lib/principal.js';
import { formatCode, parseCode } from './code.js';
import type { AccountService } from './faces.js';
import { revokeFromForm, STAFF_FILTERS, type StaffFilter } from './forms.js';
import type { CertificatesService } from './service.js';
import { myCertificatesPage } from './views/mine.js';
import { staffListPage } from './views/staff.js';
import { lookupPage, notFoundPage, verifyPage } from './views/verify.js';

export interface CertificateRouteDeps {
  certificates: CertificatesService;
  accounts: Pick<AccountService, 'account'>;
  timeZone: string;
  /** verifications per minute per client address; 0: no limit */
  rateLimit: number;
}

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } } as const;
const FLASH: Record<string, MessageKey> = { revoked: 'certificates.staff.done.revoked' };

export const sendPdf = (reply: FastifyReply, file: { filename: string; body: Buffer }) =>
  reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${file.filename}"`)
    .header('cache-control', 'private, no-store')
    .send(file.body);

export async function certificateRoutes(app: FastifyInstance, deps: CertificateRouteDeps) {
  const { certificates, timeZone } = deps;
  const limited: FastifyContextConfig = deps.rateLimit > 0 ? { rateLimit: { max: deps.rateLimit, timeWindow: '1 minute' } } : { rateLimit: false };
  const dateTime = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'long' });

  // ---- the public -------------------------------------------------------------------------
  app.get('/verify', { ...hidden, config: limited }, async (request, reply) => {
    const typed = (request.query as { code?: unknown }).code;
    if (typed === undefined || typed === '') return reply.type(HTML).send(lookupPage());
    const code = parseCode(typed);
    // a typed code goes to its own address, so the answer can be bookmarked and shared
    if (code) return reply.redirect(`/verify/${formatCode(code)}`, 303);
    return reply.code(404).type(HTML).send(notFoundPage(typeof typed === 'string' ? typed.slice(0, 64) : ''));
  });

  app.get<{ Params: { code: string } }>('/verify/:code', { ...hidden, config: limited }, async (request, reply) => {
    // a document's page is for whoever holds its code, not for search engines
    reply.header('x-robots-tag', 'noindex');
    try {
      const view = await certificates.verify(request.params.code);
      return reply.header('cache-control', 'no-store').type(HTML).send(verifyPage(view, (iso) => dateTime.format(new Date(iso))));
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      return reply.code(404).type(HTML).send(notFoundPage(request.params.code.slice(0, 64)));
    }
  });

  // ---- the holder -------------------------------------------------------------------------
  app.get('/me/certificates', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const [account, rows] = await Promise.all([deps.accounts.account(p.userId), certificates.mine(p)]);
    return reply.type(HTML).send(myCertificatesPage(account, rows, reply.csrfToken(), (d) => day.format(d)));
  });

  app.get<{ Params: { file: string } }>('/me/certificates/:file', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    return sendPdf(reply, await certificates.pdf(p, pdfCode(request.params.file)));
  });

  // ---- the issuing department -------------------------------------------------------------
  app.get('/admin/certificates', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(await listPage(p, reply, request.query));
  });

  // `<code>.pdf`: the parameter is named as in the revoke route beside it, which the router needs
  app.get<{ Params: { code: string } }>('/admin/certificates/:code', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return sendPdf(reply, await certificates.pdf(p, pdfCode(request.params.code)));
  });

  app.post<{ Params: { code: string } }>('/admin/certificates/:code/revoke', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const input = revokeFromForm(request.body);
    return handleForm(
      reply,
      async () => {
        await certificates.revoke(p, request.params.code, input);
        return reply.redirect('/admin/certificates?done=revoked', 303);
      },
      (error) => listPage(p, reply, {}, error, { code: formatCode(parseCode(request.params.code) ?? ''), reason: field(request.body, 'reason') }),
    );
  });

  async function listPage(p: Principal, reply: FastifyReply, query: unknown, error?: { message: string; problems: string[] }, posted?: { code: string; reason: string }) {
    const q = query as Record<string, unknown>;
    const status: StaffFilter = (STAFF_FILTERS as readonly string[]).includes(String(q.status)) ? (q.status as StaffFilter) : 'all';
    const text = typeof q.q === 'string' ? q.q.trim().slice(0, 60) : '';
    const pg = paging(query, 30);
    const list = await certificates.listIssued(p, { status, q: text, limit: pg.limit, offset: pg.offset });
    return staffListPage({
      principal: p,
      csrf: reply.csrfToken(),
      timeZone,
      flash: flashFrom(query, FLASH),
      error,
      posted,
      certificates: list.certificates,
      total: list.total,
      page: pg.page,
      size: pg.size,
      status,
      q: text,
    });
  }
}

/** `<code>.pdf` → the code; anything else cannot be a certificate's file. */
function pdfCode(file: string): string {
  if (!file.toLowerCase().endsWith('.pdf')) throw new NotFoundError(t('certificates.error.notFound'));
  return file.slice(0, -4);
}
