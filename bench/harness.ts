/**
 * Shared by bench:uploads, bench:pdf and bench:memory: a `yimen serve` child process on a fresh
 * embedded database (or a fresh PostgreSQL database), a /healthz prober that measures how long
 * the event loop keeps other requests waiting, and percentiles.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';

export interface BenchServer {
  base: string;
  child: ChildProcess;
  dataDir: string;
  filesDir: string;
  /** resident memory of the server process, in MB (Linux /proc) */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Start `yimen serve --init` (the demo) on its own folders, or a fresh PostgreSQL database when `postgres` is given. */
export async function startServer(options: { postgres?: string; name: string; env?: NodeJS.ProcessEnv }): Promise<BenchServer> {
  const root = fs.mkdtempSync(join(tmpdir(), `yimen-bench-${options.name}-`));
  const dataDir = join(root, 'db');
  const filesDir = join(root, 'files');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    FILES_DIR: filesDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_LETTERS: '0',
    LETTERS_PER_PHONE: '0',
    RATE_LIMIT_LOGIN: '0',
    RATE_LIMIT_SEARCH: '0',
    HOST: '127.0.0.1',
    PORT: '0',
    ...options.env,
  };
  delete env.DATABASE_URL;
  let dbName: string | undefined;
  if (options.postgres) {
    dbName = `yimen_bench_${options.name.replace(/\W/g, '_')}`;
    const admin = new pg.Client({ connectionString: `${options.postgres.replace(/\/+$/, '')}/postgres` });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
    env.DATABASE_URL = `${options.postgres.replace(/\/+$/, '')}/${dbName}`;
  }
  const child = spawn(process.execPath, ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), 'src/cli/index.ts', 'serve', '--init'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  // a failing benchmark must not leave its server behind
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  const base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = /ready in \d+ ms: (http:\/\/\S+)/.exec(line);
      if (m) resolve((m[1] as string).replace('localhost', '127.0.0.1'));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  // the search index is built after "ready": wait for it, as a visitor's first search would
  await fetch(`${base}/api/v1/search?q=%E8%BA%AB%E4%BB%BD%E8%AF%81`).then((r) => r.arrayBuffer());
  return {
    base,
    child,
    dataDir,
    filesDir,
    rssMb: () => {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Math.round(Number(m[1]) / 1024) : Number.NaN;
    },
    stop: async () => {
      process.off('exit', kill);
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(root, { recursive: true, force: true });
      if (dbName && options.postgres) {
        const admin = new pg.Client({ connectionString: `${options.postgres.replace(/\/+$/, '')}/postgres` });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    },
  };
}

/** GET /healthz every `everyMs` on its own connection until stopped; the latencies in ms. */
export function probeHealth(base: string, everyMs = 10) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        http
          .get(`${base}/healthz`, { agent }, (res) => {
            res.resume();
            res.on('end', () => resolve());
          })
          .on('error', () => resolve());
      });
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    latencies,
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      return latencies;
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;

export function summary(label: string, values: number[]): string {
  return `${label}: p50 ${ms(percentile(values, 50))}, p99 ${ms(percentile(values, 99))}, max ${ms(Math.max(...values))} (${values.length} samples)`;
}

/** A browser-like session: cookies and the CSRF token of the last page. */
export class Session {
  cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  keep(res: Response, body: string) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
  }
  async get(path: string) {
    const res = await fetch(`${this.base}${path}`, { headers: { cookie: this.header() }, redirect: 'manual' });
    const body = await res.text();
    this.keep(res, body);
    return { status: res.status, body };
  }
  async post(path: string, form: Record<string, string>) {
    const res = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
      redirect: 'manual',
    });
    const body = await res.text();
    this.keep(res, body);
    return { status: res.status, body, location: res.headers.get('location') ?? '' };
  }
}

export function demoPassword(): string {
  return (JSON.parse(fs.readFileSync('data/demo/accounts.json', 'utf8')) as { password: string }).password;
}
