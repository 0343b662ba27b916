/**
 * Test harness: a fresh database per test file — an in-memory PGlite by default, or a database
 * of its own on the PostgreSQL server named by DATABASE_URL — migrated and empty, so test files
 * run in parallel without seeing each other's data. Each starts as a copy of the database that
 * test/global-setup.ts migrated once (on PostgreSQL a template database, on PGlite a dump of a data
 * folder); outside vitest's global setup (scripts/fuzz.ts) it is migrated on the spot.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Services, createApp, createServices } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { seedDemo } from '../src/cli/seed.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { cheapPasswordHashingForTests } from '../src/modules/accounts/index.js';
import { DEMO_DB_ENV, DEMO_DUMP_ENV, DEMO_FILES_ENV, FILES_DIR_ENV, TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV } from './global-setup.js';

// passwords hashed at argon2id's cheapest in the tests' own processes (what they test is who may
// sign in, not the hash's cost); the `yimen` processes some tests start hash as in production
cheapPasswordHashingForTests();

export interface TestDb {
  database: Database;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/**
 * An empty database of its own on the PostgreSQL server at `serverUrl`, and how to drop it;
 * `template`: a copy of that database instead.
 */
export async function emptyPostgresDatabase(serverUrl: string, template?: string): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const name = `yimen_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * `demo`: a copy of the database with the whole demo seeded by the global setup (its uploaded files
 * copied into this process's files folder), when there is one; `demo` in the answer says whether it was.
 */
export async function testDatabase(options: { demo?: boolean } = {}): Promise<TestDb & { demo: boolean }> {
  const serverUrl = process.env.DATABASE_URL;
  const demo = !!options.demo && !!process.env[serverUrl ? DEMO_DB_ENV : DEMO_DUMP_ENV];
  if (demo) {
    const files = process.env[DEMO_FILES_ENV];
    if (files && existsSync(files)) cpSync(files, filesDir(), { recursive: true });
  }
  if (!serverUrl) {
    const dump = process.env[demo ? DEMO_DUMP_ENV : TEMPLATE_DUMP_ENV];
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: dump ? new Blob([readFileSync(dump)]) : undefined });
    // finds every migration applied (a few milliseconds) when the database is a copy
    await database.migrate();
    return { database, databaseUrl: undefined, drop: () => database.close(), demo };
  }
  const empty = await emptyPostgresDatabase(serverUrl, process.env[demo ? DEMO_DB_ENV : TEMPLATE_DB_ENV]);
  const database = await openDatabase({ databaseUrl: empty.databaseUrl, dataDir: '', poolSize: 5 });
  await database.migrate();
  return {
    database,
    databaseUrl: empty.databaseUrl,
    drop: async () => {
      // a test may have closed it already (the CLI tests hand the database to the command): dropped all the same
      await database.close().catch(() => {});
      await empty.drop();
    },
    demo,
  };
}

/**
 * For a test that starts the `yimen` command on an embedded database: the migrated copy unpacked into
 * `dir` (which must not exist yet), so the command finds its migrations applied as it would on a
 * database it made before; without vitest's global setup, `dir` is left for the command to create.
 */
export function migratedDataDir(dir: string): void {
  const dump = process.env[TEMPLATE_DUMP_ENV];
  if (!dump) return;
  mkdirSync(dir, { recursive: true });
  // PGlite's dump is a tar of the data folder (its entries start with '/', which tar drops)
  execFileSync('tar', ['-x', '-f', dump, '-C', dir], { stdio: 'ignore' });
}

/**
 * The folder of uploaded files: the test file's own (test/file-setup.ts), or outside vitest
 * (scripts/fuzz.ts) one for the process, removed when it ends.
 */
let processFilesDir = '';
function filesDir(): string {
  const own = process.env[FILES_DIR_ENV];
  if (own) return own;
  if (!processFilesDir) {
    const dir = mkdtempSync(join(tmpdir(), 'yimen-test-files-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    processFilesDir = dir;
  }
  return processFilesDir;
}

export function testConfig(overrides: Partial<Config> = {}, databaseUrl?: string): Config {
  return { ...loadConfig({ NODE_ENV: 'test' }), filesDir: filesDir(), databaseUrl, ...overrides };
}

/** A running app on its own database; `demo`: one holding the whole demo (`demoApp`). */
export async function testApp(overrides: Partial<Config> = {}, options: { demo?: boolean } = {}) {
  const db = await testDatabase(options);
  const config = testConfig(overrides, db.databaseUrl);
  const services: Services = await createServices(config, db.database);
  const app = await createApp(services);
  await app.ready();
  return {
    app,
    services,
    db,
    close: async () => {
      await app.close();
      await services.close();
      await db.drop();
    },
  };
}

/**
 * A running app on its own database with the whole 示范市 demo (data/demo) as `yimen seed --demo`
 * makes it, and its search index read: a copy of the one the global setup seeded, or, without that
 * (a script run outside vitest's global setup), seeded here.
 */
export async function demoApp(overrides: Partial<Config> = {}) {
  const t = await testApp(overrides, { demo: true });
  if (!t.db.demo) {
    const s = t.services;
    await seedDemo(s.config, t.db.database, { verbose: false, catalog: s.catalog, accounts: s.accounts, journeys: s.journeys, letters: s.letters, certificates: s.certificates, ratings: s.ratings, disclosure: s.disclosure, appointments: s.appointments, proposals: s.proposals, foi: s.foi, reports: s.reports, hospitals: s.hospitals, applications: s.applications });
  }
  await t.services.search.refresh();
  return t;
}
