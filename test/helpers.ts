/**
 * Test harness: a fresh database per test file — an in-memory PGlite by default, or a database
 * of its own on the PostgreSQL server named by DATABASE_URL — migrated and empty, so test files
 * run in parallel without seeing each other's data. Each starts as a copy of the database that
 * test/global-setup.ts migrated once (on PostgreSQL a template database, on PGlite a dump of a data
 * folder); outside vitest's global setup (scripts/fuzz.ts) it is migrated on the spot.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Services, createApp, createServices } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { TEMPLATE_DB_ENV, TEMPLATE_DUMP_ENV } from './global-setup.js';

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

export async function testDatabase(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dump = process.env[TEMPLATE_DUMP_ENV];
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: dump ? new Blob([readFileSync(dump)]) : undefined });
    // finds every migration applied (a few milliseconds) when the database is a copy
    await database.migrate();
    return { database, databaseUrl: undefined, drop: () => database.close() };
  }
  const empty = await emptyPostgresDatabase(serverUrl, process.env[TEMPLATE_DB_ENV]);
  const database = await openDatabase({ databaseUrl: empty.databaseUrl, dataDir: '', poolSize: 5 });
  await database.migrate();
  return {
    database,
    databaseUrl: empty.databaseUrl,
    drop: async () => {
      await database.close();
      await empty.drop();
    },
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

/** one folder of uploaded files per test process, removed when it ends */
const filesDir = mkdtempSync(join(tmpdir(), 'yimen-test-files-'));
process.once('exit', () => rmSync(filesDir, { recursive: true, force: true }));

export function testConfig(overrides: Partial<Config> = {}, databaseUrl?: string): Config {
  return { ...loadConfig({ NODE_ENV: 'test' }), filesDir, databaseUrl, ...overrides };
}

/** A running app on its own database. */
export async function testApp(overrides: Partial<Config> = {}) {
  const db = await testDatabase();
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
