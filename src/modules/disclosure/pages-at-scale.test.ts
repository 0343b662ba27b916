/**
 * The public catalogue pages as they are served at scale (docs/decisions/0031-disclosure-pages-at-scale.md):
 * rendered once and kept until a change — a publication, a withdrawal, a revision, a scheduled
 * article's time — in this process or (on PostgreSQL) another; totals and counts from the live
 * counts the triggers keep, equal to counting the articles; paging past the end and bad page
 * numbers, years and organisations answered with a Chinese 4xx page, never a 5xx.
 */
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FACTORY_PASSWORD, buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { buildArticleInput, buildOrgs } from '../../../test/factories/disclosure.js';
import { cookieHeader } from '../../../test/cookies.js';
import { testApp, testConfig } from '../../../test/helpers.js';
import { staffWeb } from '../../../test/web.js';
import { createApp, createServices } from '../../app.js';
import { openDatabase } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { contentFrom } from './model.js';
import { SCALE_AUTHOR } from './synthetic.js';

let t: Awaited<ReturnType<typeof testApp>>;
let editor: Principal;
let reviewer: Principal;
let org: { id: number; slug: string };

const SCALE = 200;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const bundle = buildBundle(1);
  await t.services.catalog.importBundle(bundle);
  const dept = bundle.departments[0]?.slug as string;
  await t.services.disclosure.importDemo(buildOrgs(dept));
  const l = await t.services.disclosure.lookups();
  const o = [...l.orgRows.values()].find((x) => x.level === 'department');
  org = { id: o?.id as number, slug: o?.slug as string };
  editor = (await buildStaff(t.services, { role: 'editor', department: dept })).principal;
  reviewer = (await buildStaff(t.services, { role: 'reviewer', department: dept })).principal;
  // synthetic articles (the bulk path: no operation, only the triggers see them)
  await t.services.disclosure.seedScale(SCALE);
  // the generator writes into its own organisations: half of its articles move into the one the
  // test's staff publish for (an update the triggers count as any other), spread over its years
  await t.services.database.db.execute(sql`update disclosure_articles set org_id = ${org.id} where author_name = ${SCALE_AUTHOR} and id % 2 = 0`);
  await t.services.changes.publish('disclosure');
}, 120_000);
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const d = () => t.services.disclosure;
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.services.database.db.execute(q)) as unknown as { rows: T[] }).rows;

/** What counting the articles themselves gives (what the live counts must equal). */
async function counted(where = sql`true`) {
  const [r] = await rows<{ n: number }>(sql`select count(*)::int as n from disclosure_articles where status in ('published','scheduled') and published_at <= now() and ${where}`);
  return r?.n ?? 0;
}

async function publish(o: Record<string, unknown> = {}) {
  const row = await d().createArticle(editor, contentFrom({ orgId: org.id, ...buildArticleInput(o) }));
  await d().submit(editor, row.id, (await d().staffArticle(editor, row.id)).row.version);
  return d().approve(reviewer, row.id, (await d().staffArticle(reviewer, row.id)).row.version);
}

const total = (body: string) => Number(/共 (\d+) 条/.exec(body)?.[1] ?? Number.NaN);
const ids = (body: string) => [...body.matchAll(/href="\/xxgk\/articles\/(\d+)"/g)].map((m) => Number(m[1]));

describe('totals and paging', () => {
  it('shows the totals and counts that counting the articles gives, for an organisation, a category and a year', async () => {
    const all = await counted(sql`org_id = ${org.id}`);
    expect(all).toBeGreaterThan(20);
    const page = await get(`/xxgk/${org.slug}`);
    expect(page.statusCode).toBe(200);
    expect(total(page.body)).toBe(all);
    const [cat] = await rows<{ category: string; year: number; n: number }>(
      sql`select category, year, count(*)::int as n from disclosure_articles where org_id = ${org.id} and status = 'published' group by 1, 2 order by 3 desc limit 1`,
    );
    const c = cat as { category: string; year: number; n: number };
    expect(total((await get(`/xxgk/${org.slug}/${c.category}`)).body)).toBe(await counted(sql`org_id = ${org.id} and category = ${c.category}`));
    expect(total((await get(`/xxgk/${org.slug}/${c.category}/${c.year}`)).body)).toBe(c.n);
    expect(total((await get(`/xxgk/${org.slug}/all/${c.year}`)).body)).toBe(await counted(sql`org_id = ${org.id} and year = ${c.year}`));
    // the API's total (a kind, the whole catalogue) from the same counts
    const api = (await get('/api/v1/disclosure/articles?kind=notice&limit=1')).json() as { total: number };
    expect(api.total).toBe(await counted(sql`kind = 'notice'`));
  });

  it('pages newest first without gaps or repeats, the last pages read from the end, and a page past the end is not found', async () => {
    const expected = (
      await rows<{ id: number }>(
        sql`select id from disclosure_articles where org_id = ${org.id} and status in ('published','scheduled') and published_at <= now() order by year desc, published_at desc, id desc`,
      )
    ).map((r) => r.id);
    const [years] = await rows<{ n: number }>(sql`select count(distinct year)::int as n from disclosure_articles where org_id = ${org.id} and status = 'published'`);
    expect(years?.n).toBeGreaterThan(1);
    const pages = Math.ceil(expected.length / 20);
    const seen: number[] = [];
    for (let p = 1; p <= pages; p++) {
      const res = await get(`/xxgk/${org.slug}?page=${p}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`${p} / ${pages}`);
      seen.push(...ids(res.body));
    }
    expect(seen).toEqual(expected);
    const past = await get(`/xxgk/${org.slug}?page=${pages + 1}`);
    expect(past.statusCode).toBe(404);
    expect(past.body).toContain('这个列表没有这一页');
  });

  it('answers bad page numbers, years, organisations and categories with a Chinese 4xx page', async () => {
    const cases: [string, number, string][] = [
      [`/xxgk/${org.slug}?page=0`, 400, '页码'],
      [`/xxgk/${org.slug}?page=-3`, 400, '页码'],
      [`/xxgk/${org.slug}?page=abc`, 400, '页码'],
      [`/xxgk/${org.slug}?page=1e9`, 400, '页码'],
      [`/xxgk/${org.slug}?page=999999999`, 404, '这一页'],
      [`/xxgk/${org.slug}?page=2&page=3`, 400, '页码'],
      [`/xxgk/${org.slug}/all/1800`, 404, '年份'],
      [`/xxgk/${org.slug}/all/20x6`, 404, '年份'],
      [`/xxgk/${org.slug}/all/99999`, 404, '年份'],
      ['/xxgk/no-such-org', 404, '公开主体'],
      ['/xxgk/no-such-org/all/2026', 404, '公开主体'],
      [`/xxgk/${org.slug}/no-such-category`, 404, '类别'],
      [`/xxgk/${org.slug}/no-such-category/2026`, 404, '类别'],
      ['/xxgk/articles/0', 404, '没有找到'],
      ['/xxgk/articles/2147483647', 404, '没有找到'],
    ];
    for (const [url, status, words] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toMatch(/text\/html/);
      expect(res.body, url).toContain(words);
    }
    // a year without information is an empty list, not an error
    const empty = await get(`/xxgk/${org.slug}/all/2001`);
    expect(empty.statusCode).toBe(200);
    expect(total(empty.body)).toBe(0);
  });
});

describe('the rendered pages', () => {
  it('are kept between requests (one ETag, 304 to a browser that has it) and signed-in visitors still get their header', async () => {
    const first = await get(`/xxgk/${org.slug}`);
    const again = await get(`/xxgk/${org.slug}`);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await get(`/xxgk/${org.slug}`, { 'if-none-match': String(first.headers.etag) })).statusCode).toBe(304);
    // a change written past every operation (no notice on the bus) is not seen: the page is the one kept
    const [newest] = ids(first.body);
    await rows(sql`update disclosure_articles set title = '未经发布流程改动的标题' where id = ${newest}`);
    expect((await get(`/xxgk/${org.slug}`)).body).not.toContain('未经发布流程改动的标题');
    const [art] = ids(first.body);
    const page = await get(`/xxgk/articles/${art}`);
    expect((await get(`/xxgk/articles/${art}`)).headers.etag).toBe(page.headers.etag);
    // …until a disclosure change is announced
    await t.services.changes.publish('disclosure');
    expect((await get(`/xxgk/${org.slug}`)).body).toContain('未经发布流程改动的标题');

    await buildStaff(t.services, { username: 'pages-reader', password: FACTORY_PASSWORD });
    const cookie = cookieHeader((await staffWeb(t.app, 'pages-reader', FACTORY_PASSWORD)).cookies);
    const mine = await get(`/xxgk/${org.slug}`, { cookie, 'if-none-match': String(first.headers.etag) });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['cache-control']).toMatch(/private/);
    expect(mine.body).toContain('退出');
    expect((await get(`/xxgk/${org.slug}`)).body).not.toContain('退出');
  });

  it('are rendered again after a publication, a revision and a withdrawal in this process', async () => {
    const home = await get('/xxgk');
    const list = await get(`/xxgk/${org.slug}`);
    const before = total(list.body);
    const row = await publish({ title: '关于缓存页面的测试通知（新发布）' });
    const after = await get(`/xxgk/${org.slug}`);
    expect(total(after.body)).toBe(before + 1);
    expect(after.body).toContain('关于缓存页面的测试通知（新发布）');
    expect((await get('/xxgk')).body).toContain('关于缓存页面的测试通知（新发布）');
    expect((await get('/xxgk')).headers.etag).not.toBe(home.headers.etag);
    expect((await get(`/xxgk/articles/${row.id}`)).statusCode).toBe(200);

    // a revision that moves it to another category: both categories' counts follow
    const view = await d().staffArticle(editor, row.id);
    const c = view.row.content as NonNullable<typeof view.row.content>;
    await d().saveDraft(editor, row.id, view.row.version, { ...c, title: '关于缓存页面的测试通知（修订）', category: 'news', kind: 'news' });
    await d().submit(editor, row.id, (await d().staffArticle(editor, row.id)).row.version);
    await d().approve(reviewer, row.id, (await d().staffArticle(reviewer, row.id)).row.version);
    expect((await get(`/xxgk/articles/${row.id}`)).body).toContain('关于缓存页面的测试通知（修订）');
    expect(total((await get(`/xxgk/${org.slug}/news`)).body)).toBe(await counted(sql`org_id = ${org.id} and category = 'news'`));
    expect(total((await get(`/xxgk/${org.slug}/key-work`)).body)).toBe(await counted(sql`org_id = ${org.id} and category = 'key-work'`));

    await d().withdraw(reviewer, row.id, (await d().staffArticle(reviewer, row.id)).row.version, '测试撤回');
    const gone = await get(`/xxgk/articles/${row.id}`);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('测试撤回');
    const withdrawn = await get(`/xxgk/${org.slug}`);
    expect(total(withdrawn.body)).toBe(before);
    expect(withdrawn.body).not.toContain('关于缓存页面的测试通知');
    expect(total(withdrawn.body)).toBe(await counted(sql`org_id = ${org.id}`));
  });

  it('shows a scheduled article once its time has come, before the job marks it published', async () => {
    const when = new Date(Date.now() + 3_600_000);
    const row = await publish({ title: '关于定时发布的测试通知', publishAt: when.toISOString() });
    expect(row.status).toBe('scheduled');
    const before = await get(`/xxgk/${org.slug}`);
    expect(before.body).not.toContain('关于定时发布的测试通知');
    expect((await get(`/xxgk/articles/${row.id}`)).statusCode).toBe(404);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(when.getTime() + 1000);
    const after = await get(`/xxgk/${org.slug}`);
    expect(after.body).toContain('关于定时发布的测试通知');
    expect(total(after.body)).toBe(total(before.body) + 1);
    expect((await get(`/xxgk/articles/${row.id}`)).statusCode).toBe(200);
    expect(await d().publishDue()).toBe(1);
    expect(total((await get(`/xxgk/${org.slug}`)).body)).toBe(total(before.body) + 1);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('across processes (PostgreSQL)', () => {
  it('a publication in another process empties this process pages (through the change bus)', async () => {
    const database = await openDatabase({ databaseUrl: t.db.databaseUrl, dataDir: '' });
    const other = await createServices(testConfig({ loginRateLimit: 0 }, t.db.databaseUrl), database, { search: 'write' });
    const otherApp = await createApp(other);
    try {
      const before = await get(`/xxgk/${org.slug}`);
      const row = await other.disclosure.createArticle(editor, contentFrom({ orgId: org.id, ...buildArticleInput({ title: '另一进程发布的测试通知' }) }));
      await other.disclosure.submit(editor, row.id, (await other.disclosure.staffArticle(editor, row.id)).row.version);
      await other.disclosure.approve(reviewer, row.id, (await other.disclosure.staffArticle(reviewer, row.id)).row.version);
      const committed = Date.now();
      let seen = false;
      // behaviour, not wall-clock time: the bus's delay is a figure for a benchmark, the test waits
      // generously. A cached page is answered without any I/O, so a loop of injected requests alone
      // never lets the event loop read the NOTIFY off the listening socket: each try yields to it
      // first, as a real request (arriving on a socket) always does.
      while (!seen && Date.now() - committed < 20_000) {
        await new Promise((r) => setTimeout(r, 20));
        seen = total((await get(`/xxgk/${org.slug}`)).body) === total(before.body) + 1;
      }
      expect(seen).toBe(true);
      expect(total((await get(`/xxgk/${org.slug}`)).body)).toBe(total(before.body) + 1);
    } finally {
      await otherApp.close();
      await other.close();
      await database.close();
    }
  });
});
