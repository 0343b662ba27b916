/**
 * Evaluation against the judged query set (data/search/judged-queries.json): for each query,
 * where do the expected items land? Prints or returns top-1 and top-3 hit rates and nDCG@5.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchService } from './service.js';

export interface JudgedQuery {
  q: string;
  expect: string[];
  kind: string;
  note?: string;
}

export function readJudgedQueries(): JudgedQuery[] {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'search', 'judged-queries.json');
  return JSON.parse(readFileSync(file, 'utf8')) as JudgedQuery[];
}

export interface Evaluation {
  queries: number;
  top1: number;
  top3: number;
  ndcg5: number;
  byKind: Record<string, { queries: number; top1: number; top3: number }>;
  misses: { q: string; kind: string; expect: string[]; got: string[] }[];
}

export function evaluate(search: SearchService, judged: JudgedQuery[]): Evaluation {
  let top1 = 0;
  let top3 = 0;
  let ndcg = 0;
  const byKind: Evaluation['byKind'] = {};
  const misses: Evaluation['misses'] = [];
  for (const j of judged) {
    const r = search.search({ q: j.q, limit: 5, offset: 0, noLog: true });
    // a result counts when it is an expected item, or an FAQ entry of one (it opens that item's guide)
    const titles = r.results.map((x) => (x.kind === 'item' ? x.title : x.kind === 'faq' ? `faq:${x.id}` : `${x.kind}:${x.title}`));
    const wanted = new Set(j.expect);
    const relevant = (i: number) => {
      const x = r.results[i];
      if (!x) return 0;
      if (x.kind === 'item') return wanted.has(x.title) ? 1 : 0;
      return 0;
    };
    const hit1 = relevant(0) > 0;
    const hit3 = [0, 1, 2].some((i) => relevant(i) > 0);
    let dcg = 0;
    for (let i = 0; i < 5; i++) dcg += relevant(i) / Math.log2(i + 2);
    let ideal = 0;
    for (let i = 0; i < Math.min(5, j.expect.length); i++) ideal += 1 / Math.log2(i + 2);
    ndcg += ideal ? dcg / ideal : 0;
    if (hit1) top1++;
    if (hit3) top3++;
    byKind[j.kind] ??= { queries: 0, top1: 0, top3: 0 };
    const k = byKind[j.kind];
    k.queries++;
    if (hit1) k.top1++;
    if (hit3) k.top3++;
    if (!hit3) misses.push({ q: j.q, kind: j.kind, expect: j.expect, got: titles.slice(0, 3) });
  }
  const n = Math.max(judged.length, 1);
  return { queries: judged.length, top1: top1 / n, top3: top3 / n, ndcg5: ndcg / n, byKind, misses };
}
