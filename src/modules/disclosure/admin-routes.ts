/** The back-office pages of 政务公开: thin — authenticate, read the form, call one operation, show. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { can } from '../../lib/principal.js';
import type { MessageKey } from '../../lib/i18n/index.js';
import type { FileStore } from '../../lib/files/index.js';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { type Body, field, fields, flashFrom, type FormError, handleForm } from '../../web/forms.js';
import { intParam, paging } from '../../web/paging.js';
import type { Upload } from './attachments.js';
import { contentFrom, isDate } from './model.js';
import { staffScope } from './policy.js';
import { sendStored } from './routes.js';
import type { DisclosureService } from './service.js';
import { articleAdminPage, brokenPage, editPage, gazetteAdminPage, listPage, topicsAdminPage } from './views/admin.js';
import { sectionsText } from './operations/topics.js';

const hidden = { schema: { hide: true } } as const;
const HTML = 'text/html; charset=utf-8';
const FLASH: Record<string, MessageKey> = {
  saved: 'disclosure.done.saved',
  submitted: 'disclosure.done.submitted',
  published: 'disclosure.done.published',
  rejected: 'disclosure.done.rejected',
  withdrawn: 'disclosure.done.withdrawn',
  uploaded: 'disclosure.done.uploaded',
  removed: 'disclosure.done.removed',
  linked: 'disclosure.done.linked',
  unlinked: 'disclosure.done.unlinked',
  issue: 'disclosure.done.issue',
  topic: 'disclosure.done.topic',
};
const FIELDS = ['title', 'kind', 'orgId', 'category', 'indexNo', 'topic', 'issuer', 'docNo', 'writtenOn', 'validity', 'validityDate', 'openMode', 'openScope', 'keywords', 'summary', 'body', 'policyId', 'interpretForm', 'videoUrl', 'publishAt'];

const valuesOf = (body: unknown) => Object.fromEntries(FIELDS.map((f) => [f, field(body, f)]));

export interface DisclosureAdminDeps {
  disclosure: DisclosureService;
  files: FileStore;
}

export async function disclosureAdminRoutes(app: FastifyInstance, deps: DisclosureAdminDeps) {
  const { disclosure: d } = deps;
  const idOf = (request: FastifyRequest) => intParam((request.params as { id: string }).id) ?? 0;
  const html = (reply: FastifyReply, s: string) => reply.type(HTML).send(s);

  async function orgIdsFor(p: Principal) {
    const l = await d.lookups();
    const scope = staffScope(p);
    return l.orgList.filter((o) => (o.departmentId === null ? p.role === 'admin' : scope === undefined || o.departmentId === scope)).map((o) => o.id);
  }

  async function showArticle(request: FastifyRequest, reply: FastifyReply, p: Principal, error?: FormError) {
    const id = idOf(request);
    const view = await d.staffArticle(p, id);
    const proposals = view.abilities.canLink ? await d.proposals(p, id).catch(() => []) : [];
    return articleAdminPage(p, reply.csrfToken(), view, { flash: flashFrom(request.query, FLASH), error, proposals });
  }

  app.get('/admin/disclosure', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const draft = String((request.query as { draft?: string }).draft ?? '');
    const { limit, offset } = paging(request.query, 50);
    const list = await d.staffList(p, { draftStatus: draft || undefined, limit, offset });
    const broken = (await d.brokenLinks(p).catch(() => [])).length;
    return html(reply, listPage(p, reply.csrfToken(), list, { flash: flashFrom(request.query, FLASH), filter: ['draft', 'review', 'rejected'].includes(draft) ? draft : '', broken, portal: can(p, 'disclosure.portal') }));
  });

  app.get('/admin/disclosure/new', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    await d.staffList(p, { limit: 1, offset: 0 }); // "not found" for anyone without a disclosure role
    const q = request.query as Record<string, string>;
    return html(reply, editPage(p, reply.csrfToken(), await d.lookups(), { values: { kind: q.kind ?? '', policyId: q.policy ?? '' }, orgIds: await orgIdsFor(p) }));
  });

  app.post('/admin/disclosure/new', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const values = valuesOf(request.body);
    return handleForm(
      reply,
      async () => {
        const row = await d.createArticle(p, contentFrom(values));
        return reply.redirect(`/admin/disclosure/articles/${row.id}?done=saved`, 303);
      },
      async (error) => editPage(p, reply.csrfToken(), await d.lookups(), { values, error, orgIds: await orgIdsFor(p) }),
    );
  });

  app.get('/admin/disclosure/articles/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return html(reply, await showArticle(request, reply, p));
  });

  app.get('/admin/disclosure/articles/:id/edit', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const view = await d.staffArticle(p, idOf(request));
    const c = view.row.draft ?? view.row.content;
    const values = c
      ? Object.fromEntries(FIELDS.map((f) => [f, Array.isArray(c[f as keyof typeof c]) ? (c[f as keyof typeof c] as string[]).join('，') : String(c[f as keyof typeof c] ?? '')]))
      : {};
    return html(reply, editPage(p, reply.csrfToken(), view.lookups, { id: view.row.id, version: view.row.version, values, orgIds: await orgIdsFor(p) }));
  });

  app.post('/admin/disclosure/articles/:id/edit', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = idOf(request);
    const values = valuesOf(request.body);
    const version = intParam(field(request.body, 'version')) ?? 0;
    return handleForm(
      reply,
      async () => {
        await d.saveDraft(p, id, version, contentFrom(values));
        return reply.redirect(`/admin/disclosure/articles/${id}?done=saved`, 303);
      },
      async (error) => editPage(p, reply.csrfToken(), await d.lookups(), { id, version, values, error, orgIds: await orgIdsFor(p) }),
    );
  });

  const act = (path: string, done: string, run: (p: Principal, id: number, version: number, body: unknown) => Promise<unknown>) =>
    app.post(`/admin/disclosure/articles/:id/${path}`, hidden, async (request, reply) => {
      const p = await staffOrRedirect(request, reply);
      if (!p) return reply;
      const id = idOf(request);
      return handleForm(
        reply,
        async () => {
          await run(p, id, intParam(field(request.body, 'version')) ?? 0, request.body);
          return reply.redirect(`/admin/disclosure/articles/${id}?done=${done}`, 303);
        },
        (error) => showArticle(request, reply, p, error),
      );
    });
  act('submit', 'submitted', (p, id, v) => d.submit(p, id, v));
  act('approve', 'published', (p, id, v, b) => d.approve(p, id, v, field(b, 'note')));
  act('reject', 'rejected', (p, id, v, b) => d.reject(p, id, v, field(b, 'note')));
  act('withdraw', 'withdrawn', (p, id, v, b) => d.withdraw(p, id, v, field(b, 'reason')));
  act('links', 'linked', (p, id, _v, b) => d.linkItems(p, id, field(b, 'codes').split(/[\s,，、;；]+/)));
  act('links/delete', 'unlinked', (p, id, _v, b) => d.unlinkItem(p, id, field(b, 'code')));

  app.post('/admin/disclosure/articles/:id/files', { ...hidden, config: { multipart: true } }, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = idOf(request);
    const v = (request.body as Body | undefined)?.files;
    const uploads = (Array.isArray(v) ? v : v ? [v] : []).filter((f): f is Upload => typeof f === 'object' && f !== null && typeof (f as Upload).received?.sha256 === 'string');
    return handleForm(
      reply,
      async () => {
        await d.addAttachments(p, id, uploads);
        return reply.redirect(`/admin/disclosure/articles/${id}?done=uploaded`, 303);
      },
      (error) => showArticle(request, reply, p, error),
    );
  });

  app.post('/admin/disclosure/articles/:id/files/:file/delete', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const id = idOf(request);
    await d.removeAttachment(p, id, intParam((request.params as { file: string }).file) ?? 0);
    return reply.redirect(`/admin/disclosure/articles/${id}?done=removed`, 303);
  });

  app.get('/admin/disclosure/articles/:id/files/:file', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return sendStored(reply, deps.files, await d.staffAttachment(p, idOf(request), intParam((request.params as { file: string }).file) ?? 0));
  });

  app.post('/admin/disclosure/proposals', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const back = intParam(field(request.body, 'back'));
    await d.confirmProposals(p, fields(request.body, 'pair'));
    return reply.redirect(back ? `/admin/disclosure/articles/${back}?done=linked` : '/admin/disclosure?done=linked', 303);
  });

  app.get('/admin/disclosure/broken', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return html(reply, brokenPage(p, reply.csrfToken(), await d.brokenLinks(p)));
  });

  // 专题: portal editors assemble topic pages
  app.get('/admin/disclosure/topics', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    if (!can(p, 'disclosure.portal')) throw new NotFoundError(t('disclosure.notFound'));
    const topics = await d.topicsForStaff(p);
    const slug = String((request.query as { slug?: string }).slug ?? '');
    const tp = topics.find((x) => x.slug === slug);
    const values: Record<string, string> = tp ? { slug: tp.slug, title: tp.title, summary: tp.summary, opensOn: tp.opensOn, closesOn: tp.closesOn ?? '', sections: sectionsText(tp.sections) } : {};
    return html(reply, topicsAdminPage(p, reply.csrfToken(), topics, { values, flash: flashFrom(request.query, FLASH) }));
  });
  app.post('/admin/disclosure/topics', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const values = Object.fromEntries(['slug', 'title', 'summary', 'opensOn', 'closesOn', 'sections'].map((f) => [f, field(request.body, f)])) as Record<'slug' | 'title' | 'summary' | 'opensOn' | 'closesOn' | 'sections', string>;
    if (!can(p, 'disclosure.portal')) throw new NotFoundError(t('disclosure.notFound'));
    return handleForm(
      reply,
      async () => {
        await d.saveTopic(p, values);
        return reply.redirect('/admin/disclosure/topics?done=topic', 303);
      },
      async (error) => topicsAdminPage(p, reply.csrfToken(), await d.topicsForStaff(p), { values, error }),
    );
  });

  // 政府公报: portal editors put an issue together from published articles
  app.get('/admin/disclosure/gazette', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    if (!can(p, 'disclosure.portal')) throw new NotFoundError(t('disclosure.notFound'));
    return html(reply, gazetteAdminPage(p, reply.csrfToken(), await d.listIssues(), { values: {}, flash: flashFrom(request.query, FLASH) }));
  });
  app.post('/admin/disclosure/gazette', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const values = Object.fromEntries(['year', 'number', 'publishedOn', 'articles'].map((f) => [f, field(request.body, f)]));
    return handleForm(
      reply,
      async () => {
        if (!can(p, 'disclosure.portal')) throw new NotFoundError(t('disclosure.notFound'));
        if (!isDate(values.publishedOn ?? '')) throw new BadRequestError(t('disclosure.error.date'));
        const ids = (values.articles ?? '').split(/[\s,，、]+/).filter(Boolean).map((x) => intParam(x) ?? 0);
        if (!ids.length || ids.includes(0)) throw new BadRequestError(t('disclosure.error.issueArticles'));
        await d.saveIssue(p, { year: intParam(values.year) ?? 0, number: intParam(values.number) ?? 0, publishedOn: values.publishedOn as string, articleIds: ids });
        return reply.redirect('/admin/disclosure/gazette?done=issue', 303);
      },
      async (error) => gazetteAdminPage(p, reply.csrfToken(), await d.listIssues(), { values, error }),
    );
  });
}
