/**
 * Freshness across processes: two portal processes serve one PostgreSQL; a change committed
 * by a third (here the test itself) is searchable on both within 2 seconds; a process started
 * later searches its whole index from its first request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../app.js';
import { openDatabase } from '../../db/client.js';
import { buildBundle, buildItem } from '../../../test/factories/catalog.js';
import { type TestDb, testConfig, testDatabase } from '../../../test/helpers.js';

function startServer(databaseUrl: string): Promise<{ proc: ChildProcess; base: string }> {
  const proc = spawn(process.execPath, ['dist/cli/index.js', 'serve'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const m = /ready in \d+ ms: (http:\/\/\S+)/.exec(line);
      if (m) resolve({ proc, base: (m[1] as string).replace('localhost', '127.0.0.1') });
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

describe.skipIf(!process.env.DATABASE_URL)('search freshness across two app processes (PostgreSQL)', () => {
  let db: TestDb;
  const servers: { proc: ChildProcess; base: string }[] = [];

  beforeAll(async () => {
    db = await testDatabase();
    servers.push(await startServer(db.databaseUrl as string), await startServer(db.databaseUrl as string));
  });
  afterAll(async () => {
    for (const s of servers) s.proc.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.proc.exitCode !== null ? r(null) : s.proc.once('exit', r)))));
    await db?.drop();
  });

  it('makes a committed change searchable on both processes within 2 s', async () => {
    const database = await openDatabase({ databaseUrl: db.databaseUrl, dataDir: '' });
    const writer = await createServices(testConfig({}, db.databaseUrl), database, { search: 'write' });
    try {
      const bundle = buildBundle(0);
      const refs = { department: bundle.departments[0]!.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug };
      bundle.items.push(buildItem(refs, { name: '城市绿化工程审批', aliases: ['砍树审批'] }));
      const committed = Date.now();
      await writer.catalog.importBundle(bundle);
      for (const { base } of servers) {
        let found = false;
        while (!found && Date.now() - committed < 2000) {
          const r = await fetch(`${base}/api/v1/search?q=${encodeURIComponent('砍树')}`);
          found = ((await r.json()) as { results: { title: string }[] }).results.some((x) => x.title === '城市绿化工程审批');
        }
        expect(found, base).toBe(true);
      }
    } finally {
      await writer.close();
      await database.close();
    }
  });

  it('answers a search made the moment a new process is ready, from the whole index', async () => {
    // serve builds its index while it listens: a search that early waits for it, not half of it
    const late = await startServer(db.databaseUrl as string);
    servers.push(late);
    const r = await fetch(`${late.base}/api/v1/search?q=${encodeURIComponent('砍树')}`);
    expect(((await r.json()) as { results: { title: string }[] }).results.map((x) => x.title)).toContain('城市绿化工程审批');
    // and its health says so
    expect(await (await fetch(`${late.base}/healthz`)).json()).toMatchObject({ status: 'ok', search: 'ready' });
  });
});
