/**
 * 一件事一次办 in a browser: a citizen fills in a bundle's one combined form, uploads its files once,
 * submits, and lands on the bundle's combined status; 我的办件 shows the bundle as one entry — with
 * no WCAG 2.1 A/AA violation on any page on the way.
 */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationsWorld, PDF, PNG } from '../applications-pages.js';
import { buildFormDefinition, VALID_ID_NUMBER } from '../factories/applications.js';
import { accessibilityWalk, browserRunsElsewhere, haveBrowser, launch } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('一件事一次办 (browser)', () => {
  let w: Awaited<ReturnType<typeof applicationsWorld>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    w = await applicationsWorld();
    const found = (await w.db.database.db.execute(sql`select impl_code from items where id = ${w.itemId}`)) as unknown as { rows: { impl_code: string }[] };
    const code = found.rows[0]!.impl_code;
    const form = buildFormDefinition();
    const answers = { name: 'name', idNumber: 'idNumber', phone: 'phone', kind: 'kind', shareholders: 'shareholders' };
    const definition = {
      slug: 'shop-opening',
      title: '开店一件事',
      aliases: [],
      audience: 'citizen',
      summary: '一张表同时申请两项许可，信息只填一次、材料只交一次。',
      form: { ...form, fields: [...form.fields.filter((f) => f.key !== 'startDate'), { key: 'plan', type: 'file', label: '经营场所平面图', accept: ['pdf', 'image'], maxFiles: 2, maxSizeMb: 5, required: true }] },
      parts: [
        { key: 'first', title: '食品经营许可（首次）', item: code, answers, files: { licence: 'licence', 经营场所平面图: 'plan' } },
        { key: 'then', title: '食品经营许可（延续）', item: code, answers, files: { licence: 'licence', 经营场所平面图: 'plan' } },
      ],
      order: 'first → then',
    };
    await w.db.database.db.execute(sql`insert into application_bundles (slug, title, definition) values (${definition.slug}, ${definition.title}, ${JSON.stringify(definition)}::jsonb)`);
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    browser = await launch();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('one form, one submit, one combined status', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { check } = accessibilityWalk(page);
    await page.goto(`${base}/login`);
    await page.getByLabel('手机号码或电子邮箱').fill(w.citizen.phone);
    await page.getByLabel(/^密码/).fill(w.citizen.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${base}/bundles/shop-opening/apply`);
    await check();
    // submitted empty: the problems, in Chinese, nothing written
    await page.getByRole('button', { name: '一次提交全部申请' }).click();
    await expect(page.locator('.error-summary').textContent()).resolves.toContain('尚未提交任何申请');
    await check();
    const byId = (id: string) => page.locator(`[id="${id}"]`);
    await byId('f-a.name').fill('周文博');
    await byId('f-a.idNumber').fill(VALID_ID_NUMBER);
    await byId('f-a.phone').fill('13812345678');
    await page.getByRole('radio', { name: '首次申领' }).check();
    await byId('f-a.shareholders.0.name').fill('周文博');
    await byId('f-a.shareholders.0.idNumber').fill(VALID_ID_NUMBER);
    await byId('u-licence').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
    await byId('u-plan').setInputFiles({ name: '平面图.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: '一次提交全部申请' }).click();
    await page.waitForURL(/\/me\/bundles\/YJ\d+$/).catch(async (e) => {
      throw new Error(`${e}\n${(await page.locator('main').textContent())?.slice(0, 800)}`);
    });
    await expect(page.locator('main').textContent()).resolves.toContain('等待前序事项办结');
    await check();
    await page.goto(`${base}/me/applications`);
    await expect(page.locator('main').textContent()).resolves.toContain('开店一件事');
    await check();
    await context.close();
  });
});
