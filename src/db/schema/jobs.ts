/**
 * The scheduler's table (src/jobs/): one row per periodic job that runs once across all processes.
 * A process claims a period by one conditional UPDATE of its row; see src/jobs/scheduler.ts.
 */
import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  /** the earliest time the next run may start */
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
  /** set while a process runs the job; a run older than its lease is taken to have died */
  runningSince: timestamp('running_since', { withTimezone: true }),
  /** which process runs it (host:pid), for the operator */
  runner: text('runner'),
  runs: integer('runs').notNull().default(0),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  /** the last run's error, cleared by a run that succeeds */
  lastError: text('last_error'),
});
