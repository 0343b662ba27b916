/**
 * Tables of the annual-reports module (政府信息公开工作年度报告, Art. 50 of the 2019 条例): one report
 * per organisation of the disclosure catalogue and year. `figures` holds the tables generated from
 * the data (active disclosure, requests, review and litigation), `sections` the narrative parts;
 * both are edited before publication under four eyes like articles (whoever edited or submitted it
 * does not publish it). `version` guards concurrent edits.
 */
import { integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { disclosureOrgs } from './disclosure.js';

export const annualReports = pgTable(
  'annual_reports',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id')
      .notNull()
      .references(() => disclosureOrgs.id),
    year: integer('year').notNull(),
    /** 'draft' | 'review' | 'published' */
    status: text('status').notNull(),
    figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
    sections: jsonb('sections').$type<Record<string, string>>().notNull(),
    /** user ids of everyone who generated, edited or submitted it (four eyes) */
    contributors: jsonb('contributors').$type<number[]>().notNull(),
    submittedBy: text('submitted_by'),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('annual_reports_org_year_key').on(t.orgId, t.year)],
);
