/**
 * The demo walked with no gateway at all, in a browser: a citizen who is not signed in writes to
 * the mayor, asks for the SMS code, follows the notice to the development inbox, reads the code
 * there and sends the letter; then a signed-in citizen sees themself in the header and finds
 * their letter under 我的来信 — with no WCAG 2.1 A/AA violation on any page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityWalk, browserRunsElsewhere, demoSite, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('the demo without services (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSite({ loginRateLimit: 0, letterRateLimit: 0 });
    ({ browser, base } = site);
  }, 180_000);
  afterAll(async () => {
    await site?.close();
  });

  it('写信 → 获取验证码 → 开发收件箱 → 提交 → 回执; 登录后页头和我的来信', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { check, visited } = accessibilityWalk(page);

    await page.goto(`${base}/letters/new`);
    await page.getByLabel('类型').selectOption({ label: '咨询' });
    await page.locator('#f-title').fill('社区老年食堂什么时候开业');
    await page.locator('#f-body').fill('听说我们社区要建老年食堂，请问什么时候开业？七十岁以上老人吃饭有没有补贴？');
    await page.locator('#f-name').fill('吴晓');
    await page.locator('#f-phone').fill('13712345670');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByRole('note').textContent()).resolves.toContain('演示环境：短信未真正发送，请到开发收件箱查看');
    await check();

    // the notice's link opens the development inbox beside the form
    const [inbox] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: '打开开发收件箱' }).click()]);
    await inbox.waitForLoadState();
    expect(new URL(inbox.url()).pathname).toBe('/dev/inbox');
    const message = inbox.getByRole('article').filter({ hasText: '137****5670' }).first();
    const code = /验证码是 (\d{6})/.exec((await message.textContent()) ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const inboxWalk = accessibilityWalk(inbox);
    await inboxWalk.check();
    await inbox.close();

    await page.getByLabel('短信验证码').fill(code!);
    await page.getByRole('button', { name: '提交来信' }).click();
    await page.waitForURL(/\/letters\/receipt\//);
    await check();
    const [trackingCode] = (await page.locator('strong.code').allTextContents()) as [string];
    expect(trackingCode).toMatch(/^XF\d{8}/);

    // a signed-in citizen: the header says who, 我的 leads to the personal space and 我的来信
    await page.goto(`${base}/login`);
    await page.getByLabel('手机号码或电子邮箱').fill('13800000001');
    await page.getByLabel(/^密码/).fill('Shifan2026demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/me$/);
    await page.goto(`${base}/letters/new`);
    await page.getByLabel('类型').selectOption({ label: '建议' });
    await page.locator('#f-title').fill('建议在东湖公园增设饮水点');
    await page.locator('#f-body').fill('东湖公园晨练的人很多，夏天没有饮水的地方，建议在南门和北门各增设一个直饮水点。');
    await page.getByRole('button', { name: '提交来信' }).click();
    await page.waitForURL(/\/letters\/receipt\//);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.textContent()).resolves.toContain('李*');
    await nav.getByRole('link', { name: '我的', exact: true }).click();
    await page.waitForURL(/\/me$/);
    await page.getByRole('navigation', { name: '个人空间导航' }).getByRole('link', { name: '我的来信' }).click();
    await page.waitForURL(/\/me\/letters$/);
    await check();
    await page.getByRole('link', { name: '建议在东湖公园增设饮水点' }).click();
    await page.waitForURL(/\/me\/letters\/XF/);
    await check();

    // 退出 in the header, no JavaScript needed: back to the visitor's header
    await page.getByRole('navigation', { name: '主导航' }).getByRole('button', { name: '退出' }).click();
    await page.waitForURL(`${base}/`);
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登录 / 个人空间' }).count()).resolves.toBe(1);

    expect(visited).toEqual(['/letters/new/code', '/letters/receipt/' + trackingCode, '/me/letters', expect.stringMatching(/^\/me\/letters\/XF/)]);
    await context.close();
  });
});
