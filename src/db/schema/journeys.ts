/**
 * Tables of the journeys module: scenario journeys (场景式服务), guided question sets (智能问答),
 * life events (人生大事), push rules (主动推送) and each citizen's personal space — progress,
 * items done, subscriptions, recently viewed and the reminders sent. Content tables keep their
 * nested parts (steps, questions, entries) as jsonb: they are always read and written whole.
 */
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';

const stamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export interface JourneyLink {
  title: string;
  url: string;
}

/** One step of a journey; items are implementation codes, departments and forms are slugs. */
export interface JourneyStep {
  title: string;
  body: string;
  optional: boolean;
  /** steps sharing a group are alternatives: one of them is enough */
  alternativeGroup: string | null;
  cautions: string[];
  costs: string | null;
  items: string[];
  departments: string[];
  forms: string[];
  links: JourneyLink[];
}

export const journeys = pgTable(
  'journeys',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    domain: text('domain').notNull(),
    audience: text('audience').$type<'citizen' | 'enterprise'>().notNull(),
    summary: text('summary').notNull(),
    keywords: text('keywords').array().notNull().default(sql`'{}'`),
    steps: jsonb('steps').$type<JourneyStep[]>().notNull(),
    sort: integer('sort').notNull().default(0),
    ...stamps,
  },
  (t) => [uniqueIndex('journeys_slug').on(t.slug)],
);

export interface GuideQuestion {
  id: string;
  text: string;
  options: { value: string; label: string }[];
}

/** An item that applies when every named question has one of the listed answers ({} = always). */
export interface GuideOutcome {
  item: string;
  when: Record<string, string[]>;
  note: string;
}

export const questionSets = pgTable(
  'question_sets',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    intro: text('intro').notNull(),
    questions: jsonb('questions').$type<GuideQuestion[]>().notNull(),
    outcomes: jsonb('outcomes').$type<GuideOutcome[]>().notNull(),
    sort: integer('sort').notNull().default(0),
    ...stamps,
  },
  (t) => [uniqueIndex('question_sets_slug').on(t.slug)],
);

export interface LifeEventEntry {
  kind: 'item' | 'journey';
  /** an item's implementation code or a journey's slug */
  ref: string;
  note: string;
}

export const lifeEvents = pgTable(
  'life_events',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    title: text('title').notNull(),
    audience: text('audience').$type<'citizen' | 'enterprise'>().notNull(),
    summary: text('summary').notNull(),
    entries: jsonb('entries').$type<LifeEventEntry[]>().notNull(),
    sort: integer('sort').notNull().default(0),
    ...stamps,
  },
  (t) => [uniqueIndex('life_events_slug').on(t.slug)],
);

/** "After X is done, remind about Y": trigger and reminders are implementation codes. */
export const pushRules = pgTable(
  'push_rules',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    trigger: text('trigger').notNull(),
    remind: text('remind').array().notNull(),
    delayDays: integer('delay_days').notNull().default(0),
    message: text('message').notNull(),
    ...stamps,
  },
  (t) => [uniqueIndex('push_rules_slug').on(t.slug), index('push_rules_trigger').on(t.trigger)],
);

// ---- the personal space (one citizen's or enterprise person's own data) ---------------------

const owner = () =>
  integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' });

/** Steps of a journey a person marked done, by step title (titles survive re-ordering). */
export const journeyProgress = pgTable(
  'journey_progress',
  {
    userId: owner(),
    journeyId: integer('journey_id')
      .notNull()
      .references(() => journeys.id, { onDelete: 'cascade' }),
    stepTitle: text('step_title').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.journeyId, t.stepTitle] })],
);

/** Items a person has done (marked by hand, through a journey step, or when an application concluded). */
export const itemsDone = pgTable(
  'items_done',
  {
    userId: owner(),
    itemCode: text('item_code').notNull(),
    source: text('source').$type<'step' | 'item' | 'application'>().notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.itemCode] })],
);

/** Themes (slug), departments (slug) and journeys (slug) a person follows. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    userId: owner(),
    kind: text('kind').$type<'theme' | 'department' | 'journey'>().notNull(),
    ref: text('ref').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.ref] })],
);

/** Guides and journeys a signed-in person opened lately (the newest view of each). */
export const recentViews = pgTable(
  'recent_views',
  {
    userId: owner(),
    kind: text('kind').$type<'item' | 'journey'>().notNull(),
    refId: integer('ref_id').notNull(),
    viewedAt: timestamp('viewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.refId] }), index('recent_views_user').on(t.userId, t.viewedAt)],
);

/**
 * One reminder of one rule to one person: at most one ever (the unique key), so marking the
 * same thing done twice, or in two journeys, never reminds twice. Reminders with a delay wait
 * here ('scheduled') until due; the notify worker releases them into the outbox.
 */
export const pushSends = pgTable(
  'push_sends',
  {
    id: serial('id').primaryKey(),
    ruleId: integer('rule_id')
      .notNull()
      .references(() => pushRules.id, { onDelete: 'cascade' }),
    userId: owner(),
    status: text('status').$type<'scheduled' | 'sent' | 'stopped'>().notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('push_sends_rule_user').on(t.ruleId, t.userId),
    index('push_sends_user').on(t.userId, t.createdAt),
    index('push_sends_due').on(t.status, t.dueAt),
  ],
);

/** Reminders a person stopped: one rule, or every rule (rule_id 0). */
export const pushStops = pgTable(
  'push_stops',
  {
    userId: owner(),
    ruleId: integer('rule_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.ruleId] })],
);
