/**
 * The `yimen` command as an operator uses it: each call a real process against its own
 * database (a PGlite folder, or a fresh PostgreSQL database when DATABASE_URL is set).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildBundle } from '../../test/factories/catalog.js';
import { type TestDb, migratedDataDir, testDatabase } from '../../test/helpers.js';

const dirs: string[] = [];
const dbs: TestDb[] = [];

/** A database for the CLI to use, migrated and empty (as on PostgreSQL): env vars pointing at it. */
async function place(): Promise<NodeJS.ProcessEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-cli-'));
  dirs.push(dir);
  if (!process.env.DATABASE_URL) {
    migratedDataDir(join(dir, 'db'));
    return { DATA_DIR: join(dir, 'db'), WORK: dir };
  }
  const db = await testDatabase();
  await db.database.close();
  dbs.push(db);
  return { DATABASE_URL: db.databaseUrl, WORK: dir };
}

/** Run the yimen command without blocking the test worker (a blocked worker misses vitest's heartbeats). */
function yimen(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['dist/cli/index.js', ...args],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent', YIMEN_PASSWORD: env.YIMEN_PASSWORD ?? '' }, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

let a: NodeJS.ProcessEnv;
let b: NodeJS.ProcessEnv;

beforeAll(async () => {
  a = await place();
  b = await place();
});
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  for (const db of dbs) await db.drop().catch(() => {});
});

// each test runs the command several times, each call a process that starts the whole app (set
// before the tests are defined: a test takes the timeout in force where it is defined)
vi.setConfig({ testTimeout: 180_000 });

describe('yimen CLI', () => {
  it('imports a catalogue, exports it, and the export imports into an empty database unchanged', async () => {
    const bundleFile = join(a.WORK as string, 'catalogue.json');
    writeFileSync(bundleFile, JSON.stringify(buildBundle(4)));
    const imported = await yimen(a, 'import', bundleFile);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('事项 4');
    const xlsx = join(a.WORK as string, 'out.xlsx');
    expect((await yimen(a, 'export', '--out', xlsx)).code).toBe(0);
    expect((await yimen(b, 'import', xlsx)).code).toBe(0);
    const ea = await yimen(a, 'export');
    const eb = await yimen(b, 'export');
    expect(JSON.parse(eb.out)).toEqual(JSON.parse(ea.out));
  });

  it('reports a broken import row by row in Chinese, and imports nothing', async () => {
    const csv = join(a.WORK as string, 'items.csv');
    expect((await yimen(a, 'export', '--out', csv)).code).toBe(0);
    const before = (await yimen(a, 'export')).out;
    const text = readFileSync(csv, 'utf8').replace(/,承诺件,/, ',马上办,');
    writeFileSync(csv, text);
    const r = await yimen(a, 'import', csv);
    expect(r.code).toBe(1);
    expect(r.err).toContain('导入失败');
    expect(r.err).toMatch(/事项 第 \d+ 行 .*\/limitKind\s+取值不在允许范围内/);
    expect((await yimen(a, 'export')).out).toBe(before);
    const missing = await yimen(a, 'import', join(a.WORK as string, 'nope.xlsx'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('无法读取文件');
    expect((await yimen(a, 'import', join(a.WORK as string, 'x.doc'))).err).toContain('只支持');
  });

  it('creates a staff account and prints a generated password once', async () => {
    const r = await yimen(a, 'user', 'create', '--username', 'sysadmin', '--name', '系统管理员', '--role', 'admin');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/password \(shown once\): \S{12,}/);
    expect((await yimen(a, 'user', 'create', '--username', 'sysadmin', '--role', 'admin')).err).toContain('已被使用');
  });

  it('keeps scale data and catalogue data apart', async () => {
    const c = await yimen(b, 'seed', '--scale', '30');
    expect(c.code).toBe(1);
    expect(c.err).toContain('own database');
  });

  it('explains its usage and rejects unknown commands', async () => {
    expect((await yimen(a, 'help')).out).toContain('seed --scale N');
    expect((await yimen(a, 'frobnicate')).code).toBe(2);
    expect((await yimen(a, 'seed', '--scale', 'lots')).code).toBe(2);
    expect((await yimen({ ...a, PORT: 'abc' }, 'migrate')).err).toContain('PORT');
  });
});

describe('yimen search (operators)', () => {
  it('exports and re-imports the synonym dictionary, pins best bets and reports queries', async () => {
    const file = join(a.WORK as string, 'synonyms.json');
    const out = await yimen(a, 'search', 'synonyms', '--export', file);
    expect(out.code, out.err).toBe(0);
    const entries = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
    expect(entries.length).toBeGreaterThan(100);
    writeFileSync(file, JSON.stringify([...entries, { from: ['办个执照'], to: ['企业设立登记'] }]));
    expect((await yimen(a, 'search', 'synonyms', '--import', file)).out).toContain(`imported ${entries.length + 1}`);
    writeFileSync(file, '[{"terms": ["只有一个"]}]');
    const bad = await yimen(a, 'search', 'synonyms', '--import', file);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('entry 1');
    expect((await yimen(a, 'search', 'best-bet', '开公司', 'item:1')).code).toBe(0);
    expect((await yimen(a, 'search', 'best-bet', '开公司', 'not-a-key')).code).toBe(2);
    expect((await yimen(a, 'search', 'report')).out).toContain('found nothing');
    expect((await yimen(a, 'search', 'reindex')).out).toContain('rebuilt');
  });
});
