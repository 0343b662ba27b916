/**
 * Journeys over HTTP with the demo content of 示范市: journey pages step by step, the "part of"
 * box of a guide, guided questions with answers in the URL, life events, the JSON API, search,
 * and bad input (unknown journeys, answers, API parameters) answered clearly, never with a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp } from '../../../test/helpers.js';

let t: Awaited<ReturnType<typeof demoApp>>;
const get = (url: string) => t.app.inject({ method: 'GET', url });
const BIRTH_REGISTRATION = '11360108MB000208003000';

beforeAll(async () => {
  // the whole demo, as seeding it here made (seedDemo builds the services it is not given)
  t = await demoApp();
}, 120_000);
afterAll(() => t.close());

describe('journey pages', () => {
  it('lists the journeys by domain for citizens and for enterprises', async () => {
    const citizen = await get('/journeys');
    expect(citizen.statusCode).toBe(200);
    for (const domain of ['教育', '医疗', '社保', '交通', '公用事业']) expect(citizen.body).toContain(`>${domain}</h2>`);
    expect(citizen.body).toContain('我要买一手房');
    expect(citizen.body).not.toContain('我要开餐馆');
    const enterprise = await get('/journeys?audience=enterprise');
    expect(enterprise.body).toContain('/journeys/open-restaurant');
    expect(enterprise.body).toContain('企业全生命周期');
  });

  it('shows a journey as numbered steps with explanations, cautions, items, departments and forms', async () => {
    const res = await get('/journeys/buy-new-flat');
    expect(res.statusCode).toBe(200);
    const titles = [...res.body.matchAll(/<li id="step-(\d+)"[^>]*>\s*<h2><span class="step-no"[^>]*>\d+<\/span><span class="visually-hidden">[^<]*<\/span>([^<\n]+)/g)].map((m) => m[2]?.trim());
    expect(titles).toEqual(['了解行情', '挑选房源', '房屋验证', '签认购书', '签订合同', '交付房款', '房屋验收', '领房产证']);
    expect(res.body).toContain('注意事项');
    expect(res.body).toContain('开发企业实际销售价格不得高于备案价格');
    expect(res.body).toMatch(/href="\/items\/\d+"/);
    expect(res.body).toMatch(/href="\/departments\/\d+"/);
    expect(res.body).toContain('/forms/bdc-zlcx-sqb/blank.pdf');
    expect(res.body).toContain('登录后可记录办理进度');
    expect(res.body).not.toContain('<script>');
  });

  it('marks optional steps and alternatives', async () => {
    const baby = await get('/journeys/have-baby');
    expect(baby.body).toMatch(/孕前检查\s*<span class="tag">可选<\/span>/);
    const insurance = await get('/journeys/join-medical-insurance');
    expect(insurance.body).toMatch(/与第 \d+ 步任选其一/);
  });

  it('answers an unknown journey with a clear page, never a 5xx', async () => {
    for (const url of ['/journeys/no-such-journey', '/journeys/%E4%B9%B0%E6%88%BF', '/journeys/a..b', `/journeys/${'x'.repeat(150)}`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('没有找到这个办事场景');
    }
    expect((await get(`/journeys/${'x'.repeat(300)}`)).statusCode).toBe(414);
  });

  it('shows on an item page the journeys it is part of, with the step', async () => {
    const [item] = await t.services.catalog.itemRefs({ codes: [BIRTH_REGISTRATION] });
    const res = await get(`/items/${item!.id}`);
    expect(res.body).toContain('所属办事场景');
    expect(res.body).toContain('href="/journeys/have-baby#step-6"');
    expect(res.body).toContain('第 6 步：办理“出生一件事”');
  });
});

describe('guided questions', () => {
  const birth = (q: string) => get(`/questions/birth?${q}`);

  it('leads from the answers to the exact list of items, kept in the URL', async () => {
    const res = await birth('hospital=yes&hukou=yes&first=yes&insurance=employee');
    expect(res.statusCode).toBe(200);
    for (const name of ['出生医学证明', '出生登记', '生育登记', '新生儿参加居民医保', '生育津贴申领']) expect(res.body).toContain(name);
    expect(res.body).toMatch(/value="yes" checked/);
    expect(res.body).toContain('href="/questions/birth?hospital=yes&amp;hukou=yes&amp;first=yes&amp;insurance=employee"');
  });

  it('changes the list when an answer changes', async () => {
    const res = await birth('hospital=no&hukou=no&first=no&insurance=resident');
    expect(res.body).not.toContain('>出生登记<');
    expect(res.body).toContain('居住证');
    expect(res.body).not.toContain('生育津贴申领');
    expect(res.body).toContain('在医院外出生的');
  });

  it('asks the remaining questions before showing a list', async () => {
    const res = await birth('hospital=yes');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('还有 3 个问题没有回答');
    expect(res.body).not.toContain('根据您的回答');
  });

  it('answers unknown values in the URL with a clear 400 page and ignores them', async () => {
    const res = await birth('hospital=maybe&hukou=yes&first=zz&insurance=employee');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('网址中的部分回答无效');
    expect(res.body).toContain('“孩子是在医院出生的吗？”没有这个选项');
    expect(res.body).not.toContain('根据您的回答');
    // U+0000 is refused for every route before the questions are read (test/hostile-input.test.ts)
    expect((await birth('hospital=yes&first=%00')).statusCode).toBe(400);
    const odd = await get('/questions/birth?hospital=yes&hospital=no');
    expect(odd.statusCode).toBe(400);
    const unknown = await get('/questions/no-such-set?a=b');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('没有找到这组问答');
  });
});

describe('life events', () => {
  it('lists the life events of citizens and of enterprises', async () => {
    const citizen = await get('/life-events');
    for (const title of ['生育', '上学', '结婚', '退休']) expect(citizen.body).toContain(`<strong>${title}`);
    const enterprise = await get('/life-events?audience=enterprise');
    expect(enterprise.body).toContain('/life-events/business-start');
    expect(enterprise.body).toContain('/life-events/business-close');
  });

  it('shows one life event as an ordered list of journeys and items on one page', async () => {
    const res = await get('/life-events/birth');
    expect(res.statusCode).toBe(200);
    const order = ['/journeys/have-baby', '生育登记', '出生医学证明', '出生登记', '新生儿参加居民医保'].map((s) => res.body.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect((await get('/life-events/nothing')).statusCode).toBe(404);
  });
});

describe('API v1', () => {
  it('lists journeys with total, limit and offset', async () => {
    const all = (await get('/api/v1/journeys?limit=100')).json();
    expect(all.total).toBeGreaterThanOrEqual(45);
    expect(all.journeys).toHaveLength(all.total);
    const page = (await get('/api/v1/journeys?limit=5&offset=5')).json();
    expect(page.journeys.map((j: { slug: string }) => j.slug)).toEqual(all.journeys.slice(5, 10).map((j: { slug: string }) => j.slug));
    const enterprise = (await get('/api/v1/journeys?audience=enterprise&limit=100')).json();
    expect(enterprise.journeys.every((j: { audience: string }) => j.audience === 'enterprise')).toBe(true);
    expect(enterprise.total).toBeGreaterThanOrEqual(5);
  });

  it('gives one journey with its steps and items', async () => {
    const j = (await get('/api/v1/journeys/buy-new-flat')).json();
    expect(j).toMatchObject({ slug: 'buy-new-flat', title: '我要买一手房', domain: '公用事业', audience: 'citizen' });
    expect(typeof j.id).toBe('number');
    expect(j.steps).toHaveLength(8);
    expect(j.steps[0]).toMatchObject({ title: '了解行情', optional: false });
    expect(j.steps[0].items[0]).toMatchObject({ id: expect.any(Number), name: expect.any(String), url: expect.stringMatching(/^\/items\/\d+$/) });
  });

  it('lists life events and gives one with its entries', async () => {
    const list = (await get('/api/v1/life-events')).json();
    expect(list.total).toBe(12);
    expect(list.lifeEvents[0]).toMatchObject({ slug: expect.any(String), title: expect.any(String), url: expect.any(String) });
    const one = (await get('/api/v1/life-events/retirement')).json();
    expect(one.entries.length).toBeGreaterThanOrEqual(4);
    expect(one.entries[0]).toMatchObject({ kind: expect.stringMatching(/^(item|journey)$/), title: expect.any(String), url: expect.any(String) });
  });

  it('answers bad input with a JSON error and a 4xx', async () => {
    for (const [url, status] of [
      ['/api/v1/journeys/none', 404],
      ['/api/v1/life-events/none', 404],
      ['/api/v1/journeys?limit=500', 400],
      ['/api/v1/journeys?offset=-1', 400],
      ['/api/v1/journeys?audience=alien', 400],
      [`/api/v1/journeys/${'y'.repeat(150)}`, 404],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
  });
});

describe('search', () => {
  it('finds journeys (kind journey) and suggests them', async () => {
    const r = (await get(`/api/v1/search?q=${encodeURIComponent('买房')}&kind=journey`)).json();
    expect(r.results[0]).toMatchObject({ kind: 'journey', url: expect.stringMatching(/^\/journeys\/buy-(new|second-hand)-flat$/) });
    const all = (await get(`/api/v1/search?q=${encodeURIComponent('生孩子')}`)).json();
    expect(all.results.some((x: { kind: string; url: string }) => x.kind === 'journey' && x.url === '/journeys/have-baby')).toBe(true);
    const s = (await get(`/api/v1/suggest?q=${encodeURIComponent('我要买')}`)).json();
    expect(s.suggestions.some((x: { kind: string }) => x.kind === 'journey')).toBe(true);
  });
});
