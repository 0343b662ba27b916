/**
 * One portal process for bench:disclosure-search: builds (or loads) the search index from the
 * database it is pointed at, prints a JSON line with how (stats, RSS), writes a snapshot when
 * SNAPSHOT=1 and it had to analyse the documents (then prints a second line), and serves.
 */
import { createApp, createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';

const started = performance.now();
const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', RATE_LIMIT_SEARCH: '0' });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const services = await createServices(config, database);
const app = await createApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
const mem = () => Math.round(process.memoryUsage().rss / 2 ** 20);
console.log(JSON.stringify({ port, readyMs: Math.round(performance.now() - started), stats: services.search.stats(), rssMb: mem() }));
// the warm-up after ready (decision 0032): its figures once it is done
void services.search.warmUp().then(() => console.log(JSON.stringify({ warmUp: services.search.stats().warmUp })));
if (process.env.SNAPSHOT === '1' && services.search.stats().source !== 'snapshot') {
  await services.search.saveSnapshot();
  console.log(JSON.stringify({ snapshot: services.search.stats().lastSnapshotWrite, rssMb: mem() }));
}
