/**
 * Tables of the catalog module: departments, halls, themes, special groups, forms, items (their
 * guides), the views of each guide, and the drafts and published versions editors work on.
 * Nested parts of a guide always read and written with their item (materials, steps, FAQ …) are
 * jsonb; anything shared between records (halls, themes, special groups) is a row of its own with
 * a join table.
 */
import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const departments = pgTable(
  'departments',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    functions: jsonb('functions').$type<string[]>().notNull(),
    units: jsonb('units').$type<{ name: string; duties: string }[]>().notNull(),
    leaders: jsonb('leaders').$type<{ name: string; title: string; portfolio: string }[]>().notNull(),
    address: text('address').notNull(),
    postcode: text('postcode').notNull(),
    officeHours: text('office_hours').notNull(),
    phones: jsonb('phones').$type<{ label: string; number: string }[]>().notNull(),
    website: text('website').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    transit: text('transit').notNull(),
    sort: integer('sort').notNull().default(0),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [uniqueIndex('departments_slug').on(t.slug)],
);

export const halls = pgTable(
  'halls',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    departmentId: integer('department_id').references(() => departments.id),
    address: text('address').notNull(),
    hours: text('hours').notNull(),
    phone: text('phone').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    transit: text('transit').notNull(),
    windows: integer('windows').notNull(),
    ...stamps,
  },
  (t) => [uniqueIndex('halls_slug').on(t.slug)],
);

export const themes = pgTable(
  'themes',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    audience: text('audience').$type<'citizen' | 'enterprise'>().notNull(),
    description: text('description').notNull(),
    icon: text('icon').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('themes_slug').on(t.slug)],
);

export const specialGroups = pgTable(
  'special_groups',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    arrangements: jsonb('arrangements').$type<string[]>().notNull(),
    hotline: text('hotline').notNull(),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [uniqueIndex('special_groups_slug').on(t.slug)],
);

export const forms = pgTable(
  'forms',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    note: text('note'),
    fields: jsonb('fields').$type<{ label: string; example: string; wide?: boolean }[]>().notNull(),
  },
  (t) => [uniqueIndex('forms_slug').on(t.slug)],
);

/** One material a guide asks for, as stored; the catalog's model checks it on the way in. */
export interface Material {
  name: string;
  form: '原件' | '复印件' | '原件和复印件';
  medium: '纸质' | '电子' | '纸质或电子';
  copies: number;
  source: string;
  required: boolean;
  note?: string;
  /** slug of a form in the catalogue: its blank form and filled-in sample are downloadable */
  formSlug?: string;
}
export type Fee = { name: string; standard: string; basis: string };
export type GuideStep = { title: string; description: string; daysLimit?: number };

export const items = pgTable(
  'items',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    implCode: text('impl_code').notNull(),
    name: text('name').notNull(),
    aliases: text('aliases').array().notNull().default(sql`'{}'`),
    type: text('type').notNull(),
    parentId: integer('parent_id'),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    implementingBody: text('implementing_body').notNull(),
    legalBasis: jsonb('legal_basis').$type<string[]>().notNull(),
    targets: text('targets').array().notNull(),
    summary: text('summary').notNull(),
    conditions: jsonb('conditions').$type<string[]>().notNull(),
    materials: jsonb('materials').$type<Material[]>().notNull(),
    steps: jsonb('steps').$type<GuideStep[]>().notNull(),
    legalLimitDays: integer('legal_limit_days').notNull(),
    promisedLimitDays: integer('promised_limit_days').notNull(),
    limitKind: text('limit_kind').notNull(),
    limitNote: text('limit_note'),
    fees: jsonb('fees').$type<Fee[]>().notNull(),
    consultPhone: text('consult_phone').notNull(),
    complaintPhone: text('complaint_phone').notNull(),
    handlingForms: text('handling_forms').array().notNull(),
    visits: integer('visits').notNull(),
    onlineDepth: integer('online_depth').notNull(),
    appointment: boolean('appointment').notNull(),
    results: jsonb('results').$type<{ name: string; kind: string; delivery: string[] }>().notNull(),
    faq: jsonb('faq').$type<{ q: string; a: string }[]>().notNull(),
    policies: jsonb('policies').$type<{ title: string; number?: string }[]>().notNull(),
    /** published, or outdated (kept reachable, marked, demoted in search) */
    status: text('status').notNull().default('published'),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [
    uniqueIndex('items_impl_code').on(t.implCode),
    index('items_department').on(t.departmentId),
    index('items_parent').on(t.parentId),
  ],
);

export const itemHalls = pgTable(
  'item_halls',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    hallId: integer('hall_id')
      .notNull()
      .references(() => halls.id),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.hallId] }), index('item_halls_hall').on(t.hallId)],
);

export const itemThemes = pgTable(
  'item_themes',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    themeId: integer('theme_id')
      .notNull()
      .references(() => themes.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.themeId] }), index('item_themes_theme').on(t.themeId)],
);

export const itemSpecialGroups = pgTable(
  'item_special_groups',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    groupId: integer('group_id')
      .notNull()
      .references(() => specialGroups.id),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.groupId] }), index('item_special_groups_group').on(t.groupId)],
);

/** Guide page views per item and day: the first-party basis of "hot services". */
export const itemViews = pgTable(
  'item_views',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    views: integer('views').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.day] })],
);

/**
 * A proposed change to one catalogue record (an item, a department, a theme …), written by an
 * editor, reviewed by someone else, and published into the live tables. `data` is the whole
 * record in the import format, so a draft is validated exactly as an import is.
 */
export const catalogDrafts = pgTable(
  'catalog_drafts',
  {
    id: serial('id').primaryKey(),
    section: text('section').notNull(),
    /** slug or implementation code of the record */
    key: text('key').notNull(),
    title: text('title').notNull(),
    /** whose work it is: the department of the record; null for portal-wide records (themes …) */
    departmentId: integer('department_id'),
    data: jsonb('data').notNull(),
    /** the record's published version the draft started from (0: not published through drafts yet) */
    baseVersion: integer('base_version').notNull(),
    status: text('status').$type<'draft' | 'review' | 'published' | 'rejected' | 'withdrawn'>().notNull().default('draft'),
    authorId: integer('author_id').notNull(),
    authorName: text('author_name').notNull(),
    /** everyone who created, edited or submitted any version of the draft: none of them may publish it */
    contributorIds: integer('contributor_ids').array().notNull().default(sql`'{}'::integer[]`),
    reviewerId: integer('reviewer_id'),
    reviewerName: text('reviewer_name'),
    reviewNote: text('review_note'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    ...stamps,
  },
  (t) => [index('catalog_drafts_status').on(t.status, t.departmentId), index('catalog_drafts_key').on(t.section, t.key)],
);

/** Every published state of a record, so any two can be compared. */
export const catalogVersions = pgTable(
  'catalog_versions',
  {
    id: serial('id').primaryKey(),
    section: text('section').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    data: jsonb('data').notNull(),
    draftId: integer('draft_id'),
    publishedBy: text('published_by').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('catalog_versions_key').on(t.section, t.key, t.version)],
);
