/**
 * The four-eyes way a guide changes: the 示范市公安局 editor changes an item's summary and submits
 * the draft; the editor cannot approve it; the department's reviewer sees the change in the diff
 * and publishes it; the public guide shows the new text. No WCAG 2.1 A/AA violation on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoAccounts } from '../../src/cli/seed.js';
import { accessibilityWalk, browserRunsElsewhere, demoSite, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('editor changes a guide, reviewer publishes it (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  let browser: Browser;
  let base: string;
  const password = readDemoAccounts()?.password ?? '';

  beforeAll(async () => {
    site = await demoSite({ loginRateLimit: 0 });
    ({ browser, base } = site);
  });
  afterAll(() => site?.close());

  it('edit → save draft → 提交审核 → (no self-approval) → reviewer 审核通过并发布 → public guide', async () => {
    expect(password, 'data/demo/accounts.json has the demo password').not.toBe('');
    const marker = `E2E${Date.now().toString(36).toUpperCase()}`;
    const summary = `居民身份证丢失后可在全市任一户政窗口补领，当场受理（${marker}）。`;
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { visited, check } = accessibilityWalk(page);
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();
    const menu = () => page.getByRole('navigation', { name: '工作台导航' });
    const approveButton = () => page.getByRole('button', { name: '审核通过并发布' });
    /** the summary's row in the table of changed fields (the first diff table; the second lists all fields) */
    const summaryChange = () =>
      page.locator('table.diff').first().getByRole('row').filter({ has: page.getByRole('rowheader', { name: '事项简介' }) });
    const signIn = async (username: string) => {
      await page.goto(`${base}/admin/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel(/^密码/).fill(password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(/\/admin$/);
    };

    // the editor signs in and finds the item of their department
    await page.goto(`${base}/admin/login`);
    await check();
    await signIn('gaj-editor');
    await expect(page.locator('.who').textContent()).resolves.toContain('王芳');
    await menu().getByRole('link', { name: '事项与目录' }).click();
    await page.waitForURL(/\/admin\/catalog\/items$/);
    await page.getByRole('searchbox', { name: '按名称、日常叫法或编码查找事项' }).fill('居民身份证');
    await page.getByRole('main').getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/admin\/catalog\/items\?q=/);
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: '居民身份证补领', exact: true }) });
    await expect(row.count()).resolves.toBe(1);
    await expect(row.getByRole('cell', { name: '示范市公安局', exact: true }).count()).resolves.toBe(1);
    const publicPath = await row.getByRole('link', { name: '查看' }).getAttribute('href');
    expect(publicPath).toMatch(/^\/items\/\d+$/);
    await check();

    // 修改 → the summary → 保存草稿
    await row.getByRole('link', { name: '修改' }).click();
    await page.waitForURL(/\/admin\/catalog\/items\/[^/]+\/edit$/);
    await expect(heading()).resolves.toContain('居民身份证补领');
    await check();
    const summaryField = page.getByLabel(/^事项简介/);
    await expect(summaryField.inputValue()).resolves.toContain('补领后原证自动作废');
    await summaryField.fill(summary);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/admin\/drafts\/\d+\?done=saved$/);
    const draftPath = new URL(page.url()).pathname;
    await expect(summaryChange().locator('ins').filter({ hasText: marker }).count()).resolves.toBe(1);

    // 提交审核; the author has no approve button, and a forged approval is refused
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.waitForURL(/\/admin\/drafts\/\d+\?done=submitted$/);
    await expect(page.locator('.facts .badge').textContent()).resolves.toBe('待审核');
    await expect(approveButton().count()).resolves.toBe(0);
    await check();
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const version = await page.locator('input[name="_version"]').first().inputValue();
    const forged = await context.request.post(`${base}${draftPath}/approve`, { form: { _csrf: csrf, _version: version }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    await page.reload();
    await expect(page.locator('.facts .badge').textContent()).resolves.toBe('待审核');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/admin\/login$/);

    // the reviewer finds it waiting in 修改与审核 → 待审核
    await signIn('gaj-reviewer');
    await menu().getByRole('link', { name: '修改与审核' }).click();
    await page.waitForURL(/\/admin\/drafts$/);
    await page.getByRole('navigation', { name: /状态/ }).getByRole('link', { name: '待审核' }).click();
    await page.waitForURL(/\/admin\/drafts\?status=review$/);
    await page.getByRole('main').getByRole('link', { name: '居民身份证补领', exact: true }).click();
    await page.waitForURL((u) => u.pathname === draftPath);
    await expect(page.locator('table.diff').first().getByRole('row').count()).resolves.toBe(2);
    await expect(summaryChange().locator('ins').filter({ hasText: marker }).count()).resolves.toBe(1);
    await expect(summaryChange().locator('del').filter({ hasText: '补领后原证自动作废' }).count()).resolves.toBe(1);
    await expect(approveButton().count()).resolves.toBe(1);
    await check();
    await approveButton().click();
    await page.waitForURL(/\/admin\/drafts\/\d+\?done=published$/);
    await expect(page.locator('.facts .badge').textContent()).resolves.toBe('已发布');

    // the public guide shows the new summary
    await page.goto(`${base}${publicPath}`);
    await expect(heading()).resolves.toBe('居民身份证补领');
    await expect(page.getByRole('main').textContent()).resolves.toContain(summary);

    expect(visited).toEqual([
      '/admin/login',
      '/admin/catalog/items',
      expect.stringMatching(/\/edit$/),
      draftPath,
      draftPath,
    ]);
    await context.close();
  });
});
