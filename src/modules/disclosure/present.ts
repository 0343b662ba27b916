/** Rows become what the pages and the API show: here only. */
import type { Lookups } from './context.js';
import { type ArticleContent, interpretFormLabel, openModeLabel, stageLabel, validityLabel } from './model.js';
import type { ArticleListRow, ArticleRow, AttachmentRow, IssueRow, OrgRow } from './repo.js';
import { articleUrl, attachmentUrl, issueUrl, orgUrl } from './urls.js';

// one formatter per time zone: making one costs more than the rest of a list row (a page of 20 rows spent ~1 ms on it)
const formats = new Map<string, Intl.DateTimeFormat>();
const dateFormat = (timeZone: string) => {
  const kept = formats.get(timeZone);
  if (kept) return kept;
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  formats.set(timeZone, f);
  return f;
};
export const ymd = (d: Date | null | undefined, timeZone: string) => (d ? dateFormat(timeZone).format(d) : '');

export function presentListRow(r: ArticleListRow, l: Lookups, timeZone: string) {
  return {
    id: r.id,
    title: r.title,
    kind: { slug: r.kind, name: l.kinds.get(r.kind)?.name ?? r.kind },
    org: { slug: l.orgRows.get(r.orgId)?.slug ?? '', name: l.orgRows.get(r.orgId)?.name ?? '' },
    indexNo: r.indexNo,
    docNo: r.docNo,
    category: { slug: r.category, name: l.categories.get(r.category)?.name ?? r.category },
    stage: { slug: r.stage, name: stageLabel(r.stage) },
    validity: { code: r.validity, name: validityLabel(r.validity) },
    publishedOn: ymd(r.publishedAt, timeZone),
    url: articleUrl(r.id),
  };
}
export type ArticleSummary = ReturnType<typeof presentListRow>;

export function presentAttachment(a: Pick<AttachmentRow, 'id' | 'articleId' | 'filename' | 'format' | 'size'>) {
  return { id: a.id, filename: a.filename, format: a.format, size: a.size, url: attachmentUrl(a.articleId, a.id) };
}

/** The whole public article: its national metadata, body, attachments, links. */
export function presentArticle(row: ArticleRow & { content: ArticleContent }, l: Lookups, timeZone: string, extra: { attachments: Pick<AttachmentRow, 'id' | 'articleId' | 'filename' | 'format' | 'size'>[] }) {
  const c = row.content;
  const org = l.orgRows.get(row.orgId);
  return {
    ...presentListRow(row, l, timeZone),
    topic: c.topic,
    issuer: c.issuer,
    writtenOn: c.writtenOn,
    validityDate: c.validityDate,
    openMode: openModeLabel(c.openMode),
    openScope: c.openScope,
    keywords: c.keywords,
    summary: c.summary,
    body: c.body,
    policyId: c.policyId,
    interpretForm: c.interpretForm ? { code: c.interpretForm, name: interpretFormLabel(c.interpretForm) } : null,
    videoUrl: c.videoUrl,
    orgUrl: org ? orgUrl(org.slug) : '',
    version: row.liveVersion,
    attachments: extra.attachments.map(presentAttachment),
  };
}
export type ArticleView = ReturnType<typeof presentArticle>;

export function presentOrg(o: OrgRow, l: Lookups) {
  return { id: o.id, slug: o.slug, name: o.name, level: o.level, parent: o.parentId ? (l.orgRows.get(o.parentId)?.slug ?? null) : null, url: orgUrl(o.slug) };
}

export function presentIssue(i: IssueRow) {
  return { id: i.id, year: i.year, number: i.number, serial: i.serial, publishedOn: i.publishedOn, url: issueUrl(i.year, i.number), documents: i.articleIds.length };
}
