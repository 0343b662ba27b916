/**
 * The servers under test for bench:pages, in a process of their own: the portal on the given
 * data directory, and a bare Fastify serving the portal's own home and guide bytes from memory.
 * Prints one JSON line with the ports and paths, then serves until killed.
 */
import Fastify from 'fastify';
import { createApp, createServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';

const config = { ...loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0' }) };
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
const services = await createServices(config, database);
const app = await createApp(services);
await app.listen({ port: 0, host: '127.0.0.1' });
const appPort = (app.server.address() as { port: number }).port;

const guideId = (await services.catalog.listItems({ q: '机动车驾驶证补领', limit: 1, offset: 0 })).items[0]?.id ?? 1;
const paths = { home: '/', guide: `/items/${guideId}` };
const bytes: Record<string, Buffer> = {};
for (const [name, path] of Object.entries(paths)) {
  const r = await app.inject(path);
  bytes[name] = r.rawPayload;
}

const bare = Fastify({ logger: false });
bare.get('/', async (_q, reply) => reply.type('text/html; charset=utf-8').send(bytes.home));
bare.get(paths.guide, async (_q, reply) => reply.type('text/html; charset=utf-8').send(bytes.guide));
await bare.listen({ port: 0, host: '127.0.0.1' });
const barePort = (bare.server.address() as { port: number }).port;

console.log(JSON.stringify({ appPort, barePort, paths, sizes: { home: bytes.home?.length, guide: bytes.guide?.length } }));
