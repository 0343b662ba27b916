import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, buildDepartment, buildItem } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let bundle: ReturnType<typeof buildBundle>;
const id = new Map<string, number>();

beforeAll(async () => {
  t = await testApp();
  bundle = buildBundle(0);
  const refs = { department: bundle.departments[0]!.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug };
  bundle.departments[0]!.name = '示范市公安局';
  bundle.departments[0]!.shortName = '市公安局';
  const second = buildDepartment({ name: '示范市住房公积金管理中心', shortName: '市公积金中心' });
  bundle.departments.push(second);
  bundle.items.push(
    buildItem(refs, {
      name: '机动车驾驶证补领',
      aliases: ['驾照补办', '驾驶证丢失补办'],
      summary: '机动车驾驶证遗失或损毁的，可以申请补领。',
      faq: [{ q: '补领期间可以开车吗？', a: '不可以，取得新证后方可驾驶。' }],
    }),
    buildItem(refs, { name: '机动车驾驶证期满换证', aliases: ['驾照到期换证'], summary: '驾驶证有效期满前九十日内申请换证。' }),
    buildItem(refs, { name: '居民身份证换领', aliases: ['身份证到期'], summary: '居民身份证有效期满需要换领。' }),
    buildItem(
      { ...refs, department: second.slug },
      { name: '住房公积金提取', aliases: ['公积金取钱'], targets: ['citizen'], type: '行政给付', summary: '职工符合条件可提取住房公积金。' },
    ),
    buildItem(refs, { name: '企业设立登记', aliases: ['开公司'], targets: ['enterprise'], type: '行政确认', summary: '设立公司领取营业执照。' }),
  );
  await t.services.catalog.importBundle(bundle);
  await t.services.search.refresh();
  for (const it of (await t.services.catalog.listItems({ limit: 100, offset: 0 })).items) id.set(it.name, it.id);
});
afterAll(() => t.close());

const api = async (query: string) => {
  const r = await t.app.inject(`/api/v1/search?${query}`);
  return { status: r.statusCode, body: r.json() };
};
const titles = (body: { results: { title: string }[] }) => body.results.map((r) => r.title);

describe('search API', () => {
  it('answers in the documented shape', async () => {
    const { status, body } = await api(`q=${encodeURIComponent('驾照丢了')}`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['facets', 'query', 'results', 'suggestion', 'took' + 'Ms', 'total'].sort());
    expect(body.query).toBe('驾照丢了');
    expect(body.results[0]).toEqual({
      kind: 'item',
      id: id.get('机动车驾驶证补领'),
      title: '机动车驾驶证补领',
      url: `/items/${id.get('机动车驾驶证补领')}`,
      snippet: expect.any(String),
    });
    expect(body.facets.kind).toEqual(expect.arrayContaining([{ value: 'item', count: expect.any(Number) }]));
  });

  it('finds services by everyday names, pinyin, traditional script and typos', async () => {
    const cases: [string, string][] = [
      ['驾照丢了怎么办', '机动车驾驶证补领'],
      ['公积金取钱', '住房公积金提取'],
      ['gjj', '住房公积金提取'],
      ['gongjijin', '住房公积金提取'],
      ['駕駛證補領', '机动车驾驶证补领'],
      ['身份证到期了', '居民身份证换领'],
      ['开公司', '企业设立登记'],
    ];
    for (const [q, expected] of cases) {
      const { body } = await api(`q=${encodeURIComponent(q)}`);
      expect(titles(body)[0], q).toBe(expected);
    }
  });

  it('suggests the corrected query, and searches it', async () => {
    const { body } = await api(`q=${encodeURIComponent('驾使证补领')}`);
    expect(body.suggestion).toBe('驾驶证补领');
    expect(titles(body)[0]).toBe('机动车驾驶证补领');
    const exact = await api(`q=${encodeURIComponent('驾使证补领')}&exact=true`);
    expect(exact.body.suggestion).toBeNull();
  });

  it('filters by kind, department, audience and type, with facets', async () => {
    const all = (await api(`q=${encodeURIComponent('驾驶证')}`)).body;
    expect(all.facets.kind.map((f: { value: string }) => f.value)).toEqual(expect.arrayContaining(['item', 'faq']));
    const faq = (await api(`q=${encodeURIComponent('驾驶证')}&kind=faq`)).body;
    expect(faq.results.every((r: { kind: string }) => r.kind === 'faq')).toBe(true);
    const depts = (await api(`q=${encodeURIComponent('公积金')}&kind=department`)).body;
    expect(titles(depts)).toEqual(['示范市住房公积金管理中心']);
    const enterprise = (await api(`q=${encodeURIComponent('登记')}&audience=enterprise&kind=item`)).body;
    expect(titles(enterprise)).toEqual(['企业设立登记']);
    const type = (await api(`q=${encodeURIComponent('公积金')}&type=${encodeURIComponent('行政给付')}&kind=item`)).body;
    expect(titles(type)).toEqual(['住房公积金提取']);
  });

  it('suggests names as you type, in Chinese and in pinyin', async () => {
    const zh = (await t.app.inject(`/api/v1/suggest?q=${encodeURIComponent('机动车驾')}`)).json();
    expect(zh.suggestions.map((s: { text: string }) => s.text)).toEqual(
      expect.arrayContaining(['机动车驾驶证补领', '机动车驾驶证期满换证']),
    );
    expect(zh.suggestions[0]).toEqual({ text: expect.any(String), title: expect.any(String), kind: 'item', url: expect.stringMatching(/^\/items\/\d+$/) });
    const py = (await t.app.inject('/api/v1/suggest?q=gongji')).json();
    expect(py.suggestions.map((s: { text: string }) => s.text)).toContain('公积金取钱');
    expect((await t.app.inject('/api/v1/suggest?q=')).json()).toEqual({ suggestions: [] });
  });

  it('takes any input without a 5xx and bounds the work', async () => {
    const hostile = [
      '',
      ' ',
      'a'.repeat(1000),
      '😀😀😀',
      '%00%01%02',
      "' or 1=1; drop table items; --",
      '.*(a+)+$[',
      '\\u0000',
      '驾'.repeat(900),
    ];
    for (const q of hostile) {
      const r = await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(r.statusCode, q).toBe(200);
      expect(r.json().tookMs, q).toBeLessThan(1000);
    }
    for (const [query, status] of [
      [`q=${'a'.repeat(10_000)}`, 400],
      ['q=x&limit=-1', 400],
      ['q=x&limit=1000000000', 400],
      ['q=x&offset=-5', 400],
      ['q=x&kind=everything', 400],
      ['q=x&department=abc', 400],
      // a lone surrogate, percent-encoded, and U+0000: refused for every route (test/hostile-input.test.ts)
      ['q=%ED%A0%80', 400],
      ['q=a%00', 400],
    ] as const) {
      const r = await t.app.inject(`/api/v1/search?${query}`);
      expect(r.statusCode, query).toBe(status);
      expect(r.json().error.message, query).toBeTruthy();
    }
    for (const q of ['', '😀', '%00', "'; --", 'x'.repeat(300)]) {
      expect((await t.app.inject(`/api/v1/suggest?q=${encodeURIComponent(q)}`)).statusCode).toBeLessThan(500);
    }
  });
});

describe('ranking', () => {
  it('puts name and alias matches above body matches, and pinned best bets first', async () => {
    const { body } = await api(`q=${encodeURIComponent('换证')}`);
    expect(titles(body)[0]).toBe('机动车驾驶证期满换证');
    await t.services.search.setBestBets('换证', [`item:${id.get('居民身份证换领')}`]);
    const pinned = await api(`q=${encodeURIComponent('换证')}`);
    expect(titles(pinned.body)[0]).toBe('居民身份证换领');
    await t.services.search.setBestBets('换证', []);
  });

  it('ranks by real clicks after searches', async () => {
    const q = '机动车驾驶证';
    const before = titles((await api(`q=${encodeURIComponent(q)}&kind=item`)).body);
    const second = before[1] as string;
    for (let i = 0; i < 30; i++) await t.app.inject(`/items/${id.get(second)}?sq=${encodeURIComponent(q)}`);
    await t.services.search.flushLogs();
    await t.services.search.reloadPopularity();
    const after = titles((await api(`q=${encodeURIComponent(q)}&kind=item`)).body);
    expect(after[0]).toBe(second);
  });

  it('demotes outdated content', async () => {
    const q = `q=${encodeURIComponent('驾驶证')}&kind=item`;
    const first = titles((await api(q)).body)[0] as string;
    const target = bundle.items.find((i) => i.name === first)!;
    await t.services.catalog.setItemStatus(target.implCode, 'outdated');
    await t.services.search.refresh();
    const after = titles((await api(q)).body);
    expect(after[0]).not.toBe(first);
    expect(after).toContain(first);
    await t.services.catalog.setItemStatus(target.implCode, 'published');
  });
});

describe('freshness', () => {
  it('makes a new or changed item searchable as soon as the change is committed', async () => {
    const refs = { department: bundle.departments[0]!.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug };
    const fresh = buildItem(refs, { name: '烟花爆竹燃放许可', aliases: ['放烟花审批'] });
    await t.services.catalog.importBundle({ ...bundle, items: [fresh] });
    await t.services.search.refresh();
    expect(titles((await api(`q=${encodeURIComponent('放烟花')}`)).body)[0]).toBe('烟花爆竹燃放许可');
    await t.services.catalog.importBundle({ ...bundle, items: [{ ...fresh, name: '焰火晚会燃放许可', aliases: [] }] });
    await t.services.search.refresh();
    expect(titles((await api(`q=${encodeURIComponent('焰火晚会')}`)).body)[0]).toBe('焰火晚会燃放许可');
    expect(titles((await api(`q=${encodeURIComponent('放烟花审批')}`)).body)).not.toContain('烟花爆竹燃放许可');
  });
});

describe('search page and logs', () => {
  it('shows highlighted results, facets, the correction and paging, without JavaScript', async () => {
    const r = await t.app.inject(`/search?q=${encodeURIComponent('驾使证')}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<mark>驾驶证</mark>');
    expect(r.body).toContain('已为您显示以下内容的结果');
    expect(r.body).toContain('exact=1');
    expect(r.body).toContain('class="kind-tabs"');
  });

  it('helps when nothing is found', async () => {
    const r = await t.app.inject(`/search?q=${encodeURIComponent('量子纠缠观测')}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('没有找到');
    expect(r.body).toContain('12345');
  });

  it('logs queries: hot terms for the home page and zero-result queries for operators', async () => {
    for (let i = 0; i < 3; i++) await api(`q=${encodeURIComponent('公积金取钱')}`);
    for (let i = 0; i < 2; i++) await api(`q=${encodeURIComponent('量子纠缠')}`);
    await t.services.search.flushLogs();
    expect(await t.services.search.hotTerms(5)).toContain('公积金取钱');
    const zero = await t.services.search.zeroResultQueries();
    expect(zero.map((z) => z.query)).toContain('量子纠缠');
    expect(zero.map((z) => z.query)).not.toContain('公积金取钱');
  });
});

describe('rate limit', () => {
  it('answers a client that searches too often with a 429 and a message, and no 5xx', async () => {
    const limited = await testApp({ searchRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.app.inject(`/api/v1/search?q=${i}`)).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      const r = await limited.app.inject('/api/v1/search?q=x');
      expect(r.json().error.message).toBe('请求过于频繁，请稍后再试。');
      let page = await limited.app.inject('/search?q=x');
      for (let i = 0; i < 3; i++) page = await limited.app.inject('/search?q=x');
      expect(page.statusCode).toBe(429);
      expect(page.body).toContain('请求过于频繁');
    } finally {
      await limited.close();
    }
  });
});
