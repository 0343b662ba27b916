/**
 * Journey content in the back office: journeys, guided questions, life events and push rules go
 * through the catalogue's draft → review → publish workflow (four eyes, versions, audit); the
 * text notation reads back every demo record unchanged; a push rule that would loop is refused
 * on save with a clear message; operators see how many reminders each rule sent and had opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJourneyDir } from './index.js';
import * as notation from './notation.js';
import { demoApp } from '../../../test/helpers.js';
import { staffWeb } from '../../../test/web.js';

let t: Awaited<ReturnType<typeof demoApp>>;
const PASSWORD = 'backoffice2026';
const BIRTH_REGISTRATION = '11360108MB000208003000';
const BIRTH_CERTIFICATE = '11360121MB000821002000';

beforeAll(async () => {
  // the whole demo, as seeding it here made (seedDemo builds the services it is not given)
  t = await demoApp({ loginRateLimit: 0 });
  for (const [username, role, department] of [
    ['portal-a', 'admin', undefined],
    ['portal-b', 'admin', undefined],
    ['editor-x', 'editor', 'gaj'],
  ] as const)
    await t.services.accounts.staff.createStaff({ username, displayName: username, role, department, password: PASSWORD });
}, 120_000);
afterAll(() => t.close());

const signedIn = (username: string) => staffWeb(t.app, username, PASSWORD);

const versionOf = (body: string) => /name="_version" value="(\d+)"/.exec(body)?.[1] as string;

describe('text notation', () => {
  it('reads every demo record back exactly as it was', () => {
    const bundle = readJourneyDir('data/demo');
    const reader = new notation.Reader({});
    for (const j of bundle.journeys) expect(notation.readJourney(notation.journeyCells(j), reader)).toEqual(j);
    for (const q of bundle.questionSets) expect(notation.readQuestionSet(notation.questionSetCells(q), reader)).toEqual(q);
    for (const e of bundle.lifeEvents) expect(notation.readLifeEvent(notation.lifeEventCells(e), reader)).toEqual(e);
    for (const r of bundle.pushRules) expect(notation.readPushRule(notation.pushRuleCells(r), reader)).toEqual(r);
    expect(reader.problems).toEqual([]);
  });
});

describe('journey workflow', () => {
  it('takes a change to a journey through review to the public page, with a version and an audit entry', async () => {
    const author = await signedIn('portal-a');
    const list = await author.get('/admin/journeys');
    expect(list.location).toBe('/admin/catalog/journeys');
    const records = await author.get('/admin/catalog/journeys');
    expect(records.body).toContain('我要买一手房');
    expect(records.body).toContain('推送规则');
    const form = await author.get('/admin/catalog/journeys/buy-new-flat/edit');
    expect(form.body).toContain('## 了解行情');
    const { cells } = await t.services.drafts.editForm(await t.services.accounts.signInStaff('portal-a', PASSWORD), 'journeys', 'buy-new-flat');
    expect(cells.steps).toContain('事项：');
    const saved = await author.post('/admin/catalog/journeys/drafts', { ...cells, _key: 'buy-new-flat', summary: '从看房到领证的8个环节，一步一步办。' });
    expect(saved.status, saved.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]).toBe(303);
    const draftId = Number(/\/admin\/drafts\/(\d+)/.exec(saved.location)?.[1]);
    const draft = await author.get(`/admin/drafts/${draftId}`);
    expect(draft.body).toContain('<ins>');
    expect(draft.body).toContain('从看房到领证的8个环节');
    await author.post(`/admin/drafts/${draftId}/submit`, { _version: versionOf(draft.body) });
    expect((await t.app.inject('/journeys/buy-new-flat')).body).not.toContain('从看房到领证的8个环节');

    const reviewer = await signedIn('portal-b');
    const review = await reviewer.get(`/admin/drafts/${draftId}`);
    await reviewer.post(`/admin/drafts/${draftId}/approve`, { _version: versionOf(review.body), note: '可以' });
    expect(reviewer.last.location).toBe(`/admin/drafts/${draftId}?done=published`);
    expect((await t.app.inject('/journeys/buy-new-flat')).body).toContain('从看房到领证的8个环节，一步一步办。');
    const versions = await reviewer.get('/admin/catalog/journeys/buy-new-flat/versions');
    expect(versions.body).toContain('第 2 版');
    const audit = await t.services.audit.search({ action: 'catalog.publish', entityId: 'buy-new-flat', limit: 5, offset: 0 });
    expect(audit.entries[0]).toMatchObject({ actorName: 'portal-b', entity: 'journeys' });
  });

  it('shows invalid content again with clear messages and saves nothing', async () => {
    const web = await signedIn('portal-a');
    await web.get('/admin/catalog/journeys/new');
    const res = await web.post('/admin/catalog/journeys/drafts', {
      slug: 'Bad Slug',
      title: '',
      domain: '天文',
      audience: '个人',
      summary: '测试',
      keywords: '测试',
      steps: '## 第一步\n说明：做点什么\n事项：NO-SUCH-CODE\n天气：晴',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('无法识别这一行：“天气：晴”');
    const again = await web.post('/admin/catalog/journeys/drafts', {
      slug: 'new-journey',
      title: '',
      domain: '天文',
      audience: '个人',
      summary: '测试',
      keywords: '测试',
      steps: '## 第一步\n说明：做点什么\n事项：NO-SUCH-CODE',
    });
    expect(again.status).toBe(400);
    expect(again.body).toContain('标题');
    expect(again.body).toContain('此项为必填项');
    expect(again.body).toContain('引用的事项“NO-SUCH-CODE”不存在');
    expect(again.body).toContain('取值不在允许范围内');
    const drafts = await t.services.drafts.list(await t.services.accounts.signInStaff('portal-a', PASSWORD), { limit: 100, offset: 0 });
    expect(drafts.drafts.some((d) => d.key === 'new-journey')).toBe(false);
  });

  it('refuses a push rule that would loop, on save, with a clear message', async () => {
    const web = await signedIn('portal-a');
    await web.get('/admin/catalog/pushRules/new');
    // 出生医学证明 → 出生登记 exists; 出生登记 → 出生医学证明 would close the loop
    const res = await web.post('/admin/catalog/pushRules/drafts', {
      slug: 'register-then-certificate',
      trigger: BIRTH_REGISTRATION,
      remind: BIRTH_CERTIFICATE,
      delayDays: '0',
      message: '请办理出生医学证明。',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('推送规则会形成循环提醒：出生登记 → 出生医学证明办理 → 出生登记');
    const itself = await web.post('/admin/catalog/pushRules/drafts', { slug: 'self', trigger: BIRTH_REGISTRATION, remind: BIRTH_REGISTRATION, delayDays: 'x', message: '自己' });
    expect(itself.status).toBe(400);
    expect(itself.body).toContain('应为数字');
    await expect(
      t.services.journeys.importBundle({ journeys: [], questionSets: [], lifeEvents: [], pushRules: [{ slug: 'loop', trigger: BIRTH_REGISTRATION, remind: [BIRTH_CERTIFICATE], delayDays: 0, message: '循环' }] }),
    ).rejects.toThrow(/1 处问题/);
    expect((await t.services.journeys.listPushRules()).some((r) => r.slug === 'loop')).toBe(false);
  });

  it('publishes a new push rule, and shows operators what each rule sent and had opened', async () => {
    const author = await signedIn('portal-a');
    await author.get('/admin/catalog/pushRules/new');
    const saved = await author.post('/admin/catalog/pushRules/drafts', {
      slug: 'vaccination-then-doctor',
      trigger: '11360121MB000821004000',
      remind: '11360121MB000821003000',
      delayDays: '0',
      message: '宝宝已建立预防接种证，可以为宝宝签约家庭医生。',
    });
    expect(saved.status).toBe(303);
    const id = Number(/\/admin\/drafts\/(\d+)/.exec(saved.location)?.[1]);
    await author.post(`/admin/drafts/${id}/submit`, { _version: versionOf((await author.get(`/admin/drafts/${id}`)).body) });
    const reviewer = await signedIn('portal-b');
    await reviewer.post(`/admin/drafts/${id}/approve`, { _version: versionOf((await reviewer.get(`/admin/drafts/${id}`)).body) });
    const rules = await reviewer.get('/admin/catalog/pushRules');
    expect(rules.body).toContain('办完“预防接种”后提醒');
    expect(rules.body).toMatch(/已发送 0 · 已打开 0 · 待发送 0/);
  });

  it('keeps department staff out: journey content is portal-wide', async () => {
    const editor = await signedIn('editor-x');
    expect((await editor.get('/admin/catalog/journeys')).body).not.toContain('我要买一手房');
    expect((await editor.get('/admin/catalog/journeys/buy-new-flat/edit')).status).toBe(404);
    await editor.get('/admin/catalog/items');
    const res = await editor.post('/admin/catalog/journeys/drafts', { slug: 'x', title: 'x' });
    expect([403, 404]).toContain(res.status);
  });
});
