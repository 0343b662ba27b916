/**
 * bench:disclosure — issue 16 point 15, on PostgreSQL: N synthetic published articles through
 * `seed --scale-articles`, which writes each batch of articles and their search documents (made
 * by the disclosure module as for any published article) in one transaction, so search holds
 * exactly the catalogue. Then, against one portal process:
 *   - the catalogue's front page, an organisation's list (page 1 and a later page), a year list
 *     and an article page, each requested over and over (what a page cache serves), and spread
 *     over many different articles and list pages (cache misses): req/s against a bare Fastify
 *     route serving the same bytes (autocannon, the same connections; budget ≥ 0.6 of it);
 *   - search p95 over a query mix, one connection (budget ≤ 20 ms), and the process's RSS
 *     (budget ≤ 2 GB);
 *   - a restarted process: time from spawn to its first correct search over everything
 *     (budget ≤ 30 s), for the bench's own server (through tsx) and for `yimen serve` compiled,
 *     as `npm start` runs it (the figure the budget is judged on);
 * and how the index was built (analysed, or loaded from a snapshot: size and time).
 *
 *   npm run bench:disclosure [-- --articles 200000 --seconds 10 --connections 8 --runs 2 --fresh --drop]
 *
 * The database `yimen_bench_disclosure_<N>` is kept for the next run (loading is the slow part)
 * unless --drop is given; a run on a database holding fewer articles adds the rest.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { seedScaleArticles } from '../src/cli/seed.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    runs: { type: 'string', default: '2' },
    fresh: { type: 'boolean', default: false },
    drop: { type: 'boolean', default: false },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const total = Number(values.articles);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const runs = Math.max(1, Number(values.runs));
const name = `yimen_bench_disclosure_${total}`;
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const mb = (b: number) => `${Math.round(b / 2 ** 20)} MB`;
const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** the middle value (of an even count, the mean of the middle two) */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return ((s[Math.floor(m)] as number) + (s[Math.ceil(m)] as number)) / 2;
};

// ---- the database ----------------------------------------------------------------------------
const admin = new pg.Client({ connectionString: values.pg });
await admin.connect();
if (values.fresh) await admin.query(`drop database if exists ${name} with (force)`);
if (!(await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) await admin.query(`create database ${name}`);
await admin.end();
const url = new URL(values.pg as string);
url.pathname = `/${name}`;
const databaseUrl = url.toString();
const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'test', DATABASE_URL: databaseUrl };
const database = await openDatabase({ databaseUrl, dataDir: '' });
await database.migrate();
const sql = new pg.Client({ connectionString: databaseUrl });
await sql.connect();
const one = async (q: string, params: unknown[] = []) => (await sql.query(q, params)).rows[0] as Record<string, string>;
const all = async (q: string, params: unknown[] = []) => (await sql.query(q, params)).rows as Record<string, string>[];

const haveArticles = Number((await one("select count(*) as n from disclosure_articles where status = 'published'")).n);
let loading = `found ${haveArticles} articles and their search documents in the database (loaded by an earlier run or seed)`;
if (haveArticles < total) {
  const started = Date.now();
  await seedScaleArticles(loadConfig({ ...env }), database, total - haveArticles);
  const loaded = Date.now() - started;
  loading = `${total - haveArticles} articles with their search documents in ${s1(loaded)} (${Math.round(((total - haveArticles) / loaded) * 1000)}/s; load ${load()})`;
}
// what a DBA does after a bulk load (here or by `seed --scale-articles`): the visibility map and
// the statistics, for the pages' plans
const vacuumedAt = await one("select coalesce(last_vacuum, last_autovacuum) as at from pg_stat_user_tables where relname = 'disclosure_articles'");
if (!vacuumedAt?.at || haveArticles < total) {
  const vacuumed = Date.now();
  await sql.query('vacuum analyze disclosure_articles');
  await sql.query('vacuum analyze search_documents');
  loading += `; vacuum analyze ${s1(Date.now() - vacuumed)}`;
}
console.log(`loading: ${loading}`);
const docCount = Number((await one('select count(*) as n from search_documents where not deleted')).n);
const articleCount = Number((await one("select count(*) as n from disclosure_articles where status = 'published'")).n);
// search holds the catalogue: one document per published article, made from it
const [articleDocs] = await all("select count(*) as n from search_documents where not deleted and kind in ('article', 'interpretation') and key like 'article:%'");
if (Number(articleDocs?.n) !== articleCount) throw new Error(`search holds ${articleDocs?.n} article documents for ${articleCount} published articles`);

// ---- processes --------------------------------------------------------------------------------
type Line = Record<string, unknown>;
function start(script: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const started = performance.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'inherit'] });
  const queue: Line[] = [];
  const waiters: ((l: Line) => void)[] = [];
  createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (l) => {
    if (!l.startsWith('{')) return;
    const parsed = JSON.parse(l) as Line;
    const w = waiters.shift();
    if (w) w(parsed);
    else queue.push(parsed);
  });
  const next = () =>
    new Promise<Line>((resolve, reject) => {
      const q = queue.shift();
      if (q) return resolve(q);
      waiters.push(resolve);
      proc.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
    });
  /** the next line carrying `key` (lines without it are kept for next()) */
  const nextWith = async (key: string): Promise<Line> => {
    const at = queue.findIndex((l) => key in l);
    if (at >= 0) return queue.splice(at, 1)[0] as Line;
    const skipped: Line[] = [];
    for (;;) {
      const l = await next();
      if (key in l) {
        queue.unshift(...skipped);
        return l;
      }
      skipped.push(l);
    }
  };
  return { proc, started, next, nextWith };
}
const mem = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
};
const stop = (p: ChildProcess) =>
  new Promise((r) => {
    if (p.exitCode !== null) return r(null);
    p.once('exit', r);
    p.kill('SIGTERM');
  });

// the pages, each requested over and over: the catalogue's front page, an organisation's list
// (first and a later page), a year list, and an article from the middle
const org = await one(`select o.slug, max(a.year) as year from disclosure_orgs o join disclosure_articles a on a.org_id = o.id
  where a.status = 'published' and o.level = 'department' group by o.slug order by count(*) desc, o.slug limit 1`);
const middle = await one("select id from disclosure_articles where status = 'published' order by id offset $1 limit 1", [Math.floor(articleCount / 2)]);
const pages: Record<string, string> = {
  catalogue: '/xxgk',
  'org-list': `/xxgk/${org.slug}`,
  'org-list-page-5': `/xxgk/${org.slug}?page=5`,
  'year-list': `/xxgk/${org.slug}/all/${org.year}`,
  article: `/xxgk/articles/${middle.id}`,
};
// and spread over many: articles drawn from the whole catalogue, list pages of every organisation
// (pages 1–10, a year, a category), each request another address — what no page cache holds
const sampleIds = (await all(`select id from disclosure_articles tablesample system (${Math.min(100, (5000 / Math.max(1, articleCount)) * 100 * 4)}) where status = 'published' limit 5000`)).map((r) => Number(r.id));
const orgYears = await all(`select o.slug, min(a.year) as y0, max(a.year) as y1, (array_agg(distinct a.category))[1:6] as cats, count(*) as n
  from disclosure_orgs o join disclosure_articles a on a.org_id = o.id where a.status = 'published' group by o.slug`);
let spreadSeed = 1;
const rand = (n: number) => {
  spreadSeed = (spreadSeed * 1103515245 + 12345) % 2 ** 31;
  return spreadSeed % n;
};
const listPath = () => {
  const o = orgYears[rand(orgYears.length)] as Record<string, unknown>;
  const y = Number(o.y0) + rand(Number(o.y1) - Number(o.y0) + 1);
  const cats = o.cats as string[];
  const pick = rand(3);
  const lastPage = Math.max(1, Math.min(10, Math.floor(Number(o.n) / 20)));
  return pick === 0 ? `/xxgk/${o.slug}?page=${1 + rand(lastPage)}` : pick === 1 ? `/xxgk/${o.slug}/all/${y}` : `/xxgk/${o.slug}/${cats[rand(cats.length)]}`;
};
const spread: Record<string, { yardstick: string; path: () => string }> = {
  'articles-spread': { yardstick: 'article', path: () => `/xxgk/articles/${sampleIds[rand(sampleIds.length)]}` },
  'lists-spread': { yardstick: 'org-list', path: listPath },
};

// the query mix: the articles' own subjects, with kind, year and validity filters, traditional
// characters, typos, pinyin and two words in most documents
const subjects = (await all("select distinct content->>'topic' as t from (select content from disclosure_articles tablesample system (1) limit 20000) x order by 1")).map((r) => r.t as string);
const queries = [
  ...subjects.map((t) => `q=${encodeURIComponent(t)}`),
  ...subjects.slice(0, 12).map((t, i) => `q=${encodeURIComponent(`${t}政策解读`)}&kind=${i % 2 ? 'interpretation' : 'article'}`),
  ...subjects.slice(10, 22).map((t, i) => `q=${encodeURIComponent(t)}&year=${2015 + (i % 10)}&validity=valid`),
  ...['營商環境', '老舊小區改造', '营商环镜', '老旧小区改照', 'gjj', 'yingshanghuanjing', '示范市', '通知'].map((q) => `q=${encodeURIComponent(q)}`),
].map((p) => `/api/v1/search?${p}&limit=10`);

// the probe of a restarted process: the newest article, searched for by its title within its
// organisation, year and kind
const probe = await one(`select a.id, a.title, a.org_id, a.year, case when a.kind = 'interpretation' then 'interpretation' else 'article' end as kind
  from disclosure_articles a where a.status = 'published' order by a.id desc limit 1`);
const probeUrl = `/xxgk/articles/${probe.id}`;
const probePath = `/api/v1/search?q=${encodeURIComponent(probe.title)}&organisation=${probe.org_id}&year=${probe.year}&kind=${probe.kind}&limit=100`;
const probeFound = (answer: { total: number; results: { url: string }[] }) => answer.results.some((x) => x.url.endsWith(probeUrl)) || answer.total > 100;

async function searchLatency(base: string) {
  const times: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  // for --seconds, and at least once through the mix (a p95 of a dozen queries says little)
  for (let i = 0; Date.now() < end || i < queries.length; i++) {
    const t0 = performance.now();
    const r = await fetch(base + (queries[i % queries.length] as string));
    await r.arrayBuffer();
    times.push(performance.now() - t0);
    if (r.status !== 200) errors++;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))] as number;
  return { p50: at(0.5), p95: at(0.95), count: times.length, errors };
}
const rps = async (base: string, path: string | (() => string)) => {
  const r = await autocannon(
    typeof path === 'string'
      ? { url: base + path, connections, duration: seconds }
      : { url: base, connections, duration: seconds, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: path() }) }] },
  );
  return { rps: r.requests.average, errors: r.errors + r.non2xx };
};

/** a figure of one process, printed as it comes (a long run can be followed); the summary follows at the end */
const note = (l: string) => console.log(l);
const bodies = resolve('.bench/disclosure-bodies');
const portalRps: Record<string, number[]> = {};
const bareRps: Record<string, number[]> = {};
const pageErrors: Record<string, number> = {};
const p95s: number[] = [];
const p50s: number[] = [];
const peaks: number[] = [];
const readyRss: number[] = [];
const firsts: number[] = [];
const builds: string[] = [];
for (let run = 0; run <= runs; run++) {
  // run 0 is the first process: it finds no snapshot (or one of an older format), analyses, writes one
  const p = start('bench/search-million-server.ts', [], run === 0 ? { SNAPSHOT: '1' } : {});
  const ready = await p.next();
  const port = ready.port as number;
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const answer = (await (await fetch(base + probePath)).json()) as { total: number; results: { url: string }[] };
  const firstMs = performance.now() - p.started;
  const stats = ready.stats as Record<string, number | string>;
  const found = probeFound(answer) && stats.documents === docCount;
  const how =
    stats.source === 'snapshot'
      ? `loaded a ${mb(Number(stats.snapshotBytes))} snapshot of ${stats.snapshotDocuments} documents in ${s1(Number(stats.snapshotLoadMs))}, analysed ${stats.analysedDocuments} on top`
      : `analysed ${stats.analysedDocuments} documents in ${s1(Number(stats.buildMs))}`;
  builds.push(`${run === 0 ? 'first process' : `restart ${run}`}: ${how}`);
  note(`process ${run} (${run === 0 ? 'first' : 'restart'}): index ${how}; ready ${s1(ready.readyMs as number)}, first correct search ${s1(firstMs)} after spawn (${found ? 'found' : 'NOT FOUND'}, ${(performance.now() - t0).toFixed(0)} ms); RSS ${ready.rssMb} MB at ready; load ${load()}`);
  if (run === 0) {
    if (stats.source !== 'snapshot') {
      const written = (await p.nextWith('snapshot')).snapshot as { bytes: number; ms: number; documents: number };
      note(`  snapshot written: ${written.documents} documents, ${mb(written.bytes)} in ${s1(written.ms)}; peak RSS of that process ${mem(p.proc.pid as number).peak} MB`);
      builds.push(`it wrote a snapshot of ${written.documents} documents, ${mb(written.bytes)} in ${s1(written.ms)}`);
    }
    await stop(p.proc);
    continue;
  }
  firsts.push(firstMs);
  readyRss.push(ready.rssMb as number);
  // the process warms its index up after "ready" (decision 0032), searching on the event loop that
  // serves the pages for 10–20 s: the figures below are of a process that has done so
  const warm = (await p.nextWith('warmUp')).warmUp as { searches: number; ms: number } | null;
  // the pages, and the same bytes from a bare route
  rmSync(bodies, { recursive: true, force: true });
  mkdirSync(bodies, { recursive: true });
  for (const [key, path] of Object.entries(pages)) {
    const r = await fetch(base + path);
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
    writeFileSync(join(bodies, `${key}.body`), Buffer.from(await r.arrayBuffer()));
    writeFileSync(join(bodies, `${key}.type`), r.headers.get('content-type') ?? 'text/html');
  }
  const bare = start('bench/bare-route-server.ts', [bodies]);
  const bareBase = `http://127.0.0.1:${(await bare.next()).port as number}`;
  const line: string[] = [];
  const measure = async (key: string, portalPath: string | (() => string), yardstick: string) => {
    await autocannon({ url: base + (typeof portalPath === 'string' ? portalPath : portalPath()), connections, duration: 2 });
    const portal = await rps(base, portalPath);
    const yard = await rps(bareBase, `/${yardstick}`);
    portalRps[key] = [...(portalRps[key] ?? []), portal.rps];
    bareRps[key] = [...(bareRps[key] ?? []), yard.rps];
    pageErrors[key] = (pageErrors[key] ?? 0) + portal.errors;
    line.push(`${key} ${portal.rps.toFixed(0)}/${yard.rps.toFixed(0)} req/s = ${(portal.rps / yard.rps).toFixed(2)}${portal.errors ? ` (${portal.errors} errors)` : ''}`);
  };
  for (const [key, path] of Object.entries(pages)) await measure(key, path, key);
  for (const [key, s] of Object.entries(spread)) await measure(key, s.path, s.yardstick);
  await stop(bare.proc);
  const lat = await searchLatency(base);
  const m = mem(p.proc.pid as number);
  p95s.push(lat.p95);
  p50s.push(lat.p50);
  peaks.push(m.peak);
  await stop(p.proc);
  note(`  pages (portal/bare, ${connections} connections, ${seconds} s each): ${line.join('; ')}`);
  note(`  search, 1 connection, ${queries.length} distinct queries: p50 ${lat.p50.toFixed(1)} ms, p95 ${lat.p95.toFixed(1)} ms (${lat.count} queries, ${lat.errors} errors); RSS ${m.rss} MB (peak ${m.peak} MB); load ${load()}`);
  note(`  warm-up after ready: ${warm ? `${warm.searches} searches in ${s1(warm.ms)}` : 'none'}`);
  if (run === 1) builds.push(`after ready each process warmed its index up (${warm ? `${warm.searches} searches in ${s1(warm.ms)}` : 'none'})`);
}

// the restart as deployed: `yimen serve` compiled (what `npm start` runs), not the TypeScript
// through tsx: spawn to its first correct search
const serveRuns: number[] = [];
const serveRss: number[] = [];
await new Promise((r) => spawn(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' }).once('exit', r));
for (let run = 0; run < runs; run++) {
  const started = performance.now();
  const proc = spawn(process.execPath, ['dist/cli/index.js', 'serve'], {
    env: { ...env, PORT: '0', HOST: '127.0.0.1', RATE_LIMIT_SEARCH: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const m = /ready in \d+ ms: (http:\/\/\S+)/.exec(line);
      if (m) resolve((m[1] as string).replace('localhost', '127.0.0.1'));
    });
    proc.once('exit', (code) => reject(new Error(`yimen serve exited ${code}`)));
  });
  const answer = (await (await fetch(base + probePath)).json()) as { total: number; results: { url: string }[] };
  const ms = performance.now() - started;
  const found = probeFound(answer);
  const m = mem(proc.pid as number);
  await stop(proc);
  serveRuns.push(ms);
  serveRss.push(m.rss);
  note(`yimen serve (compiled), restart ${run + 1}: first correct search ${s1(ms)} after spawn (${found ? 'found' : 'NOT FOUND'}); RSS ${m.rss} MB; load ${load()}`);
}

// ---- the summary ------------------------------------------------------------------------------
const snapSize = (await one("select pg_size_pretty(pg_total_relation_size('search_snapshot_parts')) as s")).s;
const tableSize = (await one("select pg_size_pretty(pg_total_relation_size('disclosure_articles')) as a, pg_size_pretty(pg_total_relation_size('search_documents')) as d")) as Record<string, string>;
const table = (rows: string[][]) => {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => `| ${r.map((c, i) => c + ' '.repeat((widths[i] as number) - [...c].length)).join(' | ')} |`).join('\n');
};
/** each restart's ratio (the portal and its yardstick measured one after the other, under the same load), then their median */
const ratios = (k: string) => (portalRps[k] ?? []).map((r, i) => r / ((bareRps[k] ?? [])[i] ?? Number.POSITIVE_INFINITY));
const ratio = (k: string) => median(ratios(k).length ? ratios(k) : [0]);
const p95 = median(p95s);
const peak = median(peaks);
const first = median(serveRuns.length ? serveRuns : firsts);
const pageRows = [...Object.keys(pages), ...Object.keys(spread)].map((k) => [
  k in spread ? `${k} (each request another address)` : `${k} ${pages[k]} (the same address)`,
  median(portalRps[k] ?? [0]).toFixed(0),
  median(bareRps[k] ?? [0]).toFixed(0),
  `${ratio(k).toFixed(2)} (${ratios(k)
    .map((r) => r.toFixed(2))
    .join(' ')})`,
  // the budget is a page against a bare route serving the same bytes; a spread of addresses
  // (pages rendered at their first request) against one page's bytes is shown, not judged
  k in spread ? '(shown)' : ratio(k) >= 0.6 ? 'met' : 'NOT met',
  String(pageErrors[k] ?? 0),
]);
console.log(`
bench:disclosure, PostgreSQL: ${articleCount} published articles, ${docCount} search documents (${articleDocs?.n} of them the articles); articles ${tableSize.a}, search documents ${tableSize.d}, snapshot ${snapSize}
loading: ${loading}
index: ${builds.join('; ')}
(the lines above give each process's figures with the load average at the time)
load average at the end: ${load()} (2 cores, shared)

pages, median of ${runs} restarts (${connections} connections, ${seconds} s each; bare = a bare Fastify route serving the same bytes, measured right after the portal; ratio = the median of each restart's ratio, each in brackets; budget ≥ 0.6):
${table([['page', 'portal req/s', 'bare req/s', 'ratio', 'budget', 'errors'], ...pageRows])}

${table([
  ['figure', `median of ${runs}`, 'budget', ''],
  ['search p50 / p95, 1 connection', `${median(p50s).toFixed(1)} / ${p95.toFixed(1)} ms`, '≤ 20 ms', p95 <= 20 ? 'met' : 'NOT met'],
  ['RSS at ready / peak (bench server, after pages and searches)', `${median(readyRss)} / ${peak} MB`, '≤ 2048 MB', peak <= 2048 ? 'met' : 'NOT met'],
  ['restart to first correct search, bench server (tsx)', s1(median(firsts)), '', ''],
  ['restart to first correct search, yimen serve (compiled)', serveRuns.length ? `${s1(median(serveRuns))} (RSS ${median(serveRss)} MB)` : '-', '≤ 30 s', first <= 30_000 ? 'met' : 'NOT met'],
])}`);
rmSync(bodies, { recursive: true, force: true });
await sql.end();
await database.close();
if (values.drop) {
  const a = new pg.Client({ connectionString: values.pg });
  await a.connect();
  await a.query(`drop database if exists ${name} with (force)`);
  await a.end();
}
process.exit(0);
