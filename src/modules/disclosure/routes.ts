/**
 * The public pages: /xxgk (the catalogue, an organisation × category × year, its 公开指南, an
 * article and its print view and attachments), /gazette (issues, reading view, PDF, QR codes),
 * /topics, the feeds (/xxgk/feed.xml, /xxgk/atom.xml) and /sitemap.xml.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { FileStore } from '../../lib/files/index.js';
import type { FontConfig } from '../../lib/pdf-fonts.js';
import { PageCache, sendPage } from '../../web/page-cache.js';
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
  /**
   * Rendered pages (src/web/page-cache.ts): every public page here is rendered once per change;
   * the composition root empties it on each disclosure (and catalogue) change, in every process.
   * Without it (a test building the routes alone) each request renders.
   */
  pages?: PageCache;
  pdfFont?: FontConfig;
  /** other modules' public addresses for the sitemap (items, journeys, departments …) */
  sitemapSources?: (() => Promise<SitemapEntry[]>)[];
}

const hidden = { schema: { hide: true } } as const;
const HTML = 'text/html; charset=utf-8';
const SIZE = 20;
/** pages that show topics (open from one day, closed after another) or other modules' pages are rendered again after this */
const DATED_MS = 10 * 60_000;

/** A withdrawn article: its notice is sent with 410 and not kept with the pages. */
class Gone {
  constructor(readonly body: string) {}
}

export async function sendStored(reply: FastifyReply, files: FileStore, a: { sha256: string; filename: string; format: string }) {
  const stored = await files.open(a.sha256);
  if (!stored) throw new NotFoundError(t('disclosure.notFound'));
  return reply
    .type(CONTENT_TYPES[a.format as Format] ?? 'application/octet-stream')
    .header('content-length', stored.size)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
    .send(stored.stream);
}

/** `?page=`: absent is the first page; anything but a whole number from 1 is a bad request. */
function pageNo(query: unknown): number {
  const raw = (query as { page?: unknown }).page;
  if (raw === undefined) return 1;
  const n = intParam(raw);
  if (!n) throw new BadRequestError(t('disclosure.badPage'));
  return n;
}

/** A year in an address: four digits, within the years information can carry. */
function yearOf(raw: string): number {
  const y = /^\d{4}$/.test(raw) ? Number(raw) : 0;
  if (y < 1949 || y > 2100) throw new NotFoundError(t('disclosure.yearNotFound'));
  return y;
}

export async function disclosureRoutes(app: FastifyInstance, deps: DisclosureRouteDeps) {
  const { disclosure: d, publicUrl } = deps;
  const pages = deps.pages ?? new PageCache(0, 0);
  const site: SiteMeta = { siteName: t('site.name'), siteDomain: new URL(publicUrl).host, siteIdCode: d.context.siteIdCode ?? '3600000001' };
  const P = (r: { params: unknown }) => r.params as Record<string, string>;

  /**
   * Send the page kept under `key`, rendering it if it is not kept. A page is kept until the next
   * change (the cache is emptied) or the next scheduled publication, whichever comes first;
   * `dated` pages at most DATED_MS.
   */
  const cached = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: () => Promise<string | Buffer>,
    o: { type?: string; dated?: boolean } = {},
  ) => {
    const until = (await d.context.liveCounts()).until - d.context.clock().getTime();
    const ttlMs = Math.max(1, Math.min(until, o.dated ? DATED_MS : Number.POSITIVE_INFINITY));
    try {
      return sendPage(request, reply, await pages.get(`xxgk|${key}`, render, { type: o.type, ttlMs: Number.isFinite(ttlMs) ? ttlMs : 0 }));
    } catch (e) {
      if (e instanceof Gone) return reply.code(410).type(HTML).send(e.body);
      throw e;
    }
  };

  app.get('/xxgk', hidden, async (request, reply) =>
    cached(
      request,
      reply,
      'home',
      async () => {
        const [tree, latest, policies, topics] = await Promise.all([
          d.orgTree(),
          d.listArticles({}, { limit: 12, offset: 0 }),
          d.listArticles({ kinds: ['policy', 'normative'] }, { limit: 8, offset: 0 }),
          d.openTopics(),
        ]);
        return homePage(site, { tree, latest: latest.articles, policies: policies.articles, topics });
      },
      { dated: true },
    ),
  );

  const browse = async (request: FastifyRequest, reply: FastifyReply, org: string, category: string | undefined, year: number | undefined) => {
    const p = pageNo(request.query);
    return cached(request, reply, `org|${org}|${category ?? ''}|${year ?? ''}|${p}`, async () => {
      const data = await d.browse({ org, category, year, limit: SIZE, offset: (p - 1) * SIZE });
      return orgPage(site, data, { category, year, page: p, size: SIZE });
    });
  };

  const article = async (id: number, print: boolean) => {
    const found = await d.getArticle(id);
    if (found.withdrawn) throw new Gone(withdrawnPage(site, found.withdrawn));
    return articlePage(site, found, { base: publicUrl, qr: print ? '' : await qrSvg(publicUrl + articleUrl(id)), print });
  };
  app.get('/xxgk/articles/:id', hidden, async (request, reply) => {
    const id = intParam(P(request).id) ?? 0;
    return cached(request, reply, `article|${id}`, () => article(id, false));
  });
  app.get('/xxgk/articles/:id/print', hidden, async (request, reply) => {
    const id = intParam(P(request).id) ?? 0;
    return cached(request, reply, `article|${id}|print`, () => article(id, true));
  });
  app.get('/xxgk/articles/:id/files/:file', hidden, async (request, reply) => {
    const a = await d.publicAttachment(intParam(P(request).id) ?? 0, intParam(P(request).file) ?? 0);
    return sendStored(reply, deps.files, a);
  });

  const feedOf = async (q: { org?: string; category?: string }): Promise<Feed> => {
    // a feed asked for an organisation or a category that does not exist is "not found", not the whole catalogue
    const { org, category } = q;
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
  const feedQuery = (query: unknown) => {
    const q = query as Record<string, unknown>;
    // a repeated or bracketed parameter (?org=a&org=b, ?org[]=a) is not a feed to fall back from to the whole catalogue
    const one = (v: unknown) => {
      if (v === undefined) return undefined;
      if (typeof v !== 'string') throw new BadRequestError(t('disclosure.badFeedQuery'));
      return v.slice(0, 80);
    };
    return { org: one(q.org), category: one(q.category) };
  };
  const feed = (format: 'rss' | 'atom') => async (request: FastifyRequest, reply: FastifyReply) => {
    const q = feedQuery(request.query);
    const type = `application/${format}+xml; charset=utf-8`;
    return cached(request, reply, `feed|${format}|${q.org ?? ''}|${q.category ?? ''}`, async () => (format === 'rss' ? rss : atom)(await feedOf(q), publicUrl), { type });
  };
  app.get('/xxgk/feed.xml', hidden, feed('rss'));
  app.get('/xxgk/atom.xml', hidden, feed('atom'));

  app.get('/xxgk/:org', hidden, async (request, reply) => browse(request, reply, P(request).org as string, undefined, undefined));
  app.get('/xxgk/:org/guide', hidden, async (request, reply) => {
    const org = P(request).org as string;
    return cached(request, reply, `guide|${org}`, async () => guidePage(site, await d.orgBySlug(org)));
  });
  app.get('/xxgk/:org/all/:year', hidden, async (request, reply) => browse(request, reply, P(request).org as string, undefined, yearOf(P(request).year as string)));
  app.get('/xxgk/:org/:category', hidden, async (request, reply) => browse(request, reply, P(request).org as string, P(request).category, undefined));
  app.get('/xxgk/:org/:category/:year', hidden, async (request, reply) =>
    browse(request, reply, P(request).org as string, P(request).category, yearOf(P(request).year as string)),
  );

  app.get('/gazette', hidden, async (request, reply) => cached(request, reply, 'gazette', async () => gazettePage(site, await d.listIssues())));
  const issueParams = (r: { params: unknown }) => {
    const y = intParam(P(r).year);
    const n = intParam(String(P(r).number).replace(/\.(pdf|svg)$/, ''));
    if (!y || !n) throw new NotFoundError(t('disclosure.issueNotFound'));
    return [y, n] as const;
  };
  app.get('/gazette/:year/:number', hidden, async (request, reply) => {
    const raw = String(P(request).number);
    const [y, n] = issueParams(request);
    const url = publicUrl + issueUrl(y, n);
    if (raw.endsWith('.pdf')) {
      reply.header('content-disposition', `inline; filename="gazette-${y}-${n}.pdf"`);
      return cached(
        request,
        reply,
        `gazette|${y}|${n}|pdf`,
        async () => {
          const issue = await d.getIssue(y, n);
          return issuePdf({ title: issue.title, serial: issue.issue.serial, publishedOn: issue.issue.publishedOn, url, documents: issue.documents }, deps.pdfFont);
        },
        { type: 'application/pdf' },
      );
    }
    if (raw.endsWith('.svg')) {
      await d.getIssue(y, n);
      return reply.type('image/svg+xml').send(await qrSvg(url));
    }
    return cached(request, reply, `gazette|${y}|${n}`, async () => issuePage(site, await d.getIssue(y, n), await qrSvg(url)));
  });
  app.get('/xxgk/articles/:id/qr.svg', hidden, async (request, reply) => {
    const id = intParam(P(request).id) ?? 0;
    await d.getArticle(id);
    return reply.type('image/svg+xml').send(await qrSvg(publicUrl + articleUrl(id)));
  });

  app.get('/topics', hidden, async (request, reply) => cached(request, reply, 'topics', async () => topicsPage(site, await d.openTopics()), { dated: true }));
  app.get('/topics/:slug', hidden, async (request, reply) => {
    const slug = P(request).slug as string;
    return cached(request, reply, `topic|${slug}`, async () => topicPage(site, await d.getTopic(slug)), { dated: true });
  });

  app.get('/sitemap.xml', hidden, async (request, reply) =>
    cached(request, reply, 'sitemap', sitemapXml, { type: 'application/xml; charset=utf-8', dated: true }),
  );
  async function sitemapXml() {
    const entries: SitemapEntry[] = [{ loc: '/' }, { loc: '/xxgk' }, { loc: '/gazette' }, { loc: '/topics' }];
    const tree = await d.orgTree();
    for (const o of tree) entries.push({ loc: orgUrl(o.org.slug) }, { loc: guideUrl(o.org.slug) });
    // the newest 40,000, read from the live index alone (pages of 100 by offset took 6 s at a million)
    entries.push(...(await d.newestAddresses(40_000)));
    for (const i of await d.listIssues()) entries.push({ loc: i.url, lastmod: i.publishedOn });
    for (const tp of await d.openTopics()) entries.push({ loc: topicUrl(tp.slug) });
    for (const source of deps.sitemapSources ?? []) entries.push(...(await source().catch(() => [])));
    return sitemap(entries, publicUrl);
  }
}
