/**
 * 依申请公开 in the browser: a citizen files a request (first without any contact: the error page),
 * reads it with the clock explained, gets a 补正 notice from the department's handler, corrects
 * it, and the handler's case page and queue show it; every page passes axe (WCAG 2.1 A/AA).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCitizen, buildStaff, FACTORY_PASSWORD } from '../factories/accounts.js';
import { buildBundle } from '../factories/catalog.js';
import { testApp } from '../helpers.js';
import { accessibilityWalk, browserRunsElsewhere, haveBrowser, launch } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('a citizen files an FOI request, corrects it after a 补正 notice (browser)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let phone: string;
  let handler: string;

  beforeAll(async () => {
    t = await testApp({ loginRateLimit: 0 });
    const bundle = buildBundle(0);
    await t.services.catalog.importBundle(bundle);
    phone = (await buildCitizen(t.services)).phone;
    handler = (await buildStaff(t.services, { role: 'handler', department: bundle.departments[0]!.slug })).username;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('form → error → receipt with the clock → 补正 → correction; staff pages', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    page.setDefaultTimeout(15_000);
    const { check } = accessibilityWalk(page);
    await page.goto(`${base}/login?next=%2Ffoi%2Fapply`);
    await page.getByLabel('手机号码或电子邮箱').fill(phone);
    await page.getByLabel(/^密码/).fill(FACTORY_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/foi\/apply$/);
    await check();
    await page.getByLabel(/身份证件号码/).fill('110101198805051234');
    await page.getByLabel(/所需政府信息/).fill('示范市2025年度城市道路维修工程的招标文件');
    await page.getByRole('button', { name: '提交申请' }).click();
    await expect(page.getByText('请至少填写一种联系方式').first().isVisible()).resolves.toBe(true);
    await check();
    await page.getByLabel(/联系电话/).fill('13900002222');
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/me\/foi\/YSQ-/);
    const url = page.url();
    await page.getByText('逐日计算').click();
    await check();

    const staff = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const walk = accessibilityWalk(staff);
    await staff.goto(`${base}/admin/login`);
    await staff.getByLabel('用户名').fill(handler);
    await staff.getByLabel(/^密码/).fill(FACTORY_PASSWORD);
    await staff.getByRole('button', { name: '登录' }).click();
    await staff.waitForURL(/\/admin$/);
    await staff.goto(`${base}/admin/foi`);
    await walk.check();
    await staff.getByRole('link', { name: /YSQ-/ }).first().click();
    await walk.check();
    await staff.getByLabel('需要补正的事项和合理期限').fill('请写明招标项目的名称或编号，补正期限为 15 日');
    await staff.getByRole('button', { name: '发出补正告知' }).click();
    await staff.waitForURL(/done=ok$/);
    await walk.check();

    await page.goto(url);
    await check();
    await page.getByLabel('补正后的申请内容').fill('示范市城市道路维修工程（2025年第二批）招标文件');
    await page.getByRole('button', { name: '提交补正' }).click();
    await page.waitForURL(/done=ok$/);
    await expect(page.getByText('答复期限自收到补正申请之日起重新计算').isVisible()).resolves.toBe(true);
    await check();
    await page.goto(`${base}/me/foi`);
    await check();
  }, 120_000);
});
