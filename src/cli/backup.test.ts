/**
 * `yimen backup` and `yimen restore` on the embedded database, as an operator runs them (real
 * processes): every table's rows and every stored file come back exactly (row counts and an md5
 * over each table's rows, sorted; each file's hash), and a restore never overwrites a database.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../app.js';
import { openDatabase } from '../db/client.js';
import { buildBundle } from '../../test/factories/catalog.js';
import { testConfig } from '../../test/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'yimen-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function yimen(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['dist/cli/index.js', ...args], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 180_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout, err: stderr }),
    );
  });
}

/** Every table: its row count and an md5 over its rows in a stable order. */
async function checksums(dataDir: string): Promise<Record<string, string>> {
  const database = await openDatabase({ dataDir });
  try {
    const run = async (q: string) => ((await database.db.execute(q as never)) as unknown as { rows: Record<string, unknown>[] }).rows;
    const tables = await run(`select schemaname || '.' || tablename as name from pg_tables where schemaname in ('public', 'drizzle') order by 1`);
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [schema, table] = String(name).split('.');
      const [row] = await run(`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '-') as sum from "${schema}"."${table}" t`);
      out[String(name)] = `${row!.n}:${row!.sum}`;
    }
    return out;
  } finally {
    await database.close();
  }
}

function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('yimen backup / restore (embedded database)', () => {
  it('brings back every row of every table and every file, and never restores over a database', async () => {
    const a = { DATA_DIR: join(work, 'a-db'), FILES_DIR: join(work, 'a-files') };
    const b = { DATA_DIR: join(work, 'b-db'), FILES_DIR: join(work, 'b-files') };

    // a portal with a catalogue, staff and letters with attachments
    const database = await openDatabase({ dataDir: a.DATA_DIR });
    await database.migrate();
    const services = await createServices(testConfig({ dataDir: a.DATA_DIR, filesDir: a.FILES_DIR }), database, { search: 'write' });
    await services.catalog.importBundle(buildBundle(3));
    await services.accounts.staff.createStaff({ username: 'hotline', displayName: '12345 热线', role: 'dispatcher', password: 'backup2026ok' });
    const hotline = await services.accounts.signInStaff('hotline', 'backup2026ok');
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200_000)]);
    for (let i = 0; i < 3; i++)
      await services.letters.submit(
        { channel: 'mayor', type: 'complaint', title: `备份测试来信第${i + 1}封`, body: '备份测试来信的正文，内容足够长。', name: '王五', phone: `1391234000${i}`, isPublic: i === 0 },
        { principal: hotline, files: i < 2 ? [{ filename: `现场${i}.jpg`, data: i === 0 ? photo : Buffer.concat([photo, Buffer.from([i])]) }] : [], source: 'api' },
      );
    await services.close();
    await database.close();
    const before = await checksums(a.DATA_DIR);
    expect(before['public.letters']).toMatch(/^3:/);
    expect(before['public.letter_attachments']).toMatch(/^2:/);
    const filesBefore = filesIn(a.FILES_DIR);
    expect(Object.keys(filesBefore).filter((f) => !f.startsWith('tmp'))).toHaveLength(2);

    const out = join(work, 'backup');
    const backedUp = await yimen(a, 'backup', '--out', out);
    expect(backedUp.code, backedUp.err).toBe(0);
    expect(backedUp.out).toContain('2 files');
    expect(statSync(join(out, 'database.tar')).size).toBeGreaterThan(0);

    const restored = await yimen(b, 'restore', out);
    expect(restored.code, restored.err).toBe(0);
    expect(await checksums(b.DATA_DIR)).toEqual(before);
    expect(filesIn(b.FILES_DIR)).toEqual(Object.fromEntries(Object.entries(filesBefore).filter(([f]) => !f.startsWith('tmp'))));

    // the restored portal starts on it: migrations find nothing to do and the letters are there
    const again = await yimen(b, 'migrate');
    expect(again.code, again.err).toBe(0);
    expect(await checksums(b.DATA_DIR)).toEqual(before);

    // never over an existing database, nor into a folder that has a backup already
    const over = await yimen(b, 'restore', out);
    expect(over.code).toBe(1);
    expect(over.err).toContain('is not empty');
    expect((await yimen(a, 'backup', '--out', out)).code).toBe(1);
    expect(await checksums(b.DATA_DIR)).toEqual(before);
  }, 400_000);
});
