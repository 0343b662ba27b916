/**
 * Issue 16 on the seeded demo. Point 10 on every page kind: the national 政府网站网页设计规范 meta
 * tags (SiteName, SiteDomain, SiteIDCode, ColumnName, ColumnType on every page; ArticleTitle,
 * PubDate, ContentSource, Keywords, Author, Description, Image, Url on an article or guide), the
 * 手机扫码阅读 QR code of the page's canonical address (/qr, own-site paths only), and the print
 * view's address line. Point 12: the demo's volume of government information. Point 11: articles,
 * 解读 and gazette issues in the one search with facets by organisation, kind, year and validity,
 * an expired or repealed document marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { seedDemo } from '../src/cli/seed.js';
import { testApp } from './helpers.js';
import { WebClient } from './web.js';

let t: Awaited<ReturnType<typeof testApp>>;
let citizen: WebClient;

beforeAll(async () => {
  t = await testApp({ letterRateLimit: 0, loginRateLimit: 0, publicUrl: 'https://zwfw.shifan.gov.cn', siteIdCode: '3601000012' });
  const s = t.services;
  await seedDemo(s.config, t.db.database, { verbose: false, catalog: s.catalog, accounts: s.accounts, journeys: s.journeys, letters: s.letters, certificates: s.certificates, ratings: s.ratings, disclosure: s.disclosure, appointments: s.appointments });
  await s.search.refresh();
  citizen = new WebClient(t.app);
  await citizen.get('/login');
  await citizen.post('/login', { identifier: '13800000001', password: 'Shifan2026demo' });
}, 180_000);
afterAll(async () => {
  await t?.close();
});

const metaOf = (body: string) => {
  const head = body.slice(0, body.indexOf('</head>'));
  const found = new Map<string, string>();
  for (const m of head.matchAll(/<meta name="([A-Za-z]+)" content="([^"]*)">/g)) found.set(m[1]!, m[2]!);
  return found;
};

const SITE = ['SiteName', 'SiteDomain', 'SiteIDCode', 'ColumnName', 'ColumnType', 'Url'];
const ARTICLE = ['ArticleTitle', 'PubDate', 'ContentSource', 'Keywords', 'Author', 'Description', 'Url'];

async function get(url: string, web?: WebClient) {
  const r = web ? await web.get(url) : await t.app.inject({ url, headers: { accept: 'text/html' } }).then((x) => ({ status: x.statusCode, body: x.body }));
  expect(r.status, url).toBe(200);
  return r.body;
}

/** the first link on a page matching `pattern` */
async function first(url: string, pattern: RegExp): Promise<string> {
  const body = await get(url);
  const found = [...body.matchAll(/href="([^"#]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).find((h) => pattern.test(h));
  expect(found, `a link like ${pattern} on ${url}`).toBeDefined();
  return found as string;
}

describe('meta tags present on every page kind', () => {
  it('every public page carries the site and column tags, and articles and guides the article tags', async () => {
    const item = (await first('/search?q=%E9%A9%BE%E7%85%A7', /^\/items\/\d+/)).replace(/\?.*$/, '');
    const article = await first('/xxgk', /^\/xxgk\/articles\/\d+$/);
    const issue = await first('/gazette', /^\/gazette\/\d{4}\/\d+$/);
    const topic = await first('/topics', /^\/topics\/[a-z0-9-]+$/);
    const org = await first('/xxgk', /^\/xxgk\/[a-z0-9-]+$/);
    const pages: { url: string; article?: boolean; web?: WebClient }[] = [
      { url: '/' },
      { url: '/search?q=%E9%A9%BE%E7%85%A7' },
      { url: item, article: true },
      { url: `${item}/print`, article: true },
      { url: '/departments' },
      { url: await first('/departments', /^\/departments\/\d+$/) },
      { url: '/themes' },
      { url: '/groups' },
      { url: '/journeys' },
      { url: await first('/journeys', /^\/journeys\/[a-z0-9-]+$/) },
      { url: '/life-events' },
      { url: '/letters' },
      { url: await first('/letters', /^\/letters\/[A-Z0-9]{8,}$/), article: true },
      { url: '/letters/new' },
      { url: '/xxgk' },
      { url: org },
      { url: article, article: true },
      { url: `${article}/print`, article: true },
      { url: '/gazette' },
      { url: issue },
      { url: '/topics' },
      { url: topic },
      { url: '/foi/apply', web: citizen },
      { url: '/me/foi', web: citizen },
      { url: '/appointments' },
      { url: '/satisfaction' },
      { url: '/verify' },
      { url: '/login' },
      { url: '/api/docs' },
      { url: '/me', web: citizen },
      { url: '/me/certificates', web: citizen },
    ];
    const problems: string[] = [];
    const columns = new Map<string, string>();
    for (const p of pages) {
      const m = metaOf(await get(p.url, p.web));
      for (const name of [...SITE, ...(p.article ? ARTICLE : [])]) if (!m.get(name)) problems.push(`${p.url}: ${name} missing or empty`);
      if (p.article && !m.has('Image')) problems.push(`${p.url}: Image missing`);
      if (m.get('SiteDomain') !== 'zwfw.shifan.gov.cn') problems.push(`${p.url}: SiteDomain ${m.get('SiteDomain')}`);
      if (m.get('SiteIDCode') !== '3601000012') problems.push(`${p.url}: SiteIDCode ${m.get('SiteIDCode')}`);
      if (m.get('SiteName') !== '示范市政务服务网') problems.push(`${p.url}: SiteName ${m.get('SiteName')}`);
      columns.set(p.url, `${m.get('ColumnType')}|${m.get('ColumnName')}`);
    }
    expect(problems).toEqual([]);
    // the column type follows the page kind
    expect(columns.get('/')).toBe('首页|首页');
    expect(columns.get('/xxgk')?.startsWith('信息公开目录')).toBe(true);
    expect(columns.get('/gazette')?.startsWith('政府公报')).toBe(true);
    expect(columns.get('/letters')?.startsWith('互动交流')).toBe(true);
    expect(columns.get('/me')?.startsWith('个人空间')).toBe(true);
    expect(columns.get(item)?.startsWith('办事指南')).toBe(true);
    // the Url is the canonical address: no query noise
    const noisy = metaOf(await get(`${item}?from=search&utm_source=x`));
    expect(noisy.get('Url')).toBe(`https://zwfw.shifan.gov.cn${item}`);
    const guide = metaOf(await get(item));
    expect(guide.get('PubDate')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }, 120_000);
});

describe('手机扫码阅读 on every page', () => {
  it('puts the canonical address of the page in the footer QR and serves it for own-site paths only', async () => {
    const page = await get('/departments?utm_source=weixin&page=1');
    expect(page).toContain('<img src="/qr?u=%2Fdepartments%3Fpage%3D1"');
    expect(page).toContain('手机扫码阅读');
    const qr = await t.app.inject('/qr?u=%2Fdepartments%3Fpage%3D1');
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.body).toContain('<svg');
    for (const bad of ['https%3A%2F%2Fevil.example%2F', '%2F%2Fevil.example', '%2Fx%3Fsession%3Dabc', 'hello', '', '%2Fa%0Ab'])
      expect((await t.app.inject(`/qr?u=${bad}`)).statusCode, bad).toBe(400);
    // the print stylesheet's address line
    expect(page).toContain('<p class="print-url">本页地址：https://zwfw.shifan.gov.cn/departments?page=1</p>');
  });
});

const rows = async <T>(q: ReturnType<typeof sql>) => ((await t.db.database.db.execute(q)) as unknown as { rows: T[] }).rows;

describe('the demo has the volume of a real portal', () => {
  it('400 articles over 15 organisations and every kind, 40 policies with their 解读, 8 gazette issues, 4 topics, 150 linked services', async () => {
    const [all] = await rows<{ n: number; orgs: number; kinds: number }>(sql`select count(*)::int as n, count(distinct org_id)::int as orgs, count(distinct kind)::int as kinds from disclosure_articles where status = 'published'`);
    expect(all!.n).toBeGreaterThanOrEqual(400);
    expect(all!.orgs).toBeGreaterThanOrEqual(15);
    const [kinds] = await rows<{ n: number }>(sql`select count(*)::int as n from disclosure_kinds`);
    expect(all!.kinds).toBe(kinds!.n);
    const [policies] = await rows<{ n: number }>(
      sql`select count(*)::int as n from disclosure_articles p where p.kind in ('policy', 'normative') and exists (select 1 from disclosure_articles j where j.policy_id = p.id and j.kind = 'interpretation')`,
    );
    expect(policies!.n).toBeGreaterThanOrEqual(40);
    const [issues] = await rows<{ n: number }>(sql`select count(*)::int as n from disclosure_gazette_issues`);
    expect(issues!.n).toBeGreaterThanOrEqual(8);
    const [topics] = await rows<{ n: number }>(sql`select count(*)::int as n from disclosure_topics`);
    expect(topics!.n).toBeGreaterThanOrEqual(4);
    const [linked] = await rows<{ n: number }>(sql`select count(distinct impl_code)::int as n from disclosure_item_links`);
    expect(linked!.n).toBeGreaterThanOrEqual(150);
    // 文号 in the national form, bodies of several paragraphs
    const sample = await rows<{ doc_no: string; body: string }>(sql`select doc_no, content->>'body' as body from disclosure_articles where kind in ('policy', 'normative') order by id`);
    for (const r of sample) expect(r.doc_no).toMatch(/^[一-龥]+〔20\d\d〕[1-9]\d*号$/);
    expect(sample.filter((r) => r.body.split('\n\n').length >= 4).length).toBeGreaterThanOrEqual(sample.length * 0.9);
    // the topics named in the issue are there, with their entries
    for (const title of ['义务教育', '营商环境', '老旧小区改造', '防汛防台']) expect(await get('/topics')).toContain(title);
  });
});

describe('government information in the one search', () => {
  it('has facets by organisation, kind, year and validity, and marks an expired or repealed document', async () => {
    const api = async (qs: string) => {
      const r = await t.app.inject(`/api/v1/search?${qs}`);
      expect(r.statusCode, qs).toBe(200);
      return r.json() as { total: number; facets: Record<string, { value: string; label?: string; count: number }[]>; results: { kind: string; title: string; validity?: string; year?: number; organisation?: { id: number; name: string } }[] };
    };
    const q = encodeURIComponent('管理办法');
    const all = await api(`q=${q}&limit=50`);
    expect(all.facets.organisation!.length).toBeGreaterThan(1);
    expect(all.facets.year!.length).toBeGreaterThan(1);
    expect(all.facets.validity!.map((f) => f.value).sort()).toEqual(expect.arrayContaining(['expired', 'repealed', 'valid']));
    const published = all.results.filter((r) => r.kind === 'article');
    expect(published.length).toBeGreaterThan(0);
    expect(published.every((r) => r.organisation && r.year)).toBe(true);

    // a filter on each facet narrows to what it says
    const org = all.facets.organisation![0]!;
    const byOrg = await api(`q=${q}&organisation=${org.value}&limit=50`);
    expect(byOrg.total).toBe(org.count);
    expect(byOrg.results.every((r) => r.organisation?.id === Number(org.value))).toBe(true);
    const repealed = await api(`q=${q}&validity=repealed&limit=50`);
    expect(repealed.total).toBeGreaterThan(0);
    expect(repealed.results.every((r) => r.validity === 'repealed')).toBe(true);
    const y2022 = await api(`q=${q}&year=2022&limit=50`);
    expect(y2022.results.every((r) => r.year === 2022)).toBe(true);
    const interpretations = await api(`q=${encodeURIComponent('政策解读')}&kind=interpretation&limit=10`);
    expect(interpretations.total).toBeGreaterThanOrEqual(40);
    expect(interpretations.results.every((r) => r.kind === 'interpretation' && r.organisation)).toBe(true);
    const gazette = await api(`q=${encodeURIComponent('公报')}&kind=gazette&limit=20`);
    expect(gazette.total).toBeGreaterThanOrEqual(8);
    expect(gazette.results.every((r) => r.organisation?.name === '示范市人民政府' && r.year === 2026)).toBe(true);

    // the page shows the facets and the marks
    const page = await get(`/search?q=${q}&validity=repealed`);
    expect(page).toContain('发布机构');
    expect(page).toContain('有效性');
    expect(page).toContain('年份');
    expect(page).toMatch(/<span class="tag tag-old validity-repealed">已废止<\/span>/);
    const expired = await get(`/search?q=${q}&validity=expired`);
    expect(expired).toMatch(/<span class="tag tag-old validity-expired">已失效<\/span>/);
  });
});
