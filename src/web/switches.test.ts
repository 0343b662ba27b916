import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../test/factories/catalog.js';
import { testApp } from '../../test/helpers.js';
import { WebClient } from '../../test/web.js';
import { toHantHtml } from './hant.js';

let t: Awaited<ReturnType<typeof testApp>>;
let itemId = 0;

beforeAll(async () => {
  t = await testApp();
  const bundle = buildBundle(1);
  bundle.items[0]!.name = '机动车驾驶证补领';
  bundle.specialGroups[0]!.slug = 'laonian';
  bundle.specialGroups[0]!.name = '老年人';
  bundle.items[0]!.specialGroups = ['laonian'];
  await t.services.catalog.importBundle(bundle);
  await t.services.search.refresh();
  itemId = (await t.services.catalog.listItems({ limit: 1, offset: 0 })).items[0]!.id;
});
afterAll(() => t.close());

describe('长辈版 (care mode)', () => {
  it('is a link in the header of every page that sets a cookie and comes back to the same page', async () => {
    const web = new WebClient(t.app);
    for (const url of ['/', `/items/${itemId}`, `/search?q=${encodeURIComponent('驾照')}`, '/login', '/admin/login']) {
      const page = await web.get(url);
      expect(page.body, url).toContain(`href="/prefs?care=l&amp;next=${encodeURIComponent(url)}"`);
      expect(page.body, url).not.toContain('care.css');
    }
    const back = await web.get(`/prefs?care=l&next=${encodeURIComponent(`/items/${itemId}`)}`);
    expect(back.status).toBe(303);
    expect(back.location).toBe(`/items/${itemId}`);
    const guide = await web.get(`/items/${itemId}`);
    expect(guide.body).toContain('<html lang="zh-Hans" class="care care-l">');
    expect(guide.body).toContain('<link rel="stylesheet" href="/static/care.css">');
    expect(guide.body).toContain('<script src="/static/care.js" defer></script>');
    expect(guide.body).toContain('朗读本页');
    expect(guide.body).toMatch(/<a class="pref-size" href="[^"]*care=l[^"]*" aria-current="true">大<\/a>/);
    // 特大, then back to the standard page; the standard page was never replaced by the care one
    await web.get(`/prefs?care=xl&next=/`);
    expect((await web.get('/')).body).toContain('class="care care-xl"');
    expect((await t.app.inject(`/items/${itemId}`)).body).not.toContain('care.css');
    await web.get('/prefs?care=off&next=/');
    expect((await web.get('/')).body).not.toContain('care.css');
  });

  it('reaches the back office too', async () => {
    const web = new WebClient(t.app);
    await web.get('/prefs?care=xl&next=/admin/login');
    expect((await web.get('/admin/login')).body).toContain('class="care care-xl"');
  });

  it('is offered on the 老年人 green-channel page, which promises 大字版和语音播报', async () => {
    const page = await t.app.inject('/groups/laonian');
    expect(page.body).toMatch(/<p class="care-invite">[^<]*<a href="\/prefs\?care=l&amp;next=%2Fgroups%2Flaonian">切换到长辈版<\/a>/);
  });

  it('refuses values it does not know and never sends anyone off the site', async () => {
    for (const q of ['care=huge', 'lang=en', '', 'care=l&care=xl']) {
      expect((await t.app.inject(`/prefs?${q}`)).statusCode, q).toBe(400);
    }
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)']) {
      const r = await t.app.inject(`/prefs?care=l&next=${encodeURIComponent(next)}`);
      expect(r.statusCode).toBe(303);
      expect(r.headers.location, next).toBe('/');
    }
  });

  it('returns to the page the reader was on, even when a cached page carries another next', async () => {
    const r = await t.app.inject({ url: '/prefs?care=l&next=%2F%3Fq%3Dstale', headers: { host: 'portal.example', referer: 'http://portal.example/search?q=%E9%A9%BE%E7%85%A7' } });
    expect(r.headers.location).toBe('/search?q=%E9%A9%BE%E7%85%A7');
    // another site's page is no place to return to
    const away = await t.app.inject({ url: '/prefs?care=l&next=%2Fthemes', headers: { host: 'portal.example', referer: 'https://evil.example/x' } });
    expect(away.headers.location).toBe('/themes');
  });
});

describe('繁體中文', () => {
  it('converts the text of every page by phrase, and leaves markup, addresses and tokens alone', async () => {
    const web = new WebClient(t.app);
    await web.get('/prefs?lang=hant&next=/');
    const guide = await web.get(`/items/${itemId}`);
    expect(guide.body).toContain('<html lang="zh-Hant">');
    expect(guide.body).toContain('機動車駕駛證補領');
    expect(guide.body).not.toContain('机动车驾驶证补领');
    expect(guide.body).toContain('搜尋'); // the zh-Hant catalogue's word, not a converted 搜索
    expect(guide.body).toContain('<span lang="zh-Hans">简体</span>');
    // a form page keeps its CSRF token working: signing up posts back what the page carried
    const login = await web.get('/login');
    expect(login.body).toContain('登入');
    expect(web.csrf).toMatch(/^[\w-]+$/);
    // search still takes traditional input
    const found = await web.get(`/search?q=${encodeURIComponent('駕駛證補領')}`);
    expect(found.body.replace(/<\/?mark>/g, '')).toContain('>機動車駕駛證補領</a>');
    expect(found.body).toContain(`value="駕駛證補領"`);
    await web.get('/prefs?lang=hans&next=/');
    expect((await web.get(`/items/${itemId}`)).body).toContain('机动车驾驶证补领');
  });

  it('keeps a cached page cheap: the same cached page converts once and answers 304 by its own tag', async () => {
    const headers = { cookie: 'yimen_lang=hant' };
    const first = await t.app.inject({ url: `/items/${itemId}`, headers });
    expect(first.headers.vary).toContain('Cookie');
    const again = await t.app.inject({ url: `/items/${itemId}`, headers: { ...headers, 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const simplified = await t.app.inject({ url: `/items/${itemId}`, headers: { 'if-none-match': String(first.headers.etag) } });
    expect(simplified.statusCode).toBe(200);
  });

  it('converts text, readable attributes and titles but not URLs, values, scripts or typed text', () => {
    const out = toHantHtml(
      '<title>办事指南</title><a href="/search?q=驾驶证" title="驾驶证">驾驶证补领</a><input value="驾驶证" placeholder="请输入"><script>var s="驾驶证"</script><textarea>头发</textarea><!-- 发展 -->头发 发展',
    );
    expect(out).toBe(
      '<title>辦事指南</title><a href="/search?q=驾驶证" title="駕駛證">駕駛證補領</a><input value="驾驶证" placeholder="請輸入"><script>var s="驾驶证"</script><textarea>头发</textarea><!-- 发展 -->頭髮 發展',
    );
  });
});

describe('API reference page', () => {
  it('shows the OpenAPI document as a page, grouped by category, with the JSON beside it', async () => {
    const page = await t.app.inject({ url: '/api/docs', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<h1>开放接口（API）参考</h1>');
    expect(page.body).toContain('<h2 id="tag-catalogue">事项与部门</h2>');
    expect(page.body).toContain('<code>/api/v1/items/{id}</code>');
    expect(page.body).toContain('需要认证（Bearer 令牌）');
    expect(page.body).toContain('href="/api/docs/openapi.json"');
    expect(page.body).not.toMatch(/https?:\/\/(?!127|localhost)[a-z0-9.-]+\/[^"]*\.(js|css)/);
    for (const url of ['/api/docs/openapi.json', '/api/docs/json', '/api/docs']) {
      const doc = (await t.app.inject(url)).json();
      expect(doc.openapi, url).toMatch(/^3\./);
    }
  });

  it('is what the footer link 开放接口（API） opens', async () => {
    expect((await t.app.inject('/')).body).toContain('<a href="/api/docs">开放接口（API）</a>');
  });
});
