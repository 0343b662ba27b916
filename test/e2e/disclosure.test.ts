/**
 * 政务公开 in a browser: the 示范市公安局 editor drafts a policy (a 文号 in the wrong form is
 * refused with its reason first), links it to 居住证申领, drafts its 解读 and sends both for
 * review; the department's reviewer publishes both; the system administrator puts the policy
 * in a gazette issue; the policy is then in the disclosure catalogue, in the gazette and on the
 * linked guide, and the 解读 is shown on the policy. axe on every page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoAccounts } from '../../src/cli/seed.js';
import { accessibilityWalk, browserRunsElsewhere, demoSite, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('an editor drafts a policy and its 解读, a reviewer publishes both (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  let browser: Browser;
  let base: string;
  const password = readDemoAccounts()?.password ?? '';

  beforeAll(async () => {
    site = await demoSite({ loginRateLimit: 0 });
    ({ browser, base } = site);
  });
  afterAll(() => site?.close());

  it('draft → 文号 refused → fixed → link → 解读 → review → publish → catalogue, gazette, guide', async () => {
    const marker = `E2E${Date.now().toString(36).toUpperCase()}`;
    const title = `示范市公安局关于优化居住证签注服务的通知（${marker}）`;
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const year = yesterday.slice(0, 4);
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { visited, check } = accessibilityWalk(page);
    const signIn = async (username: string) => {
      await page.goto(`${base}/admin/login`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel(/^密码/).fill(password);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(/\/admin$/);
    };
    const signOut = async () => {
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL(/\/admin\/login$/);
    };
    const fill = async (o: Record<string, string>) => {
      for (const [label, value] of Object.entries(o)) await page.getByLabel(new RegExp(`^${label}`)).first().fill(value);
    };

    // the editor drafts a policy with a 文号 in square brackets: refused, with the reason
    await signIn('gaj-editor');
    await page.goto(`${base}/admin/disclosure`);
    await check();
    await page.getByRole('link', { name: '新建信息' }).click();
    await page.waitForURL(/\/admin\/disclosure\/new$/);
    await check();
    await fill({ 标题: title, 主题分类: '公安、安全、司法', 发文机关: '示范市公安局', 文号: '示公发[2026]21号', 成文日期: yesterday, 关键词: '居住证，签注' });
    await page.getByLabel('信息类型').selectOption({ label: '政策文件' });
    await page.getByLabel('公开主体').selectOption({ label: '示范市公安局' });
    await page.getByLabel('五公开类别').selectOption({ label: '决策公开 · 政策文件' });
    await fill({ 正文: '各分局：\n\n自即日起，居住证签注可以全程网上办理。\n\n| 事项 | 办理方式 |\n| --- | --- |\n| 居住证签注 | 网上办理 |' });
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.locator('.field-error').first().textContent()).resolves.toContain('六角括号');
    await check();
    await fill({ 文号: `示公发〔${year}〕21号` });
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/admin\/disclosure\/articles\/\d+\?done=saved$/);
    const policyId = Number(/articles\/(\d+)/.exec(page.url())?.[1]);
    await check();
    await fill({ 事项实施编码: '11360108MB000808006000' });
    await page.getByRole('button', { name: '关联事项' }).click();
    await page.waitForURL(/done=linked$/);
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.waitForURL(/done=submitted$/);
    await expect(page.getByRole('button', { name: '审核通过并发布' }).count()).resolves.toBe(0);

    // …and its 解读
    await page.goto(`${base}/admin/disclosure/new?kind=interpretation&policy=${policyId}`);
    await fill({ 标题: `《${title}》政策解读`, 主题分类: '政策解读', 发文机关: '示范市公安局', 成文日期: yesterday, 正文: '居住证签注不再需要到派出所，手机上即可办理。' });
    await page.getByLabel('公开主体').selectOption({ label: '示范市公安局' });
    await page.getByLabel('五公开类别').selectOption({ label: '决策公开 · 政策解读' });
    await page.getByLabel(/^解读形式/).selectOption({ label: '文字解读' });
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForURL(/\/admin\/disclosure\/articles\/\d+\?done=saved$/);
    const interpretationId = Number(/articles\/(\d+)/.exec(page.url())?.[1]);
    await page.getByRole('button', { name: '提交审核' }).click();
    await page.waitForURL(/done=submitted$/);
    await signOut();

    // the reviewer publishes both from the list of drafts waiting
    await signIn('gaj-reviewer');
    for (const id of [policyId, interpretationId]) {
      await page.goto(`${base}/admin/disclosure?draft=review`);
      await page.getByRole('main').locator(`a[href="/admin/disclosure/articles/${id}"]`).click();
      await page.waitForURL(new RegExp(`/admin/disclosure/articles/${id}$`));
      await check();
      await page.getByRole('button', { name: '审核通过并发布' }).click();
      await page.waitForURL(/done=published$/);
    }
    await signOut();

    // the system administrator puts the policy in a gazette issue
    await signIn('sysadmin');
    await page.goto(`${base}/admin/disclosure/gazette`);
    await check();
    await fill({ 年份: year, 期号: '12', 出版日期: yesterday, 收录的信息编号: String(policyId) });
    await page.getByRole('button', { name: '保存本期公报' }).click();
    await page.waitForURL(/done=issue$/);
    await signOut();

    // the public: the catalogue, the article with its 解读, the gazette and the guide
    await page.goto(`${base}/xxgk/gaj/policy-docs`);
    await check();
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.waitForURL(new RegExp(`/xxgk/articles/${policyId}$`));
    await check();
    await expect(page.getByRole('main').textContent()).resolves.toContain(`示公发〔${year}〕21号`);
    await expect(page.getByRole('link', { name: `《${title}》政策解读` }).count()).resolves.toBe(1);
    await expect(page.locator('meta[name="ArticleTitle"]').getAttribute('content')).resolves.toBe(title);
    await page.goto(`${base}/gazette/${year}/12`);
    await check();
    await expect(page.getByRole('heading', { name: title }).count()).resolves.toBe(1);
    await page.goto(`${base}/xxgk/articles/${policyId}`);
    await page.getByRole('link', { name: '居住证申领' }).click();
    await page.waitForURL(/\/items\/\d+$/);
    await check();
    // the guide's 政务公开 box: the policy under 决策公开, and its 解读 with it
    await expect(page.locator('#disclosure').getByRole('link', { name: title, exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('#disclosure').getByRole('link', { name: `《${title}》政策解读`, exact: true }).count()).resolves.toBe(1);

    expect(visited.length).toBeGreaterThanOrEqual(10);
    await context.close();
  });
});
