/**
 * Issue 16 point 10 on every page kind of the seeded demo: the national 政府网站网页设计规范 meta
 * tags (SiteName, SiteDomain, SiteIDCode, ColumnName, ColumnType on every page; ArticleTitle,
 * PubDate, ContentSource, Keywords, Author, Description, Image, Url on an article or guide), the
 * 手机扫码阅读 QR code of the page's canonical address (/qr, own-site paths only), and the print
 * view's address line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      { url: await first('/letters', /^\/letters\/[A-Z0-9]{8,}$/) },
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
