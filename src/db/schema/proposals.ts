/**
 * Tables of the proposals module (人大代表建议 and 政协委员提案): a proposal with its number, authors,
 * main handler (主办单位), its reply, grade and publication; the co-handlers (协办单位) with their
 * opinions. Dates of handling are local days ('YYYY-MM-DD' text) like the FOI clock. `version`
 * guards concurrent handling (an operation updates WHERE version = $read).
 */
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { departments } from './catalog.js';

export const proposals = pgTable(
  'proposals',
  {
    id: serial('id').primaryKey(),
    /** 'npc' (人大代表建议) | 'cppcc' (政协委员提案) */
    kind: text('kind').notNull(),
    /** the session's year (e.g. 2026 for 市十七届人大五次会议 held in 2026) */
    year: integer('year').notNull(),
    /** the running number within kind and year: 第0123号 is 123 */
    number: integer('number').notNull(),
    title: text('title').notNull(),
    /** [{ name, group }]: 代表团 for a deputy, 界别 for a member */
    authors: jsonb('authors').$type<{ name: string; group: string }[]>().notNull(),
    content: text('content').notNull(),
    mainDepartmentId: integer('main_department_id')
      .notNull()
      .references(() => departments.id),
    /** 'handling' | 'replied' | 'published' */
    status: text('status').notNull(),
    assignedOn: text('assigned_on').notNull(),
    dueOn: text('due_on').notNull(),
    /** 'A' | 'B' | 'C' | 'D' */
    replyGrade: text('reply_grade'),
    replyBody: text('reply_body'),
    repliedOn: text('replied_on'),
    repliedBy: text('replied_by'),
    /** 'public' | 'withheld' once the reply's publication is decided */
    openness: text('openness'),
    withheldReason: text('withheld_reason'),
    publishedOn: text('published_on'),
    publishedBy: text('published_by'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('proposals_kind_year_number_key').on(t.kind, t.year, t.number),
    index('proposals_main_department_idx').on(t.mainDepartmentId, t.year),
    index('proposals_year_kind_idx').on(t.year, t.kind),
  ],
);

export const proposalCoHandlers = pgTable(
  'proposal_co_handlers',
  {
    id: serial('id').primaryKey(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id),
    opinion: text('opinion'),
    opinionOn: text('opinion_on'),
    opinionBy: text('opinion_by'),
  },
  (t) => [uniqueIndex('proposal_co_handlers_key').on(t.proposalId, t.departmentId), index('proposal_co_handlers_department_idx').on(t.departmentId)],
);
