/**
 * The annual reports' HTTP: the published report under its organisation's catalogue
 * (/xxgk/:org/annual-report/:year, its print view, the organisation's list, and every
 * organisation's by year at /xxgk/annual-reports) and the back
 * office (/admin/reports: generate, edit, submit, publish, send back — no-JS forms, POST → 303 → GET,
 * errors shown again with 400/409).
 */
import type { FastifyInstance } from 'fastify';
import { t } from '../../lib/i18n/index.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { type Body, field, handleForm } from '../../web/forms.js';
import { ENTERED_KEYS, SECTIONS } from './model.js';
import type { ReportsService } from './service.js';
import { publicIndexPage, publicListPage, publicReportPage, staffListPage, staffReportPage } from './views/pages.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };

export async function reportRoutes(app: FastifyInstance, deps: { reports: ReportsService }) {
  const { reports } = deps;
  const thisYear = () => Number(reports.context.today().slice(0, 4));

  app.get('/xxgk/annual-reports', hidden, async (_request, reply) => reply.type(HTML).send(publicIndexPage(await reports.publishedIndex())));
  app.get<{ Params: { org: string } }>('/xxgk/:org/annual-report', hidden, async (request, reply) => reply.type(HTML).send(publicListPage(await reports.publishedReports(request.params.org))));
  app.get<{ Params: { org: string; year: string } }>('/xxgk/:org/annual-report/:year', hidden, async (request, reply) =>
    reply.type(HTML).send(publicReportPage(await reports.publishedReport(request.params.org, request.params.year))),
  );
  app.get<{ Params: { org: string; year: string } }>('/xxgk/:org/annual-report/:year/print', hidden, async (request, reply) =>
    reply.type(HTML).send(publicReportPage(await reports.publishedReport(request.params.org, request.params.year), true)),
  );

  app.get('/admin/reports', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(staffListPage(p, reply.csrfToken(), await reports.staffReports(p), thisYear() - 1));
  });
  app.post('/admin/reports/generate', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const body = request.body as Body;
    return handleForm(
      reply,
      async () => {
        const r = await reports.generate(p, { org: field(body, 'org'), year: field(body, 'year') });
        return reply.redirect(`/admin/reports/${r.id}?done=generated`, 303);
      },
      async (error) => staffListPage(p, reply.csrfToken(), await reports.staffReports(p), thisYear() - 1, error),
    );
  });
  app.get<{ Params: { id: string } }>('/admin/reports/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const done = (request.query as { done?: string }).done;
    const flash = done === 'generated' ? t('reports.done.generated') : done ? t('reports.done.ok') : undefined;
    return reply.type(HTML).send(staffReportPage(p, reply.csrfToken(), await reports.staffReport(p, request.params.id), { flash }));
  });
  for (const action of ['save', 'submit', 'publish', 'reject'] as const) {
    app.post<{ Params: { id: string } }>(`/admin/reports/:id/${action}`, hidden, async (request, reply) => {
      const p = await staffOrRedirect(request, reply);
      if (!p) return reply;
      const body = (request.body ?? {}) as Body;
      const values = Object.fromEntries([...SECTIONS.map((k) => `section.${k}`), ...ENTERED_KEYS.map((k) => `entered.${k}`)].map((k) => [k, field(body, k)]));
      const input = {
        id: request.params.id,
        version: field(body, 'version'),
        sections: Object.fromEntries(SECTIONS.map((k) => [k, values[`section.${k}`]])),
        entered: Object.fromEntries(ENTERED_KEYS.map((k) => [k, values[`entered.${k}`]])),
      };
      return handleForm(
        reply,
        async () => {
          await reports[action](p, input);
          return reply.redirect(`/admin/reports/${request.params.id}?done=${action}`, 303);
        },
        async (error) => staffReportPage(p, reply.csrfToken(), await reports.staffReport(p, request.params.id), { error, values: action === 'save' ? values : undefined }),
      );
    });
  }
}
