/**
 * The fuzz suite at CI size (scripts/fuzz.ts explains it; `npm run fuzz` runs it bigger): the
 * demo portal gets generated hostile requests from its OpenAPI document, its forms and its
 * registered routes, and none may answer 5xx or echo a script payload unescaped. The seed is
 * fixed so a failure here is the same failure on every machine (FUZZ_SEED picks another).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatReport } from './fuzz/report.js';
import { SIZES, runFuzz } from './fuzz/run.js';
import { type Site, demoSite } from './fuzz/site.js';

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
