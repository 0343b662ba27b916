/**
 * The portal under test for bench:search, in a process of its own: builds the search index from
 * the database it is pointed at, prints one JSON line (port, documents, index build time, RSS),
 * then serves until killed.
 */
import { createApp, createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', RATE_LIMIT_SEARCH: '0' });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const started = performance.now();
const services = await createServices(config, database);
const buildMs = Math.round(performance.now() - started);
const app = await createApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
console.log(JSON.stringify({ port, documents: services.search.stats().documents, buildMs, rssMb: Math.round(process.memoryUsage().rss / 2 ** 20) }));
