/**
 * Tables of the disclosure module (政务公开): the organisations of the disclosure catalogue with
 * their 公开指南, the kinds of information and the 31 categories under the five stages of 五公开
 * (data, editable), government information (articles) with the national metadata, their
 * attachments and published versions, links between articles and service items, gazette issues
 * (政府公报) and topic pages (专题).
 *
 * An article keeps its live content in columns (what lists filter and sort by) and `content`
 * (the rest), and the change an editor is working on in `draft` with its own state: editing a
 * published article never takes it off line, and a reviewer publishes the draft into the live
 * columns (docs/decisions/0022-disclosure.md).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** An organisation of the disclosure catalogue: 市政府, a department, a district, a 街道, a 社区. */
export const disclosureOrgs = pgTable(
  'disclosure_orgs',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** government | department | district | street | community */
    level: text('level').notNull(),
    parentId: integer('parent_id'),
    /** the catalogue's department whose staff publish for this organisation (null: portal administrators) */
    departmentId: integer('department_id'),
    /** 政府信息公开指南 (plain paragraphs) */
    guide: text('guide').notNull().default(''),
    sort: integer('sort').notNull().default(0),
    ...stamps,
  },
  (t) => [uniqueIndex('disclosure_orgs_slug').on(t.slug), index('disclosure_orgs_parent').on(t.parentId)],
);

/** A kind of government information (政策文件, 政策解读, 工作动态 …): data, not code. */
export const disclosureKinds = pgTable('disclosure_kinds', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  /** documents of this kind carry a 文号 and a validity (政策文件, 规范性文件) */
  isPolicy: integer('is_policy').notNull().default(0),
  sort: integer('sort').notNull().default(0),
});

/** One of the 31 categories of 五公开, under its stage (decision, execution, management, service, result). */
export const disclosureCategories = pgTable('disclosure_categories', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  stage: text('stage').notNull(),
  sort: integer('sort').notNull().default(0),
});

export interface ArticleContent {
  title: string;
  kind: string;
  orgId: number;
  /** 索引号 */
  indexNo: string;
  /** 主题分类 */
  topic: string;
  /** 发文机关 */
  issuer: string;
  /** 文号, e.g. 示府办〔2026〕12号; '' for information without one */
  docNo: string;
  /** 成文日期 yyyy-mm-dd */
  writtenOn: string;
  stage: string;
  category: string;
  /** 有效 valid / 失效 expired / 废止 repealed, with the date it changed ('' while valid) */
  validity: 'valid' | 'expired' | 'repealed';
  validityDate: string;
  /** 公开方式: 主动公开 active / 依申请公开 on-request */
  openMode: 'active' | 'request';
  /** 公开范围 */
  openScope: string;
  keywords: string[];
  summary: string;
  /** restricted markup (paragraphs, headings, lists, tables): see markup.ts */
  body: string;
  /** a 政策解读's policy (article id), its form and video address */
  policyId: number | null;
  interpretForm: '' | 'text' | 'graphic' | 'video';
  videoUrl: string;
  /** 发布日期 asked for: publish at this time (ISO), or now when empty */
  publishAt: string;
}

export const disclosureArticles = pgTable(
  'disclosure_articles',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    /** the catalogue department that owns it (from its organisation), null: portal-wide */
    departmentId: integer('department_id'),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    indexNo: text('index_no').notNull(),
    docNo: text('doc_no').notNull().default(''),
    stage: text('stage').notNull(),
    category: text('category').notNull(),
    validity: text('validity').notNull().default('valid'),
    policyId: integer('policy_id'),
    /** unpublished | scheduled | published | withdrawn */
    status: text('status').notNull().default('unpublished'),
    /** 发布日期 (for a scheduled one: when it goes live) */
    publishedAt: timestamp('published_at', { withTimezone: true }),
    year: integer('year'),
    /** the live content (null before the first publication) */
    content: jsonb('content').$type<ArticleContent>(),
    /** the change being worked on, and its state: none | draft | review | rejected */
    draft: jsonb('draft').$type<ArticleContent>(),
    draftStatus: text('draft_status').notNull().default('draft'),
    draftNote: text('draft_note'),
    authorId: integer('author_id').notNull(),
    authorName: text('author_name').notNull(),
    contributorIds: integer('contributor_ids').array().notNull().default(sql`'{}'::int[]`),
    liveVersion: integer('live_version').notNull().default(0),
    withdrawnReason: text('withdrawn_reason'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /** a row version for optimistic concurrency */
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => {
    // Every public list reads live articles newest first — by year, then date, then id — and a
    // page is read from one of these indexes in that order: the filters (organisation, category,
    // kind) are their prefixes, a year narrows the range. Only live (or scheduled) rows are in
    // them (docs/decisions/0031-disclosure-pages-at-scale.md).
    const live = sql`${t.status} in ('published','scheduled')`;
    // (drizzle's desc() marks the column until the next index takes it: made afresh for each)
    const newest = () => [t.year.desc(), t.publishedAt.desc(), t.id.desc()] as const;
    return [
      uniqueIndex('disclosure_articles_index_no').on(t.indexNo),
      // scheduled articles whose time has come (the scheduler's job, the live counts)
      index('disclosure_articles_published').on(t.status, t.publishedAt),
      index('disclosure_articles_live_newest').on(...newest()).where(live),
      index('disclosure_articles_live_org').on(t.orgId, ...newest()).where(live),
      index('disclosure_articles_live_org_category').on(t.orgId, t.category, ...newest()).where(live),
      index('disclosure_articles_live_kind').on(t.kind, ...newest()).where(live),
      index('disclosure_articles_live_category').on(t.category, ...newest()).where(live),
      index('disclosure_articles_policy').on(t.policyId),
      index('disclosure_articles_dept').on(t.departmentId, t.draftStatus),
      check('disclosure_articles_status', sql`${t.status} in ('unpublished','scheduled','published','withdrawn')`),
      check('disclosure_articles_draft_status', sql`${t.draftStatus} in ('none','draft','review','rejected')`),
      check('disclosure_articles_validity', sql`${t.validity} in ('valid','expired','repealed')`),
    ];
  },
);

/**
 * How many published articles each organisation has, by kind, category (and its stage), year and
 * validity: the catalogue's counts and every list's total are sums over this small table instead
 * of COUNT(*) over the articles. Triggers on disclosure_articles keep it (every writer, bulk ones
 * included); scheduled articles whose time has come are added by the reader until the scheduler
 * marks them published.
 */
export const disclosureArticleCounts = pgTable(
  'disclosure_article_counts',
  {
    orgId: integer('org_id').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    stage: text('stage').notNull(),
    year: integer('year').notNull(),
    validity: text('validity').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.kind, t.category, t.stage, t.year, t.validity] })],
);

/** Every published version of an article, for its history and diffs. */
export const disclosureVersions = pgTable(
  'disclosure_article_versions',
  {
    articleId: integer('article_id').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').$type<ArticleContent>().notNull(),
    publishedBy: text('published_by').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.version] })],
);

export const disclosureAttachments = pgTable(
  'disclosure_attachments',
  {
    id: serial('id').primaryKey(),
    articleId: integer('article_id').notNull(),
    filename: text('filename').notNull(),
    /** pdf | docx | xlsx, recognised by content */
    format: text('format').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('disclosure_attachments_article').on(t.articleId)],
);

/** An article linked to a service item (by its implementation code), both ways. */
export const disclosureItemLinks = pgTable(
  'disclosure_item_links',
  {
    articleId: integer('article_id').notNull(),
    implCode: text('impl_code').notNull(),
    linkedBy: text('linked_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.implCode] }), index('disclosure_item_links_item').on(t.implCode)],
);

/** 政府公报: one issue (year, number) and its documents in order. */
export const disclosureGazetteIssues = pgTable(
  'disclosure_gazette_issues',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    /** 总第 N 期 */
    serial: integer('serial').notNull(),
    publishedOn: text('published_on').notNull(),
    articleIds: integer('article_ids').array().notNull().default(sql`'{}'::int[]`),
    ...stamps,
  },
  (t) => [uniqueIndex('disclosure_gazette_year_number').on(t.year, t.number)],
);

export interface TopicSection {
  title: string;
  entries: { kind: 'article' | 'item' | 'journey' | 'link'; ref: string; title?: string }[];
}

/** 专题: a page editors assemble, open between two dates. */
export const disclosureTopics = pgTable(
  'disclosure_topics',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    opensOn: text('opens_on').notNull(),
    closesOn: text('closes_on'),
    sections: jsonb('sections').$type<TopicSection[]>().notNull().default([]),
    ...stamps,
  },
  (t) => [uniqueIndex('disclosure_topics_slug').on(t.slug)],
);
