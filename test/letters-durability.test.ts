/**
 * An acknowledged letter survives the process being killed: a real server (`yimen serve`) takes
 * a stream of submissions, is killed with SIGKILL in the middle of it, and is started again on
 * the same data; every letter that got a 201 must open with its tracking and query codes, and
 * resending every Idempotency-Key — answered or not — must create each letter exactly once.
 * On PostgreSQL when DATABASE_URL is set, otherwise on PGlite in a temporary DATA_DIR.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { emptyPostgresDatabase } from './helpers.js';

const serverUrl = process.env.DATABASE_URL;
const kind = serverUrl ? 'PostgreSQL' : 'PGlite';
const PASSWORD = 'durability-2026';

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
let token: string;
let server: ChildProcess | undefined;

/** Start `yimen serve` on the test's data and wait for its "ready" line. */
async function start(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  let errors = '';
  child.stderr?.on('data', (c: Buffer) => {
    errors += c.toString();
  });
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = /ready in \d+ ms: http:\/\/localhost:(\d+)/.exec(line);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before it was ready: ${errors.slice(-2000)}`)));
  });
}

function stop(child: ChildProcess | undefined, signal: NodeJS.Signals) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

const letter = (i: number) => ({
  channel: 'mayor',
  type: (['complaint', 'consultation', 'suggestion', 'help'] as const)[i % 4],
  title: `持久性测试来信 ${i}`,
  body: `这是第 ${i} 封来信，用来检验进程被强行终止后已确认的来信不会丢失。`,
  name: '测试',
  phone: `139${String(10_000_000 + i).slice(-8)}`,
  isPublic: false,
});

interface Receipt {
  trackingCode: string;
  queryCode: string;
}

async function submit(base: string, key: string, i: number): Promise<{ status: number; receipt?: Receipt }> {
  const res = await fetch(`${base}/api/v1/letters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(letter(i)),
  });
  const body = (await res.json()) as Receipt;
  return { status: res.status, receipt: res.status === 201 ? body : undefined };
}

describe(`an acknowledged letter survives SIGKILL (${kind})`, () => {
  beforeAll(async () => {
    const base = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', RATE_LIMIT_LETTERS: '0', LETTERS_PER_PHONE: '0' };
    if (serverUrl) {
      const empty = await emptyPostgresDatabase(serverUrl);
      env = { ...base, DATABASE_URL: empty.databaseUrl, DATA_DIR: '' };
      cleanup = empty.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'yimen-durability-'));
      env = { ...base, DATA_DIR: dir };
      delete env.DATABASE_URL;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    // the integration's account and token, written before the server owns the data
    const config = loadConfig(env);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await database.migrate();
    const services = await createServices(config, database, { search: 'write' });
    await services.accounts.staff.createStaff({ username: 'hotline', displayName: '12345 热线', role: 'dispatcher', password: PASSWORD });
    const p = await services.accounts.signInStaff('hotline', PASSWORD);
    token = (await services.accounts.createToken(p, { name: '热线对接', scopes: ['letters:read', 'letters:write'], days: 1 })).token;
    await services.close();
    await database.close();
  });

  afterAll(async () => {
    await stop(server, 'SIGKILL');
    await cleanup?.();
  });

  it('finds every letter that got a 201 after a kill and a restart, each once', async () => {
    let base = await start();
    const runId = randomBytes(4).toString('hex');
    const keyOf = (i: number) => `durability-${runId}-${i}`;
    const acknowledged = new Map<number, Receipt>();
    const sent: number[] = [];
    const KILL_AFTER = 60;
    const MAX = 400;
    let next = 0;
    let killed: Promise<void> | undefined;

    // a steady stream of submissions; the process is killed once enough have been answered
    await Promise.all(
      Array.from({ length: 12 }, async () => {
        while (next < MAX && !killed) {
          const i = next++;
          sent.push(i);
          try {
            const r = await submit(base, keyOf(i), i);
            if (r.receipt) acknowledged.set(i, r.receipt);
          } catch {
            // no answer: the process died with this one in flight; it may or may not be stored
          }
          if (acknowledged.size >= KILL_AFTER && !killed) killed = stop(server, 'SIGKILL');
        }
      }),
    );
    await killed;
    expect(server?.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);

    base = await start();
    const missing: string[] = [];
    for (const r of acknowledged.values()) {
      const res = await fetch(`${base}/api/v1/letters/${r.trackingCode}?queryCode=${r.queryCode}`);
      if (res.status !== 200) missing.push(`${r.trackingCode}: ${res.status}`);
    }
    expect(missing).toEqual([]);

    // every key again: the answered ones give back their letter, the others are created now, once
    for (const i of sent) {
      const r = await submit(base, keyOf(i), i);
      expect(r.status).toBe(201);
      const before = acknowledged.get(i);
      if (before) expect(r.receipt?.trackingCode).toBe(before.trackingCode);
    }
    const list = await fetch(`${base}/api/v1/staff/letters?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { total: number }).total).toBe(sent.length);
    await stop(server, 'SIGTERM');
  }, 180_000);
});
