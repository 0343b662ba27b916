/**
 * `yimen backup` and `yimen restore`: the embedded database and the file store, into a folder
 * and back. The database is PGlite's own dump of its data folder (a tar of it, taken with the
 * database open and consistent); the files are copied under their hashes. With DATABASE_URL the
 * database is PostgreSQL's to back up (pg_dump/pg_restore, see README) and only the files are
 * copied. The server must be stopped first: the embedded database is one process's.
 *
 *   <out>/database.tar   the embedded database (absent with PostgreSQL)
 *   <out>/files/ab/cd/…  the file store (absent with an S3 bucket: back the bucket up instead)
 *   <out>/backup.json    what is in it, for restore to check
 */
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Config } from '../config.js';

interface Manifest {
  version: 1;
  createdAt: string;
  database: 'pglite' | 'postgres';
  files: 'local' | 's3';
}

export class BackupError extends Error {}

/** Files of the store (not uploads in progress), copied into `to`. */
async function copyFiles(from: string, to: string): Promise<number> {
  if (!existsSync(from)) return 0;
  await cp(from, to, { recursive: true, filter: (src) => !src.startsWith(join(from, 'tmp')), force: false, errorOnExist: false });
  let n = 0;
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(dir, e.name));
      else n++;
    }
  };
  if (existsSync(to)) await walk(to);
  return n;
}

export async function backup(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'filesDir' | 'filesS3'>, out: string): Promise<{ out: string; databaseBytes: number; files: number }> {
  out = resolve(out);
  if (existsSync(out) && (await readdir(out)).length) throw new BackupError(`${out} is not empty`);
  await mkdir(out, { recursive: true });
  let databaseBytes = 0;
  if (!config.databaseUrl) {
    if (!existsSync(join(config.dataDir, 'PG_VERSION'))) throw new BackupError(`no database in ${config.dataDir}`);
    const db = await PGlite.create(config.dataDir, { extensions: { pg_trgm } });
    try {
      const dump = Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
      await writeFile(join(out, 'database.tar'), dump, { flush: true });
      databaseBytes = dump.length;
    } finally {
      await db.close();
    }
  }
  const files = config.filesS3 ? 0 : await copyFiles(config.filesDir, join(out, 'files'));
  const manifest: Manifest = { version: 1, createdAt: new Date().toISOString(), database: config.databaseUrl ? 'postgres' : 'pglite', files: config.filesS3 ? 's3' : 'local' };
  await writeFile(join(out, 'backup.json'), `${JSON.stringify(manifest, null, 2)}\n`, { flush: true });
  return { out, databaseBytes, files };
}

export async function restore(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'filesDir' | 'filesS3'>, from: string): Promise<{ files: number }> {
  from = resolve(from);
  const manifest = JSON.parse(await readFile(join(from, 'backup.json'), 'utf8').catch(() => '{}')) as Partial<Manifest>;
  if (manifest.version !== 1) throw new BackupError(`${from} is not a yimen backup (no backup.json)`);
  if (manifest.database === 'pglite') {
    if (config.databaseUrl) throw new BackupError('this backup holds an embedded database: unset DATABASE_URL to restore it');
    if (existsSync(config.dataDir) && (await readdir(config.dataDir)).length) throw new BackupError(`${config.dataDir} is not empty: restore into an empty DATA_DIR (move the old one aside first)`);
    await mkdir(config.dataDir, { recursive: true });
    const tar = await readFile(join(from, 'database.tar'));
    const db = await PGlite.create(config.dataDir, { extensions: { pg_trgm }, loadDataDir: new Blob([tar]) });
    await db.query('select 1');
    await db.close();
  }
  if (!existsSync(join(from, 'files'))) return { files: 0 };
  if (config.filesS3) throw new BackupError('this backup holds local files, but FILES_S3_ENDPOINT is set: restore them with FILES_S3_* unset, then copy the folder to the bucket');
  // files are named by their content: copying into a store that has some of them already is safe
  return { files: await copyFiles(join(from, 'files'), config.filesDir) };
}
