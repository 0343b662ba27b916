/**
 * Feeds and reach: RSS 2.0 and Atom per category and organisation, the portal's sitemap.xml,
 * and XML escaping done in one place (every text and attribute through `xml`).
 */
import type { ArticleSummary } from './present.js';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids are dropped
export const xml = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string);

export interface Feed {
  title: string;
  /** the page the feed follows, absolute */
  link: string;
  /** the feed's own address, absolute */
  self: string;
  description: string;
  items: (ArticleSummary & { summary: string; publishedAt: Date })[];
}

export function rss(feed: Feed, base: string): string {
  const items = feed.items
    .map(
      (a) => `<item><title>${xml(a.title)}</title><link>${xml(base + a.url)}</link><guid isPermaLink="true">${xml(base + a.url)}</guid>` +
        `<pubDate>${a.publishedAt.toUTCString()}</pubDate><category>${xml(a.category.name)}</category><author>${xml(a.org.name)}</author>` +
        `<description>${xml(a.summary)}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>${xml(feed.title)}</title><link>${xml(feed.link)}</link><description>${xml(feed.description)}</description><language>zh-CN</language>
<atom:link href="${xml(feed.self)}" rel="self" type="application/rss+xml"/>
${items}
</channel></rss>`;
}

export function atom(feed: Feed, base: string): string {
  const updated = (feed.items[0]?.publishedAt ?? new Date(0)).toISOString();
  const entries = feed.items
    .map(
      (a) => `<entry><id>${xml(base + a.url)}</id><title>${xml(a.title)}</title><link href="${xml(base + a.url)}"/>` +
        `<updated>${a.publishedAt.toISOString()}</updated><author><name>${xml(a.org.name)}</name></author>` +
        `<category term="${xml(a.category.slug)}" label="${xml(a.category.name)}"/><summary>${xml(a.summary)}</summary></entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<id>${xml(feed.self)}</id><title>${xml(feed.title)}</title><subtitle>${xml(feed.description)}</subtitle><updated>${updated}</updated>
<link href="${xml(feed.link)}"/><link rel="self" href="${xml(feed.self)}"/>
${entries}
</feed>`;
}

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

/** A sitemap of absolute addresses (at most 50,000 as the protocol allows). */
export function sitemap(entries: SitemapEntry[], base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries
  .slice(0, 50_000)
  .map((e) => `<url><loc>${xml(base + e.loc)}</loc>${e.lastmod ? `<lastmod>${xml(e.lastmod)}</lastmod>` : ''}</url>`)
  .join('\n')}
</urlset>`;
}
