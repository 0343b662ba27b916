import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, buildItem } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { ValidationError } from '../../lib/errors.js';
import type { CatalogueBundle } from './model.js';

let t: Awaited<ReturnType<typeof testApp>>;
let bundle: CatalogueBundle;
const idOf = new Map<string, number>();

beforeAll(async () => {
  t = await testApp();
  bundle = buildBundle(3);
  const refs = { department: bundle.departments[0]!.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug };
  const parent = bundle.items[0]!;
  parent.name = '机动车驾驶证补领';
  parent.aliases = ['驾照补办', '驾照丢了'];
  parent.materials[0]!.formSlug = bundle.forms[0]!.slug;
  parent.fees = [{ name: '工本费', standard: '10元/本', basis: '发改价格〔2017〕1186号' }];
  parent.specialGroups = [bundle.specialGroups[0]!.slug];
  bundle.items.push(buildItem(refs, { name: '驾驶证补领（遗失）', parent: parent.implCode }));
  bundle.items.push(
    buildItem(refs, { name: '<script>alert(1)</script>企业设立', targets: ['enterprise'], type: '行政确认' }),
  );
  await t.services.catalog.importBundle(bundle);
  await t.services.search.refresh();
  const list = await t.services.catalog.listItems({ limit: 100, offset: 0 });
  for (const it of list.items) idOf.set(it.name, it.id);
});
afterAll(() => t.close());

describe('catalogue API v1', () => {
  it('lists items in the documented shape', async () => {
    const r = await t.app.inject('/api/v1/items');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.total).toBe(5);
    const first = body.items[0];
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['id', 'code', 'name', 'aliases', 'type', 'department', 'url']));
    expect(first.department).toEqual({ id: expect.any(Number), name: bundle.departments[0]!.name });
    expect(first.url).toBe(`/items/${first.id}`);
  });

  it('filters by text, audience, type, theme and department, and pages', async () => {
    const byAlias = (await t.app.inject(`/api/v1/items?q=${encodeURIComponent('驾照')}`)).json();
    expect(byAlias.items.map((i: { name: string }) => i.name)).toEqual(['机动车驾驶证补领']);
    const enterprise = (await t.app.inject('/api/v1/items?audience=enterprise')).json();
    expect(enterprise.total).toBe(1);
    const type = (await t.app.inject(`/api/v1/items?type=${encodeURIComponent('行政确认')}`)).json();
    expect(type.total).toBe(1);
    const theme = (await t.app.inject(`/api/v1/items?theme=${bundle.themes[0]!.slug}`)).json();
    expect(theme.total).toBe(5);
    const noTheme = (await t.app.inject('/api/v1/items?theme=no-such-theme')).json();
    expect(noTheme).toEqual({ total: 0, items: [] });
    const deptId = theme.items[0].department.id;
    expect((await t.app.inject(`/api/v1/items?department=${deptId}&limit=2&offset=2`)).json().items).toHaveLength(2);
  });

  it('a LIKE wildcard in the query is matched literally', async () => {
    const r = (await t.app.inject('/api/v1/items?q=%25')).json();
    expect(r.total).toBe(0);
  });

  it('returns the whole guide', async () => {
    const id = idOf.get('机动车驾驶证补领');
    const g = (await t.app.inject(`/api/v1/items/${id}`)).json();
    expect(g.name).toBe('机动车驾驶证补领');
    expect(g.subItems).toEqual([{ id: idOf.get('驾驶证补领（遗失）'), name: '驾驶证补领（遗失）', url: expect.any(String) }]);
    expect(g.materials[0].blankForm).toEqual({
      title: bundle.forms[0]!.title,
      url: `/forms/${bundle.forms[0]!.slug}/blank.pdf`,
      sampleUrl: `/forms/${bundle.forms[0]!.slug}/sample.pdf`,
    });
    expect(g.fees).toHaveLength(1);
    expect(g.free).toBe(false);
    expect(g.halls[0]).toMatchObject({ name: bundle.halls[0]!.name, address: bundle.halls[0]!.address });
    expect(g.timeLimits).toEqual({ legalDays: 10, promisedDays: 5, kind: '承诺件', note: null });
    for (const field of ['legalBasis', 'conditions', 'steps', 'faq', 'results', 'consultPhone', 'complaintPhone', 'handlingForms', 'visits', 'onlineDepth', 'appointment', 'implementingBody', 'themes', 'specialGroups', 'policies'])
      expect(g).toHaveProperty(field);
  });

  it('answers bad input with a JSON 4xx and never a 5xx', async () => {
    for (const [url, status] of [
      ['/api/v1/items/999999', 404],
      ['/api/v1/items/abc', 400],
      ['/api/v1/items/-1', 400],
      ['/api/v1/items/99999999999999', 400],
      ['/api/v1/items?limit=0', 400],
      ['/api/v1/items?limit=1000000000', 400],
      ['/api/v1/items?limit=-1', 400],
      ['/api/v1/items?offset=x', 400],
      ['/api/v1/items?audience=alien', 400],
      ['/api/v1/items?department=abc', 400],
      ['/api/v1/items?theme=%3Cscript%3E', 400],
      ['/api/v1/departments/0', 400],
      ['/api/v1/departments/424242', 404],
      ['/api/v1/nothing-here', 404],
    ] as const) {
      const r = await t.app.inject(url);
      expect(r.statusCode, url).toBe(status);
      expect(r.json().error, url).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });

  it('publishes an OpenAPI document with the catalogue routes', async () => {
    const doc = (await t.app.inject('/api/docs')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/items', '/api/v1/items/{id}', '/api/v1/departments']));
  });

  it('reports health, the database kind and whether the search index is built', async () => {
    const r = (await t.app.inject('/healthz')).json();
    expect(r).toEqual({ status: 'ok', database: process.env.DATABASE_URL ? 'postgres' : 'pglite', search: 'ready' });
  });
});

describe('catalogue pages', () => {
  it('renders the guide with checklist, steps, fees, halls, QR code and print/PDF links', async () => {
    const id = idOf.get('机动车驾驶证补领');
    const r = await t.app.inject(`/items/${id}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<h1>机动车驾驶证补领</h1>');
    expect(r.body).toContain('也叫：驾照补办、驾照丢了');
    expect(r.body).toContain('type="checkbox"');
    expect(r.body).toContain('10元/本');
    expect(r.body).toContain(bundle.halls[0]!.address);
    expect(r.body).toContain('<svg');
    expect(r.body).toContain(`/items/${id}/print`);
    expect(r.body).toContain(`/items/${id}/guide.pdf`);
    expect(r.body).toContain('驾驶证补领（遗失）');
    expect(Buffer.byteLength(r.body)).toBeLessThan(100 * 1024);
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('escapes content, never executing markup stored in the catalogue', async () => {
    const id = idOf.get('<script>alert(1)</script>企业设立');
    const r = await t.app.inject(`/items/${id}`);
    expect(r.body).not.toContain('<script>alert(1)</script>');
    expect(r.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;企业设立');
  });

  it('answers a repeated request from the page cache with 304 when unchanged', async () => {
    const id = idOf.get('机动车驾驶证补领');
    const first = await t.app.inject(`/items/${id}`);
    const again = await t.app.inject({ url: `/items/${id}`, headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });

  it('shows a change to a guide on the next request (the page cache is invalidated)', async () => {
    const id = idOf.get('机动车驾驶证补领');
    await t.app.inject(`/items/${id}`);
    const changed = structuredClone(bundle.items[0]!);
    changed.summary = '更新后的事项简介：驾驶证遗失可网上申请补领。';
    await t.services.catalog.importBundle({ ...bundle, items: [changed] });
    const r = await t.app.inject(`/items/${id}`);
    expect(r.body).toContain('更新后的事项简介');
    const g = (await t.app.inject(`/api/v1/items/${id}`)).json();
    expect(g.version).toBe(2);
  });

  it('renders home, department, theme, special-group, search, print and 404 pages', async () => {
    const id = idOf.get('机动车驾驶证补领');
    const deptId = (await t.app.inject('/api/v1/departments')).json().departments[0].id;
    const pages: [string, number, string][] = [
      ['/', 200, '您要办什么事？'],
      [`/departments/${deptId}`, 200, bundle.departments[0]!.name],
      ['/departments', 200, bundle.departments[0]!.name],
      [`/themes/${bundle.themes[0]!.slug}`, 200, '机动车驾驶证补领'],
      ['/themes?audience=citizen', 200, bundle.themes[0]!.name],
      [`/groups/${bundle.specialGroups[0]!.slug}`, 200, '机动车驾驶证补领'],
      ['/groups', 200, bundle.specialGroups[0]!.name],
      [`/search?q=${encodeURIComponent('驾照')}`, 200, '机动车驾驶证补领'],
      [`/search?q=${encodeURIComponent('量子纠缠观测')}`, 200, '没有找到'],
      [`/items/${id}/print`, 200, '办事明白纸'],
      ['/items/999999', 404, '搜索'],
      ['/items/abc', 404, '页面不存在'],
      ['/themes/nope', 404, '没有找到这个主题'],
      ['/groups/nope', 404, '没有找到'],
      ['/departments/99999', 404, '没有找到这个部门'],
      ['/departments/abc', 404, '没有找到这个部门'],
      ['/no/such/page', 404, '页面不存在'],
    ];
    for (const [url, status, text] of pages) {
      const r = await t.app.inject(url);
      expect(r.statusCode, url).toBe(status);
      expect(r.headers['content-type'], url).toContain('text/html');
      expect(r.body.replace(/<\/?mark>/g, ''), url).toContain(text);
    }
  });

  it('survives hostile query strings on pages', async () => {
    for (const q of ['%00', '%F0%9F%98%80', 'a'.repeat(10_000), '%ED%A0%80', "' or 1=1 --", '.*(a+)+$']) {
      const r = await t.app.inject(`/search?q=${q}&page=-5`);
      expect(r.statusCode, q).toBeLessThan(500);
    }
    expect((await t.app.inject('/search?q=a&q=b')).statusCode).toBe(200);
  });

  it('serves the guide PDF and blank/sample forms as PDF files', async () => {
    const id = idOf.get('机动车驾驶证补领');
    const pdf = await t.app.inject(`/items/${id}/guide.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // the CJK font is embedded, so the PDF reads on any machine
    expect(pdf.rawPayload.toString('latin1')).toMatch(/FontFile2|FontFile3/);
    const form = await t.app.inject(`/forms/${bundle.forms[0]!.slug}/blank.pdf`);
    expect(form.statusCode).toBe(200);
    // a later PDF reuses the parsed font and still embeds its own subset of it
    expect(form.rawPayload.toString('latin1')).toMatch(/FontFile2|FontFile3/);
    expect((await t.app.inject(`/forms/${bundle.forms[0]!.slug}/sample.pdf`)).statusCode).toBe(200);
    expect((await t.app.inject('/forms/no-such-form/blank.pdf')).statusCode).toBe(404);
    expect((await t.app.inject(`/forms/${bundle.forms[0]!.slug}/other.pdf`)).statusCode).toBe(404);
  });

  it('ranks hot services by real guide views', async () => {
    const id = idOf.get('<script>alert(1)</script>企业设立') as number;
    for (let i = 0; i < 50; i++) t.services.catalog.recordView(id);
    await t.services.catalog.flushViews();
    const hot = await t.services.catalog.hotServices(3);
    expect(hot[0]?.id).toBe(id);
  });
});

describe('catalogue import', () => {
  it('rejects a bundle with any problem and writes nothing', async () => {
    const before = (await t.app.inject('/api/v1/items')).json().total;
    const broken = buildBundle(2);
    broken.items[1]!.halls = ['no-such-hall'];
    broken.items[0]!.legalLimitDays = -3;
    const err = await t.services.catalog.importBundle(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const messages = (err as ValidationError).problems.map((p) => p.message).join('\n');
    expect(messages).toContain('引用的办事大厅“no-such-hall”不存在');
    expect(messages).toContain('数值应在');
    expect((await t.app.inject('/api/v1/items')).json().total).toBe(before);
    expect((await t.app.inject('/api/v1/departments')).json().total).toBe(1);
  });

  it('may refer to departments, halls and themes already in the database', async () => {
    const refs = { department: bundle.departments[0]!.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug };
    const extra = buildItem(refs, { name: '只含事项的导入' });
    await t.services.catalog.importBundle({ departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [extra] });
    const r = (await t.app.inject(`/api/v1/items?q=${encodeURIComponent('只含事项')}`)).json();
    expect(r.total).toBe(1);
  });

  it('exports what it imported', async () => {
    const out = await t.services.catalog.exportBundle();
    const original = bundle.items.find((i) => i.name === '驾驶证补领（遗失）');
    const exported = out.items.find((i) => i.implCode === original?.implCode);
    expect(exported).toEqual(original);
    expect(out.departments).toEqual(bundle.departments);
    expect(out.halls).toEqual(bundle.halls);
    expect(out.forms).toEqual(bundle.forms);
  });
});
