/**
 * npm run eval:search — the judged query set against the demo catalogue (in-memory PGlite):
 * prints top-1 and top-3 hit rates and nDCG@5, by kind of query, and every miss.
 */
import { createServices } from '../src/app.js';
import { seedDemo } from '../src/cli/seed.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { evaluate, readJudgedQueries } from '../src/modules/search/index.js';

const config = { ...loadConfig({ NODE_ENV: 'test' }), databaseUrl: undefined };
const database = await openDatabase({ dataDir: 'memory://' });
await database.migrate();
const services = await createServices(config, database);
await seedDemo(config, database, { verbose: false, catalog: services.catalog });
await services.search.refresh();
const judged = readJudgedQueries();
const e = evaluate(services.search, judged);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`eval:search  ${e.queries} judged queries, ${services.search.stats().documents} documents`);
console.log(`top-1 ${pct(e.top1)}   top-3 ${pct(e.top3)}   nDCG@5 ${e.ndcg5.toFixed(3)}   (target: top-3 ≥ 95%)`);
for (const [kind, k] of Object.entries(e.byKind))
  console.log(`  ${kind.padEnd(12)} ${String(k.queries).padStart(4)} queries   top-1 ${pct(k.top1 / k.queries)}   top-3 ${pct(k.top3 / k.queries)}`);
if (e.misses.length) {
  console.log(`misses (${e.misses.length}):`);
  for (const m of e.misses) console.log(`  [${m.kind}] ${m.q}  expected ${m.expect[0]}  got ${m.got.join(' | ') || '(nothing)'}`);
}
await services.close();
await database.close();
