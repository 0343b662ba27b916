/**
 * A published reply, as everyone sees it and as the one search holds it. Its words are the ones
 * staff prepared, with the applicant's personal data masked once more on every save (name, ID
 * number, telephone, e-mail, address): the page never names who asked, only whether a citizen or
 * an enterprise did. The reply document is never published (it is addressed to the applicant).
 */
import { t } from '../../lib/i18n/index.js';
import { maskPersonalData } from '../../lib/masking.js';
import type { SearchDocInput } from './faces.js';
import type { PublicationBasis, PublicationStatus, ReplyType } from './model.js';
import type { FoiRow, PublicationRow } from './repo.js';

export const publicReplyUrl = (id: number) => `/foi/replies/${id}`;

/** The applicant's own words and numbers out of a text meant for everyone. */
export function maskApplicant(text: string, r: Pick<FoiRow, 'applicantName' | 'applicantIdNo' | 'phone' | 'email' | 'address'>): string {
  let s = text;
  // exact personal values first (an address or a credit code the patterns would not recognise)
  for (const v of [r.address, r.applicantIdNo, r.email, r.phone]) {
    const x = v?.trim();
    if (x && x.length >= 4) s = s.split(x).join('***');
  }
  return maskPersonalData(s, { names: [r.applicantName], official: true });
}

/** The wording staff start from: the request and the reply, masked, under a title of the usual form. */
export function draftPublication(r: FoiRow, departmentName: string): { title: string; question: string; answer: string } {
  const asked = (r.correctedText ?? r.description).replace(/\s+/g, ' ').trim();
  const short = maskApplicant(asked, r).slice(0, 40);
  return {
    title: t('foi.publication.draftTitle', { department: departmentName, subject: short }).slice(0, 120),
    question: maskApplicant(r.correctedText ?? r.description, r),
    answer: maskApplicant(r.replyBody ?? '', r),
  };
}

export interface PublicationView {
  id: number;
  requestId: number;
  status: PublicationStatus;
  basis: PublicationBasis;
  title: string;
  question: string;
  answer: string;
  preparedBy: number;
  preparedByName: string;
  publishedByName: string | null;
  publishedOn: string | null;
  withdrawnReason: string | null;
  version: number;
  url: string;
}

export const publicationView = (p: PublicationRow): PublicationView => ({
  id: p.id,
  requestId: p.requestId,
  status: p.status as PublicationStatus,
  basis: p.basis as PublicationBasis,
  title: p.title,
  question: p.question,
  answer: p.answer,
  preparedBy: p.preparedBy,
  preparedByName: p.preparedByName,
  publishedByName: p.publishedByName,
  publishedOn: p.publishedOn,
  withdrawnReason: p.withdrawnReason,
  version: p.version,
  url: publicReplyUrl(p.id),
});

/** What the public page and list show: nothing of who asked but their kind. */
export interface PublicReply {
  id: number;
  title: string;
  departmentName: string;
  applicantKind: string;
  receivedOn: string;
  repliedOn: string;
  publishedOn: string;
  replyType: ReplyType;
  basis: PublicationBasis;
  question: string;
  answer: string;
  url: string;
}

export function publicReply(p: PublicationRow, r: { receivedOn: string; repliedOn: string | null; replyType: string | null; applicantKind: string }, departmentName: string): PublicReply {
  return {
    id: p.id,
    title: p.title,
    departmentName,
    applicantKind: r.applicantKind,
    receivedOn: r.receivedOn,
    repliedOn: r.repliedOn ?? '',
    publishedOn: p.publishedOn ?? '',
    replyType: r.replyType as ReplyType,
    basis: p.basis as PublicationBasis,
    question: p.question,
    answer: p.answer,
    url: publicReplyUrl(p.id),
  };
}

/**
 * The one search's document of a published reply: kind `article` (search's kinds are a fixed
 * list; the type 依申请公开答复 tells it apart) under its own key, with a negative refId so that
 * an article's removal by id never reaches it and no API client reads it as an article's id.
 */
export function publicationDoc(p: PublicationRow, r: { replyType: string | null; repliedOn: string | null }, department: { id: number; name: string }): SearchDocInput {
  const year = Number((p.publishedOn ?? r.repliedOn ?? '').slice(0, 4)) || null;
  const label = t('foi.publication.kindLabel');
  return {
    key: `foi:${p.id}`,
    kind: 'article',
    refId: -p.id,
    title: p.title,
    keywords: [label, t('foi.nav'), t(`foi.replyType.${r.replyType as ReplyType}`), department.name, ...(year ? [`${year}年`] : [])],
    body: [p.question, p.answer].join(' ').slice(0, 20_000),
    url: publicReplyUrl(p.id),
    departmentId: department.id,
    departmentName: department.name,
    itemType: label,
    year,
    validity: 'valid',
  };
}
