/**
 * The public pages: /xxgk (the catalogue, an organisation × category × year, its 公开指南, an
 * article and its print view and attachments), /gazette (issues, reading view, PDF, QR codes),
 * /topics, the feeds (/xxgk/feed.xml, /xxgk/atom.xml) and /sitemap.xml.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { FileStore } from '../../lib/files/index.js';
import type { FontConfig } from '../../lib/pdf-fonts.js';
import { intParam } from '../../web/paging.js';
import { CONTENT_TYPES, type Format } from './attachments.js';
import { type Feed, type SitemapEntry, atom, rss, sitemap } from './feeds.js';
import { issuePdf, qrSvg } from './pdf.js';
import type { DisclosureService } from './service.js';
import { articleUrl, browseUrl, guideUrl, issueUrl, orgUrl, topicUrl } from './urls.js';
import { type SiteMeta, articlePage, gazettePage, guidePage, homePage, issuePage, orgPage, topicPage, topicsPage, withdrawnPage } from './views/public.js';

export interface DisclosureRouteDeps {
  disclosure: DisclosureService;
  files: FileStore;
  publicUrl: string;
  pdfFont?: FontConfig;
  /** other modules' public addresses for the sitemap (items, journeys, departments …) */
  sitemapSources?: (() => Promise<SitemapEntry[]>)[];
}

const hidden = { schema: { hide: true } } as const;
const HTML = 'text/html; charset=utf-8';
const SIZE = 20;

export async function sendStored(reply: FastifyReply, files: FileStore, a: { sha256: string; filename: string; format: string }) {
  const stored = await files.open(a.sha256);
  if (!stored) throw new NotFoundError(t('disclosure.notFound'));
  return reply
    .type(CONTENT_TYPES[a.format as Format] ?? 'application/octet-stream')
    .header('content-length', stored.size)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
    .send(stored.stream);
}

export async function disclosureRoutes(app: FastifyInstance, deps: DisclosureRouteDeps) {
  const { disclosure: d, publicUrl } = deps;
  const site: SiteMeta = { siteName: t('site.name'), siteDomain: new URL(publicUrl).host, siteIdCode: d.context.siteIdCode ?? '3600000001' };
  const page = (reply: FastifyReply, body: string) => reply.type(HTML).send(body);
  const pageNo = (q: unknown) => Math.min(Math.max(intParam((q as { page?: string }).page) ?? 1, 1), 500);

  app.get('/xxgk', hidden, async (_request, reply) => {
    const [tree, latest, policies, topics] = await Promise.all([
      d.orgTree(),
      d.listArticles({}, { limit: 12, offset: 0 }),
      d.listArticles({ kinds: ['policy', 'normative'] }, { limit: 8, offset: 0 }),
      d.openTopics(),
    ]);
    return page(reply, homePage(site, { tree, latest: latest.articles, policies: policies.articles, topics }));
  });

  const browse = async (reply: FastifyReply, org: string, category: string | undefined, year: number | undefined, query: unknown) => {
    const p = pageNo(query);
    const data = await d.browse({ org, category, year, limit: SIZE, offset: (p - 1) * SIZE });
    return page(reply, orgPage(site, data, { category, year, page: p, size: SIZE }));
  };
  const yearOf = (raw: string) => {
    const y = /^\d{4}$/.test(raw) ? Number(raw) : 0;
    if (!y) throw new NotFoundError(t('disclosure.notFound'));
    return y;
  };
  const P = (r: { params: unknown }) => r.params as Record<string, string>;

  app.get('/xxgk/articles/:id', hidden, async (request, reply) => {
    const id = intParam(P(request).id) ?? 0;
    const found = await d.getArticle(id);
    if (found.withdrawn) return reply.code(410).type(HTML).send(withdrawnPage(site, found.withdrawn));
    return page(reply, articlePage(site, found, { base: publicUrl, qr: await qrSvg(publicUrl + articleUrl(id)) }));
  });
  app.get('/xxgk/articles/:id/print', hidden, async (request, reply) => {
    const found = await d.getArticle(intParam(P(request).id) ?? 0);
    if (found.withdrawn) return reply.code(410).type(HTML).send(withdrawnPage(site, found.withdrawn));
    return page(reply, articlePage(site, found, { base: publicUrl, qr: '', print: true }));
  });
  app.get('/xxgk/articles/:id/files/:file', hidden, async (request, reply) => {
    const a = await d.publicAttachment(intParam(P(request).id) ?? 0, intParam(P(request).file) ?? 0);
    return sendStored(reply, deps.files, a);
  });

  const feedOf = async (query: unknown): Promise<Feed> => {
    const q = query as Record<string, unknown>;
    // a feed asked for an organisation or a category that does not exist is "not found", not the whole catalogue
    const org = typeof q.org === 'string' ? q.org.slice(0, 80) : undefined;
    const category = typeof q.category === 'string' ? q.category.slice(0, 80) : undefined;
    const l = await d.lookups();
    if (category !== undefined && !l.categories.has(category)) throw new NotFoundError(t('disclosure.categoryNotFound'));
    if (org !== undefined) await d.orgBySlug(org);
    const list = await d.listArticles({ org, category }, { limit: 30, offset: 0 });
    const orgName = org ? (await d.orgBySlug(org)).name : '';
    const catName = category ? (l.categories.get(category)?.name ?? '') : '';
    const self = `/xxgk/feed.xml${org || category ? `?${new URLSearchParams({ ...(org ? { org } : {}), ...(category ? { category } : {}) })}` : ''}`;
    return {
      title: [t('site.name'), orgName, catName || t('disclosure.title')].filter(Boolean).join(' · '),
      link: publicUrl + (org ? browseUrl(org, { category }) : '/xxgk'),
      self: publicUrl + self,
      description: t('disclosure.intro'),
      items: list.articles.map((a) => ({ ...a, summary: a.title, publishedAt: new Date(`${a.publishedOn}T00:00:00+08:00`) })),
    };
  };
  app.get('/xxgk/feed.xml', hidden, async (request, reply) => reply.type('application/rss+xml; charset=utf-8').send(rss(await feedOf(request.query), publicUrl)));
  app.get('/xxgk/atom.xml', hidden, async (request, reply) => reply.type('application/atom+xml; charset=utf-8').send(atom(await feedOf(request.query), publicUrl)));

  app.get('/xxgk/:org', hidden, async (request, reply) => browse(reply, P(request).org as string, undefined, undefined, request.query));
  app.get('/xxgk/:org/guide', hidden, async (request, reply) => page(reply, guidePage(site, await d.orgBySlug(P(request).org as string))));
  app.get('/xxgk/:org/all/:year', hidden, async (request, reply) => browse(reply, P(request).org as string, undefined, yearOf(P(request).year as string), request.query));
  app.get('/xxgk/:org/:category', hidden, async (request, reply) => browse(reply, P(request).org as string, P(request).category, undefined, request.query));
  app.get('/xxgk/:org/:category/:year', hidden, async (request, reply) =>
    browse(reply, P(request).org as string, P(request).category, yearOf(P(request).year as string), request.query),
  );

  app.get('/gazette', hidden, async (_request, reply) => page(reply, gazettePage(site, await d.listIssues())));
  const issueParams = (r: { params: unknown }) => {
    const y = intParam(P(r).year);
    const n = intParam(String(P(r).number).replace(/\.(pdf|svg)$/, ''));
    if (!y || !n) throw new NotFoundError(t('disclosure.issueNotFound'));
    return [y, n] as const;
  };
  app.get('/gazette/:year/:number', hidden, async (request, reply) => {
    const raw = String(P(request).number);
    const [y, n] = issueParams(request);
    const issue = await d.getIssue(y, n);
    const url = publicUrl + issueUrl(y, n);
    if (raw.endsWith('.pdf'))
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="gazette-${y}-${n}.pdf"`)
        .send(await issuePdf({ title: issue.title, serial: issue.issue.serial, publishedOn: issue.issue.publishedOn, url, documents: issue.documents }, deps.pdfFont));
    if (raw.endsWith('.svg')) return reply.type('image/svg+xml').send(await qrSvg(url));
    return page(reply, issuePage(site, issue, await qrSvg(url)));
  });
  app.get('/xxgk/articles/:id/qr.svg', hidden, async (request, reply) => {
    const id = intParam(P(request).id) ?? 0;
    await d.getArticle(id);
    return reply.type('image/svg+xml').send(await qrSvg(publicUrl + articleUrl(id)));
  });

  app.get('/topics', hidden, async (_request, reply) => page(reply, topicsPage(site, await d.openTopics())));
  app.get('/topics/:slug', hidden, async (request, reply) => page(reply, topicPage(site, await d.getTopic(P(request).slug as string))));

  app.get('/sitemap.xml', hidden, async (_request, reply) => {
    const entries: SitemapEntry[] = [{ loc: '/' }, { loc: '/xxgk' }, { loc: '/gazette' }, { loc: '/topics' }];
    const tree = await d.orgTree();
    for (const o of tree) entries.push({ loc: orgUrl(o.org.slug) }, { loc: guideUrl(o.org.slug) });
    for (let offset = 0; offset < 40_000; offset += 100) {
      const { articles } = await d.listArticles({}, { limit: 100, offset });
      for (const a of articles) entries.push({ loc: a.url, lastmod: a.publishedOn });
      if (articles.length < 100) break;
    }
    for (const i of await d.listIssues()) entries.push({ loc: i.url, lastmod: i.publishedOn });
    for (const tp of await d.openTopics()) entries.push({ loc: topicUrl(tp.slug) });
    for (const source of deps.sitemapSources ?? []) entries.push(...(await source().catch(() => [])));
    return reply.type('application/xml; charset=utf-8').send(sitemap(entries, publicUrl));
  });
}
