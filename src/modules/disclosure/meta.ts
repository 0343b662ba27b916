/**
 * The meta tags of the national 政府网站网页设计规范 (GB/T 政府网站 页面元数据): SiteName,
 * SiteDomain, SiteIDCode on every page; ColumnName and ColumnType on a column (list) page;
 * ArticleTitle, PubDate, ContentSource, Keywords, Author, Description, Image, Url on an article.
 * The public layout (src/web/layout.ts) has no slot for extra head tags yet, so the disclosure
 * pages put these at the top of <head> themselves (withMeta); to put them on every page kind,
 * the layout's PageOptions would take a `meta` list and print it — see decision 0022.
 */
import { type SafeHtml, html } from '../../web/html.js';

export interface PageMeta {
  siteName: string;
  siteDomain: string;
  siteIdCode: string;
  columnName?: string;
  /** 栏目类型: 信息公开, 政务公开目录, 政府公报, 专题专栏 … */
  columnType?: string;
  article?: {
    title: string;
    pubDate: string;
    contentSource: string;
    keywords: string[];
    author: string;
    description: string;
    image?: string;
    url: string;
  };
}

export function metaTags(m: PageMeta): SafeHtml {
  const tag = (name: string, content: string) => html`<meta name="${name}" content="${content}">`;
  return html`${tag('SiteName', m.siteName)}
${tag('SiteDomain', m.siteDomain)}
${tag('SiteIDCode', m.siteIdCode)}
${m.columnName ? tag('ColumnName', m.columnName) : ''}
${m.columnType ? tag('ColumnType', m.columnType) : ''}
${
  m.article
    ? html`${tag('ArticleTitle', m.article.title)}
${tag('PubDate', m.article.pubDate)}
${tag('ContentSource', m.article.contentSource)}
${tag('Keywords', m.article.keywords.join(','))}
${tag('Author', m.article.author)}
${tag('Description', m.article.description)}
${tag('Image', m.article.image ?? '')}
${tag('Url', m.article.url)}`
    : ''
}`;
}

/** Put the tags into a page the public layout rendered (just after <meta charset>). */
export function withMeta(page: string, tags: SafeHtml): string {
  return page.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n${tags.value}`);
}
