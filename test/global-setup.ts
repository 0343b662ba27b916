/**
 * Before any test file:
 * - compile src/ to dist/ (incremental, as `npm start` does), so the tests that start the `yimen`
 *   command as separate processes run the JavaScript an operator runs, without compiling the
 *   TypeScript again in every process;
 * - migrate one database, once, that every test file's database starts as a copy of
 *   (test/helpers.ts): on PostgreSQL a template database that `create database … template` copies,
 *   on PGlite a dump of a migrated data folder that each in-memory database is loaded from. Running
 *   the 23 migrations (and PGlite's initdb) in every test file cost more CPU than most files' tests;
 * - seed the 示范市 demo (data/demo, every part: `seedDemo` with the services it builds) once into
 *   a second copy, which the files that need the whole demo start from (test/helpers.ts, `demoApp`):
 *   seeding it took 15–20 s of CPU in each of some twenty files (the browser specs, the journeys
 *   tests, the fuzz test). The demo's uploaded files are kept beside it and copied into each test
 *   process's files folder. The files that test the seeding itself still seed.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { seedDemo } from '../src/cli/seed.js';
import { loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/client.js';
import { cheapPasswordHashingForTests } from '../src/modules/accounts/index.js';

/** where test/helpers.ts finds the migrated copy: the template database's name, or the dump's file */
export const TEMPLATE_DB_ENV = 'YIMEN_TEST_TEMPLATE_DB';
export const TEMPLATE_DUMP_ENV = 'YIMEN_TEST_TEMPLATE_DUMP';
/** the same for the copy with the demo seeded, and the folder of the demo's uploaded files */
export const DEMO_DB_ENV = 'YIMEN_TEST_DEMO_DB';
export const DEMO_DUMP_ENV = 'YIMEN_TEST_DEMO_DUMP';
export const DEMO_FILES_ENV = 'YIMEN_TEST_DEMO_FILES';
/** the test file's own folder of uploaded files (test/file-setup.ts) */
export const FILES_DIR_ENV = 'YIMEN_TEST_FILES_DIR';

/** the whole demo, as `yimen seed --demo` makes it, into `database` (uploaded files into `filesDir`) */
async function seedWholeDemo(database: Database, filesDir: string, databaseUrl?: string) {
  cheapPasswordHashingForTests(); // as in the test processes (test/helpers.ts)
  await seedDemo({ ...loadConfig({ NODE_ENV: 'test' }), filesDir, databaseUrl, logLevel: 'silent' }, database, { verbose: false });
}

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
    const demoName = `${name}_demo`;
    await admin(`create database ${demoName} template ${name}`);
    url.pathname = `/${demoName}`;
    const demoFiles = mkdtempSync(join(tmpdir(), 'yimen-test-demo-files-'));
    const demo = await openDatabase({ databaseUrl: url.toString(), dataDir: '', poolSize: 2 });
    await seedWholeDemo(demo, demoFiles, url.toString());
    await demo.close();
    process.env[TEMPLATE_DB_ENV] = name;
    process.env[DEMO_DB_ENV] = demoName;
    process.env[DEMO_FILES_ENV] = demoFiles;
    return async () => {
      delete process.env[TEMPLATE_DB_ENV];
      delete process.env[DEMO_DB_ENV];
      delete process.env[DEMO_FILES_ENV];
      await admin(`drop database if exists ${demoName} with (force)`);
      await admin(`drop database if exists ${name} with (force)`);
      rmSync(demoFiles, { recursive: true, force: true });
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'yimen-test-template-'));
  const database = await openDatabase({ dataDir: join(dir, 'db') });
  await database.migrate();
  await database.close();
  const dump = async (dataDir: string, file: string) => {
    const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    writeFileSync(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
    await client.close();
  };
  const file = join(dir, 'migrated.tar');
  await dump(join(dir, 'db'), file);
  // the demo, seeded into a copy of the migrated folder (unpacked as test/helpers.ts's migratedDataDir does)
  mkdirSync(join(dir, 'demo-db'));
  execFileSync('tar', ['-x', '-f', file, '-C', join(dir, 'demo-db')], { stdio: 'ignore' });
  const demo = await openDatabase({ dataDir: join(dir, 'demo-db') });
  await seedWholeDemo(demo, join(dir, 'demo-files'));
  await demo.close();
  const demoFile = join(dir, 'demo.tar');
  await dump(join(dir, 'demo-db'), demoFile);
  process.env[TEMPLATE_DUMP_ENV] = file;
  process.env[DEMO_DUMP_ENV] = demoFile;
  process.env[DEMO_FILES_ENV] = join(dir, 'demo-files');
  return () => {
    delete process.env[TEMPLATE_DUMP_ENV];
    delete process.env[DEMO_DUMP_ENV];
    delete process.env[DEMO_FILES_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}
