/**
 * What government information is: the five stages of 五公开, the levels of the organisation
 * tree, the national metadata and the rules each field follows (checkContent). The kinds and the
 * 31 categories are data (tables disclosure_kinds, disclosure_categories), read through the repo.
 */
import type { ArticleContent } from '../../db/schema/disclosure.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import type { Problem } from '../../lib/validation.js';
import { cleanText } from '../../lib/text.js';

export type { ArticleContent, TopicSection } from '../../db/schema/disclosure.js';

export const STAGES = ['decision', 'execution', 'management', 'service', 'result'] as const;
export type Stage = (typeof STAGES)[number];
export const stageLabel = (s: string) => t(`disclosure.stage.${s}` as MessageKey);

export const LEVELS = ['government', 'department', 'district', 'street', 'community'] as const;
export const levelLabel = (s: string) => t(`disclosure.level.${s}` as MessageKey);

export const VALIDITIES = ['valid', 'expired', 'repealed'] as const;
export const validityLabel = (s: string) => t(`disclosure.validity.${s}` as MessageKey);
export const OPEN_MODES = ['active', 'request'] as const;
export const openModeLabel = (s: string) => t(`disclosure.openMode.${s}` as MessageKey);
export const INTERPRET_FORMS = ['text', 'graphic', 'video'] as const;
export const interpretFormLabel = (s: string) => (s ? t(`disclosure.form.${s}` as MessageKey) : '');

export interface Kind {
  slug: string;
  name: string;
  isPolicy: boolean;
}
export interface Category {
  slug: string;
  name: string;
  stage: string;
}

/** The taxonomy an article is checked against. */
export interface Taxonomy {
  kinds: Map<string, Kind>;
  categories: Map<string, Category>;
  orgs: Map<number, { id: number; name: string }>;
}

export const LIMITS = {
  title: 200,
  body: 60_000,
  summary: 500,
  keywords: 12,
  attachments: 10,
  attachmentBytes: 5 * 1024 * 1024,
  reason: 500,
};

/**
 * 文号: 机关代字〔年份〕序号号, e.g. 示府办〔2026〕12号 — the year in 六角括号 〔〕, a number
 * without leading zeros, no 第.
 */
export const DOC_NO = /^[\u4e00-\u9fa5]{1,12}〔(\d{4})〕([1-9]\d{0,3})号$/;

/** Why a 文号 is not in the national form ('' when it is). */
export function docNoProblem(docNo: string, writtenOn: string): string {
  if (DOC_NO.test(docNo)) {
    const year = DOC_NO.exec(docNo)?.[1];
    return /^\d{4}/.test(writtenOn) && year !== writtenOn.slice(0, 4) ? t('disclosure.docNo.year', { year: year ?? '' }) : '';
  }
  if (/[[\]［］()（）【】]/.test(docNo)) return t('disclosure.docNo.brackets');
  if (/第/.test(docNo)) return t('disclosure.docNo.di');
  if (/〔\d{4}〕0/.test(docNo)) return t('disclosure.docNo.zero');
  return t('disclosure.docNo.form');
}

/** 索引号: the organisation's code / year - sequence, e.g. SF-ZFB/2026-00012. */
export const INDEX_NO = /^[0-9A-Z][0-9A-Z-]{1,23}\/\d{4}-\d{5}$/;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && Number(m[1]) >= 1949 && Number(m[1]) <= 2100;
}

const problem = (field: MessageKey, message: string): Problem => ({ where: '', field: t(field), message });

/**
 * Every rule of the national metadata, all at once: the problems found, in the editor's words.
 * `today` is the portal's local date (a 成文日期 cannot be later).
 */
export function checkContent(c: ArticleContent, tax: Taxonomy, today: string): Problem[] {
  const out: Problem[] = [];
  const required = (value: string, field: MessageKey) => {
    if (!value) out.push(problem(field, t('disclosure.error.required')));
    return !!value;
  };
  if (required(c.title, 'disclosure.field.title') && [...c.title].length > LIMITS.title)
    out.push(problem('disclosure.field.title', t('disclosure.error.tooLong', { max: LIMITS.title })));
  const kind = tax.kinds.get(c.kind);
  if (required(c.kind, 'disclosure.field.kind') && !kind) out.push(problem('disclosure.field.kind', t('disclosure.error.unknown')));
  if (!tax.orgs.has(c.orgId)) out.push(problem('disclosure.field.org', t('disclosure.error.unknownOrg')));
  if (c.indexNo && !INDEX_NO.test(c.indexNo)) out.push(problem('disclosure.field.indexNo', t('disclosure.error.indexNo')));
  required(c.topic, 'disclosure.field.topic');
  required(c.issuer, 'disclosure.field.issuer');
  if (required(c.writtenOn, 'disclosure.field.writtenOn')) {
    if (!isDate(c.writtenOn)) out.push(problem('disclosure.field.writtenOn', t('disclosure.error.date')));
    else if (c.writtenOn > today) out.push(problem('disclosure.field.writtenOn', t('disclosure.error.future')));
  }
  if (required(c.category, 'disclosure.field.category') && !tax.categories.has(c.category))
    out.push(problem('disclosure.field.category', t('disclosure.error.unknown')));
  if (!(OPEN_MODES as readonly string[]).includes(c.openMode)) out.push(problem('disclosure.field.openMode', t('disclosure.error.required')));
  required(c.openScope, 'disclosure.field.openScope');
  if (required(c.body, 'disclosure.field.body') && c.body.length > LIMITS.body)
    out.push(problem('disclosure.field.body', t('disclosure.error.tooLong', { max: LIMITS.body })));
  if (c.summary.length > LIMITS.summary) out.push(problem('disclosure.field.summary', t('disclosure.error.tooLong', { max: LIMITS.summary })));
  if (c.keywords.length > LIMITS.keywords) out.push(problem('disclosure.field.keywords', t('disclosure.error.tooMany', { max: LIMITS.keywords })));
  if (kind?.isPolicy) {
    if (required(c.docNo, 'disclosure.field.docNo')) {
      const why = docNoProblem(c.docNo, c.writtenOn);
      if (why) out.push(problem('disclosure.field.docNo', why));
    }
  } else if (c.docNo) {
    const why = docNoProblem(c.docNo, c.writtenOn);
    if (why) out.push(problem('disclosure.field.docNo', why));
  }
  if (!(VALIDITIES as readonly string[]).includes(c.validity)) out.push(problem('disclosure.field.validity', t('disclosure.error.unknown')));
  else if (c.validity !== 'valid') {
    if (!isDate(c.validityDate)) out.push(problem('disclosure.field.validityDate', t('disclosure.error.validityDate')));
    else if (isDate(c.writtenOn) && c.validityDate < c.writtenOn) out.push(problem('disclosure.field.validityDate', t('disclosure.error.beforeWritten')));
  }
  if (c.kind === 'interpretation') {
    if (!c.policyId) out.push(problem('disclosure.field.policy', t('disclosure.error.policyRequired')));
    if (!(INTERPRET_FORMS as readonly string[]).includes(c.interpretForm)) out.push(problem('disclosure.field.interpretForm', t('disclosure.error.required')));
    if (c.interpretForm === 'video' && !/^https:\/\/[\w.-]+(:\d+)?(\/[\w\-./%?=&#~+]*)?$/.test(c.videoUrl))
      out.push(problem('disclosure.field.videoUrl', t('disclosure.error.videoUrl')));
  } else if (c.policyId) out.push(problem('disclosure.field.policy', t('disclosure.error.policyOnlyForInterpretation')));
  if (c.publishAt && Number.isNaN(Date.parse(c.publishAt))) out.push(problem('disclosure.field.publishAt', t('disclosure.error.date')));
  return out;
}

const line = (v: unknown, max = 300) => cleanText(typeof v === 'string' ? v : '', { max });

/** An article's content from a form or a JSON body (strings cleaned, numbers read safely); checked by checkContent. */
export function contentFrom(input: Record<string, unknown>): ArticleContent {
  const num = (v: unknown) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : 0;
    return Number.isSafeInteger(n) && n > 0 ? n : 0;
  };
  const keywords = Array.isArray(input.keywords) ? input.keywords.map((k) => line(k, 40)) : line(input.keywords, 600).split(/[,，、;；\s]+/);
  const form = line(input.interpretForm, 10);
  const validity = line(input.validity, 10) || 'valid';
  const publishAt = line(input.publishAt, 40);
  return {
    title: line(input.title, 400),
    kind: line(input.kind, 40),
    orgId: num(input.orgId),
    indexNo: line(input.indexNo, 40).toUpperCase(),
    topic: line(input.topic, 60),
    issuer: line(input.issuer, 100),
    docNo: line(input.docNo, 60).replace(/\s/g, ''),
    writtenOn: line(input.writtenOn, 20),
    stage: '',
    category: line(input.category, 40),
    validity: validity as ArticleContent['validity'],
    validityDate: line(input.validityDate, 20),
    openMode: (line(input.openMode, 10) || 'active') as ArticleContent['openMode'],
    openScope: line(input.openScope, 60) || t('disclosure.openScope.public'),
    keywords: [...new Set(keywords.filter(Boolean))],
    summary: cleanText(typeof input.summary === 'string' ? input.summary : '', { multiline: true, max: 2000 }),
    body: cleanText(typeof input.body === 'string' ? input.body : '', { multiline: true, max: LIMITS.body + 1 }),
    policyId: num(input.policyId) || null,
    interpretForm: (INTERPRET_FORMS as readonly string[]).includes(form) ? (form as ArticleContent['interpretForm']) : '',
    videoUrl: line(input.videoUrl, 300),
    // a datetime-local field says local time without a zone: read it in the portal's zone (China, +08:00)
    publishAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(publishAt) ? `${publishAt}:00+08:00` : publishAt,
  };
}
