/**
 * The journeys operations called directly, without HTTP, each test on content it makes itself
 * with the factories: public reading (a journey's steps, the "part of" box, answers, life
 * events), reminders fired once and released when due, the personal space refused to staff and
 * strangers, a bundle that would loop refused whole, and the guide page's slots filled.
 */
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildBundle } from '../../../test/factories/catalog.js';
import { buildJourney, buildJourneyBundle, buildLifeEvent, buildPushRule, buildQuestionSet } from '../../../test/factories/journeys.js';
import { testApp } from '../../../test/helpers.js';
import type { Principal } from '../../lib/principal.js';
import { SESSION_COOKIE } from '../../web/cookies.js';
import { type JourneysContext, journeysContext } from './context.js';
import * as browse from './operations/browse.js';
import * as content from './operations/import.js';
import * as progress from './operations/progress.js';
import * as push from './operations/push.js';
import { createJourneyService } from './service.js';
import type { GuideSlots } from './slots.js';

let t: Awaited<ReturnType<typeof testApp>>;
let ctx: JourneysContext;
let codes: string[];
const PASSWORD = 'Journeys2026ops';
let phones = 13700001000;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const catalogue = buildBundle(4);
  await t.services.catalog.importBundle(catalogue);
  codes = catalogue.items.map((i) => i.implCode);
  const { catalog, accounts, notify, changes, search } = t.services;
  ctx = journeysContext(t.db.database, { catalog, accounts, notify, changes, indexer: search.indexer, publicUrl: t.services.config.publicUrl });
}, 120_000);
afterAll(() => t.close());

/** A citizen of their own, signed in, with reminders to the message box only. */
async function citizen(): Promise<Principal> {
  const phone = String(++phones);
  await t.services.accounts.ensureDemoAccounts({ password: PASSWORD, staff: [], citizens: [{ displayName: `测试居民${phone}`, phone, note: '' }], enterprises: [] });
  const p = await t.services.accounts.signIn(phone, PASSWORD);
  await t.services.accounts.setChannels(p, []);
  return p;
}

async function inboxReminders(p: Principal) {
  await t.services.notify.deliverDue(200);
  return (await t.services.notify.inbox(p.userId, 100, 0)).rows.filter((m) => m.title.startsWith('办事提醒'));
}

describe('reading journeys', () => {
  it('shows a journey with its items, and on the item the step it is part of', async () => {
    const [a, b] = codes as [string, string];
    const journey = buildJourney({ items: [[], [a, b]] });
    await content.importBundle(ctx, buildJourneyBundle({ journeys: [journey] }));
    const shown = await browse.getJourney(ctx, journey.slug);
    expect(shown.steps).toHaveLength(2);
    expect(shown.steps[1]?.items.map((i) => i.code)).toEqual([a, b]);
    expect(await browse.partOf(ctx, b)).toContainEqual({ title: journey.title, url: `/journeys/${journey.slug}#step-2`, step: 2, stepTitle: journey.steps[1]?.title });
    await expect(browse.getJourney(ctx, 'Not A Slug')).rejects.toMatchObject({ status: 404 });
  });

  it('answers a question set from its answers, and lists a life event in its order', async () => {
    const [a, b] = codes as [string, string];
    const set = buildQuestionSet({ yes: a, no: b });
    const journey = buildJourney({ items: [[a]] });
    const event = buildLifeEvent([
      { kind: 'item', ref: b, note: '先办这件' },
      { kind: 'journey', ref: journey.slug, note: '再走这个场景' },
    ]);
    await content.importBundle(ctx, buildJourneyBundle({ journeys: [journey], questionSets: [set], lifeEvents: [event] }));
    expect((await browse.answer(ctx, set.slug, {})).open).toEqual(['first']);
    expect((await browse.answer(ctx, set.slug, { first: 'no' })).outcomes.map((o) => o.code)).toEqual([b]);
    expect((await browse.answer(ctx, set.slug, { first: 'maybe' })).invalid).toEqual(['是第一次办理吗？']);
    const shown = await browse.getLifeEvent(ctx, event.slug);
    expect(shown.entries.map((e) => [e.kind, e.code])).toEqual([
      ['item', b],
      ['journey', journey.slug],
    ]);
  });
});

describe('reminders', () => {
  it('reminds once of what follows a step done, and counts it for the operators', async () => {
    const [a, b, c] = codes as [string, string, string];
    const rule = buildPushRule(a, [b, c]);
    const journey = buildJourney({ items: [[a]] });
    await content.importBundle(ctx, buildJourneyBundle({ journeys: [journey], pushRules: [rule] }));
    const p = await citizen();
    expect(await progress.markStep(ctx, p, { slug: journey.slug, step: 1, done: true })).toBe(1);
    expect(await progress.markStep(ctx, p, { slug: journey.slug, step: 1, done: true })).toBe(0);
    expect(await progress.markItem(ctx, p, { code: a, done: true })).toBe(0);
    expect(await inboxReminders(p)).toHaveLength(1);
    expect((await progress.progress(ctx, p, journey.slug)).finished).toBe(true);
    const figures = (await push.listPushRules(ctx)).find((r) => r.slug === rule.slug);
    expect(figures).toMatchObject({ sent: 1, opened: 0, scheduled: 0 });
  });

  it('keeps a delayed reminder until it is due, and not after the person stopped it', async () => {
    const [, , c, d] = codes as [string, string, string, string];
    const rule = buildPushRule(c, [d], { delayDays: 30 });
    await content.importBundle(ctx, buildJourneyBundle({ pushRules: [rule] }));
    // a month ago by this context's clock: that reminder fell due yesterday
    const monthAgo = journeysContext(t.db.database, ctx, () => new Date(Date.now() - 31 * 86_400_000));
    const [due, stops, later] = [await citizen(), await citizen(), await citizen()];
    await progress.markItem(monthAgo, due, { code: c, done: true });
    await progress.markItem(monthAgo, stops, { code: c, done: true });
    await progress.markItem(ctx, later, { code: c, done: true });
    await push.stopReminders(ctx, stops, undefined);
    const status = async (p: Principal) => (await push.reminders(ctx, p)).reminders.map((r) => r.status);
    expect(await status(due)).toEqual(['scheduled']);
    expect(await push.releaseDue(ctx)).toBe(1);
    expect(await status(due)).toEqual(['sent']);
    expect(await status(stops)).toEqual(['stopped']);
    expect(await status(later)).toEqual(['scheduled']);
    expect(await inboxReminders(due)).toHaveLength(1);
    expect(await inboxReminders(stops)).toHaveLength(0);
    expect((await push.reminders(ctx, stops)).allStopped).toBe(true);
  });

  it('refuses a bundle whose rules would loop, and writes none of it', async () => {
    const [a, b] = codes as [string, string];
    const journey = buildJourney();
    const bundle = buildJourneyBundle({ journeys: [journey], pushRules: [buildPushRule(a, [b]), buildPushRule(b, [a])] });
    expect((await content.validateContent(ctx, bundle)).some((p) => p.field === '/remind')).toBe(true);
    await expect(content.importBundle(ctx, bundle)).rejects.toMatchObject({ status: 400 });
    await expect(browse.getJourney(ctx, journey.slug)).rejects.toMatchObject({ status: 404 });
  });
});

describe('the personal space', () => {
  it('belongs to citizens and enterprise people: staff are refused and their views not kept', async () => {
    const journey = buildJourney();
    await content.importBundle(ctx, buildJourneyBundle({ journeys: [journey] }));
    await t.services.accounts.staff.createStaff({ username: 'ops-staff', displayName: 'ops-staff', role: 'admin', password: PASSWORD });
    const staff = await t.services.accounts.signInStaff('ops-staff', PASSWORD);
    await expect(progress.progress(ctx, staff, journey.slug)).rejects.toMatchObject({ status: 403 });
    await expect(progress.subscribe(ctx, staff, { kind: 'journey', ref: journey.slug })).rejects.toMatchObject({ status: 403 });
    await expect(push.reminders(ctx, staff)).rejects.toMatchObject({ status: 403 });
    await progress.noteView(ctx, staff, { kind: 'journey', refId: 1 });
    const p = await citizen();
    await progress.subscribe(ctx, p, { kind: 'journey', ref: journey.slug });
    await expect(progress.subscribe(ctx, p, { kind: 'planet', ref: journey.slug })).rejects.toMatchObject({ status: 400 });
    expect((await progress.progress(ctx, p, journey.slug)).subscribed).toBe(true);
    expect((await t.services.journeys.home(p)).follows.map((f) => f.ref)).toEqual([journey.slug]);
  });
});

describe('the guide page slots', () => {
  it('fills the catalogue’s aside with the journeys an item is part of, and keeps a signed-in view', async () => {
    const [a] = codes as [string];
    const journey = buildJourney({ items: [[a]] });
    await content.importBundle(ctx, buildJourneyBundle({ journeys: [journey] }));
    const asides: ((implCode: string) => Promise<unknown>)[] = [];
    const viewed: ((request: FastifyRequest, itemId: number) => void)[] = [];
    const slots: GuideSlots = { addGuideAside: (aside) => asides.push(aside), onGuideViewed: (listener) => viewed.push(listener) };
    const { catalog, accounts, notify, changes } = t.services;
    createJourneyService(t.db.database, { catalog: Object.assign(Object.create(catalog), slots), accounts, notify, changes, publicUrl: '' });
    expect(asides).toHaveLength(1);
    expect(viewed).toHaveLength(1);
    expect(String(await asides[0]?.(a))).toContain(`href="/journeys/${journey.slug}#step-1"`);
    expect(await asides[0]?.('NO-SUCH-CODE')).toBe('');
    // a guide opened with a session cookie goes into the person's history
    const p = await citizen();
    const [item] = await catalog.itemRefs({ codes: [a] });
    const request = { cookies: () => ({ [SESSION_COOKIE]: 'signed-in' }), principal: async () => p };
    viewed[0]?.(request as unknown as FastifyRequest, item?.id ?? 0);
    await vi.waitFor(async () => expect((await t.services.journeys.home(p)).history.map((h) => h.url)).toEqual([item?.url]));
  });
});
