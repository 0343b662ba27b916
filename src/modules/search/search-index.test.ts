/**
 * The index for published documents (decision 0021): articles, 解读, gazette documents and
 * proposals fed through the bulk path, facets by organisation, kind, year and validity, an
 * expired or repealed document marked; and a snapshot: a process that starts after one was
 * written loads it, searches exactly as the process that analysed every document, and catches
 * up with what changed after it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localChangeBus } from '../../lib/changes.js';
import { testApp } from '../../../test/helpers.js';
import { type SearchDocInput, bulkIndexDocuments, createSearchService } from './index.js';

let t: Awaited<ReturnType<typeof testApp>>;

const ORGS = [
  { id: 101, name: '示范市人民政府办公室' },
  { id: 102, name: '示范市住房和城乡建设局' },
  { id: 103, name: '示范市市场监督管理局' },
];

function article(n: number, over: Partial<SearchDocInput>): SearchDocInput {
  const org = ORGS[n % ORGS.length]!;
  return {
    key: `article:${n}`,
    kind: 'article',
    refId: n,
    title: `关于做好第${n}批事项的通知`,
    body: '各区人民政府，市政府各部门：现将有关事项通知如下。',
    url: `/articles/${n}`,
    organisationId: org.id,
    organisationName: org.name,
    year: 2020 + (n % 5),
    validity: 'valid',
    ...over,
  };
}

const docs: SearchDocInput[] = [
  article(1, { title: '示范市住房租赁补贴管理办法', body: '为规范住房租赁补贴的申请、审核和发放，制定本办法。', organisationId: 102, organisationName: ORGS[1]!.name, year: 2023 }),
  article(2, { title: '示范市住房租赁补贴暂行办法', body: '住房租赁补贴按月发放。本办法自2024年1月1日起废止。', organisationId: 102, organisationName: ORGS[1]!.name, year: 2019, validity: 'repealed' }),
  article(3, { title: '示范市公共租赁住房管理规定', body: '公共租赁住房的租赁补贴标准由市住房和城乡建设局公布。', organisationId: 101, organisationName: ORGS[0]!.name, year: 2021, validity: 'expired' }),
  { ...article(4, { title: '《示范市住房租赁补贴管理办法》政策解读', body: '一图读懂住房租赁补贴：谁能申请、补多少、怎么办。', organisationId: 102, organisationName: ORGS[1]!.name, year: 2023 }), key: 'interpretation:4', kind: 'interpretation', url: '/interpretations/4' },
  { ...article(5, { title: '示范市人民政府公报2023年第5期', body: '示范市住房租赁补贴管理办法（全文）', organisationId: 101, organisationName: ORGS[0]!.name, year: 2023 }), key: 'gazette:5', kind: 'gazette', url: '/gazette/5', validity: null },
  { ...article(6, { title: '关于提高住房租赁补贴标准的建议', body: '建议提高新就业大学生的住房租赁补贴标准。', organisationId: 102, organisationName: ORGS[1]!.name, year: 2024 }), key: 'proposal:6', kind: 'proposal', url: '/proposals/6', validity: null },
  ...Array.from({ length: 30 }, (_, i) => article(100 + i, {})),
];

beforeAll(async () => {
  t = await testApp();
  await bulkIndexDocuments(t.db.database.db, docs);
  await t.services.search.refresh();
});
afterAll(() => t.close());

type Body = {
  total: number;
  facets: Record<string, { value: string; count: number; label?: string }[]>;
  results: { kind: string; title: string; validity?: string; year?: number; organisation?: { id: number; name: string } }[];
};
const api = async (query: string) => {
  const r = await t.app.inject(`/api/v1/search?${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Body;
};
const q = encodeURIComponent('住房租赁补贴');

describe('published documents in the one search', () => {
  it('finds every new kind, with its organisation, year and validity', async () => {
    const body = await api(`q=${q}`);
    expect(new Set(body.results.map((r) => r.kind))).toEqual(new Set(['article', 'interpretation', 'gazette', 'proposal']));
    const repealed = body.results.find((r) => r.title === '示范市住房租赁补贴暂行办法');
    expect(repealed).toMatchObject({ validity: 'repealed', year: 2019, organisation: { id: 102, name: '示范市住房和城乡建设局' } });
    // in force first: the repealed version of the same rules comes after the current one
    const titles = body.results.map((r) => r.title);
    expect(titles.indexOf('示范市住房租赁补贴管理办法')).toBeLessThan(titles.indexOf('示范市住房租赁补贴暂行办法'));
  });

  it('keeps no snippet of a published document in memory, and shows one read from the database', async () => {
    const params = { q: '住房租赁补贴管理办法', limit: 5, offset: 0, noLog: true };
    const inMemory = t.services.search.search(params).results.find((r) => r.key === 'article:1');
    expect(inMemory?.snippet).toBe('');
    const shown = (await t.services.search.searchShown(params)).results.find((r) => r.key === 'article:1');
    expect(shown?.snippet).toContain('住房租赁补贴的申请');
    const r = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(params.q)}`);
    expect((r.json() as { results: { title: string; snippet: string }[] }).results.find((x) => x.title === '示范市住房租赁补贴管理办法')?.snippet).toContain('制定本办法');
    expect((await t.app.inject(`/search?q=${encodeURIComponent(params.q)}`)).body).toContain('制定本办法');
  });

  it('shows a changed document with its new snippet (the snippets kept for popular answers follow each version)', async () => {
    const params = { q: '公共租赁住房管理规定', limit: 5, offset: 0, noLog: true };
    const snippet = async () => (await t.services.search.searchShown(params)).results.find((r) => r.key === 'article:3')?.snippet;
    expect(await snippet()).toContain('租赁补贴标准');
    expect(await snippet()).toContain('租赁补贴标准'); // the second time from memory
    const [changed] = docs.filter((d) => d.key === 'article:3');
    await bulkIndexDocuments(t.db.database.db, [{ ...(changed as SearchDocInput), body: '公共租赁住房实行实物保障与货币补贴并举。' }]);
    await t.services.search.refresh();
    expect(await snippet()).toContain('实物保障与货币补贴');
    await bulkIndexDocuments(t.db.database.db, [changed as SearchDocInput]);
    await t.services.search.refresh();
    expect(await snippet()).toContain('租赁补贴标准');
  });

  it('counts facets by kind, organisation (with its name), year and validity, and filters by each', async () => {
    const body = await api(`q=${q}`);
    expect(body.facets.kind).toEqual(expect.arrayContaining([{ value: 'article', count: 3 }, { value: 'interpretation', count: 1 }]));
    expect(body.facets.organisation).toEqual(expect.arrayContaining([{ value: '102', count: 4, label: '示范市住房和城乡建设局' }]));
    expect(body.facets.year[0]).toEqual({ value: '2024', count: 1 });
    expect(body.facets.validity).toEqual(expect.arrayContaining([{ value: 'repealed', count: 1 }, { value: 'expired', count: 1 }]));
    expect((await api(`q=${q}&organisation=101`)).results.map((r) => r.title).sort()).toEqual(['示范市人民政府公报2023年第5期', '示范市公共租赁住房管理规定']);
    expect((await api(`q=${q}&year=2023`)).total).toBe(3);
    expect((await api(`q=${q}&validity=repealed`)).results.map((r) => r.title)).toEqual(['示范市住房租赁补贴暂行办法']);
    expect((await api(`q=${q}&kind=proposal`)).results.map((r) => r.title)).toEqual(['关于提高住房租赁补贴标准的建议']);
    expect((await api(`q=${q}&organisation=999`)).total).toBe(0);
  });

  it('refuses a validity, year or organisation that is not one with a 400, never a 5xx', async () => {
    for (const bad of ['validity=gone', 'year=99999', 'organisation=-1', 'organisation=abc'])
      expect((await t.app.inject(`/api/v1/search?q=${q}&${bad}`)).statusCode, bad).toBe(400);
  });

  it('marks an expired or repealed document on the search page, with facets to narrow by', async () => {
    const r = await t.app.inject(`/search?q=${q}&validity=garbage&year=x`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('已废止');
    expect(r.body).toContain('已失效');
    expect(r.body).toContain('发布机构');
    expect(r.body).toContain('示范市住房和城乡建设局');
    const narrowed = await t.app.inject(`/search?q=${q}&validity=repealed`);
    expect(narrowed.body).toContain('validity-repealed');
    expect(narrowed.body).toContain('暂行办法');
    expect(narrowed.body).not.toContain('validity-expired');
  });
});

describe('snapshots of the index', () => {
  it('lets a process start from the snapshot, search as the one that built it, and catch up after it', async () => {
    const database = t.db.database;
    const first = createSearchService(database, localChangeBus(), { snapshotMin: 0, useSnapshot: false });
    await first.start({ follow: false });
    expect(first.stats().source).toBe('documents');
    await first.saveSnapshot();
    const written = first.stats().lastSnapshotWrite;
    expect(written?.documents).toBe(first.stats().documents);

    // changed after the snapshot: one new, one removed
    await bulkIndexDocuments(database.db, [article(500, { title: '示范市住房租赁补贴发放名单公示' })]);
    await first.indexer.remove(database.db, ['article:129']);

    const second = createSearchService(database, localChangeBus());
    await second.start({ follow: false });
    expect(second.stats()).toMatchObject({ source: 'snapshot', snapshotDocuments: written?.documents, analysedDocuments: 1 });
    await first.refresh();
    expect(second.stats().documents).toBe(first.stats().documents);
    for (const query of ['住房租赁补贴', '驾照', '通知', 'zufang', '住房租賃補貼', '租凭补贴', '示范市住房租赁补贴发放名单公示', '第129批']) {
      const params = { q: query, limit: 20, offset: 0, noLog: true };
      const a = first.search(params);
      const b = second.search(params);
      expect(b.results.map((r) => r.key), query).toEqual(a.results.map((r) => r.key));
      expect(b.facets, query).toEqual(a.facets);
    }
    expect(second.search({ q: '发放名单公示', limit: 5, offset: 0, noLog: true }).results[0]?.key).toBe('article:500');
    expect(second.search({ q: '第129批', limit: 50, offset: 0, noLog: true }).results.map((r) => r.key)).not.toContain('article:129');
    await first.stop();
    await second.stop();
  });

  it('writes a snapshot after a catch-up that analysed many documents, without waiting for the periodic check', async () => {
    const database = t.db.database;
    const live = createSearchService(database, localChangeBus(), { snapshotMin: 30 });
    await live.start({ follow: false });
    const before = live.stats().lastSnapshotWrite;
    // a batch loaded after the start (as serve --init loads the demo): 40 documents, more than snapshotMin and a twentieth of the index
    await bulkIndexDocuments(
      database.db,
      Array.from({ length: 40 }, (_, i) => article(1000 + i, { title: `示范市第${1000 + i}号公告` })),
    );
    await live.refresh();
    await live.stop(); // lets the background write finish
    const after = live.stats().lastSnapshotWrite;
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect(after?.documents).toBe(live.stats().documents);
    const next = createSearchService(database, localChangeBus());
    await next.start({ follow: false });
    expect(next.stats()).toMatchObject({ source: 'snapshot', analysedDocuments: 0 });
    expect(next.search({ q: '示范市第1039号公告', limit: 5, offset: 0, noLog: true }).results[0]?.key).toBe('article:1039');
    await next.stop();
  });
});
