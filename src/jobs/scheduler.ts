/**
 * The one scheduler. Periodic work is registered here and runs in one of two ways:
 *  - a `cluster` job (letter deadlines, session purge, outbox delivery, and what the next modules
 *    add: booking reminders, statutory clocks, scheduled publishing) runs once per period however
 *    many processes serve the portal. Each process ticks; the first to claim the job's row in
 *    `scheduled_jobs` runs it. The claim is one conditional UPDATE: PostgreSQL locks the row, and
 *    a second process's UPDATE re-reads it after the first commits and finds it claimed. A run
 *    that outlives its lease (its process died) may be taken over.
 *  - a `process` job (flushing this process's buffered page views) runs in every process.
 * On the embedded database there is one process; the same SQL serves.
 */
import { hostname } from 'node:os';
import { and, eq, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { scheduledJobs } from '../db/schema/jobs.js';

export interface Job {
  /** unique, e.g. 'letters.deadlines' */
  name: string;
  everyMs: number;
  /** 'cluster' (default): once per period across all processes; 'process': in every process */
  scope?: 'cluster' | 'process';
  /** how long a cluster run may take before another process may take it over (default 10 × period, at least 10 min) */
  leaseMs?: number;
  run(): Promise<unknown>;
}

export interface Scheduler {
  register(job: Job): void;
  /** start ticking; jobs due now run within a tick */
  start(): void;
  /** stop ticking and wait for the runs in progress */
  stop(): Promise<void>;
  /** claim and run a cluster job now if it is due (what each round does); true if this process ran it */
  tick(name: string): Promise<boolean>;
  readonly jobs: readonly Job[];
}

export interface SchedulerOptions {
  /** how often a process looks for due cluster jobs (default 1 s) */
  tickMs?: number;
  /** this process, as the operator sees it in scheduled_jobs.runner */
  runner?: string;
  onError?: (job: string, error: unknown) => void;
}

export function createScheduler(database: Database, options: SchedulerOptions = {}): Scheduler {
  const { db } = database;
  const tickMs = options.tickMs ?? 1000;
  const runner = options.runner ?? `${hostname()}:${process.pid}`;
  const onError = options.onError ?? ((job, e) => console.error(`job ${job}:`, e));
  const jobs: Job[] = [];
  const running = new Map<string, Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  /** per cluster job: not worth asking the database before this time */
  const notBefore = new Map<string, number>();
  const known = new Set<string>();
  let stopped = false;

  const guarded = (job: Job) => {
    if (running.has(job.name)) return running.get(job.name) as Promise<unknown>;
    const p = job
      .run()
      .catch((e) => onError(job.name, e))
      .finally(() => running.delete(job.name));
    running.set(job.name, p);
    return p;
  };

  async function claim(job: Job): Promise<boolean> {
    if (!known.has(job.name)) {
      // a job new to this database first runs one period from now, as a timer would
      await db
        .insert(scheduledJobs)
        .values({ name: job.name, nextRunAt: sql`now() + ${job.everyMs} * interval '1 millisecond'` })
        .onConflictDoNothing();
      known.add(job.name);
    }
    const lease = job.leaseMs ?? Math.max(10 * job.everyMs, 600_000);
    const won = await db
      .update(scheduledJobs)
      .set({ runningSince: sql`now()`, runner, nextRunAt: sql`now() + ${job.everyMs} * interval '1 millisecond'` })
      .where(
        and(
          eq(scheduledJobs.name, job.name),
          lte(scheduledJobs.nextRunAt, sql`now()`),
          or(isNull(scheduledJobs.runningSince), lt(scheduledJobs.runningSince, sql`now() - ${lease} * interval '1 millisecond'`)),
        ),
      )
      .returning({ name: scheduledJobs.name });
    if (won.length === 0) {
      const [row] = await db.select({ next: scheduledJobs.nextRunAt }).from(scheduledJobs).where(eq(scheduledJobs.name, job.name));
      if (row) notBefore.set(job.name, row.next.getTime());
    }
    return won.length > 0;
  }

  async function finish(job: Job, error: unknown) {
    await db
      .update(scheduledJobs)
      .set({
        runningSince: null,
        runs: sql`${scheduledJobs.runs} + 1`,
        lastFinishedAt: sql`now()`,
        lastError: error === undefined ? null : String(error instanceof Error ? error.message : error).slice(0, 500),
      })
      .where(and(eq(scheduledJobs.name, job.name), eq(scheduledJobs.runner, runner)));
  }

  async function tick(name: string): Promise<boolean> {
    const job = jobs.find((j) => j.name === name);
    if (!job || running.has(name) || stopped) return false;
    // hold the slot while claiming, so a slow claim and the next tick do not both run it
    let release!: () => void;
    running.set(name, new Promise<void>((r) => (release = r)));
    try {
      if (!(await claim(job))) return false;
      let error: unknown;
      try {
        await job.run();
      } catch (e) {
        error = e;
        onError(name, e);
      }
      await finish(job, error);
      return true;
    } finally {
      running.delete(name);
      release();
    }
  }

  /** the timer's round: skip asking the database while the job is known not to be due */
  const poll = (job: Job) => {
    if ((notBefore.get(job.name) ?? 0) > Date.now()) return;
    void tick(job.name).catch((e) => onError(job.name, e));
  };

  return {
    jobs,
    register(job) {
      if (jobs.some((j) => j.name === job.name)) throw new Error(`job ${job.name} registered twice`);
      jobs.push(job);
    },
    start() {
      stopped = false;
      const cluster = jobs.filter((j) => (j.scope ?? 'cluster') === 'cluster');
      if (cluster.length) {
        // the first round one tick after start: start-up (the search index) comes first
        const t = setInterval(() => cluster.forEach(poll), tickMs);
        t.unref();
        timers.push(t);
      }
      for (const job of jobs.filter((j) => j.scope === 'process')) {
        const t = setInterval(() => void guarded(job), job.everyMs);
        t.unref();
        timers.push(t);
      }
    },
    async stop() {
      stopped = true;
      for (const t of timers.splice(0)) clearInterval(t);
      await Promise.allSettled([...running.values()]);
    },
    tick,
  };
}
