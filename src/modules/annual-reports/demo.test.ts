/**
 * The demo publishes last year's annual reports of the 市政府 and of two departments through the
 * module's operations: each drafted by one demo account and published by another, its figures
 * those of the demo's catalogue and requests, its page under the organisation's catalogue; a
 * second seed changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.js';
import { seedDemo } from '../../cli/seed.js';

let t: Awaited<ReturnType<typeof testApp>>;
const seed = () => {
  const s = t.services;
  return seedDemo(s.config, t.db.database, { verbose: false, catalog: s.catalog, accounts: s.accounts, journeys: s.journeys, letters: s.letters, disclosure: s.disclosure, foi: s.foi, reports: s.reports });
};

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  await seed();
}, 600_000);
afterAll(() => t.close());

describe('the demo annual reports', () => {
  it('publishes last year’s reports of the 市政府 and two departments, four eyes, figures from the demo data', async () => {
    const year = Number(t.services.reports.context.today().slice(0, 4)) - 1;
    const byWhom = { szf: ['邵婉婷', '陆振华'], gaj: ['王芳', '赵永刚'], wjw: ['周晓峰', '冯淑珍'] } as const;
    const departments = new Map((await t.services.catalog.listDepartments()).map((d) => [d.slug, d.id]));
    for (const [slug, [drafter, publisher]] of Object.entries(byWhom)) {
      const r = await t.services.reports.publishedReport(slug, String(year));
      expect(r.status).toBe('published');
      expect(r.submittedBy).toBe(drafter);
      expect(r.publishedBy).toBe(publisher);
      // the numbers are the demo's: the catalogue's documents and the department's requests of the year
      const org = await t.services.disclosure.orgBySlug(slug);
      expect(r.figures.active).toEqual(await t.services.disclosure.annualFigures(org.id, year));
      const table = await t.services.foi.annualTable({ year, departmentId: org.departmentId ?? undefined });
      expect(r.figures.requests.rows).toEqual(table.rows);
      const page = await t.app.inject({ method: 'GET', url: `/xxgk/${slug}/annual-report/${year}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(String(year));
      const list = await t.app.inject({ method: 'GET', url: `/xxgk/${slug}/annual-report` });
      expect(list.body).toContain(`/xxgk/${slug}/annual-report/${year}`);
    }
    // the 市政府办公室 and the 公安局 answered requests last year (demo data onLastYear): the tables are not empty
    const gaj = await t.services.reports.publishedReport('gaj', String(year));
    expect(gaj.figures.requests.rows.newReceived.total).toBeGreaterThanOrEqual(2);
    expect(gaj.figures.requests.rows.newReceived.commercial).toBeGreaterThanOrEqual(1);
    expect(gaj.figures.entered.penalty).toBe(402877);
    expect(departments.has('zfb')).toBe(true);
    const szf = await t.services.reports.publishedReport('szf', String(year));
    expect(szf.figures.requests.rows.newReceived.total).toBeGreaterThanOrEqual(2);

    // a second seed neither regenerates nor duplicates
    await seed();
    const again = await t.services.reports.publishedReport('gaj', String(year));
    expect(again.version).toBe(gaj.version);
  }, 600_000);
});
