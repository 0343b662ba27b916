/**
 * bench:startup — how long `npm start` takes, exactly as the README runs it, from the command to
 * the portal answering: the first start on an empty data directory (it creates the database and
 * loads the demo; budget ≤ 15 s) and a restart on existing data (budget ≤ 5 s).
 *
 *   npm run bench:startup [-- --runs 5 --first-runs 3]
 *
 * Each run starts `npm start` with its own DATA_DIR under .bench/ and its own port, and stops it
 * once `/healthz` says the search index is ready (the moment the process prints "ready"). Also
 * printed: when /healthz first answered at all (pages are served before the index is built) and
 * the CPU the process says it used until ready, which a busy machine inflates much less than the
 * wall time: quote it beside the times when the machine is shared.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'first-runs': { type: 'string', default: '3' } } });
const RUNS = Math.max(1, Number(values.runs) || 5);
const FIRST_RUNS = Math.max(1, Number(values['first-runs']) || 3);

interface Timing {
  /** ms from the command to /healthz answering with the search index ready */
  ready: number;
  /** ms from the command to the first answer of /healthz */
  firstAnswer: number;
  /** CPU ms the server says it used until ready */
  cpu: number;
}

async function startOnce(dataDir: string, port: number): Promise<Timing> {
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  // detached: npm, sh and the server are one process group, stopped together
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let cpu = 0;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const m = /ready in \d+ ms: .*CPU (\d+) ms/.exec(line);
    if (m) cpu = Number(m[1]);
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  let firstAnswer = 0;
  try {
    for (;;) {
      if (exited) throw new Error('npm start exited before it answered');
      if (performance.now() - started > 300_000) throw new Error('npm start did not answer within 5 minutes');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((r) => (r.ok ? (r.json() as Promise<{ search?: string }>) : undefined))
        .catch(() => undefined);
      if (health && !firstAnswer) firstAnswer = performance.now() - started;
      if (health?.search === 'ready') {
        const ready = performance.now() - started;
        // the ready line follows the index by a moment
        for (let i = 0; i < 50 && !cpu; i++) await new Promise((r) => setTimeout(r, 20));
        return { ready, firstAnswer, cpu };
      }
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] as number;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
function report(label: string, timings: Timing[], budget: number) {
  const ready = timings.map((t) => t.ready);
  console.log(
    `${label.padEnd(10)} ready ${s(median(ready))} median (min ${s(Math.min(...ready))}, max ${s(Math.max(...ready))})   first /healthz ${s(median(timings.map((t) => t.firstAnswer)))}   CPU ${s(median(timings.map((t) => t.cpu)))}   budget ≤ ${budget / 1000} s: ${median(ready) <= budget ? 'met' : 'NOT met'}`,
  );
}

let port = 3900 + Math.floor(Math.random() * 50);
const first: Timing[] = [];
const dir = (i: number) => resolve(`.bench/startup-${i}`);
for (let i = 0; i < FIRST_RUNS; i++) {
  rmSync(dir(i), { recursive: true, force: true });
  first.push(await startOnce(dir(i), port++));
}
const restart: Timing[] = [];
for (let i = 0; i < RUNS; i++) restart.push(await startOnce(dir(i % FIRST_RUNS), port++));
for (let i = 1; i < FIRST_RUNS; i++) rmSync(dir(i), { recursive: true, force: true });

console.log(`bench:startup  npm start (PGlite, demo): ${FIRST_RUNS} first starts on an empty data directory, ${RUNS} restarts`);
report('first', first, 15_000);
report('restart', restart, 5_000);
