/**
 * Test harness: a fresh database per test file — an in-memory PGlite by default, or a database
 * of its own on the PostgreSQL server named by DATABASE_URL — migrated and empty, so test files
 * run in parallel without seeing each other's data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Services, createApp, createServices } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/client.js';

export interface TestDb {
  database: Database;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/** An empty database of its own on the PostgreSQL server at `serverUrl`, and how to drop it. */
export async function emptyPostgresDatabase(serverUrl: string): Promise<{ databaseUrl: string; drop(): Promise<void> }> {
  const name = `yimen_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
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
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return { database, databaseUrl: undefined, drop: () => database.close() };
  }
  const empty = await emptyPostgresDatabase(serverUrl);
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
