/**
 * The compact index (decision 0021, session 9): postings as varint deltas, documents as columns,
 * a snapshot's columns loaded back, changes after a frozen load, and the cap on very common
 * leading words, which must never lose the document named exactly as the query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from './analyzer.js';
import { type SearchDoc, SearchEngine } from './engine.js';
import { decodePostings, encodePostings } from './inverted-index.js';
import { readStopWords } from './live-index.js';
import { syntheticDocument } from './synthetic.js';

let analyzer: Analyzer;
beforeAll(() => {
  analyzer = new Analyzer(readStopWords());
});

function doc(n: number, over: Partial<SearchDoc> = {}): SearchDoc {
  const s = syntheticDocument(n);
  return {
    aliases: [],
    keywords: s.keywords ?? [],
    departmentId: null,
    departmentName: null,
    themes: [],
    audiences: [],
    itemType: null,
    outdated: false,
    seq: n + 1,
    key: s.key,
    kind: s.kind,
    refId: s.refId,
    title: s.title,
    body: s.body ?? '',
    url: s.url,
    organisationId: s.organisationId ?? null,
    organisationName: s.organisationName ?? null,
    year: s.year ?? null,
    validity: s.validity ?? null,
    ...over,
  };
}

const item = (n: number, title: string, aliases: string[] = []): SearchDoc => ({
  ...doc(0),
  key: `item:${n}`,
  kind: 'item',
  refId: n,
  title,
  aliases,
  keywords: [],
  body: `${title}的办理指南：申请材料、办理流程和承诺时限。`,
  url: `/items/${n}`,
  departmentId: 7,
  departmentName: '示范市公安局',
  themes: ['交通出行'],
  audiences: ['个人'],
  itemType: '行政许可',
  organisationId: null,
  organisationName: null,
  year: null,
  validity: null,
});

function build(docs: SearchDoc[]): SearchEngine {
  const e = new SearchEngine(analyzer);
  for (const d of docs) e.upsert(d);
  e.freeze();
  return e;
}

const run = (e: SearchEngine, q: string, filters = {}, limit = 20) => {
  const r = e.search(analyzer.analyzeQuery(q, { known: (t) => e.has(t), pinyinPrefix: (p) => e.pinyinPrefix(p) }), filters, limit, 0);
  return { ...r, keys: r.hits.map((h) => h.doc.key) };
};

const QUERIES = ['住房租赁补贴', '示范市', '通知', '驾驶证补领', 'jiashizheng', '養老服務補貼', '老旧小区改照', '示建规〔2021〕'];

describe('postings as varint deltas', () => {
  it('decode what they encode, small gaps and large ones', () => {
    const list = Int32Array.from([0, 1, 2, 9, 127, 128, 255, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, 2_000_000_000]);
    const bytes = new Uint8Array(list.length * 5);
    const end = encodePostings(list, list.length, bytes, 3);
    const out = new Int32Array(list.length);
    decodePostings(bytes, 3, list.length, out);
    expect(Array.from(out)).toEqual(Array.from(list));
    expect(end - 3).toBeLessThan(list.length * 4);
  });

  it('take well under two bytes a posting for published documents', () => {
    const e = build(Array.from({ length: 400 }, (_, i) => doc(i)));
    const s = e.postingStats();
    expect(s.bytes / s.postings).toBeLessThan(2);
  });
});

describe('looking slots up in a long list', () => {
  class Probe extends SearchEngine {
    lookup(term: string, slots: number[]) {
      const out = new Int32Array(slots.length);
      return Array.from(out.subarray(0, this.intersect(term, Int32Array.from(slots), slots.length, out)));
    }
    all(term: string) {
      const l = this.list(term);
      return l ? Array.from(l.a.subarray(0, l.length)) : [];
    }
  }
  it('finds exactly the postings of the slots asked for, frozen (through skip entries) or changed since', () => {
    const e = new Probe(analyzer);
    for (let i = 0; i < 1200; i++) e.upsert(doc(i));
    e.freeze();
    let x = 7;
    const rand = () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x / 2147483648;
    };
    for (const term of ['示范', '通知', '补贴', '租赁']) {
      const postings = e.all(term);
      expect(postings.length, term).toBeGreaterThan(10);
      for (const share of [0.01, 0.1, 0.9]) {
        const slots = Array.from({ length: 1200 }, (_, i) => i).filter(() => rand() < share);
        const want = postings.filter((p) => slots.includes(p >> 3));
        expect(e.lookup(term, slots), `${term} ${share}`).toEqual(want);
      }
      expect(e.lookup(term, [1199])).toEqual(postings.filter((p) => p >> 3 === 1199));
    }
    e.upsert({ ...doc(3), seq: 99 }); // 通知 and the rest copied out of the frozen lists
    const postings = e.all('示范');
    const slots = [0, 5, 17, 400, 1199, 1200];
    expect(e.lookup('示范', slots)).toEqual(postings.filter((p) => slots.includes(p >> 3)));
  });
});

describe('a snapshot’s columns loaded back', () => {
  const docs = () => [item(1, '机动车驾驶证补领', ['驾照补办']), item(2, '机动车驾驶证换领'), ...Array.from({ length: 300 }, (_, i) => doc(i))];

  it('search exactly as the index that analysed the documents: hits, scores and facets', () => {
    const a = build(docs());
    const b = new SearchEngine(analyzer);
    b.importState(a.exportState());
    expect(b.size).toBe(a.size);
    for (const q of QUERIES) {
      const x = run(a, q);
      const y = run(b, q);
      expect(y.keys, q).toEqual(x.keys);
      expect(y.hits.map((h) => h.score), q).toEqual(x.hits.map((h) => h.score));
      expect(y.hits.map((h) => h.doc), q).toEqual(x.hits.map((h) => h.doc));
      expect(y.facets, q).toEqual(x.facets);
      expect(y.total, q).toBe(x.total);
    }
    expect(run(b, '驾照补办').keys[0]).toBe('item:1');
    expect(b.get('item:1')).toMatchObject({ title: '机动车驾驶证补领', aliases: ['驾照补办'], kind: 'item' });
    expect(b.keyOfUrl('/items/2')).toBe('item:2');
    expect(b.keyOfUrl(doc(17).url)).toBe(doc(17).key);
    expect(b.keyOfUrl('/nowhere')).toBeUndefined();
  });

  it('take changes after the load (copy on write), and compact them as the built index does', () => {
    const loaded = new SearchEngine(analyzer);
    loaded.importState(build(docs()).exportState());
    const fresh = new SearchEngine(analyzer);
    for (const d of docs()) fresh.upsert(d);
    for (const e of [loaded, fresh]) {
      e.upsert({ ...doc(5), title: '示范市电动自行车停放管理新规', seq: 9000 });
      e.upsert(doc(5000));
      e.remove(doc(6).key);
      e.remove('item:2');
    }
    expect(run(loaded, '电动自行车停放管理新规').keys[0]).toBe(doc(5).key);
    expect(run(loaded, '机动车驾驶证换领').keys).not.toContain('item:2');
    expect(loaded.keyOfUrl('/items/2')).toBeUndefined();
    expect(loaded.size).toBe(fresh.size);
    const compare = () => {
      for (const q of [...QUERIES, '电动自行车停放管理新规']) {
        const x = run(fresh, q);
        const y = run(loaded, q);
        expect(new Set(y.keys), q).toEqual(new Set(x.keys));
        expect(y.total, q).toBe(x.total);
        expect(y.facets, q).toEqual(x.facets);
      }
    };
    compare();
    loaded.compact();
    fresh.freeze();
    compare();
    // and once more through a snapshot of the changed index
    const again = new SearchEngine(analyzer);
    again.importState(loaded.exportState());
    expect(run(again, '电动自行车停放管理新规').keys[0]).toBe(doc(5).key);
    expect(again.get(doc(6).key)).toBeUndefined();
  });
});

describe('the cap on very common leading words', () => {
  // 示范市 is in every synthetic document; the document named exactly 示范市 is the oldest, so
  // the newest-first sample alone would never reach it
  const docs = () => [doc(0, { key: 'article:exact', title: '示范市', url: '/articles/exact' }), ...Array.from({ length: 400 }, (_, i) => doc(i + 1))];

  it('scores a bounded sample, keeps the document named exactly as the query first, and says the counts are estimated', () => {
    const capped = build(docs());
    capped.cap = { ...capped.cap, above: 100, scored: 50 };
    const full = build(docs());
    full.cap = { ...full.cap, above: Number.POSITIVE_INFINITY, scored: 0 };
    const x = run(full, '示范市');
    const y = run(capped, '示范市');
    expect(x.keys[0]).toBe('article:exact');
    expect(y.keys[0]).toBe('article:exact');
    expect(x.estimated).toBeUndefined();
    expect(y.estimated).toBe(true);
    // estimated from the sample: near the true count, facets scaled alike
    expect(Math.abs(y.total - x.total) / x.total).toBeLessThan(0.25);
    const sum = (f: { count: number }[]) => f.reduce((n, c) => n + c.count, 0);
    expect(Math.abs(sum(y.facets.kind) - x.total) / x.total).toBeLessThan(0.25);
    // a rarer query is never capped, and answers exactly as before
    for (const q of ['住房租赁补贴', '老旧小区改造']) {
      const a = run(full, q);
      const b = run(capped, q);
      if (a.total <= 100) {
        expect(b.keys, q).toEqual(a.keys);
        expect(b.total, q).toBe(a.total);
        expect(b.estimated, q).toBeUndefined();
      }
    }
  });

  it('reads the names of a long list apart and counts the documents left out from a sample, with the same answer', () => {
    // every frozen list kept apart (names, and a sample of 1 in 8), and the left-out documents
    // counted from a sample of 1 in 40 (10 samples of 400): the page is the same, the count near
    const apart = build(docs());
    apart.cap = { above: 100, scored: 50, samples: 10, followed: 10 };
    apart.longFrom = 0;
    const whole = build(docs());
    whole.cap = { above: 100, scored: 50, samples: 10, followed: 10 };
    whole.longFrom = Number.POSITIVE_INFINITY;
    const full = build(docs());
    full.cap = { ...full.cap, above: Number.POSITIVE_INFINITY, scored: 0 };
    for (const filters of [{}, { year: 2016 }]) {
      const x = run(full, '示范市', filters);
      const y = run(apart, '示范市', filters);
      const z = run(whole, '示范市', filters);
      expect(y.keys).toEqual(z.keys);
      expect(y.total).toBe(z.total);
      expect(y.facets).toEqual(z.facets);
      if (!('year' in filters)) expect(y.keys[0]).toBe('article:exact');
      expect(Math.abs(y.total - x.total) / x.total).toBeLessThan(0.35);
    }
  });

  it('counts near the true count when a kind is asked or the query has more concepts (a sample of the rest followed through them)', () => {
    // the documents scored (names, then the newest) are no fair sample of which kind the rest are,
    // nor of which also have the query's other words: a sample of the rest is followed instead
    const many = () => [doc(0, { key: 'article:exact', title: '示范市', url: '/articles/exact' }), ...Array.from({ length: 3000 }, (_, i) => doc(i + 1))];
    const capped = build(many());
    capped.cap = { ...capped.cap, above: 50, scored: 30, followed: 1000 };
    const full = build(many());
    full.cap = { ...full.cap, above: Number.POSITIVE_INFINITY, scored: 0 };
    const cases: [string, Record<string, string>][] = [
      ['示范市', { kind: 'interpretation' }],
      ['示范市', { kind: 'proposal' }],
      // a topic of some eighty documents, capped, and a word it does not hold in a few hundred more
      ['住房租赁补贴 解读', {}],
      ['住房租赁补贴 解读', { kind: 'interpretation' }],
    ];
    for (const [q, filters] of cases) {
      const x = run(full, q, filters);
      const y = run(capped, q, filters);
      const what = `${q} ${JSON.stringify(filters)}: ${y.total} for ${x.total}`;
      expect(x.total, what).toBeGreaterThan(50);
      expect(y.estimated, what).toBe(true);
      expect(Math.abs(y.total - x.total) / x.total, what).toBeLessThan(0.2);
      const kinds = (r: typeof y) => r.facets.kind.reduce((n, f) => n + f.count, 0);
      expect(Math.abs(kinds(y) - kinds(x)) / kinds(x), what).toBeLessThan(0.2);
    }
  });

  it('samples only documents that pass the filters, so a filtered common word still finds its documents', () => {
    const capped = build(docs());
    capped.cap = { ...capped.cap, above: 100, scored: 50 };
    const full = build(docs());
    full.cap = { ...full.cap, above: Number.POSITIVE_INFINITY, scored: 0 };
    const filters = { year: 2016 };
    const x = run(full, '示范市', filters, 10);
    const y = run(capped, '示范市', filters, 10);
    expect(y.hits.length).toBe(Math.min(10, x.total));
    expect(y.hits.every((h) => h.doc.year === 2016)).toBe(true);
    expect(y.facets.year.map((f) => f.value)).toEqual(['2016']);
  });
});

describe('IDF per group (services; published documents)', () => {
  // 托育 names one guide, 驾驶证 three: among the services 托育 is the rarer word, so its guide
  // comes first; three hundred articles about 托育 must not change that order
  const services = () => [item(1, '托育机构备案'), item(2, '驾驶证补领'), item(3, '机动车驾驶证核发'), item(4, '驾驶证期满换证')];
  const articles = Array.from({ length: 300 }, (_, i) =>
    doc(i + 1, { key: `article:t${i}`, kind: 'article', title: `关于托育服务的通知（第${i + 1}号）`, body: '托育服务机构备案和托育补贴。', url: `/articles/t${i}` }),
  );
  const itemsOf = (r: ReturnType<typeof run>) => r.keys.filter((k) => k.startsWith('item:'));

  for (const frozen of [true, false]) {
    it(`keeps the services' order when many articles share a service's words (${frozen ? 'frozen' : 'growable'} lists)`, () => {
      const alone = build(services());
      const mixed = new SearchEngine(analyzer);
      for (const d of [...services(), ...articles]) mixed.upsert(d);
      if (frozen) mixed.freeze();
      const a = run(alone, '托育 驾驶证', {}, 20);
      const b = run(mixed, '托育 驾驶证', {}, 400);
      expect(itemsOf(a)[0]).toBe('item:1');
      expect(itemsOf(b)).toEqual(itemsOf(a));
      // and the services score as they did alone
      const score = (r: ReturnType<typeof run>, key: string) => r.hits.find((h) => h.doc.key === key)?.score;
      expect(score(b, 'item:2')).toBeCloseTo(score(a, 'item:2') as number, 6);
    });
  }

  it('counts removals and snapshot loads alike', () => {
    const mixed = build([...services(), ...articles]);
    const loaded = new SearchEngine(analyzer);
    loaded.importState(mixed.exportState());
    expect(run(loaded, '托育 驾驶证', {}, 400).keys).toEqual(run(mixed, '托育 驾驶证', {}, 400).keys);
    for (let i = 0; i < 300; i++) loaded.remove(`article:t${i}`);
    expect(itemsOf(run(loaded, '托育 驾驶证', {}, 20))[0]).toBe('item:1');
  });
});

describe('the cap on any leading concept (its words together)', () => {
  // no single word of 物业管理 (物业管理, 物业, 管理) is in more than `above` documents, but the concept's words
  // together are: it is capped all the same, and the document named exactly so (the oldest, so
  // the newest-first sample alone would never reach it) is still scored, and first
  const q = '物业管理';
  const docs = () => [doc(0, { key: 'article:exact', title: q, url: '/articles/exact' }), ...Array.from({ length: 2000 }, (_, i) => doc(i + 1))];

  it('scores a bounded sample of the concept, keeps the exact name first, and says the counts are estimated', () => {
    const full = build(docs());
    full.cap = { ...full.cap, above: Number.POSITIVE_INFINITY, scored: 0 };
    const capped = build(docs());
    const dfOf = (t: string) => (capped as unknown as { df(t: string): number | undefined }).df(t) ?? 0;
    const concept = analyzer.analyzeQuery(q, { known: (t) => capped.has(t), pinyinPrefix: (p) => capped.pinyinPrefix(p) }).concepts[0];
    const strong = (concept?.terms ?? []).filter((t) => t.weight >= 0.3).map((t) => dfOf(t.term));
    const most = Math.max(...strong);
    const sum = strong.reduce((n, d) => n + d, 0);
    expect(sum).toBeGreaterThan(most); // several words: the concept's sum is what is capped
    capped.cap = { ...capped.cap, above: most, scored: 5 };
    const x = run(full, q);
    const y = run(capped, q);
    expect(x.keys[0]).toBe('article:exact');
    expect(y.keys[0]).toBe('article:exact');
    expect(x.estimated).toBeUndefined();
    expect(y.estimated).toBe(true);
    expect(y.total).toBeGreaterThan(0);
  });
});
