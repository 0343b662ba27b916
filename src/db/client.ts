/**
 * The database: PGlite in DATA_DIR by default (nothing to install), a real PostgreSQL when
 * DATABASE_URL is set. Both speak the same dialect, run the same migrations and are used through
 * the same typed query layer, so no code outside this file knows which one it talks to.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as tables from './schema/index.js';

/** Every table: one file per module in db/schema/ (drizzle.config.ts reads the same folder). */
const schema = { ...tables };

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository function can run on: the database or a transaction in progress. */
export type Runner = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  /** run raw SQL (several statements allowed); for maintenance and tests */
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface DatabaseOptions {
  databaseUrl?: string;
  /** a directory, or 'memory://' for a throw-away database */
  dataDir: string;
  poolSize?: number;
  /** PGlite only: start from this dump of a data folder (`dumpDataDir`) instead of an empty one */
  loadDataDir?: Blob;
}

/** The embedded database's folder cannot be used; the message names it and says what to do. */
export class DataDirError extends Error {
  constructor(
    readonly dataDir: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Make sure DATA_DIR is a folder PGlite can use: missing (created), empty, or a database it made
 * before. Anything else gets a message that says which folder and what to do, before PGlite would
 * fail with an unexplained exit status.
 */
function prepareDataDir(dir: string): void {
  const elsewhere = 'Set DATA_DIR to an empty or new folder (the default is ./.yimen/db), or DATABASE_URL to a PostgreSQL database.';
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new DataDirError(dir, `DATA_DIR ${dir} is a file, not a folder. ${elsewhere}`);
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes('PG_VERSION'))
      throw new DataDirError(
        dir,
        `DATA_DIR ${dir} already holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}) and is not an embedded database. ${elsewhere}`,
      );
  } else {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new DataDirError(dir, `DATA_DIR ${dir} cannot be created (${(e as NodeJS.ErrnoException).code ?? e}). ${elsewhere}`);
    }
  }
  try {
    accessSync(dir, constants.R_OK | constants.W_OK);
  } catch {
    throw new DataDirError(dir, `DATA_DIR ${dir} is not writable by this user. Change its owner or permissions, or: ${elsewhere}`);
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A pool error (e.g. the server restarted) must not crash the process; the next query retries.
    pool.on('error', () => {});
    await pool.query('select 1');
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: async () => {
        await pool.query('create extension if not exists pg_trgm');
        await migratePg(drizzlePg(pool), { migrationsFolder });
      },
      exec: async (sqlText) => {
        await pool.query(sqlText);
      },
      close: () => pool.end(),
    };
  }
  if (!options.dataDir.startsWith('memory://')) prepareDataDir(options.dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create(options.dataDir, { extensions: { pg_trgm }, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) });
  } catch (e) {
    // PGlite reports a failed start as a bare "ExitStatus … exit(1)", which tells nobody anything
    if (options.dataDir.startsWith('memory://')) throw e;
    throw new DataDirError(
      options.dataDir,
      `the embedded database in ${options.dataDir} could not be opened (${e instanceof Error ? e.message : String(e)}). It may be damaged, from another PGlite version, or in use by another yimen process: stop that process, or restore a backup, or move the folder away to start afresh (or set DATA_DIR to another folder).`,
    );
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await client.exec('create extension if not exists pg_trgm');
      await migratePglite(drizzlePglite(client), { migrationsFolder });
    },
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    close: () => client.close(),
  };
}
