/**
 * What government information gives the one search: an article (kind `article`), a 政策解读
 * (`interpretation`) and a gazette issue (`gazette`). Search's document has no fields yet for the
 * organisation, the year and the validity: the organisation goes in departmentId/departmentName
 * (its own name, the department behind it), the kind of information in itemType, the year and
 * the organisation in the keywords, and a document no longer valid is `outdated` (marked in
 * results). To be moved into search's own facets when its new index has them (noted for the merge).
 */
import type { SearchDocInput } from '../search/index.js';
import { plainBody } from './markup.js';
import type { ArticleContent } from './model.js';
import { articleUrl, issueUrl } from './urls.js';

export const articleKind = (kind: string) => (kind === 'interpretation' ? 'interpretation' : 'article');

export function articleDoc(a: { id: number; content: ArticleContent; departmentId: number | null; year: number | null; validity: string }, org: string, kindName: string): SearchDocInput {
  const c = a.content;
  return {
    key: `article:${a.id}`,
    kind: articleKind(c.kind),
    refId: a.id,
    title: c.title,
    aliases: c.docNo ? [c.docNo] : [],
    keywords: [...c.keywords, org, kindName, c.issuer, c.topic, ...(a.year ? [`${a.year}年`] : [])],
    body: [c.summary, plainBody(c.body)].join(' ').slice(0, 20_000),
    url: articleUrl(a.id),
    departmentId: a.departmentId,
    departmentName: org,
    itemType: kindName,
    outdated: a.validity !== 'valid',
  };
}

export function issueDoc(i: { id: number; year: number; number: number; serial: number }, titles: string[], title: string): SearchDocInput {
  return {
    key: `gazette:${i.id}`,
    kind: 'gazette',
    refId: i.id,
    title,
    keywords: [`${i.year}年`, `第${i.number}期`, `总第${i.serial}期`],
    body: titles.join(' '),
    url: issueUrl(i.year, i.number),
  };
}
