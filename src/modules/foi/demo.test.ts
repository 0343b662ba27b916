/**
 * The demo's requests (25 relative to today, and last year's that its annual reports count) load through the operations on any day: running, awaiting 补正, corrected,
 * extended, paused for a third party, answered in each of the six ways, overdue — and the
 * citizen who filed online sees his own, with the 补正 notice waiting for him.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCitizen, buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { DEMO_DIR } from '../../cli/seed.js';
import type { DemoRequest } from './index.js';
import { REPLY_TYPES } from './model.js';

let t: Awaited<ReturnType<typeof testApp>>;
let citizen: Awaited<ReturnType<typeof buildCitizen>>['principal'];
const demo = JSON.parse(readFileSync(join(DEMO_DIR, 'foi-requests.json'), 'utf8')) as DemoRequest[];

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const [a, b] = [buildBundle(0), buildBundle(1)];
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const depts = await t.services.catalog.listDepartments();
  const ids = new Map<string, number>();
  for (const [i, r] of demo.entries()) ids.set(r.department, depts.find((d) => d.slug === (i % 2 ? a : b).departments[0]!.slug)!.id);
  citizen = (await buildCitizen(t.services)).principal;
  expect(await t.services.foi.seedDemo(demo, { departmentIds: ids, citizen })).toEqual({ requests: demo.length });
  expect(await t.services.foi.seedDemo(demo, { departmentIds: ids, citizen })).toBeUndefined();
}, 120_000);
afterAll(() => t.close());

describe('FOI demo', () => {
  it('holds requests in every state', async () => {
    const admin = (await buildStaff(t.services)).principal;
    const open = (await t.services.foi.queue(admin, { open: true, limit: 100 })).requests;
    const done = (await t.services.foi.queue(admin, { open: false, limit: 100 })).requests;
    expect(demo.length).toBeGreaterThanOrEqual(25);
    expect(open.length + done.length).toBe(demo.length);
    const statuses = new Set(open.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['awaitingCorrection', 'consulting', 'received']);
    const states = new Set(open.map((r) => r.clock.state));
    expect(states).toContain('overdue');
    expect(states).toContain('running');
    expect(states).toContain('paused');
    expect(open.some((r) => r.clock.extended)).toBe(true);
    expect(open.some((r) => r.correctedText)).toBe(true);
    expect(open.some((r) => r.clock.pauses.some((p) => p.to))).toBe(true);
    expect(new Set(done.map((r) => r.replyType))).toEqual(new Set(REPLY_TYPES));
    expect(done.some((r) => r.clock.extended && r.replyType)).toBe(true);
    expect(done.some((r) => r.receivedOn.slice(0, 4) < r.repliedOn!.slice(0, 4))).toBe(true);
    // replies published for everyone: some public, one awaiting its second pair of eyes, one withdrawn
    const published = await t.services.foi.publishedReplies();
    expect(published.total).toBeGreaterThanOrEqual(4);
    for (const r of published.replies) expect(['disclosed', 'partlyDisclosed']).toContain(r.replyType);
    const pubStates = await Promise.all(done.map(async (r) => (await t.services.foi.publication(admin, r.id)).publication?.status));
    expect(new Set(pubStates.filter(Boolean))).toEqual(new Set(['published', 'review', 'withdrawn']));
    const page = await t.app.inject({ method: 'GET', url: published.replies.find((r) => r.departmentName && r.answer.includes('控制性详细规划'))!.url });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('钱慧');
    expect(page.body).not.toContain('示范市城西区文一路8号');
    const mine = await t.services.foi.mine(citizen);
    expect(mine.requests.some((r) => r.status === 'awaitingCorrection')).toBe(true);
  });
});
