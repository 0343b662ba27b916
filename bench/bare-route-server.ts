/**
 * The yardstick of bench:disclosure: a bare Fastify process serving, at fixed addresses, bytes
 * saved from the portal's own answers (the same body and content type, nothing computed), so a
 * page's req/s can be compared with what Fastify alone manages on this machine.
 *
 *   node --import tsx bench/bare-route-server.ts <folder of NAME.body + NAME.type files>
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';

const dir = process.argv[2] as string;
const app = Fastify({ logger: false });
for (const f of readdirSync(dir).filter((x) => x.endsWith('.body'))) {
  const name = f.slice(0, -5);
  const body = readFileSync(join(dir, f));
  const type = readFileSync(join(dir, `${name}.type`), 'utf8');
  app.get(`/${name}`, (_request, reply) => reply.type(type).send(body));
}
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: (app.server.address() as { port: number }).port }));
