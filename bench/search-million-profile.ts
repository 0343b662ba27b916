/**
 * The search half of bench:disclosure-search in one process, without HTTP: loads the index of
 * the bench's database (its snapshot, and whatever it lacks), then times every query of the
 * mix (three rounds) and a few very common words, and prints the slowest, bytes per document,
 * RSS and the load time. For iterating on the engine quickly (decision 0021, session 9).
 *
 *   node --expose-gc --import tsx bench/search-million-profile.ts [--docs 1000000] [--rounds 3]
 *     [--database yimen_bench_disclosure_1000000] [--cpu-profile first-round.cpuprofile]
 *
 * --cpu-profile writes a V8 CPU profile of the first round alone (every query's first run).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/client.js';
import { localChangeBus } from '../src/lib/changes.js';
import { type SearchParams, createSearchService } from '../src/modules/search/index.js';
import { queryMix } from './search-million-queries.js';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000000' },
    rounds: { type: 'string', default: '3' },
    database: { type: 'string' },
    'cpu-profile': { type: 'string' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const url = new URL(values.pg as string);
url.pathname = `/${values.database ?? `yimen_bench_disclosure_search_${values.docs}`}`;
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => Math.round(b / 2 ** 20);
const started = performance.now();
const database = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
const search = createSearchService(database, localChangeBus());
await search.start({ follow: false });
const loadMs = performance.now() - started;
gc?.();
const stats = search.stats();
const rss = process.memoryUsage();
console.log(
  `index: ${stats.documents} documents from ${stats.source} (${mb(stats.snapshotBytes)} MB snapshot loaded in ${(stats.snapshotLoadMs / 1000).toFixed(1)} s, ${stats.analysedDocuments} analysed, lists counted per group in ${(stats.groupCountMs / 1000).toFixed(1)} s) in ${(loadMs / 1000).toFixed(1)} s; RSS ${mb(rss.rss)} MB, heap ${mb(rss.heapUsed)} MB, array buffers ${mb(rss.arrayBuffers)} MB`,
);

const common = ['示范市', '通知', '工作', '示范市人民政府', '关于', '政务服务'].map((q) => `q=${encodeURIComponent(q)}`);
const mix = queryMix();
function params(qs: string): SearchParams {
  const u = new URLSearchParams(qs);
  const num = (k: string) => (u.has(k) ? Number(u.get(k)) : undefined);
  return {
    q: u.get('q') ?? '',
    kind: u.get('kind') ?? undefined,
    year: num('year'),
    organisationId: num('organisation'),
    validity: (u.get('validity') ?? undefined) as SearchParams['validity'],
    limit: 10,
    offset: 0,
    noLog: true,
  };
}
const times: number[] = [];
const cpu: number[] = [];
const worst = new Map<string, number>();
const profiler = values['cpu-profile'] ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
for (let round = 0; round < Number(values.rounds); round++) {
  if (profiler && round === 1) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(values['cpu-profile'] as string, JSON.stringify(profile));
    profiler.disconnect();
  }
  for (const qs of mix) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    search.search(params(qs));
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    times.push(ms);
    cpu.push((c.user + c.system) / 1000);
    worst.set(qs, Math.max(worst.get(qs) ?? 0, ms));
  }
}
const pct = (xs: number[], p: number) => ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number).toFixed(1);
console.log(
  `query mix (${mix.length} queries × ${values.rounds}), wall: p50 ${pct(times, 0.5)} ms, p95 ${pct(times, 0.95)} ms, p99 ${pct(times, 0.99)} ms, max ${pct(times, 1)} ms; CPU of this process: p50 ${pct(cpu, 0.5)} ms, p95 ${pct(cpu, 0.95)} ms, p99 ${pct(cpu, 0.99)} ms`,
);
const later = times.slice(mix.length);
const laterCpu = cpu.slice(mix.length);
if (later.length)
  console.log(
    `  rounds after the first (every list met once already), wall: p50 ${pct(later, 0.5)} ms, p95 ${pct(later, 0.95)} ms, p99 ${pct(later, 0.99)} ms; CPU: p50 ${pct(laterCpu, 0.5)} ms, p95 ${pct(laterCpu, 0.95)} ms`,
  );
console.log('slowest:');
for (const [qs, ms] of [...worst].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  const r = search.search(params(qs));
  const t0 = performance.now();
  search.analyze(params(qs).q);
  const analyse = performance.now() - t0;
  const t1 = performance.now();
  search.search(params(qs));
  const again = performance.now() - t1;
  console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${decodeURIComponent(qs)}  (${r.total}${r.estimated ? ', estimated' : ''}; once more ${again.toFixed(1)} ms, of which analysing the query ${analyse.toFixed(1)} ms)`);
}
console.log('very common words:');
for (const qs of common) {
  const ms: number[] = [];
  let r = search.search(params(qs));
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    r = search.search(params(qs));
    ms.push(performance.now() - t0);
  }
  console.log(`  ${Math.min(...ms).toFixed(1).padStart(7)} ms  ${decodeURIComponent(qs)}  (${r.total}${r.estimated ? ', estimated' : ''}; top: ${r.results.slice(0, 2).map((x) => x.title).join(' | ')})`);
}
const after = process.memoryUsage();
console.log(`RSS after the queries ${mb(after.rss)} MB`);
await search.stop();
await database.close();
process.exit(0);
