/** The audit log in the back office, /admin/audit: the operation checks who may read it. */
import type { FastifyInstance } from 'fastify';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { paging } from '../../web/paging.js';
import { readAuditFilters } from './forms.js';
import type { AuditService } from './service.js';
import { auditPage } from './views/log.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };

export async function auditAdminRoutes(app: FastifyInstance, deps: { audit: AuditService; timeZone: string }) {
  const { audit, timeZone } = deps;

  app.get('/admin/audit', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const filters = readAuditFilters(request.query);
    const pg = paging(request.query, 50);
    const r = await audit.readLog(p, filters, pg);
    return reply.type(HTML).send(auditPage({ principal: p, csrf: reply.csrfToken(), timeZone, entries: r.entries, total: r.total, page: pg.page, size: pg.size, filters }));
  });
}
