/**
 * Before any test file:
 * - compile src/ to dist/ (incremental, as `npm start` does), so the tests that start the `yimen`
 *   command as separate processes run the JavaScript an operator runs, without compiling the
 *   TypeScript again in every process;
 * - migrate one database, once, that every test file's database starts as a copy of
 *   (test/helpers.ts): on PostgreSQL a template database that `create database … template` copies,
 *   on PGlite a dump of a migrated data folder that each in-memory database is loaded from. Running
 *   the 23 migrations (and PGlite's initdb) in every test file cost more CPU than most files' tests.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';

/** where test/helpers.ts finds the migrated copy: the template database's name, or the dump's file */
export const TEMPLATE_DB_ENV = 'YIMEN_TEST_TEMPLATE_DB';
export const TEMPLATE_DUMP_ENV = 'YIMEN_TEST_TEMPLATE_DUMP';

export default async function setup() {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `yimen_t_template_${randomBytes(4).toString('hex')}`;
    const admin = async (sql: string) => {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      try {
        await a.query(sql);
      } finally {
        await a.end();
      }
    };
    await admin(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    // migrated, then closed: a template must have no open connections while it is copied
    const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 1 });
    await database.migrate();
    await database.close();
    process.env[TEMPLATE_DB_ENV] = name;
    return async () => {
      delete process.env[TEMPLATE_DB_ENV];
      await admin(`drop database if exists ${name} with (force)`);
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'yimen-test-template-'));
  const database = await openDatabase({ dataDir: join(dir, 'db') });
  await database.migrate();
  await database.close();
  const client = await PGlite.create(join(dir, 'db'), { extensions: { pg_trgm } });
  const file = join(dir, 'migrated.tar');
  writeFileSync(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
  await client.close();
  process.env[TEMPLATE_DUMP_ENV] = file;
  return () => {
    delete process.env[TEMPLATE_DUMP_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}
