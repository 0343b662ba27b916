/**
 * Hostile input over HTTP, anonymous and signed in: text PostgreSQL cannot store (U+0000), text
 * that is not Unicode (lone surrogates, escapes that are not UTF-8), numbers that coerce to
 * Infinity, negative, huge, fractional, empty and repeated parameters, broken multipart bodies
 * and content types. Each gets a 4xx — a JSON error from the API, a Chinese page from the site —
 * and changes nothing; none gets a 5xx. Also: the staff API answers 401 before it looks at the
 * input, a database error is logged without its SQL or parameters, sign-in sends each cookie once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputErrorOf, sqlStateOf } from '../src/lib/errors.js';
import { errorForLog, logUnhandled } from '../src/web/http-errors.js';
import { buildBundle } from './factories/catalog.js';
import { testApp } from './helpers.js';
import { WebClient, staffWeb } from './web.js';
import { cookieHeader } from './cookies.js';

let t: Awaited<ReturnType<typeof testApp>>;
const PASSWORD = 'hostile-input-2026';
let deptA: number;
let itemId: number;
let handlerToken: string;
let letterId: number;
let trackingCode: string;

interface Res {
  status: number;
  body: string;
  type: string;
  json: ReturnType<typeof JSON.parse>;
  headers: Record<string, unknown>;
}
type Method = 'GET' | 'POST';

async function call(method: Method, url: string, o: { payload?: string | Buffer; type?: string; token?: string; cookie?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (o.type) headers['content-type'] = o.type;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.cookie) headers.cookie = o.cookie;
  const r = await t.app.inject({ method, url, headers, payload: o.payload });
  let json: unknown;
  try {
    json = JSON.parse(r.body);
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, body: r.body, type: String(r.headers['content-type'] ?? ''), json, headers: r.headers };
}
const json = (method: Method, url: string, body: unknown, token?: string) =>
  call(method, url, { type: 'application/json', payload: typeof body === 'string' ? body : JSON.stringify(body), token });

const CHINESE = /[\u4e00-\u9fff]/;

/** a 4xx in the API's shape: `{ error: { code, message } }`, the message in Chinese */
function expectApiError(r: Res, status?: number) {
  const where = `${r.status} ${r.body.slice(0, 200)}`;
  if (status) expect(r.status, where).toBe(status);
  expect(r.status, where).toBeGreaterThanOrEqual(400);
  expect(r.status, where).toBeLessThan(500);
  expect(r.type, where).toContain('application/json');
  expect(r.json?.error?.code, where).toEqual(expect.any(String));
  expect(r.json?.error?.message, where).toMatch(CHINESE);
}

/** a 4xx as a page of the site, in Chinese */
function expectErrorPage(r: { status: number; body: string }, status?: number) {
  const where = `${r.status} ${r.body.slice(0, 300)}`;
  if (status) expect(r.status, where).toBe(status);
  expect(r.status, where).toBeGreaterThanOrEqual(400);
  expect(r.status, where).toBeLessThan(500);
  expect(r.body, where).toContain('<html lang="zh-Hans"');
  expect(r.body, where).toMatch(/<title>(请求有误|无权访问|页面不存在)/);
}

/** a 4xx in Open311's shape: `[{ code, description }]` */
function expectOpen311Error(r: Res, status?: number) {
  const where = `${r.status} ${r.body.slice(0, 200)}`;
  if (status) expect(r.status, where).toBe(status);
  expect(r.status, where).toBeGreaterThanOrEqual(400);
  expect(r.status, where).toBeLessThan(500);
  expect(r.json?.[0]?.code, where).toBe(r.status);
  expect(r.json?.[0]?.description, where).toMatch(CHINESE);
}

function expectRefused(url: string, r: Res, status?: number) {
  if (url.startsWith('/open311/')) return expectOpen311Error(r, status);
  if (url.startsWith('/api/')) return expectApiError(r, status);
  return expectErrorPage(r, status);
}

/** what a refused request must leave as it was */
async function snapshot() {
  const [letters, audit] = await Promise.all([t.services.letters.count(), t.services.database.db.execute(sql`select count(*)::int as n from audit_log`)]);
  const rows = (audit as unknown as { rows?: { n: number }[] }).rows ?? (audit as unknown as { n: number }[]);
  return { letters, audit: Number(rows[0]?.n ?? 0) };
}

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0, searchRateLimit: 0, lettersPerPhone: 0 });
  const a = buildBundle(2);
  await t.services.catalog.importBundle(a);
  deptA = (await t.services.catalog.listDepartments()).find((d) => d.slug === a.departments[0]!.slug)!.id;
  itemId = (await t.services.catalog.listItems({ limit: 1, offset: 0 })).items[0]!.id;
  await t.services.accounts.ensureDemoAccounts({
    password: PASSWORD,
    staff: [
      { username: 'sysadmin', displayName: '系统管理员', role: 'admin', note: '' },
      { username: 'hotline', displayName: '12345 热线', role: 'dispatcher', note: '' },
      { username: 'handler-a', displayName: '甲局经办', role: 'handler', department: a.departments[0]!.slug, note: '' },
    ],
    citizens: [{ displayName: '李四', phone: '13900000001', note: '' }],
    enterprises: [],
  });
  const hotline = await t.services.accounts.createToken(await t.services.accounts.signInStaff('hotline', PASSWORD), { name: '热线', scopes: ['letters:read', 'letters:write'], days: 1 });
  handlerToken = (await t.services.accounts.createToken(await t.services.accounts.signInStaff('handler-a', PASSWORD), { name: '经办', scopes: ['letters:read', 'letters:write'], days: 1 })).token;
  const sent = await json('POST', '/api/v1/letters', { channel: 'department', departmentId: deptA, type: 'consultation', title: '咨询社保卡办理地点', body: '请问社保卡在哪里办理，需要带什么材料，周末是否可以办理？', name: '张三', phone: '13900000002', isPublic: true }, hotline.token);
  expect(sent.status).toBe(201);
  letterId = sent.json.id;
  trackingCode = sent.json.trackingCode;
});
afterAll(() => t?.close());

describe('text the database cannot store, or that is not Unicode', () => {
  const NUL_GETS = [
    '/letters?type=a%00b',
    '/letters?q=%00',
    '/search?q=%E5%8A%9E%00',
    '/items/1%00',
    '/departments/%00',
    '/journeys/a%00b',
    '/themes/%00',
    '/letters/track?code=%00',
    '/letters/receipt/XF%00?key=a',
    '/login?next=%00',
    '/admin/login?next=/admin%00',
    '/api/v1/journeys?domain=%00',
    '/api/v1/journeys/a%00b',
    '/api/v1/items?q=%00',
    '/api/v1/search?q=a%00',
    '/api/v1/suggest?q=%00',
    '/api/v1/letters?q=%00',
    '/api/v1/letters/similar?q=%00',
    '/api/v1/letters/XF%00?queryCode=123456',
    '/api/v1/life-events/%00',
    '/open311/v2/requests.json?service_code=%00',
    '/open311/v2/requests/%00.json',
  ];
  // a UTF-8 encoded surrogate (ED A0 80), bytes that are no UTF-8 at all, a sequence cut short
  const NOT_UTF8 = ['%ED%A0%80', '%FF', '%C3', '%E5%8A'];

  it.each(NUL_GETS)('refuses U+0000 in %s with a 4xx', async (url) => {
    expectRefused(url, await call('GET', url), 400);
  });

  it.each(NOT_UTF8)('refuses the escape %s in a query, on a page and in the API', async (bad) => {
    for (const url of [`/search?q=a${bad}`, `/letters?q=${bad}`, `/api/v1/items?q=${bad}`, `/api/v1/search?q=${bad}`, `/open311/v2/requests.json?status=${bad}`])
      expectRefused(url, await call('GET', url), 400);
  });

  it('refuses a path the router cannot decode in the portal’s own shape', async () => {
    expectErrorPage(await call('GET', '/items/%E0%A4%A'), 400);
    expectApiError(await call('GET', '/api/v1/items/%E0%A4%A'), 400);
  });

  it('refuses U+0000 and lone surrogates in JSON bodies, changing nothing', async () => {
    const before = await snapshot();
    const letter = { channel: 'mayor', type: 'complaint', title: '小区门口道路破损', body: '东湖区幸福路小区门口的道路破损已经三个月，雨天积水严重，请尽快修复。', name: '张三', phone: '13900000003', isPublic: true };
    const cases: [string, string][] = [
      ['/api/v1/auth/token', '{"username":"a\\u0000b","password":"x"}'],
      ['/api/v1/auth/token', '{"username":"sysadmin","password":"\\ud800"}'],
      ['/api/v1/letters', JSON.stringify({ ...letter, title: '小区门口\u0000道路破损' })],
      ['/api/v1/letters', JSON.stringify({ ...letter, body: `${letter.body}\\udc00` }).replace('\\\\udc00', '\\udc00')],
      ['/api/v1/letters', JSON.stringify({ ...letter, name: '张\u0000三' })],
      ['/api/v1/letters/codes', '{"phone":"1390000\\u00000003"}'],
      [`/api/v1/letters/${trackingCode}/rating`, '{"queryCode":"\\u0000","rating":"satisfied"}'],
      [`/api/v1/letters/${trackingCode}/reopen`, '{"queryCode":"123456","reason":"\\ud83d"}'],
    ];
    for (const [url, body] of cases) expectApiError(await json('POST', url, body, url === '/api/v1/letters' ? handlerToken : undefined), 400);
    // the key of an object counts as well
    expectApiError(await json('POST', '/api/v1/auth/token', '{"username":"a","password":"b","\\u0000":1}'), 400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses U+0000 in forms, anonymous and signed in, before any database sees it', async () => {
    const before = await snapshot();
    const web = new WebClient(t.app);
    await web.get('/login');
    expectErrorPage(await web.post('/login', { identifier: 'a\u0000b', password: 'x' }), 400);
    await web.get('/admin/login');
    expectErrorPage(await web.post('/admin/login', { username: 'sysadmin\u0000', password: PASSWORD }), 400);
    await web.get('/letters/track');
    expectErrorPage(await web.post('/letters/track', { code: trackingCode, queryCode: '\u0000' }), 400);
    await web.get('/reset');
    expectErrorPage(await web.post('/reset', { identifier: '1390000\u00000001' }), 400);
    // an Open311 client posts a form too
    const o311 = await call('POST', '/open311/v2/requests.json', { type: 'application/x-www-form-urlencoded', payload: 'api_key=x&service_code=complaint&description=%00' });
    expect(o311.status).toBe(400);
    expect(o311.json[0].description).toMatch(CHINESE);

    const admin = await staffWeb(t.app, 'sysadmin', PASSWORD);
    for (const url of ['/admin/users?q=a%00b', '/admin/audit?q=%00', '/admin/letters?q=%00', '/admin/drafts?status=%00', '/admin/search?q=%00', '/admin/catalog/items?q=%00'])
      expectErrorPage(await admin.get(url), 400);
    await admin.get('/admin/letters/rules');
    expectErrorPage(await admin.post('/admin/letters/rules', { name: '规则\u0000', departmentId: String(deptA), priority: '1' }), 400);
    await admin.get('/admin/users/new');
    expectErrorPage(await admin.post('/admin/users', { username: 'new\u0000user', displayName: '新用户', role: 'handler', password: 'long-enough-2026' }), 400);
    expect(await snapshot()).toEqual(before);
    // …and the session still works
    expect((await admin.get('/admin')).status).toBe(200);
  });

  it('refuses U+0000 from the staff API with a token, and in a header', async () => {
    const before = await snapshot();
    expectApiError(await call('GET', '/api/v1/staff/letters?q=%00', { token: handlerToken }), 400);
    expectApiError(await json('POST', `/api/v1/staff/letters/${letterId}/notes`, { note: '备注\u0000' }, handlerToken), 400);
    expectApiError(await json('POST', `/api/v1/staff/letters/${letterId}/reply`, { version: 1, body: '答复\ud800' }, handlerToken), 400);
    const idem = await t.app.inject({ method: 'POST', url: '/api/v1/letters', headers: { 'content-type': 'application/json', 'idempotency-key': 'a\u0000b', authorization: `Bearer ${handlerToken}` }, payload: '{}' });
    expect(idem.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});

describe('numbers', () => {
  const HUGE = ['Infinity', '-Infinity', '1e309', '-1e309', '+Infinity', '9'.repeat(400)];

  it.each(HUGE)('refuses %s for an integer in the API with a 400', async (n) => {
    const e = encodeURIComponent(n);
    for (const url of [
      `/api/v1/items?limit=${e}`,
      `/api/v1/items?offset=${e}`,
      `/api/v1/items?department=${e}`,
      `/api/v1/departments/${e}`,
      `/api/v1/departments?limit=${e}`,
      `/api/v1/items/${e}`,
      `/api/v1/letters/stats?year=${e}`,
      `/api/v1/letters?limit=${e}`,
      `/api/v1/letters?offset=${e}&department=${e}`,
      `/api/v1/journeys?limit=${e}`,
      `/api/v1/journeys?offset=${e}`,
      `/api/v1/life-events?limit=${e}`,
      `/api/v1/search?q=a&limit=${e}`,
      `/api/v1/search?q=a&offset=${e}`,
      `/api/v1/search?q=a&department=${e}`,
      `/api/v1/suggest?q=a&limit=${e}`,
      `/open311/v2/requests.json?page=${e}`,
      `/open311/v2/requests.json?page_size=${e}`,
    ])
      // a number too long for a path parameter is refused as such
      expectRefused(url, await call('GET', url), n.length > 200 && !url.includes('?') ? 414 : 400);
    for (const url of [`/api/v1/staff/letters?limit=${e}`, `/api/v1/staff/letters?department=${e}`, `/api/v1/staff/letters/${e}`, `/api/v1/staff/drafts?offset=${e}`])
      expectApiError(await call('GET', url, { token: handlerToken }), n.length > 200 && !url.includes('?') ? 414 : 400);
  });

  it('refuses a non-finite number in a JSON body, changing nothing', async () => {
    const before = await snapshot();
    // JSON has no Infinity, but a string coerces to one
    expectApiError(await json('POST', `/api/v1/staff/letters/${letterId}/reply`, { version: 'Infinity', body: '答复' }, handlerToken), 400);
    expectApiError(await json('POST', `/api/v1/staff/letters/${letterId}/reply`, '{"version":1e309,"body":"答复"}', handlerToken), 400);
    expectApiError(await json('POST', '/api/v1/letters', { channel: 'department', departmentId: '1e309', type: 'consultation', title: '咨询社保卡办理地点', body: '请问社保卡在哪里办理，需要带什么材料？', name: '张三', phone: '13900000004', isPublic: true }, handlerToken), 400);
    expectApiError(await json('POST', '/api/v1/letters', { channel: 'mayor', type: 'consultation', title: '咨询社保卡办理地点', body: '请问社保卡在哪里办理，需要带什么材料？', name: '张三', phone: '13900000004', isPublic: true, lat: '-Infinity', lng: 1 }, handlerToken), 400);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses fractional, empty, negative, huge and repeated paging in the API', async () => {
    const bases = ['/api/v1/items', '/api/v1/letters', '/api/v1/journeys', '/api/v1/departments', '/api/v1/search?q=a'];
    const url = (base: string, q: string) => `${base}${base.includes('?') ? '&' : '?'}${q}`;
    for (const q of ['limit=1.5', 'limit=', 'limit=1&limit=2', 'offset=-1', 'offset=99999999999', 'limit=0', 'limit=abc', 'offset=1e3.5', 'limit=1e400'])
      for (const base of bases) expectApiError(await call('GET', url(base, q)), 400);
    // what a number parser reads as a number is one: 0x10 is 16, 1e1 is 10
    for (const q of ['limit=0x10', 'limit=1e1', 'limit=%2010%20']) for (const base of bases) expect((await call('GET', url(base, q))).status).toBeLessThan(500);
  });

  it('falls back to the first page on the site for any page, year or department it cannot read', async () => {
    const admin = await staffWeb(t.app, 'sysadmin', PASSWORD);
    const junk = ['Infinity', '1e309', '-1', '1.5', '', '99999999999', '0x10', 'NaN'];
    for (const v of junk) {
      const e = encodeURIComponent(v);
      for (const url of [`/letters?page=${e}`, `/letters?department=${e}`, `/letters/stats?year=${e}`, `/search?q=a&page=${e}`, `/letters/new?department=${e}`, `/departments?page=${e}`]) {
        const r = await call('GET', url);
        expect(r.status, url).toBe(200);
      }
      for (const url of [`/admin/users?page=${e}`, `/admin/audit?page=${e}`, `/admin/letters?page=${e}`, `/admin/letters?department=${e}`, `/admin/drafts?page=${e}`, `/admin/notifications?page=${e}`]) {
        const r = await admin.get(url);
        expect(r.status, url).toBe(200);
      }
    }
    for (const url of ['/admin/users/1e309', '/admin/users/Infinity', `/admin/letters/1e309`, `/admin/drafts/Infinity`, `/items/1e309`, `/departments/Infinity`])
      expectErrorPage(url.startsWith('/admin') ? await admin.get(url) : await call('GET', url), 404);
  });

  it('takes repeated parameters on every page without a fault', async () => {
    const admin = await staffWeb(t.app, 'sysadmin', PASSWORD);
    const repeated = 'q=a&q=b&page=1&page=2&type=a&type=b&department=1&department=2&year=2025&year=2026&next=/a&next=/b&status=a&status=b&channel=a&channel=b&month=a&month=b&kind=a&kind=b';
    const pages = ['/', '/search', '/letters', '/letters/stats', '/letters/new', '/letters/track', '/login', '/admin/login', '/departments', '/themes', '/journeys', `/items/${itemId}`];
    for (const p of pages) expect((await call('GET', `${p}?${repeated}`)).status, p).toBeLessThan(500);
    for (const p of ['/admin', '/admin/users', '/admin/audit', '/admin/letters', '/admin/drafts', '/admin/catalog/items', '/admin/search', '/admin/notifications', '/admin/tokens'])
      expect((await admin.get(`${p}?${repeated}`)).status, p).toBeLessThan(500);
    for (const p of ['/api/v1/items', '/api/v1/letters', '/api/v1/search', '/api/v1/journeys', '/open311/v2/requests.json']) expect((await call('GET', `${p}?${repeated}`)).status, p).toBeLessThan(500);
    for (const p of ['/api/v1/items', '/api/v1/letters', '/api/v1/search?q=a', '/api/v1/journeys']) expectApiError(await call('GET', `${p}${p.includes('?') ? '&' : '?'}limit=1&limit=2&offset=1&offset=2`), 400);
  });

  it('answers a form’s garbage numbers with the form, not a fault', async () => {
    const admin = await staffWeb(t.app, 'sysadmin', PASSWORD);
    await admin.get(`/admin/letters/${letterId}`);
    for (const version of ['Infinity', '1e309', 'abc', '', '1.5', '-1']) {
      const r = await admin.post(`/admin/letters/${letterId}/note`, { version, note: '' });
      expect(r.status, version).toBeLessThan(500);
      const assign = await admin.post(`/admin/letters/${letterId}/assign`, { version, lead: String(deptA), assists: ['1e309', 'Infinity'] });
      expect(assign.status, version).toBeLessThan(500);
    }
    await admin.get('/admin/letters/rules');
    const rule = await admin.post('/admin/letters/rules', { name: '规则', type: 'complaint', departmentId: String(deptA), priority: 'Infinity' });
    expect(rule.status).toBe(400);
    const web = new WebClient(t.app);
    await web.get('/letters/track');
    expect((await web.post('/letters/track/attachment', { code: trackingCode, queryCode: '000000', id: '1e309' })).status).toBeLessThan(500);
  });
});

describe('bodies the parsers cannot read', () => {
  const boundary = 'b'.repeat(300);
  const multipart = (b: string, body: string) => ({ type: `multipart/form-data; boundary=${b}`, payload: body });

  it.each(['/letters/new', '/letters/new/code', '/letters/new/similar'])('refuses a multipart boundary over 256 characters on %s with a Chinese page', async (url) => {
    const before = await snapshot();
    const r = await call('POST', url, multipart(boundary, `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n标题\r\n--${boundary}--\r\n`));
    expectErrorPage(r, 400);
    expect(r.body).toContain('表单内容不完整');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed multipart bodies and content types with a 4xx', async () => {
    const before = await snapshot();
    const broken = [
      multipart('abc', 'garbage'),
      multipart('abc', '--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\nv'),
      multipart('abc', '--abc\r\nNot-A-Header\r\n\r\nv\r\n--abc--\r\n'),
      multipart('abc', '--abc\r\nContent-Disposition: form-data; name="attachments"; filename="a\u0000.pdf"\r\n\r\n%PDF\r\n--abc--\r\n'),
      { type: 'multipart/form-data', payload: '--x--\r\n' },
      { type: 'multipart/form-data; boundary=', payload: '--x--\r\n' },
      { type: 'multipart/mixed; boundary=abc', payload: '--abc--\r\n' },
      { type: 'text/plain', payload: 'title=a' },
      { type: 'application/xml', payload: '<a/>' },
      { type: 'application/json', payload: '{"title":' },
      { type: 'application/x-www-form-urlencoded', payload: 'title=%ZZ&body=%' },
    ];
    for (const url of ['/letters/new', '/letters/new/similar', '/letters/track', '/login', '/admin/login'])
      for (const b of broken) {
        const r = await call('POST', url, b);
        expect(r.status, `${url} ${b.type}`).toBeGreaterThanOrEqual(400);
        expectErrorPage(r);
      }
    // a multipart form where none is taken, before a byte of it is read
    expectErrorPage(await call('POST', '/login', multipart('abc', '--abc--\r\n')), 415);
    expectApiError(await call('POST', '/api/v1/letters', multipart('abc', '--abc--\r\n')), 415);
    for (const b of [multipart(boundary, '--x--'), { type: 'text/plain', payload: 'x' }, { type: 'application/xml', payload: '<a/>' }, { type: 'application/json', payload: '{"a":' }])
      expectApiError(await call('POST', '/api/v1/auth/token', b));
    expect(await snapshot()).toEqual(before);
  });

  it('ignores or refuses a body on routes that take none', async () => {
    for (const url of ['/api/v1/items', '/api/v1/letters', `/api/v1/departments/${deptA}`]) {
      const r = await call('GET', url, { type: 'application/json', payload: '{"limit":"Infinity"}' });
      expect(r.status, url).toBe(200);
    }
    expectErrorPage(await call('POST', '/logout', { type: 'application/json', payload: '{"a":1}' }), 403);
    expectErrorPage(await call('POST', '/logout', { type: 'application/json', payload: '{"a":' }), 400);
    expectApiError(await call('POST', `/api/v1/staff/drafts/1/submit`, { type: 'application/json', payload: '{"version":1,"extra":"\u0000"}', token: handlerToken }));
  });
});

describe('the staff API authenticates first', () => {
  const routes: [Method, string, unknown][] = [
    ['GET', '/api/v1/staff/letters?limit=abc', undefined],
    ['GET', '/api/v1/staff/letters/abc', undefined],
    ['POST', '/api/v1/staff/letters/1/reply', {}],
    ['POST', '/api/v1/staff/letters/1/review', {}],
    ['POST', '/api/v1/staff/letters/1/assign', {}],
    ['POST', '/api/v1/staff/letters/1/transfer', {}],
    ['POST', '/api/v1/staff/letters/1/notes', {}],
    ['POST', '/api/v1/staff/letters/abc/notes', { x: 1 }],
    ['GET', '/api/v1/staff/drafts?status=nonsense', undefined],
    ['GET', '/api/v1/staff/drafts/abc', undefined],
    ['POST', '/api/v1/staff/drafts', {}],
    ['POST', '/api/v1/staff/drafts/1/nonsense', {}],
  ];

  it.each(routes)('answers an anonymous %s %s with 401, naming no field', async (method, url, body) => {
    const r = body === undefined ? await call(method, url) : await json(method, url, body);
    expectApiError(r, 401);
    expect(r.body).not.toMatch(/version|required|must/);
    const bad = body === undefined ? await call(method, url, { token: 'ym_notarealtokennotarealtoken' }) : await json(method, url, body, 'ym_notarealtokennotarealtoken');
    expectApiError(bad, 401);
  });

  it('still validates the input of a signed-in caller', async () => {
    const r = await json('POST', `/api/v1/staff/letters/${letterId}/reply`, {}, handlerToken);
    expectApiError(r, 400);
    expect(r.json.error.message).toContain('version');
  });
});

describe('database errors', () => {
  it('unwraps the driver’s code from the query layer’s error, and keeps the statement’s parameters out of the log', async () => {
    // a parameter that looks like a stack frame stays out too
    const secret = '13812345678\n    at leaked (13812345678)';
    let error: unknown;
    try {
      await t.services.database.db.execute(sql`select * from letters where phone = ${secret} and id = ${`x${secret}`}::int`);
    } catch (e) {
      error = e;
    }
    expect(error).toBeDefined();
    expect(sqlStateOf(error)).toBe('22P02');
    expect(inputErrorOf(error)).toEqual({ status: 400, code: 'bad_request' });

    const logged = JSON.stringify(errorForLog(error));
    expect(logged).toContain('22P02');
    expect(logged).not.toContain('13812345678');
    expect(logged).not.toContain('select');

    const lines: unknown[] = [];
    const request = { method: 'GET', url: `/letters?q=${encodeURIComponent(secret)}`, routeOptions: { url: '/letters' }, log: { error: (obj: unknown, msg: string) => lines.push([obj, msg]) } };
    logUnhandled(request as never, error);
    const line = JSON.stringify(lines);
    expect(line).toContain('"path":"/letters"');
    expect(line).toContain('"route":"/letters"');
    expect(line).toContain('22P02');
    expect(line).not.toContain('13812345678');
    expect(line).not.toContain('select');
  });

  it('makes a unique violation a conflict', async () => {
    let error: unknown;
    try {
      await t.services.database.db.execute(sql`insert into departments select * from departments where id = ${deptA}`);
    } catch (e) {
      error = e;
    }
    expect(sqlStateOf(error)).toBe('23505');
    expect(inputErrorOf(error)).toEqual({ status: 409, code: 'conflict' });
  });
});

describe('sign-in and the API description', () => {
  it('sends the session cookie once', async () => {
    const web = new WebClient(t.app);
    await web.get('/admin/login');
    const r = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { cookie: cookieHeader(web.cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: web.csrf, username: 'sysadmin', password: PASSWORD }).toString(),
    });
    expect(r.statusCode).toBe(303);
    const cookies = ([] as string[]).concat(r.headers['set-cookie'] as string[] | string);
    expect(cookies.filter((c) => c.startsWith('yimen_sid=')).length).toBe(1);
    expect(cookies.filter((c) => c.startsWith('yimen_csrf=')).length).toBe(1);
  });

  it('says which token scope the staff letters need and how long a token lasts', async () => {
    const doc = (await call('GET', '/api/docs/json')).json;
    expect(doc.paths['/api/v1/staff/letters'].get.summary).toContain('letters:read');
    expect(doc.paths['/api/v1/auth/token'].post.summary).toContain('24 小时');
    const r = await json('POST', '/api/v1/auth/token', { username: 'hotline', password: PASSWORD });
    expect(r.status).toBe(201);
    const hours = (new Date(r.json.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(Math.round(hours)).toBe(24);
  });
});
