import { createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
const url = 'postgres://postgres@127.0.0.1:5432/yimen_bench_search_100000';
const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), databaseUrl: url };
const database = await openDatabase({ databaseUrl: url, dataDir: '' });
const services = await createServices(config, database);
const eng = (services.search as any).__engine;
for (const q of ['房屋租赁登记备案', '打印社保缴费记录', '农民专业合作社登记']) {
  const a = services.search.analyze(q);
  console.log(q);
  for (const c of a.concepts) console.log('  ', c.text, c.terms.map((t) => `${t.term}/${t.weight}:${eng.postings.get(t.term)?.length ?? 0}`).join(' '));
}
process.exit(0);
