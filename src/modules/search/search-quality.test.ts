/**
 * Search quality on the demo catalogue, by the judged query set (data/search/judged-queries.json):
 * the right service within the first three results for at least 95 % of what people type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../cli/seed.js';
import { evaluate, readJudgedQueries } from './index.js';
import { testApp } from '../../../test/helpers.js';

describe('search quality (judged queries)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    await seedDemo(t.services.config, t.db.database, { verbose: false, catalog: t.services.catalog });
    await t.services.search.refresh();
  });
  afterAll(() => t.close());

  it('has a judged set of at least 150 queries covering every kind of typing', () => {
    const judged = readJudgedQueries();
    expect(judged.length).toBeGreaterThanOrEqual(150);
    for (const kind of ['everyday', 'question', 'pinyin', 'traditional', 'typo', 'official'])
      expect(judged.filter((j) => j.kind === kind).length, kind).toBeGreaterThanOrEqual(10);
  });

  it('finds the right service in the top 3 for at least 95 % of the queries', () => {
    const e = evaluate(t.services.search, readJudgedQueries());
    expect(e.top3, e.misses.map((m) => `${m.q} → ${m.got.join(' | ')}`).join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
