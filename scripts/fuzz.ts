/**
 * npm run fuzz — throw generated hostile requests at the whole portal and fail on any 5xx or
 * any submitted script payload that comes back unescaped.
 *
 *   npm run fuzz                                  # medium: 6,000 requests, a random seed
 *   npm run fuzz -- --seed 12345                  # the same requests again
 *   npm run fuzz -- --requests 50000              # or --size small|medium|large (600/6,000/50,000)
 *   npm run fuzz -- --pages 200                   # pages each session may crawl (default by size)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432 npm run fuzz   # on PostgreSQL
 *
 * The same run, at the small size, is test/fuzz.test.ts, so CI runs it on both databases.
 *
 * How it works (test/fuzz/*.ts):
 *  1. site.ts — a fresh database (in-memory PGlite, or a throw-away database of its own on the
 *     PostgreSQL server named by DATABASE_URL, dropped afterwards) with the 示范市 demo loaded,
 *     rate limits off, the app built as in production. Two hooks are added before it starts: one
 *     records each error that reaches the error handler (message, first stack frame in our
 *     code), one the route that answered; requests are tagged with an x-fuzz-id header.
 *  2. client.ts — four sessions: anonymous, the system administrator (sysadmin, signed in at
 *     /admin/login), the demo citizen (13800000001 at /login) and an API token for sysadmin
 *     (POST /api/v1/auth/token). Password from data/demo/accounts.json. A session that a fuzzed
 *     form signed out is signed in again.
 *  3. Targets, found, not listed by hand:
 *     - every operation of the OpenAPI document the app serves (/api/docs/json): method, path
 *       and query parameters and JSON bodies from their schemas (generate.ts, json.ts);
 *     - every <form> on the pages each session reaches by following links from its start pages
 *       (html.ts: action, method, enctype, every field incl. hidden ones and the CSRF token; at
 *       most two pages of one shape, so 7,000 guides count as one);
 *     - every route Fastify registered (printRoutes), so routes with neither schema nor form are
 *       hit too (random field names from the forms and schemas as their body).
 *  4. Requests (generate.ts): every target once, then random ones (forms 45 %, API 35 %, bare
 *     routes 20 %). Each keeps most of the request valid — real ids and slugs seen while
 *     crawling, the form's own values, a good CSRF token — and makes one or two parts hostile
 *     (hostile.ts): NUL bytes, invalid UTF-8 (raw bytes, %FF in URLs), lone surrogates, 1 MB
 *     strings (just under and over the body limit), Infinity/-Infinity/1e309/NaN/-1/huge
 *     numbers, negative and huge offsets and limits, path traversal (plain and encoded),
 *     duplicated parameters (?a=1&a=2), wrong JSON types (array for string, object for
 *     number…), 10,000-level JSON, broken JSON, missing/wrong content types, malformed
 *     multipart (wrong, missing, empty and > 256-character boundaries, truncated bodies, parts
 *     without names, 2,000 parts, traversal file names), bad CSRF tokens, cookies, auth
 *     headers, methods, and script payloads — <script>alert("M")</script> and
 *     "><img src=x onerror=alert('M')> — each with a marker M unique to the request.
 *  5. Checks (run.ts): a failure is any 5xx; any HTML/XML answer carrying a payload in its live
 *     form (unescaped), whether in the answer to the request that sent it or on a later page
 *     (each session crawls its pages again at the end to find stored payloads); /etc/passwd in
 *     an answer; a request without an answer in 30 s.
 *  6. Figures (report.ts): seed, requests sent, by status class and input class, 5xx count,
 *     unescaped count, routes covered of those registered; failures grouped by root cause,
 *     each with one exact request (method, url, headers, body excerpt, session) to replay.
 *
 * Everything random comes from the seed (sfc32), printed first; the same seed and size send the
 * same requests (what the app answers may still differ with the clock, e.g. deadlines).
 * The run only changes its own throw-away database.
 */
import { parseArgs } from 'node:util';
import { formatReport } from '../test/fuzz/report.js';
import { SIZES, runFuzz } from '../test/fuzz/run.js';
import { demoSite } from '../test/fuzz/site.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    requests: { type: 'string' },
    size: { type: 'string', default: 'medium' },
    pages: { type: 'string' },
  },
});
const size = SIZES[values.size as keyof typeof SIZES];
if (!size) {
  console.error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  process.exit(2);
}
const seed = values.seed !== undefined ? Number(values.seed) >>> 0 : Math.floor(Math.random() * 2 ** 32);
const requests = values.requests !== undefined ? Number(values.requests) : size.requests;
const pages = values.pages !== undefined ? Number(values.pages) : size.pages;
if (!Number.isInteger(requests) || requests < 1 || !Number.isInteger(pages) || pages < 1) {
  console.error('--requests and --pages take a positive whole number');
  process.exit(2);
}

console.log(`fuzz: seed ${seed}, ${requests} requests, up to ${pages} pages per session, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
const started = Date.now();
const site = await demoSite();
console.log(`demo site ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
let failed = true;
try {
  const result = await runFuzz(site, { seed, requests, pages, progress: (line) => console.log(line) });
  console.log(`\n${formatReport(result)}`);
  console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  failed = result.failures.length > 0;
} finally {
  await site.close();
}
process.exit(failed ? 1 : 0);
