/**
 * `yimen seed --scale-articles N`: synthetic articles land in the catalogue and, as themselves, in
 * the one search (found by their title, with their organisation, year, kind and validity), each
 * once; every one passes the national metadata rules; a second seed continues where the first
 * stopped; and the demo's database is refused.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.js';
import { seedScaleArticles } from '../../cli/seed.js';
import { checkContent, type ArticleContent } from './model.js';

let t: Awaited<ReturnType<typeof testApp>>;
const rows = async <T>(q: ReturnType<typeof sql>) => {
  const r = (await t.db.database.db.execute(q)) as unknown as { rows: T[] };
  return r.rows;
};

beforeAll(async () => {
  t = await testApp();
  await seedScaleArticles(t.services.config, t.db.database, 300, { quiet: true });
  await t.services.search.refresh();
}, 120_000);
afterAll(() => t.close());

describe('seed --scale-articles', () => {
  it('publishes them in the catalogue, every kind, across the levels of organisation', async () => {
    const [counts] = await rows<{ n: number; kinds: number; levels: number; invalid: number; linked: number }>(sql`
      select count(*)::int as n, count(distinct a.kind)::int as kinds, count(distinct o.level)::int as levels,
        count(*) filter (where a.validity <> 'valid')::int as invalid, count(a.policy_id)::int as linked
      from disclosure_articles a join disclosure_orgs o on o.id = a.org_id where a.status = 'published'`);
    expect(counts?.n).toBe(300);
    expect(counts?.kinds).toBeGreaterThanOrEqual(10);
    expect(counts?.levels).toBe(5);
    expect(counts?.invalid).toBeGreaterThan(0);
    expect(counts?.linked).toBeGreaterThan(0);
    // each 解读 names a policy of the catalogue
    const [orphans] = await rows<{ n: number }>(sql`
      select count(*)::int as n from disclosure_articles j left join disclosure_articles p on p.id = j.policy_id
      where j.kind = 'interpretation' and (p.id is null or p.kind not in ('policy', 'normative'))`);
    expect(orphans?.n).toBe(0);
    const [one] = await rows<{ id: number; title: string }>(sql`select id, title from disclosure_articles order by id limit 1 offset 150`);
    const page = await t.app.inject(`/xxgk/articles/${one?.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(one?.title.slice(0, 10));
  });

  it('makes articles an editor could have published: every metadata rule holds', async () => {
    const l = await t.services.disclosure.lookups();
    const contents = await rows<{ content: ArticleContent }>(sql`select content from disclosure_articles`);
    const problems = contents.flatMap((r) => checkContent(r.content, l, '2100-01-01').map((p) => `${r.content.title}: ${p.field} ${p.message}`));
    expect(problems).toEqual([]);
    const [dupes] = await rows<{ n: number }>(sql`select count(*)::int - count(distinct content->>'indexNo')::int as n from disclosure_articles`);
    expect(dupes?.n).toBe(0);
  });

  it('puts each article in search once, as itself: found by its title with its organisation, year and kind', async () => {
    const [docs] = await rows<{ n: number; keys: number }>(sql`select count(*)::int as n, count(distinct key)::int as keys from search_documents where kind in ('article', 'interpretation') and not deleted`);
    expect(docs).toEqual({ n: 300, keys: 300 });
    // nothing indexes them again afterwards: the change published, the minute's job run
    const seq = async () => (await rows<{ s: string }>(sql`select max(seq)::text as s from search_documents`))[0]?.s;
    const before = await seq();
    await t.services.changes.publish('disclosure');
    await t.services.disclosure.publishDue();
    expect(await seq()).toBe(before);
    const [a] = await rows<{ id: number; title: string; org_id: number; year: number; kind: string; validity: string; org: string }>(sql`
      select a.id, a.title, a.org_id, a.year, a.kind, a.validity, o.name as org from disclosure_articles a join disclosure_orgs o on o.id = a.org_id
      where a.kind = 'policy' and a.validity <> 'valid' order by a.id limit 1`);
    if (!a) throw new Error('no expired or repealed policy among the synthetic articles');
    const r = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(a.title)}&organisation=${a.org_id}&year=${a.year}&limit=50`);
    expect(r.statusCode).toBe(200);
    const found = (r.json() as { results: { url: string; validity?: string; year?: number; organisation?: { name: string } }[] }).results.find((x) => x.url.endsWith(`/xxgk/articles/${a.id}`));
    expect(found).toMatchObject({ validity: a.validity, year: a.year, organisation: { name: a.org } });
  });

  it('continues where the last seed stopped', async () => {
    await seedScaleArticles(t.services.config, t.db.database, 120, { quiet: true });
    const [counts] = await rows<{ n: number; docs: number }>(sql`
      select (select count(*)::int from disclosure_articles) as n,
        (select count(*)::int from search_documents where kind in ('article', 'interpretation') and not deleted) as docs`);
    expect(counts).toEqual({ n: 420, docs: 420 });
  });

  it('refuses the database of the demo', async () => {
    await t.services.catalog.setDatasetKind('demo');
    await expect(seedScaleArticles(t.services.config, t.db.database, 10, { quiet: true })).rejects.toThrow(/demo/);
    const [counts] = await rows<{ n: number }>(sql`select count(*)::int as n from disclosure_articles`);
    expect(counts?.n).toBe(420);
  });
});
