import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPostgresDatabase, type TestDb, testDatabase } from '../../test/helpers.js';
import { openDatabase } from '../db/client.js';
import { createScheduler } from './scheduler.js';

describe('scheduler: a cluster job runs once per period', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDatabase();
  });
  afterAll(() => t?.drop());

  /** two processes' schedulers on one database, each with the same job counting its runs */
  function pair(name: string, run: () => Promise<void> = async () => {}) {
    const counts = { a: 0, b: 0 };
    const a = createScheduler(t.database, { runner: 'a' });
    const b = createScheduler(t.database, { runner: 'b' });
    a.register({ name, everyMs: 60_000, run: () => run().then(() => void counts.a++) });
    b.register({ name, everyMs: 60_000, run: () => run().then(() => void counts.b++) });
    return { a, b, counts };
  }
  /** the job's period has passed (or, for a job new to the database, its first one) */
  const nextPeriod = (name: string) =>
    t.database.exec(
      `insert into scheduled_jobs (name, next_run_at) values ('${name}', now() - interval '1 second') on conflict (name) do update set next_run_at = now() - interval '1 second'`,
    );

  it('lets exactly one of two schedulers run a due job, and neither again within the period', async () => {
    const { a, b, counts } = pair('test.once');
    // a job new to the database first runs one period later, as a timer would (start-up comes first)
    expect(await Promise.all([a.tick('test.once'), b.tick('test.once')])).toEqual([false, false]);
    await nextPeriod('test.once');
    const first = await Promise.all([a.tick('test.once'), b.tick('test.once')]);
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await a.tick('test.once')).toBe(false);
    expect(await b.tick('test.once')).toBe(false);
    expect(counts.a + counts.b).toBe(1);
    for (let period = 0; period < 5; period++) {
      await nextPeriod('test.once');
      const won = await Promise.all([a.tick('test.once'), b.tick('test.once')]);
      expect(won.filter(Boolean)).toHaveLength(1);
    }
    expect(counts.a + counts.b).toBe(6);
  });

  it('does not start a second run while one is in progress, even when the next period is due', async () => {
    let release!: () => void;
    let started!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const begun = new Promise<void>((r) => (started = r));
    const { a, b, counts } = pair('test.long', () => {
      started();
      return gate;
    });
    await nextPeriod('test.long');
    const running = a.tick('test.long');
    await begun;
    await nextPeriod('test.long');
    // b sees a's run in progress (a's own next tick would too)
    expect(await b.tick('test.long')).toBe(false);
    expect(await a.tick('test.long')).toBe(false);
    release();
    expect(await running).toBe(true);
    expect(counts).toEqual({ a: 1, b: 0 });
  });

  it('takes over a run whose process died (its lease ran out), and keeps the last error', async () => {
    const failing = createScheduler(t.database, { runner: 'c', onError: () => {} });
    failing.register({ name: 'test.lease', everyMs: 60_000, run: async () => Promise.reject(new Error('gateway down')) });
    await nextPeriod('test.lease');
    expect(await failing.tick('test.lease')).toBe(true);
    const [row] = ((await t.database.db.execute(sql`select last_error from scheduled_jobs where name = 'test.lease'`)) as unknown as { rows: { last_error: string }[] }).rows;
    expect(row.last_error).toBe('gateway down');
    // a process that claimed the job and died: running since long ago
    await t.database.exec(`update scheduled_jobs set running_since = now() - interval '2 hours', runner = 'dead', next_run_at = now() - interval '1 second' where name = 'test.lease'`);
    const { b, counts } = pair('test.lease');
    expect(await b.tick('test.lease')).toBe(true);
    expect(counts.b).toBe(1);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('scheduler across two processes (PostgreSQL)', () => {
  let databaseUrl: string;
  let drop: () => Promise<void>;
  const procs: ChildProcess[] = [];
  const PERIOD = 400;

  beforeAll(async () => {
    ({ databaseUrl, drop } = await emptyPostgresDatabase(process.env.DATABASE_URL as string));
    const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 1 });
    await database.migrate();
    await database.exec('create table job_test_runs (runner text not null, at timestamptz not null default clock_timestamp())');
    await database.close();
  });
  afterAll(async () => {
    for (const p of procs) p.kill('SIGKILL');
    await drop?.();
  });

  it('runs the job once per period however many processes tick', async () => {
    for (const name of ['p1', 'p2']) {
      const p = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/scheduler-process.ts', name], {
        env: { ...process.env, DATABASE_URL: databaseUrl, PERIOD_MS: String(PERIOD) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      procs.push(p);
      await once(p.stdout as NodeJS.ReadableStream, 'data');
    }
    const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 1 });
    try {
      const runs = async () => {
        const { rows } = (await database.db.execute(
          sql`select runner, extract(epoch from at) * 1000 as ms from job_test_runs order by at`,
        )) as unknown as { rows: { runner: string; ms: string }[] };
        return rows.map((r) => ({ runner: r.runner, ms: Number(r.ms) }));
      };
      await expect.poll(async () => (await runs()).length, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(8);
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(procs.map((p) => (p.exitCode === null ? once(p, 'exit') : undefined)));
      const all = await runs();
      // two processes ticking every 50 ms, yet never two runs in one period
      const gaps = all.slice(1).map((r, i) => r.ms - all[i].ms);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(PERIOD * 0.75);
      const [row] = ((await database.db.execute(sql`select runs from scheduled_jobs where name = 'test.tick'`)) as unknown as { rows: { runs: number }[] }).rows;
      expect(row.runs).toBe(all.length);
    } finally {
      await database.close();
    }
  });
});
