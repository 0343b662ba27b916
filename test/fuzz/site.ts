/**
 * The fuzz target: the portal on a fresh database of its own with the 示范市 demo (PGlite in
 * memory, or a throw-away database on the PostgreSQL server named by DATABASE_URL), rate limits
 * off, and every error that reaches Fastify's error handler recorded by request so a 5xx can be
 * reported with its message and the top of its stack. Also: the routes Fastify registered (from
 * printRoutes) and the sessions the fuzzer acts in (anonymous, staff, citizen, API token).
 */
import type { FastifyInstance } from 'fastify';
import { createApp, createServices } from '../../src/app.js';
import { seedDemo } from '../../src/cli/seed.js';
import { testConfig, testDatabase } from '../helpers.js';

export const FUZZ_ID = 'x-fuzz-id';

export interface CapturedError {
  /** the error's name and message (a failed query's: the database's reason) */
  message: string;
  code?: string;
  top: string;
}

export interface Site {
  app: FastifyInstance;
  /** errors that went to the error handler, by the request's x-fuzz-id header */
  errors: Map<string, CapturedError>;
  /** the route (method and Fastify path) that answered each x-fuzz-id request */
  routes: Map<string, string>;
  close(): Promise<void>;
}

export async function demoSite(): Promise<Site> {
  const db = await testDatabase();
  const config = testConfig(
    { logLevel: 'silent', loginRateLimit: 0, searchRateLimit: 0, letterRateLimit: 0, lettersPerPhone: 0 },
    db.databaseUrl,
  );
  const services = await createServices(config, db.database);
  await seedDemo(config, db.database, {
    verbose: false,
    catalog: services.catalog,
    accounts: services.accounts,
    journeys: services.journeys,
    letters: services.letters,
    certificates: services.certificates,
    ratings: services.ratings,
    disclosure: services.disclosure,
    appointments: services.appointments,
    applications: services.applications,
  });
  await services.search.refresh();
  const app = await createApp(services);
  const site = await instrument(app, async () => {
    await services.close();
    await db.drop();
  });
  return site;
}

/**
 * Add the fuzzer's two hooks to an app that has not started yet — errors by request, and the
 * route that answered — then start it. `cleanUp` runs after the app closes.
 */
export async function instrument(app: FastifyInstance, cleanUp: () => Promise<void> = async () => {}): Promise<Site> {
  const errors = new Map<string, CapturedError>();
  app.addHook('onError', async (request, _reply, error) => {
    const id = request.headers[FUZZ_ID];
    if (typeof id !== 'string') return;
    const stack = (error.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    const ours = (l: string) => l.includes('/src/') && !l.includes('node_modules');
    const top = (stack.find(ours) ?? stack[0] ?? '').trim().replace(/^at /, '');
    // a failed query's message is its SQL: the database's reason (and SQLSTATE) is in its cause
    const cause = error.cause instanceof Error ? (error.cause as Error & { code?: unknown }) : undefined;
    const message = cause ? `${error.name} (${error.message.split('\n')[0]?.slice(0, 60)}…): ${cause.message}` : `${error.name}: ${error.message}`;
    const code = cause?.code ?? error.code;
    errors.set(id, { message: message.slice(0, 400), code: typeof code === 'string' ? code : undefined, top });
  });
  const routes = new Map<string, string>();
  app.addHook('onResponse', async (request) => {
    const id = request.headers[FUZZ_ID];
    const url = request.routeOptions.url;
    if (typeof id !== 'string' || !url) return;
    routes.set(id, `${request.method === 'HEAD' ? 'GET' : request.method} ${url}`);
  });
  await app.ready();
  return {
    app,
    errors,
    routes,
    close: async () => {
      await app.close();
      await cleanUp();
    },
  };
}

export interface RouteEntry {
  method: string;
  /** Fastify's notation: /items/:id, /open311/v2/services/:code.:format, /static/* */
  path: string;
}

/**
 * Every method and path Fastify registered, read back from printRoutes' tree. The tree loses
 * the prefix of a wildcard (`/static/*` prints as `*` under `/`): such an entry is resolved by
 * asking the router which prefix of the other routes, or /static/, carries a wildcard.
 */
export function registeredRoutes(app: FastifyInstance): RouteEntry[] {
  const parsed = printedRoutes(app);
  const prefixes = new Set(['/', '/static/']);
  for (const r of parsed) for (let i = r.path.indexOf('/', 1); i > 0; i = r.path.indexOf('/', i + 1)) prefixes.add(r.path.slice(0, i + 1));
  const out: RouteEntry[] = [];
  for (const r of parsed) {
    if (!r.path.endsWith('*') || app.hasRoute({ method: r.method as 'GET', url: r.path })) {
      out.push(r);
      continue;
    }
    for (const p of prefixes) if (app.hasRoute({ method: r.method as 'GET', url: `${p}*` })) out.push({ method: r.method, path: `${p}*` });
  }
  return out;
}

function printedRoutes(app: FastifyInstance): RouteEntry[] {
  const out: RouteEntry[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([\s│]*)[└├]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = (m[1] as string).length / 4;
    while (stack.length && (stack.at(-1) as { depth: number }).depth >= depth) stack.pop();
    const parent = stack.at(-1)?.path ?? '';
    const segment = m[2] as string;
    // a line is what its route adds to its parent's path (/reports, then .csv)
    const path = parent + segment;
    stack.push({ depth, path });
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) out.push({ method, path });
  }
  return out;
}
