/**
 * The public disclosure pages: the catalogue's front (/xxgk) with the organisation tree, one
 * organisation's catalogue by category and year, its 公开指南, an article with its national
 * metadata (and a print view), the gazette (/gazette, phone-first like the 掌上公报) and topics.
 * Each page carries the national meta tags (meta.ts).
 */
import { t } from '../../../lib/i18n/index.js';
import { html, raw, type Renderable } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import { renderBody } from '../markup.js';
import type { PageMeta, SiteMeta as FullSiteMeta } from '../meta.js';
import { levelLabel, stageLabel } from '../model.js';
import type { ArticleSummary, ArticleView } from '../present.js';
import type { OrgRow } from '../repo.js';
import { browseUrl, guideUrl, orgUrl } from '../urls.js';
import { articleList } from './parts.js';

/** the site's own values (the layout prints them on every page from configuration) */
export type SiteMeta = FullSiteMeta;

const page = (_site: SiteMeta, meta: PageMeta & { qr?: boolean }, opts: Parameters<typeof layout>[0], body: Renderable) =>
  layout({ ...opts, meta: { columnName: meta.columnName, columnType: meta.columnType, article: meta.article }, qr: meta.qr, bodyClass: `disclosure ${opts.bodyClass ?? ''}`.trim() }, body);

const xxgkCrumb = () => ({ label: t('disclosure.title'), href: '/xxgk' });

export function homePage(
  site: SiteMeta,
  d: { tree: { org: OrgRow; depth: number }[]; latest: ArticleSummary[]; policies: ArticleSummary[]; topics: { title: string; url: string }[] },
) {
  return page(site, { columnName: t('disclosure.title'), columnType: t('disclosure.columnType.catalogue') }, { title: t('disclosure.title'), description: t('disclosure.intro'), crumbs: [{ label: t('disclosure.title') }] }, html`
<h1>${t('disclosure.title')}</h1>
<p class="lead">${t('disclosure.intro')}</p>
<div class="disclosure-grid">
<section aria-labelledby="h-orgs"><h2 id="h-orgs">${t('disclosure.orgs')}</h2>
<ul class="org-tree">${d.tree.map((o) => html`<li class="depth-${Math.min(o.depth, 4)}"><a href="${orgUrl(o.org.slug)}">${o.org.name}</a> <span class="meta">${levelLabel(o.org.level)}</span></li>`)}</ul></section>
<section aria-labelledby="h-latest"><h2 id="h-latest">${t('disclosure.latest')}</h2>${articleList(d.latest, { showOrg: true })}
<h2 id="h-policies">${t('disclosure.policies')}</h2>${articleList(d.policies, { showOrg: true })}
${d.topics.length ? html`<h2>${t('disclosure.topics')}</h2><ul>${d.topics.map((tp) => html`<li><a href="${tp.url}">${tp.title}</a></li>`)}</ul>` : ''}
<p><a href="/gazette">${t('disclosure.gazette.name')}</a> · <a href="/xxgk/annual-reports">${t('disclosure.link.annualReports')}</a> · <a href="/foi/apply">${t('disclosure.link.foi')}</a> · <a href="/proposals">${t('disclosure.link.proposals')}</a> · <a href="/xxgk/feed.xml">${t('disclosure.feed.rss')}</a> · <a href="/xxgk/atom.xml">${t('disclosure.feed.atom')}</a></p>
</section></div>`);
}

export function orgPage(site: SiteMeta, d: Awaited<ReturnType<typeof import('../operations/browse.js').browse>>, q: { category?: string; year?: number; page: number; size: number }) {
  const cat = q.category ? d.stages.flatMap((s) => s.categories).find((c) => c.slug === q.category) : undefined;
  const title = [d.org.name, cat?.name, q.year ? t('disclosure.yearN', { year: q.year }) : ''].filter(Boolean).join(' · ');
  const pages = Math.max(1, Math.ceil(d.total / q.size));
  const base = browseUrl(d.org.slug, { category: q.category, year: q.year });
  return page(
    site,
    { columnName: cat?.name ?? d.org.name, columnType: t('disclosure.columnType.catalogue') },
    { title, crumbs: [xxgkCrumb(), ...(cat || q.year ? [{ label: d.org.name, href: orgUrl(d.org.slug) }] : []), { label: cat || q.year ? (cat?.name ?? String(q.year)) : d.org.name }] },
    html`<h1>${title}</h1>
<p><a href="${guideUrl(d.org.slug)}">${t('disclosure.guideLink')}</a> · <a href="${orgUrl(d.org.slug)}/annual-report">${t('disclosure.link.annualReports')}</a> · <a href="/xxgk/feed.xml?org=${d.org.slug}">${t('disclosure.feed.rss')}</a> · <a href="/xxgk/atom.xml?org=${d.org.slug}">${t('disclosure.feed.atom')}</a>
${d.parent ? html` · ${t('disclosure.parentOrg')}<a href="${orgUrl(d.parent.slug)}">${d.parent.name}</a>` : ''}</p>
${d.children.length ? html`<nav aria-label="${t('disclosure.childOrgs')}"><p>${t('disclosure.childOrgs')}：${d.children.map((c) => html`<a href="${orgUrl(c.slug)}">${c.name}</a> `)}</p></nav>` : ''}
<div class="disclosure-grid">
<nav aria-labelledby="h-cats"><h2 id="h-cats">${t('disclosure.categories')}</h2>
${d.stages.map(
  (s) => html`<h3>${stageLabel(s.stage)}</h3><ul class="cat-list">${s.categories.map(
    (c) => html`<li>${c.slug === q.category ? html`<strong aria-current="page">${c.name}</strong>` : html`<a href="${browseUrl(d.org.slug, { category: c.slug })}">${c.name}</a>`} <span class="meta">${c.count}</span></li>`,
  )}</ul>`,
)}</nav>
<section aria-labelledby="h-list"><h2 id="h-list">${t('disclosure.listHeading', { total: d.total })}</h2>
${d.years.length ? html`<p class="years">${t('disclosure.byYear')}：${d.years.map((y) => (y.year === q.year ? html`<strong>${y.year}（${y.count}）</strong> ` : html`<a href="${browseUrl(d.org.slug, { category: q.category, year: y.year })}">${y.year}（${y.count}）</a> `))}</p>` : ''}
${articleList(d.articles)}
${pages > 1 ? html`<nav class="pager" aria-label="${t('disclosure.pages')}">${q.page > 1 ? html`<a href="${base}?page=${q.page - 1}">${t('disclosure.prev')}</a> ` : ''}<span>${q.page} / ${pages}</span>${q.page < pages ? html` <a href="${base}?page=${q.page + 1}">${t('disclosure.next')}</a>` : ''}</nav>` : ''}
</section></div>`,
  );
}

export function guidePage(site: SiteMeta, org: OrgRow) {
  return page(site, { columnName: t('disclosure.guideLink'), columnType: t('disclosure.columnType.guide') }, { title: `${org.name}${t('disclosure.guideLink')}`, crumbs: [xxgkCrumb(), { label: org.name, href: orgUrl(org.slug) }, { label: t('disclosure.guideLink') }] }, html`
<h1>${org.name}${t('disclosure.guideLink')}</h1>
${org.guide ? renderBody(org.guide.split('\n').join('\n\n')) : html`<p>${t('disclosure.noGuide')}</p>`}`);
}

type ArticleData = {
  article: ArticleView;
  policy?: ArticleSummary & { late: boolean; days: number };
  interpretations: (ArticleSummary & { late: boolean; days: number })[];
  items: { name: string; url: string }[];
  issues: { year: number; number: number; url: string }[];
};

function metaTable(a: ArticleView) {
  const row = (label: string, value: Renderable) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  return html`<table class="meta-table"><caption class="visually-hidden">${t('disclosure.metaCaption')}</caption><tbody>
${row(t('disclosure.field.indexNo'), a.indexNo)}${row(t('disclosure.field.topic'), a.topic)}
${row(t('disclosure.field.issuer'), a.issuer)}${row(t('disclosure.field.writtenOn'), a.writtenOn)}
${row(t('disclosure.field.publishedOn'), a.publishedOn)}${row(t('disclosure.field.docNo'), a.docNo || t('disclosure.none'))}
${row(t('disclosure.field.validity'), html`${a.validity.name}${a.validityDate ? html`（${a.validityDate}）` : ''}`)}
${row(t('disclosure.field.openMode'), a.openMode)}${row(t('disclosure.field.openScope'), a.openScope)}
${row(t('disclosure.field.category'), html`${a.stage.name} · ${a.category.name}`)}${row(t('disclosure.field.kind'), a.kind.name)}
</tbody></table>`;
}

export function articlePage(site: SiteMeta, d: ArticleData, o: { base: string; qr: string; print?: boolean }) {
  const a = d.article;
  const meta: PageMeta & { qr?: boolean } = {
    qr: false,
    columnName: a.category.name,
    columnType: t('disclosure.columnType.article'),
    article: { title: a.title, pubDate: a.publishedOn, contentSource: a.issuer, keywords: a.keywords, author: a.org.name, description: a.summary || a.title, url: o.base + a.url },
  };
  return page(
    site,
    meta,
    { title: a.title, description: a.summary || a.title, crumbs: [xxgkCrumb(), { label: a.org.name, href: a.orgUrl }, { label: a.title }], bodyClass: o.print ? 'print-view' : '' },
    html`<article class="gov-article">
${metaTable(a)}
<h1>${a.title}</h1>
${a.docNo ? html`<p class="doc-no">${a.docNo}</p>` : ''}
${a.validity.code !== 'valid' ? html`<p class="notice notice-warn" role="note">${t('disclosure.notValid', { state: a.validity.name, date: a.validityDate })}</p>` : ''}
${d.policy ? html`<p class="notice" role="note">${t('disclosure.interprets')}<a href="${d.policy.url}">${d.policy.title}</a>${d.policy.late ? html` <span class="tag tag-warn">${t('disclosure.late', { days: d.policy.days })}</span>` : ''}</p>` : ''}
${a.interpretForm ? html`<p class="meta">${t('disclosure.field.interpretForm')}：${a.interpretForm.name}${a.videoUrl ? html` · <a href="${a.videoUrl}" rel="noopener noreferrer">${t('disclosure.watchVideo')}</a>` : ''}</p>` : ''}
<div class="article-body">${renderBody(a.body)}</div>
<p class="signature">${a.issuer}<br>${a.writtenOn}</p>
${a.attachments.length ? html`<h2>${t('disclosure.field.attachments')}</h2><ul>${a.attachments.map((f) => html`<li><a href="${f.url}">${f.filename}</a> <span class="meta">${f.format.toUpperCase()} · ${Math.ceil(f.size / 1024)} KB</span></li>`)}</ul>` : ''}
${d.interpretations.length ? html`<h2>${t('disclosure.interpretationsHeading')}</h2><ul>${d.interpretations.map((i) => html`<li><a href="${i.url}">${i.title}</a> <span class="meta">${i.publishedOn}</span>${i.late ? html` <span class="tag tag-warn">${t('disclosure.late', { days: i.days })}</span>` : ''}</li>`)}</ul>` : ''}
${d.items.length ? html`<h2>${t('disclosure.itemsHeading')}</h2><ul>${d.items.map((i) => html`<li><a href="${i.url}">${i.name}</a></li>`)}</ul>` : ''}
${d.issues.length ? html`<p>${t('disclosure.inGazette')}${d.issues.map((i) => html`<a href="${i.url}">${t('disclosure.gazette.issueTitle', { year: i.year, number: i.number })}</a> `)}</p>` : ''}
${
  o.print
    ? ''
    : html`<aside class="share" aria-label="${t('disclosure.share')}"><figure class="qr">${raw(o.qr)}<figcaption>${t('disclosure.qr')}</figcaption></figure>
<p><a href="${a.url}/print">${t('disclosure.print')}</a></p></aside>`
}
</article>`,
  );
}

export function withdrawnPage(site: SiteMeta, w: { title: string; reason: string }) {
  return page(site, {}, { title: w.title, crumbs: [xxgkCrumb(), { label: w.title }] }, html`<h1>${w.title}</h1><p class="notice notice-warn" role="note">${t('disclosure.withdrawnNotice', { reason: w.reason })}</p>`);
}

export function gazettePage(site: SiteMeta, issues: { year: number; number: number; serial: number; publishedOn: string; url: string; documents: number }[]) {
  return page(site, { columnName: t('disclosure.gazette.name'), columnType: t('disclosure.columnType.gazette') }, { title: t('disclosure.gazette.name'), crumbs: [{ label: t('disclosure.gazette.name') }], bodyClass: 'gazette' }, html`
<h1>${t('disclosure.gazette.name')}</h1>
<ul class="issue-list">${issues.map((i) => html`<li><a href="${i.url}">${t('disclosure.gazette.issueTitle', { year: i.year, number: i.number })}</a> <span class="meta">${t('disclosure.gazette.serial', { n: i.serial })} · ${i.publishedOn} · ${t('disclosure.gazette.docs', { n: i.documents })}</span></li>`)}</ul>`);
}

export function issuePage(site: SiteMeta, d: Awaited<ReturnType<typeof import('../operations/gazette.js').getIssue>>, qr: string) {
  return page(site, { columnName: d.title, columnType: t('disclosure.columnType.gazette'), qr: false }, { title: d.title, crumbs: [{ label: t('disclosure.gazette.name'), href: '/gazette' }, { label: d.title }], bodyClass: 'gazette' }, html`
<h1>${d.title}</h1>
<p class="meta">${t('disclosure.gazette.serial', { n: d.issue.serial })} · ${d.issue.publishedOn} · <a href="${d.issue.url}.pdf">${t('disclosure.gazette.pdf')}</a></p>
<nav aria-labelledby="h-contents"><h2 id="h-contents">${t('disclosure.gazette.contents')}</h2><ol>${d.documents.map((doc) => html`<li><a href="#doc-${doc.id}">${doc.title}</a></li>`)}</ol></nav>
${d.documents.map(
  (doc) => html`<section id="doc-${doc.id}" class="gazette-doc" aria-labelledby="h-doc-${doc.id}"><h2 id="h-doc-${doc.id}">${doc.title}</h2>
${doc.docNo ? html`<p class="doc-no">${doc.docNo}</p>` : ''}<div class="article-body">${renderBody(doc.body)}</div>
<p class="signature">${doc.issuer}<br>${doc.writtenOn}</p><p><a href="${doc.url}">${t('disclosure.gazette.original')}</a></p></section>`,
)}
<aside class="share" aria-label="${t('disclosure.share')}"><figure class="qr">${raw(qr)}<figcaption>${t('disclosure.qr')}</figcaption></figure></aside>`);
}

export function topicPage(site: SiteMeta, d: Awaited<ReturnType<typeof import('../operations/topics.js').getTopic>>) {
  return page(site, { columnName: d.title, columnType: t('disclosure.columnType.topic') }, { title: d.title, description: d.summary, crumbs: [{ label: t('disclosure.topics'), href: '/topics' }, { label: d.title }] }, html`
<h1>${d.title}</h1><p class="lead">${d.summary}</p>
${d.sections.map((s) => html`<section><h2>${s.title}</h2><ul>${s.entries.map((e) => html`<li><a href="${e.url}">${e.title}</a></li>`)}</ul></section>`)}`);
}

export function topicsPage(site: SiteMeta, list: { title: string; summary: string; url: string }[]) {
  return page(site, { columnName: t('disclosure.topics'), columnType: t('disclosure.columnType.topic') }, { title: t('disclosure.topics'), crumbs: [{ label: t('disclosure.topics') }] }, html`
<h1>${t('disclosure.topics')}</h1>${list.length ? html`<ul>${list.map((tp) => html`<li><a href="${tp.url}">${tp.title}</a><br><span class="meta">${tp.summary}</span></li>`)}</ul>` : html`<p>${t('disclosure.empty')}</p>`}`);
}
