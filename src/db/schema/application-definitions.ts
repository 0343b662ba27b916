/**
 * Tables of the applications module's published definitions (definitions/): per item, every
 * published version of its online form, approval route and automation rules (秒批, 免证办,
 * 免申即享) — a version is never changed once published, so a submitted case keeps the one it
 * used; and the 一件事一次办 bundles. Drafts live in the catalogue's draft workflow until a
 * reviewer publishes them.
 */
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { items } from './catalog.js';

export const applicationDefinitions = pgTable(
  'application_definitions',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id, { onDelete: 'cascade' }),
    /** the item's implementation code when published (the draft workflow's key) */
    itemCode: text('item_code').notNull(),
    version: integer('version').notNull(),
    form: jsonb('form').notNull(),
    route: jsonb('route').notNull(),
    automation: jsonb('automation'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: integer('published_by'),
  },
  (t) => [uniqueIndex('application_definitions_item_version').on(t.itemId, t.version), check('application_definitions_version_positive', sql`${t.version} > 0`)],
);

export const applicationBundles = pgTable(
  'application_bundles',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    version: integer('version').notNull().default(1),
    definition: jsonb('definition').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('application_bundles_slug').on(t.slug)],
);
