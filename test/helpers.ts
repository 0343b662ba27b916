/**
 * Test harness: a fresh database per test file — an in-memory PGlite by default, or a database
 * of its own on the PostgreSQL server named by DATABASE_URL — migrated and empty, so test files
 * run in parallel without seeing each other's data.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Services, createApp, createServices } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/client.js';

export interface TestDb {
  database: Database;
  databaseUrl: string | undefined;
  drop(): Promise<void>;
}

export async function testDatabase(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    return { database, databaseUrl: undefined, drop: () => database.close() };
  }
  const name = `yimen_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const database = await openDatabase({ databaseUrl, dataDir: '', poolSize: 5 });
  await database.migrate();
  return {
    database,
    databaseUrl,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export function testConfig(overrides: Partial<Config> = {}, databaseUrl?: string): Config {
  return { ...loadConfig({ NODE_ENV: 'test' }), databaseUrl, ...overrides };
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
