/**
 * The fuzz suite at CI size (scripts/fuzz.ts explains it; `npm run fuzz` runs it bigger): the
 * demo portal gets generated hostile requests from its OpenAPI document, its forms and its
 * registered routes, and none may answer 5xx or echo a script payload unescaped. The seed is
 * fixed so a failure here is the same failure on every machine (FUZZ_SEED picks another).
 * First, the fuzzer itself must catch a page that echoes input raw and a route that breaks.
 */
import fastifyFormbody from '@fastify/formbody';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from './fuzz/report.js';
import { SIZES, runFuzz } from './fuzz/run.js';
import { type Site, demoSite, instrument } from './fuzz/site.js';

it('catches an unescaped echo, a stored payload and a 500 on a small broken site', async () => {
  const app = Fastify();
  await app.register(fastifyFormbody);
  let stored = '';
  const page = (body: string) => `<!doctype html><html><body>${body}</body></html>`;
  app.get('/', async (_req, reply) =>
    reply.type('text/html').send(page(`<a href="/notes">notes</a><form method="post" action="/echo"><input type="hidden" name="_csrf" value="t"><input name="q" value="hi"></form>`)),
  );
  app.post('/echo', async (req, reply) => {
    const q = String((req.body as Record<string, unknown> | undefined)?.q ?? '');
    stored = q;
    return reply.type('text/html').send(page(`you said ${q}`));
  });
  app.get('/notes', async (_req, reply) => reply.type('text/html').send(page(`last note: ${stored}`)));
  app.get('/api/count', async (req) => {
    const n = Number((req.query as Record<string, string>).limit ?? '1');
    if (!Number.isFinite(n)) throw new Error('count out of range');
    return { n };
  });
  const site = await instrument(app);
  try {
    const result = await runFuzz(site, { seed: 7, requests: 300, pages: 5 });
    const kinds = new Set(result.failures.map((f) => f.kind));
    expect(kinds).toContain('unescaped');
    expect(result.failures.some((f) => f.kind === 'unescaped' && f.foundIn?.includes('/notes'))).toBe(true);
    const fivexx = result.failures.find((f) => f.kind === '5xx' && f.error?.message.includes('count'));
    expect(fivexx?.error?.message).toBe('Error: count out of range');
    const report = formatReport(result);
    expect(report).toContain('GET /api/count?limit=');
    expect(report).toContain('seed 7');
  } finally {
    await site.close();
  }
});

describe('the demo portal', () => {
  let site: Site;
  beforeAll(async () => {
    site = await demoSite();
  }, 300_000);
  afterAll(() => site?.close());

  it('answers generated hostile requests without a 5xx or an unescaped payload', async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : 20_261_205;
    const result = await runFuzz(site, { seed, ...SIZES.small });
    const report = formatReport(result);
    console.log(report);
    expect(result.sent).toBeGreaterThanOrEqual(SIZES.small.requests);
    // the run must actually reach the portal: most registered routes, forms of every session
    expect(result.routesCovered.length).toBeGreaterThan(result.routesTotal.length * 0.8);
    expect(result.targets.forms).toBeGreaterThan(20);
    expect(result.failures, report).toEqual([]);
  }, 600_000);
});
