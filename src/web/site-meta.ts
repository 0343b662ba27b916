/**
 * The meta tags of the national 政府网站网页设计规范 (页面元数据) on every public page, and the
 * page's canonical address (for the tags and the 手机扫码阅读 QR code in the footer).
 *
 * - Site level, on every page: SiteName, SiteDomain, SiteIDCode — from configuration
 *   (SITE_NAME, PUBLIC_URL, SITE_ID_CODE), set once at start by app.ts (`configureSite`).
 * - Column level, on every page (the home page's column is 首页): ColumnName and ColumnType. A page passes its
 *   own (`PageOptions.meta`); otherwise the column is the first breadcrumb (or the title) and its
 *   type follows from the address (`COLUMNS` below), so a new page kind gets sensible tags.
 * - Article level, on a page that is one article (a guide, a published document, a reply):
 *   ArticleTitle, PubDate, ContentSource, Keywords, Author, Description, Image, Url.
 *
 * This is the web layer: it knows addresses, never a module.
 */
import { t, type MessageKey } from '../lib/i18n/index.js';
import { prefs } from '../lib/prefs.js';
import { html, type SafeHtml } from './html.js';

export interface SiteMeta {
  siteName: string;
  siteDomain: string;
  siteIdCode: string;
}

export interface ArticleMeta {
  title: string;
  /** YYYY-MM-DD (or with a time) */
  pubDate: string;
  /** 信息来源: the issuing body */
  contentSource: string;
  keywords: string[];
  /** 作者: the organisation that wrote it */
  author: string;
  description: string;
  /** an image of the article (its first picture); may be empty */
  image?: string;
  /** its absolute address; default: the page's canonical address */
  url?: string;
}

export interface PageMeta {
  columnName?: string;
  /** 栏目类型: 信息公开, 政务公开目录, 政府公报, 在线办事, 互动交流 … */
  columnType?: string;
  article?: ArticleMeta;
}

interface SiteConfig {
  siteName?: string;
  publicUrl: string;
  siteIdCode: string;
}

let configured: SiteConfig = { publicUrl: 'http://localhost:3000', siteIdCode: '3600000001' };

/** Called once at start with the deployment's values. */
export function configureSite(c: SiteConfig): void {
  configured = { ...c, publicUrl: c.publicUrl.replace(/\/+$/, '') };
}

export function siteMeta(): SiteMeta {
  return { siteName: configured.siteName || t('site.name'), siteDomain: new URL(configured.publicUrl).host, siteIdCode: configured.siteIdCode };
}

export const publicBase = (): string => configured.publicUrl;

/** Query parameters that name what a page shows (kept in its canonical address); any other is noise. */
const MEANINGFUL = new Set(['q', 'kind', 'page', 'year', 'category', 'org', 'organisation', 'audience', 'department', 'theme', 'type', 'validity', 'hall', 'date']);

/**
 * The canonical path of an address as requested: the path and its meaningful parameters, in a
 * fixed order, without session, tracking or display-switch noise. Paths that are not plain
 * (`//host`, control characters) give '/'.
 */
export function canonicalPath(requested: string): string {
  const hash = requested.indexOf('#');
  const raw = hash >= 0 ? requested.slice(0, hash) : requested;
  const q = raw.indexOf('?');
  const path = q >= 0 ? raw.slice(0, q) : raw;
  if (!path.startsWith('/') || path.startsWith('//') || !/^[\x21-\x7e]*$/.test(path) || path.length > 300) return '/';
  // the home page is one page whatever follows it (and is rendered once for everyone)
  if (q < 0 || path === '/') return path;
  const kept = [...new URLSearchParams(raw.slice(q + 1))].filter(([k, v]) => MEANINGFUL.has(k) && v !== '' && v.length <= 200).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!kept.length) return path;
  return `${path}?${new URLSearchParams(kept).toString()}`;
}

/** The canonical path of the page being served (from the request's address). */
export const currentPath = (): string => canonicalPath(prefs().here);

/** Column types, by the first segment of the address (longest match first). */
const COLUMNS: [prefix: string, type: MessageKey][] = [
  ['/xxgk', 'meta.type.disclosure'],
  ['/gazette', 'meta.type.gazette'],
  ['/topics', 'meta.type.topic'],
  ['/foi', 'meta.type.foi'],
  ['/proposals', 'meta.type.disclosure'],
  ['/search', 'meta.type.search'],
  ['/letters', 'meta.type.interaction'],
  ['/satisfaction', 'meta.type.interaction'],
  ['/me', 'meta.type.personal'],
  ['/login', 'meta.type.personal'],
  ['/signup', 'meta.type.personal'],
  ['/reset', 'meta.type.personal'],
  ['/admin', 'meta.type.personal'],
  ['/api', 'meta.type.data'],
  ['/styleguide', 'meta.type.about'],
];

export function columnTypeOf(path: string): string {
  if (path === '/') return t('meta.type.home');
  const found = COLUMNS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`));
  return t(found ? found[1] : 'meta.type.service');
}

const tag = (name: string, content: string) => html`<meta name="${name}" content="${content}">`;

/** The tags for one page: the site's, the column's and (for an article) the article's. */
export function metaTags(m: PageMeta, site: SiteMeta = siteMeta(), url = publicBase() + currentPath()): SafeHtml {
  const a = m.article;
  return html`${tag('SiteName', site.siteName)}
${tag('SiteDomain', site.siteDomain)}
${tag('SiteIDCode', site.siteIdCode)}
${tag('ColumnName', m.columnName ?? '')}
${tag('ColumnType', m.columnType ?? '')}
${
    a
      ? html`${tag('ArticleTitle', a.title)}
${tag('PubDate', a.pubDate)}
${tag('ContentSource', a.contentSource)}
${tag('Keywords', a.keywords.filter(Boolean).join(','))}
${tag('Author', a.author)}
${tag('Description', a.description)}
${tag('Image', a.image ?? '')}
${tag('Url', a.url ?? url)}`
      : tag('Url', url)
  }`;
}
