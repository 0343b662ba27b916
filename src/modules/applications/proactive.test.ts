/**
 * 免申即享 on the real database (PGlite, or PostgreSQL with DATABASE_URL): the daily job opens a
 * draft for whoever turned 80 (their ID number proved by their account and known from a case they
 * submitted), tells them, never opens twice; the person confirms (submitted) or declines (the
 * draft removed, never opened again); nobody else can confirm or decline it; someone whose number
 * the account did not prove, or who is 79, gets nothing. And the pages: the opening on
 * /me/applications, confirm and decline by POST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildCitizen } from '../../../test/factories/accounts.js';
import { buildAnswers, buildApplicationWorld, buildFormDefinition, handClock, PDF_BYTES, PNG_BYTES, type ApplicationWorld } from '../../../test/factories/applications.js';
import { testApp } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';
import { createApplications, type ItemDefinition } from './index.js';

/** A valid 公民身份号码 for a birth date and a running number. */
function idFor(birth: string, seq: number, region = '360102'): string {
  const body = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (weights[i] as number), 0);
  return `${body}${'10X98765432'[sum % 11]}`;
}

let t: Awaited<ReturnType<typeof testApp>>;
let source: ApplicationWorld; // the item people applied for before (the portal learns their ID number there)
let target: ApplicationWorld; // 高龄津贴: opened on their behalf at 80
let apps: ReturnType<typeof createApplications>;
const clock = handClock(new Date('2026-12-05T02:00:00Z'));
const defs = new Map<number, ItemDefinition>();
const people: Record<string, Principal> = {};
const logins: Record<string, { phone: string; password: string }> = {};

async function person(key: string, name: string, id: string, prove = true) {
  const c = await buildCitizen(t.services, { displayName: name });
  if (prove) await t.services.accounts.updateProfile(c.principal, { displayName: name, idNumber: id });
  people[key] = c.principal;
  logins[key] = { phone: c.phone, password: c.password };
  // a case submitted earlier, with their number in it
  const draft = await apps.saveDraft(c.principal, { itemId: source.itemId, answers: buildAnswers({ name, idNumber: id, shareholders: [{ name, idNumber: id, share: 100 }] }) });
  await apps.upload(c.principal, draft.id, 'licence', [{ filename: 'l.pdf', data: PDF_BYTES }]);
  await apps.upload(c.principal, draft.id, '经营场所平面图', [{ filename: 'p.png', data: PNG_BYTES }]);
  await apps.submit(c.principal, draft.id);
  return c;
}

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0 });
  source = await buildApplicationWorld(t.services);
  target = await buildApplicationWorld(t.services);
  defs.set(source.itemId, { itemId: source.itemId, version: 1, form: buildFormDefinition(), route: source.route, automation: null });
  defs.set(target.itemId, {
    itemId: target.itemId,
    version: 1,
    form: buildFormDefinition(),
    route: target.route,
    automation: {
      proactive: {
        trigger: { kind: 'age', years: 80 },
        conditions: [{ label: '户籍在示范市', fact: 'idRegion', op: 'startsWith', value: '3601' }],
        notice: '您已年满80周岁，可按月领取高龄津贴。系统已为您生成申请，请核对后确认。',
      },
    },
  });
  apps = createApplications(t.services.database, {
    catalog: t.services.catalog,
    accounts: t.services.accounts,
    notify: t.services.notify,
    changes: t.services.changes,
    calendar: t.services.letters.calendar,
    files: t.services.files,
    definitions: { definitionOf: async (id) => defs.get(id) ?? null, automated: async () => [...defs.values()].filter((d) => d.automation) },
    clock,
  });
  await person('eighty', '王秀英', idFor('1946-12-05', 21));
  await person('decliner', '陈桂兰', idFor('1946-11-20', 33));
  await person('unproved', '刘德福', idFor('1946-12-01', 45), false);
  await person('young', '赵建国', idFor('1946-12-06', 57));
  await person('elsewhere', '孙玉珍', idFor('1946-12-02', 69, '330106'));
}, 240_000);
afterAll(() => t.close());

describe('免申即享', () => {
  it('opens a draft for whoever turned 80 in the catch-up window, with their number and a notice, once', async () => {
    expect(await apps.runProactive()).toEqual({ opened: 2 });
    expect(await apps.runProactive()).toEqual({ opened: 0 });
    const [opening] = await apps.openings(people.eighty);
    expect(opening).toMatchObject({ itemId: target.itemId, since: '2026-12-05', reason: '2026-12-05年满 80 周岁' });
    expect(opening!.notice).toContain('可按月领取高龄津贴');
    const draft = await apps.myCase(people.eighty, opening!.draftId);
    expect(draft.status).toBe('draft');
    expect(draft.answers).toMatchObject({ name: '王秀英', idNumber: idFor('1946-12-05', 21) });
    expect(draft.timeline.map((e) => e.kind)).toContain('proactive');
    expect(await apps.openings(people.decliner)).toHaveLength(1);
    // not proved by the account, not yet 80, registered elsewhere: nothing
    for (const k of ['unproved', 'young', 'elsewhere']) expect(await apps.openings(people[k])).toEqual([]);
  });

  it('lets only the person confirm or decline their opening', async () => {
    const [opening] = await apps.openings(people.eighty);
    await expect(apps.confirmOpening(people.decliner, opening!.id)).rejects.toThrow(NotFoundError);
    await expect(apps.declineOpening(people.decliner, opening!.id)).rejects.toThrow(NotFoundError);
    await expect(apps.confirmOpening(people.eighty, 99_999_999)).rejects.toThrow(NotFoundError);
    await expect(apps.confirmOpening(undefined, opening!.id)).rejects.toMatchObject({ status: 401 });
  });

  it('confirming submits the draft; what is still missing is asked for first', async () => {
    const [opening] = await apps.openings(people.eighty);
    await expect(apps.confirmOpening(people.eighty, opening!.id)).rejects.toThrow(ValidationError);
    expect(await apps.openings(people.eighty)).toHaveLength(1);
    await apps.saveDraft(people.eighty, { id: opening!.draftId, answers: buildAnswers({ name: '王秀英', idNumber: idFor('1946-12-05', 21), shareholders: [{ name: '王秀英', idNumber: idFor('1946-12-05', 21), share: 100 }] }) });
    await apps.upload(people.eighty, opening!.draftId, 'licence', [{ filename: 'l.pdf', data: PDF_BYTES }]);
    await apps.upload(people.eighty, opening!.draftId, '经营场所平面图', [{ filename: 'p.png', data: PNG_BYTES }]);
    const view = await apps.confirmOpening(people.eighty, opening!.id);
    expect(view.status).toBe('submitted');
    expect(view.no).toMatch(/^SQ/);
    expect(await apps.openings(people.eighty)).toEqual([]);
    await expect(apps.confirmOpening(people.eighty, opening!.id)).rejects.toThrow(ValidationError);
    expect(await apps.runProactive()).toEqual({ opened: 0 });
  });

  it('declining removes the draft and it is never opened again', async () => {
    const [opening] = await apps.openings(people.decliner);
    await apps.declineOpening(people.decliner, opening!.id);
    expect(await apps.openings(people.decliner)).toEqual([]);
    await expect(apps.myCase(people.decliner, opening!.draftId)).rejects.toThrow(NotFoundError);
    await expect(apps.declineOpening(people.decliner, opening!.id)).rejects.toThrow(ValidationError);
    expect(await apps.runProactive()).toEqual({ opened: 0 });
  });

  it('a day later the one who turned 80 that day gets theirs', async () => {
    clock.set(new Date('2026-12-06T02:00:00Z'));
    expect(await apps.runProactive()).toEqual({ opened: 1 });
    expect(await apps.openings(people.young)).toHaveLength(1);
  });
});

describe('免申即享 on the pages', () => {
  const signIn = async (key: string) => {
    const web = new WebClient(t.app);
    await web.get('/login');
    await web.post('/login', { identifier: logins[key]!.phone, password: logins[key]!.password });
    return web;
  };

  it('shows the opening on /me/applications and declines it by POST; another’s is not found', async () => {
    // the app's own pages use the app's applications context: point its definitions at this test's
    t.services.applications.context.definitions = { definitionOf: async (id) => defs.get(id) ?? null, automated: async () => [...defs.values()].filter((d) => d.automation) };
    const [opening] = await apps.openings(people.young);
    const other = await signIn('eighty');
    await other.get('/me/applications');
    expect((await other.post(`/me/applications/openings/${opening!.id}/decline`, {})).status).toBe(404);
    expect((await other.post(`/me/applications/openings/${opening!.id}/confirm`, {})).status).toBe(404);
    const young = await signIn('young');
    const list = await young.get('/me/applications');
    expect(list.status).toBe(200);
    expect(list.body).toContain('为您主动发起的申请');
    expect(list.body).toContain('待确认（免申即享）');
    expect(list.body).toContain('可按月领取高龄津贴');
    // confirming a draft that still lacks materials leads to the draft, filled in as far as the portal could
    const confirm = await young.post(`/me/applications/openings/${opening!.id}/confirm`, {});
    expect(confirm.status).toBe(303);
    expect(confirm.location).toBe(`/me/applications/drafts/${opening!.draftId}?done=complete`);
    expect((await young.get(confirm.location)).body).toContain('这份申请还缺少一些信息');
    await young.get('/me/applications');
    const declined = await young.post(`/me/applications/openings/${opening!.id}/decline`, {});
    expect(declined.status).toBe(303);
    const after = await young.get(declined.location);
    expect(after.body).toContain('已放弃该申请');
    expect(after.body).not.toContain('待确认（免申即享）');
  });
});
