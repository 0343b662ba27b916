/**
 * The harness of "an acknowledged write survives kill -9": start `yimen serve` on the test's own
 * data (a temporary DATA_DIR and FILES_DIR, or a fresh PostgreSQL database when DATABASE_URL is
 * set), send writes from several clients, SIGKILL the server once enough were acknowledged,
 * start it again on the same data and hand back what was acknowledged, for the test to check
 * every one of them. Letters use it today; applications and bookings can use it the same way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Services, createServices } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { emptyPostgresDatabase } from './helpers.js';

export const databaseKind = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

export interface KillRun<A> {
  /** every write that was acknowledged before the kill, by its number */
  acknowledged: Map<number, A>;
  /** every write sent (acknowledged, failed, or in flight when the process died) */
  sent: number[];
  /** the server, started again on the same data */
  base: string;
  /** whether the first server really died of SIGKILL */
  killed: boolean;
}

export interface DurabilityHarness {
  env: NodeJS.ProcessEnv;
  config: Config;
  /** Work on the data while no server owns it (accounts, tokens; checks after a stop). */
  withServices<T>(work: (services: Services) => Promise<T>): Promise<T>;
  /** Start `yimen serve` and wait until it is ready; its base URL. */
  start(): Promise<string>;
  /** Stop the running server (SIGTERM: cleanly; SIGKILL: as a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Send writes 0, 1, 2… from `clients` clients; `write` answers the acknowledgement (or
   * undefined when refused) and throws when no answer came. The server is killed with SIGKILL
   * once `killAfter` were acknowledged, then started again.
   */
  killDuring<A>(o: { write: (base: string, i: number) => Promise<A | undefined>; killAfter: number; max: number; clients?: number }): Promise<KillRun<A>>;
  close(): Promise<void>;
}

export async function durabilityHarness(extraEnv: NodeJS.ProcessEnv = {}): Promise<DurabilityHarness> {
  const serverUrl = process.env.DATABASE_URL;
  const dir = mkdtempSync(join(tmpdir(), 'yimen-durability-'));
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    RATE_LIMIT_LETTERS: '0',
    LETTERS_PER_PHONE: '0',
    FILES_DIR: join(dir, 'files'),
    ...extraEnv,
  };
  let env: NodeJS.ProcessEnv;
  let dropDatabase = async () => {};
  if (serverUrl) {
    const empty = await emptyPostgresDatabase(serverUrl);
    env = { ...base, DATABASE_URL: empty.databaseUrl, DATA_DIR: '' };
    dropDatabase = empty.drop;
  } else {
    env = { ...base, DATA_DIR: join(dir, 'db') };
    delete env.DATABASE_URL;
  }
  const config = loadConfig(env);
  let server: ChildProcess | undefined;

  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  };

  const harness: DurabilityHarness = {
    env,
    config,
    async withServices(work) {
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      await database.migrate();
      const services = await createServices(config, database, { search: 'write' });
      try {
        return await work(services);
      } finally {
        await services.close();
        await database.close();
      }
    },
    start() {
      const child = spawn(process.execPath, ['dist/cli/index.js', 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    },
    stop,
    async killDuring<A>({ write, killAfter, max, clients = 12 }: { write: (base: string, i: number) => Promise<A | undefined>; killAfter: number; max: number; clients?: number }) {
      let base = await harness.start();
      const first = server as ChildProcess;
      const acknowledged = new Map<number, A>();
      const sent: number[] = [];
      let next = 0;
      let killed: Promise<void> | undefined;
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < max && !killed) {
            const i = next++;
            sent.push(i);
            try {
              const ack = await write(base, i);
              if (ack !== undefined) acknowledged.set(i, ack);
            } catch {
              // no answer: the process died with this one in flight; it may or may not be stored
            }
            if (acknowledged.size >= killAfter && !killed) killed = stop('SIGKILL');
          }
        }),
      );
      await killed;
      base = await harness.start();
      return { acknowledged, sent, base, killed: first.signalCode === 'SIGKILL' };
    },
    async close() {
      await stop('SIGKILL');
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
