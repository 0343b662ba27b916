/**
 * bench:startup — how long `npm start` takes on an existing data directory, from the command to
 * the first answer of /healthz (what the operator waits for after a restart). Budget: ≤ 5 s.
 *
 *   npm run bench:startup [-- --runs 5]
 *
 * The data directory is .bench/startup (PGlite with the demo); the first run creates it and is
 * not counted. Each counted run starts `npm start` exactly as the README says, with that
 * DATA_DIR and its own port, and stops it once it answers. The phases printed beside the total:
 * until the process prints "ready" (tsx, the module graph, the database, the search index, the
 * routes), and what is left (npm itself, then listening).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const RUNS = Math.max(1, Number(values.runs) || 5);
const dataDir = resolve('.bench/startup');
const firstRun = !existsSync(resolve(dataDir, 'PG_VERSION'));
mkdirSync(dataDir, { recursive: true });

interface Timing {
  total: number;
  /** ms from the command to the process's own "ready" line */
  ready: number;
  /** what the process itself says it took (after its imports) */
  app: number;
}

async function startOnce(port: number): Promise<Timing> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  // detached: npm, sh and the server are one process group, stopped together
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let ready = 0;
  let app = 0;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const m = /ready in (\d+) ms/.exec(line);
    if (m) {
      ready = performance.now() - started;
      app = Number(m[1]);
    }
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error('npm start exited before it answered');
      if (performance.now() - started > 300_000) throw new Error('npm start did not answer within 5 minutes');
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return { total: performance.now() - started, ready: ready || performance.now() - started, app };
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await stop(child);
  }
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.pid === undefined) return;
  const gone = new Promise((r) => child.on('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {}
  }, 10_000);
  await gone;
  clearTimeout(timer);
  // the server's own exit follows npm's by a moment: let it release the data directory
  await new Promise((r) => setTimeout(r, 500));
}

const basePort = 3900 + Math.floor(Math.random() * 50);
if (firstRun) {
  const t = await startOnce(basePort);
  console.error(`bench:startup  first run (creates ${dataDir} and loads the demo): ${(t.total / 1000).toFixed(1)} s, not counted`);
} else {
  // the directory may be from older code: one uncounted run applies its migrations
  await startOnce(basePort);
}
const timings: Timing[] = [];
for (let i = 0; i < RUNS; i++) timings.push(await startOnce(basePort + 1 + i));

const sorted = (f: (t: Timing) => number) => timings.map(f).sort((a, b) => a - b);
const median = (xs: number[]) => xs[Math.floor((xs.length - 1) / 2)] as number;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const totals = sorted((t) => t.total);
console.log(`bench:startup  npm start on an existing data directory (PGlite, demo), ${RUNS} runs`);
console.log(`to /healthz    median ${s(median(totals))}   min ${s(totals[0] as number)}   max ${s(totals[totals.length - 1] as number)}`);
console.log(`phases         to "ready": median ${s(median(sorted((t) => t.ready)))} of which the app after its imports ${s(median(sorted((t) => t.app)))}`);
console.log(median(totals) <= 5000 ? 'budget: met (≤ 5 s)' : 'budget: NOT met (≤ 5 s)');
