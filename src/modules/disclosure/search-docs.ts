/**
 * What government information gives the one search: an article (kind `article`), a 政策解读
 * (`interpretation`) and a gazette issue (`gazette`), with search's facet fields (decision 0021):
 * the publishing organisation, the year of publication and the validity (an expired or repealed
 * document is marked in results and ranks lower). The kind of information (政策文件, 通知公告 …)
 * and the organisation's name are also words of the document, so they can be searched for.
 */
import { t } from '../../lib/i18n/index.js';
import type { SearchDocInput } from '../search/index.js';
import { plainBody } from './markup.js';
import type { ArticleContent } from './model.js';
import { articleUrl, issueUrl } from './urls.js';

export const articleKind = (kind: string) => (kind === 'interpretation' ? 'interpretation' : 'article');

export function articleDoc(a: { id: number; orgId: number; content: ArticleContent; year: number | null; validity: string }, org: string, kindName: string): SearchDocInput {
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
    organisationId: a.orgId,
    organisationName: org,
    year: a.year,
    validity: a.validity === 'expired' || a.validity === 'repealed' ? a.validity : 'valid',
  };
}

/** A gazette issue: the government's (`org`, the organisation at the top of the tree) publication of its year. */
export function issueDoc(i: { id: number; year: number; number: number; serial: number }, titles: string[], title: string, org?: { id: number; name: string }): SearchDocInput {
  return {
    key: `gazette:${i.id}`,
    kind: 'gazette',
    refId: i.id,
    // 示范市人民政府公报 2026年第5期: the gazette's name is what people search for
    title: `${t('disclosure.gazette.name')} ${title}`,
    keywords: [`${i.year}年`, `第${i.number}期`, `总第${i.serial}期`],
    body: titles.join(' '),
    url: issueUrl(i.year, i.number),
    organisationId: org?.id ?? null,
    organisationName: org?.name ?? null,
    year: i.year,
    validity: 'valid',
  };
}
