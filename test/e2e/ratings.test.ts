/**
 * 好差评 in the browser, on the demo: the citizen opens 办件评价, rates a concluded application
 * 非常不满意 with reasons and text (no script needed), the department's handler finds the new
 * rectification case in 差评整改, closes it with the measures and the callback, and the public
 * 政务服务满意度 page shows the figures as tables and charts. Every page on the way passes axe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityWalk, browserRunsElsewhere, demoSite, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('a citizen rates a concluded application badly and the department rectifies it (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSite({ loginRateLimit: 0 });
    ({ browser, base } = site);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
  });

  it('/me/ratings → rate 非常不满意 → 差评整改 → close with callback → /satisfaction', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { visited, check } = accessibilityWalk(page);

    await page.goto(`${base}/login?next=%2Fme%2Fratings`);
    await page.getByLabel('手机号码或电子邮箱').fill('13800000001');
    await page.getByLabel(/^密码/).fill('Shifan2026demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/me\/ratings$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('办件评价');
    await check();

    // the birth registration concluded yesterday (the applications demo) awaits a rating
    const row = page.getByRole('row').filter({ hasText: '出生登记' }).filter({ has: page.getByRole('link', { name: /去评价/ }) });
    const ref = (await row.getByRole('cell').nth(1).textContent())?.trim() ?? '';
    expect(ref).toMatch(/^SQ\d+/);
    await row.getByRole('link', { name: /去评价/ }).click();
    await page.waitForURL(new RegExp(`/me/ratings/application/${ref}$`));
    await check();
    await page.getByRole('radio', { name: /^非常不满意/ }).check();
    await page.getByRole('checkbox', { name: /要求多次跑动或到现场办理/ }).check();
    await page.getByLabel(/^评价内容/).fill('网上申请后又被通知到派出所现场核对户口簿原件，指南里没写。');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.waitForURL(/\?done=rated$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('示范市公安局整改');
    await check();

    // the handler of the police bureau: the new case is in 差评整改
    const staff = await browser.newContext({ locale: 'zh-CN' });
    const desk = await staff.newPage();
    desk.setDefaultTimeout(10_000);
    const walk = accessibilityWalk(desk);
    await desk.goto(`${base}/admin/login`);
    await desk.getByLabel('用户名').fill('gaj-handler');
    await desk.getByLabel('密码').fill('Shifan2026demo');
    await desk.getByRole('button', { name: '登录' }).click();
    await desk.waitForURL(/\/admin$/);
    await desk.getByRole('link', { name: '差评整改' }).first().click();
    await desk.waitForURL(/\/admin\/rectifications$/);
    await walk.check();
    await desk.getByRole('link', { name: new RegExp(ref) }).click();
    await desk.waitForURL(/\/admin\/rectifications\/\d+$/);
    await expect(desk.getByText('指南里没写')).toBeDefined();
    await walk.check();
    await desk.getByLabel('整改措施（做了什么）').fill('已在出生登记办事指南中写明需核对户口簿原件的情形，并改为上传清晰扫描件即可、不再要求到现场。');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    await desk.getByLabel(/^回访日期/).fill(today);
    await desk.getByLabel('回访方式').selectOption({ label: '电话回访' });
    await desk.getByLabel('回访结果（群众的意见）').selectOption({ label: '基本满意' });
    await desk.getByLabel(/^回访记录/).fill('李先生表示指南改清楚了，希望其他事项也能照此办理。');
    await desk.getByRole('button', { name: '办结整改' }).click();
    await desk.waitForURL(/\?done=closed$/);
    await expect(desk.getByRole('heading', { name: '整改已办结' }).count()).resolves.toBe(1);
    await walk.check();

    // the public figures
    await page.goto(`${base}/satisfaction`);
    await check();
    await expect(page.getByRole('table', { name: '各部门满意度' }).count()).resolves.toBe(1);
    await expect(page.locator('figure.chart img').count()).resolves.toBeGreaterThan(0);
    const chart = await page.request.get(`${base}/satisfaction/levels.svg`);
    expect(await chart.text()).toContain('<svg');
    await page.getByRole('link', { name: '示范市公安局' }).first().click();
    await page.waitForURL(/\/satisfaction\/departments\/\d+$/);
    await check();
    expect([...visited, ...walk.visited].length).toBe(8);
    await context.close();
    await staff.close();
  }, 300_000);
});
