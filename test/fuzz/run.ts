/**
 * The fuzz run: discover the targets (the OpenAPI document, every form on the pages each
 * session can reach, every registered route), send `requests` generated requests through
 * `app.inject`, and check each answer. A failure is a 5xx, a page (HTML or XML) that carries a
 * submitted script payload unescaped — in the answer to the request that sent it, or later, on
 * any page (stored) — a traversal that read /etc/passwd, or a request that never got an answer.
 * See scripts/fuzz.ts for the whole story and the command line.
 */
import { type FuzzRequest, type FuzzResponse, Session, type SessionName } from './client.js';
import { type GenContext, type Generated, type Target, generate, pathParams } from './generate.js';
import { LIVE_PAYLOAD, Rng } from './hostile.js';
import { type PageForm, crawl } from './html.js';
import type { Schema } from './json.js';
import { type CapturedError, type Site, registeredRoutes } from './site.js';

/** small is what CI runs (test/fuzz.test.ts); medium is `npm run fuzz`'s default */
export const SIZES = { small: { requests: 600, pages: 25 }, medium: { requests: 6000, pages: 80 }, large: { requests: 50_000, pages: 200 } } as const;

export interface FuzzOptions {
  seed: number;
  requests: number;
  /** pages each session may crawl */
  pages: number;
  /** progress lines (the CLI prints them; the test does not) */
  progress?: (line: string) => void;
}

export interface Failure {
  kind: '5xx' | 'unescaped' | 'traversal' | 'no-answer';
  n: number;
  status: number;
  gen: Generated;
  error?: CapturedError;
  /** for a stored payload: where it showed up */
  foundIn?: string;
}

export interface FuzzResult {
  seed: number;
  sent: number;
  byStatus: Record<string, number>;
  byClass: Record<string, number>;
  failures: Failure[];
  routesCovered: string[];
  routesTotal: string[];
  targets: { openapi: number; forms: number; routes: number; pages: number };
  notes: string[];
}

const START: Record<SessionName, string[]> = {
  anon: ['/', '/letters/new', '/letters/track', '/letters', '/letters/stats', '/login', '/login/code', '/signup', '/reset', '/search?q=驾照', '/journeys', '/life-events', '/questions/birth', '/themes', '/groups', '/departments', '/admin/login'],
  staff: ['/admin', '/admin/letters', '/admin/letters/rules', '/admin/users', '/admin/users/new', '/admin/tokens', '/admin/catalog', '/admin/drafts', '/admin/journeys', '/admin/search', '/admin/audit', '/admin/notifications'],
  citizen: ['/me', '/me/journeys', '/me/reminders', '/me/settings', '/me/messages', '/me/enterprise', '/letters/new', '/journeys'],
  token: [],
};

const isLive = (type: string) => /^(text\/html|application\/xml|text\/xml|application\/xhtml|image\/svg)/.test(type) || type === '';

/** Cut a request down to something that can be pasted into a report and replayed. */
export function describeRequest(req: FuzzRequest, session: SessionName): string {
  const url = req.url.length > 400 ? `${req.url.slice(0, 400)}… (${req.url.length} chars)` : req.url;
  const body = req.payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.payload) ? req.payload : Buffer.from(req.payload);
  const excerpt = body.length ? JSON.stringify(body.subarray(0, 400).toString('latin1')) + (body.length > 400 ? `… (${body.length} bytes)` : '') : '(none)';
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}…` : v}`);
  return [`${req.method} ${url}`, `  as: ${session}${session === 'anon' ? '' : ' (signed in; cookies/_csrf of that session)'}`, ...headers.map((h) => `  ${h}`), `  body: ${excerpt}`].join('\n');
}

function openApiTargets(doc: { paths?: Record<string, Record<string, Record<string, unknown>>> }): Target[] {
  const out: Target[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {}))
    for (const [method, op] of Object.entries(ops)) {
      const params = ((op.parameters ?? []) as { name: string; in: string; required?: boolean; schema?: Schema }[]).filter((p) => p.in !== 'header');
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
      const body = content?.['application/json']?.schema;
      const secured = Boolean(op.security) || /\/staff\/|\/me$|\/requests/.test(path);
      out.push({ kind: 'openapi', key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, params, body, secured });
    }
  return out;
}

/** Real path-parameter values (ids, slugs, codes) from the URLs the crawl saw. */
function knownParams(routes: { path: string }[], urls: string[]): Map<string, string[]> {
  const known = new Map<string, Set<string>>();
  for (const { path } of routes) {
    const names = pathParams(path).filter((n) => n !== '*');
    if (!names.length) continue;
    const source = `^${path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '([^/?]+?)').replace(/\*$/, '.*')}(?:\\?.*)?$`;
    const re = new RegExp(source);
    for (const url of urls) {
      const m = re.exec(url);
      if (!m) continue;
      names.forEach((n, i) => {
        const v = decodeURIComponent(m[i + 1] as string);
        if (!known.has(n)) known.set(n, new Set());
        const set = known.get(n) as Set<string>;
        if (set.size < 20) set.add(v);
      });
    }
  }
  return new Map([...known].map(([k, v]) => [k, [...v]]));
}

export async function runFuzz(site: Site, opts: FuzzOptions): Promise<FuzzResult> {
  const { app, errors } = site;
  const log = opts.progress ?? (() => {});
  const rng = new Rng(opts.seed);
  const notes: string[] = [];
  const sessions = Object.fromEntries((['anon', 'staff', 'citizen', 'token'] as const).map((n) => [n, new Session(app, n)])) as Record<SessionName, Session>;
  for (const s of Object.values(sessions)) if (!(await s.signIn())) notes.push(`could not sign in as ${s.name}`);

  // what Fastify registered: the coverage figure counts these (HEAD folded into GET)
  const routes = registeredRoutes(app).filter((r) => r.method !== 'HEAD');
  const routesTotal = [...new Set(routes.map((r) => `${r.method} ${r.path}`))];
  const covered = new Set<string>();

  const docs = await sessions.anon.get('/api/docs/json');
  const doc = docs.status === 200 ? JSON.parse(docs.body) : {};
  if (docs.status !== 200) notes.push(`no OpenAPI document at /api/docs/json (${docs.status})`);
  const apiTargets = openApiTargets(doc);

  const pages: { session: SessionName; url: string }[] = [];
  const links: string[] = [];
  const forms: PageForm[] = [];
  for (const name of ['anon', 'staff', 'citizen'] as const) {
    const c = await crawl(sessions[name], START[name], opts.pages);
    for (const url of c.pages) pages.push({ session: name, url });
    forms.push(...c.forms);
    links.push(...c.links);
    log(`crawled as ${name}: ${c.pages.length} pages, ${c.forms.length} distinct forms`);
  }
  // signing out from a crawled page would end the session the rest of the run needs
  for (const s of [sessions.staff, sessions.citizen]) if (!(await s.alive())) await s.signIn();

  const known = knownParams(routes, [...links, ...forms.map((f) => f.action)]);
  const fieldNames = [...new Set([...forms.flatMap((f) => f.fields.map((x) => x.name)), ...apiTargets.flatMap((t) => (t.kind === 'openapi' ? Object.keys(t.body?.properties ?? {}) : []))])].sort();
  const targets: Target[] = [
    ...apiTargets,
    ...forms.map((form): Target => ({ kind: 'form', key: `${form.session} ${form.method} ${form.action}`, form })),
    ...routes.map((r): Target => ({ kind: 'route', key: `${r.method} ${r.path}`, method: r.method, path: r.path })),
  ];
  const byKind = { openapi: apiTargets.length, forms: forms.length, routes: routes.length, pages: pages.length };
  log(`targets: ${byKind.openapi} OpenAPI operations, ${byKind.forms} forms, ${byKind.routes} registered routes`);

  const ctx: GenContext = { rng, known, fieldNames, csrf: (s) => sessions[s].csrf };
  const byStatus: Record<string, number> = {};
  const byClass: Record<string, number> = {};
  const failures: Failure[] = [];
  const markers = new Map<string, { n: number; gen: Generated }>();
  const reported = new Set<string>();
  let sent = 0;

  const check = (n: number, gen: Generated, res: FuzzResponse | undefined, where: string) => {
    if (!res) {
      failures.push({ kind: 'no-answer', n, status: 0, gen });
      return;
    }
    const id = String(n);
    const route = site.routes.get(id);
    if (route) covered.add(route);
    site.routes.delete(id);
    if (!res.status) return; // not sent at all
    if (res.status >= 500) failures.push({ kind: '5xx', n, status: res.status, gen, error: errors.get(id) });
    errors.delete(id);
    const type = String(res.headers['content-type'] ?? '');
    if (isLive(type) && res.body.includes('fz')) {
      for (const m of res.body.matchAll(LIVE_PAYLOAD)) {
        const marker = (m[1] ?? m[2]) as string;
        const origin = markers.get(marker);
        if (!origin || reported.has(`${marker} ${where}`)) continue;
        reported.add(`${marker} ${where}`);
        failures.push({ kind: 'unescaped', n: origin.n, status: res.status, gen: origin.gen, foundIn: origin.n === n ? undefined : where });
      }
    }
    if (/root:x?:0:0:|\[fonts\]/.test(res.body)) failures.push({ kind: 'traversal', n, status: res.status, gen });
  };

  const send = async (n: number, gen: Generated): Promise<FuzzResponse | undefined> => {
    const session = sessions[gen.session];
    let timer: Parameters<typeof clearTimeout>[0];
    try {
      const answer = session.send(gen.req, String(n));
      return await Promise.race([answer, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, 30_000)))]);
    } catch (err) {
      // light-my-request refused to build it (a header it cannot send): not a server failure
      notes.push(`#${n} not sent: ${(err as Error).message.slice(0, 120)}`);
      return { status: 0, headers: {}, body: '', location: '' };
    } finally {
      clearTimeout(timer);
    }
  };

  // every target once (in a seeded order), then random targets, forms and API weighted up
  const order = targets.map((t) => ({ t, k: rng.next() })).sort((a, b) => a.k - b.k).map((x) => x.t);
  const weighted = (): Target => {
    const r = rng.next();
    const pool = r < 0.45 ? targets.filter((t) => t.kind === 'form') : r < 0.8 ? apiTargets : targets.filter((t) => t.kind === 'route');
    return rng.pick(pool.length ? pool : targets);
  };
  const prefix = `fz${(opts.seed >>> 0).toString(36)}`;
  const started = Date.now();
  for (let n = 1; n <= opts.requests; n++) {
    const target = n <= order.length ? (order[n - 1] as Target) : weighted();
    const marker = `${prefix}z${n.toString(36).padStart(5, '0')}`;
    let gen: Generated;
    try {
      gen = generate(ctx, target, marker);
    } catch (err) {
      // a fault of the fuzzer, not of the portal: say so and go on
      notes.push(`#${n} could not be generated for ${target.key}: ${(err as Error).message.slice(0, 120)}`);
      continue;
    }
    markers.set(marker, { n, gen });
    const res = await send(n, gen);
    sent++;
    if (res?.status) {
      const k = `${Math.floor(res.status / 100)}xx`;
      byStatus[k] = (byStatus[k] ?? 0) + 1;
    }
    byClass[gen.cls] = (byClass[gen.cls] ?? 0) + 1;
    check(n, gen, res, `${gen.req.method} ${gen.req.url.slice(0, 200)}`);
    if (n % 50 === 0 || /logout|password|\/users/.test(gen.req.url))
      for (const s of [sessions.staff, sessions.citizen, sessions.token])
        if (!(await s.alive()) && !(await s.signIn())) notes.push(`#${n}: ${s.name} could not sign in again`);
    if (n % 500 === 0) log(`${n}/${opts.requests} sent, ${failures.length} failures, ${Math.round((n * 1000) / (Date.now() - started))} req/s`);
  }

  // payloads the run stored: crawl again (new letters and drafts are on the lists now), checking every page
  for (const name of ['anon', 'staff', 'citizen'] as const) {
    if (!(await sessions[name].alive())) await sessions[name].signIn();
    await crawl(sessions[name], START[name], opts.pages, async (url) => {
      const n = ++sent;
      const gen: Generated = { req: { method: 'GET', url, headers: {} }, session: name, target: `page ${url.split('?')[0]}`, cls: 'revisit', detail: 'page crawled after the run', marker: '' };
      const res = await send(n, gen);
      check(n, gen, res, `GET ${url} (as ${name}, after the run)`);
      return res ?? { status: 0, headers: {}, body: '', location: '' };
    });
  }

  return { seed: opts.seed, sent, byStatus, byClass, failures, routesCovered: [...covered], routesTotal, targets: byKind, notes };
}
