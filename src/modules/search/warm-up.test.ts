/**
 * The warm-up after a large index is built or loaded (decision 0032): searches made up from the
 * index's own documents and the recent queries, run without logging anything, changing no answer.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { warmUpSearches } from './warm-up.js';

describe('the searches a warm-up makes', () => {
  const docs = [
    { title: '示范市人民政府关于印发优化营商环境若干措施的通知', kind: 'article', year: 2025, organisationId: 7 },
    { title: '机动车驾驶证补领', kind: 'item', year: null, organisationId: null },
    { title: '公', kind: 'faq', year: null, organisationId: null },
  ];

  it('asks the recent queries first, then words, phrases and names of the documents, some filtered, some in pinyin', () => {
    const s = warmUpSearches(docs, ['公积金提取', '驾照补办']);
    expect(s.slice(0, 2).map((p) => p.q)).toEqual(['公积金提取', '驾照补办']);
    const qs = s.map((p) => p.q);
    expect(qs).toContain('机动车');
    expect(qs).toContain('机动车驾驶证补领');
    expect(s.some((p) => p.kind === 'article' && p.year === 2025)).toBe(true);
    expect(s.some((p) => /^[a-z]+$/.test(p.q))).toBe(true);
    expect(s.some((p) => p.organisationId === 7)).toBe(true);
    // a one-character title makes no search; none is logged
    expect(qs).not.toContain('公');
    expect(s.every((p) => p.noLog === true && p.limit === 10)).toBe(true);
  });
});

describe('a warm-up of the index', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    await t.services.catalog.importBundle(buildBundle(20));
    await t.services.search.whenReady();
  }, 60_000);
  afterAll(() => t.close());

  it('runs its searches, logs none of them and changes no answer', async () => {
    const search = t.services.search;
    await search.flushLogs();
    const logged = async () => Number(((await t.services.database.db.execute(sql`select count(*)::int as n from search_queries`)) as unknown as { rows: { n: number }[] }).rows[0]?.n);
    const before = await logged();
    const probe = { q: '办理', limit: 10, offset: 0, noLog: true };
    const answer = search.search(probe);
    expect(search.stats().warmUp).toBeNull();
    await search.warmUp();
    const warm = search.stats().warmUp;
    expect(warm?.searches).toBeGreaterThan(20);
    await search.flushLogs();
    expect(await logged()).toBe(before);
    const again = search.search(probe);
    expect(again.results.map((r) => r.key)).toEqual(answer.results.map((r) => r.key));
    expect(again.total).toBe(answer.total);
  });
});
