/**
 * A citizen opens an account in the browser: home → 登录 / 个人空间 → 注册 → a code by SMS →
 * name, password, 个人 → the personal space; signs out, signs in again with phone and password,
 * and reads the welcome message — with no WCAG 2.1 A/AA violation on any page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityWalk, browserRunsElsewhere, demoSiteWithChannels, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('citizen signs up, signs out and in again (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSiteWithChannels>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSiteWithChannels({ loginRateLimit: 0 });
    ({ browser, base } = site);
  });
  afterAll(async () => {
    await site?.close();
  });

  const codeFor = (recipient: string) => site.delivered(() => site.channels.lastCode(recipient), `a code for ${recipient}`);

  it('sign-up with an SMS code → 个人空间 → 退出 → password sign-in → 我的消息, each page accessible', async () => {
    const phone = '13712345678';
    const masked = '137****5678';
    const name = '林晓雨';
    const password = 'linxiaoyu2026';
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { visited, check } = accessibilityWalk(page);
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();

    // home → the header link → /me sends a stranger to sign in → 注册
    await page.goto(base);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登录 / 个人空间' }).click();
    await page.waitForURL(/\/login\?next=%2Fme$/);
    await page.getByRole('link', { name: '注册', exact: true }).click();
    await page.waitForURL(/\/signup$/);
    await expect(heading()).resolves.toBe('注册账户');
    await check();

    // step one: the phone number; the code goes out by the SMS gateway
    await page.getByLabel('手机号码或电子邮箱').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.waitForURL(/\/signup\/verify\?/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(masked);
    await check();
    const code = await codeFor(phone);
    expect(code).toMatch(/^\d{6}$/);

    // step two: code, kind, name, password
    await page.getByLabel('验证码').fill(code);
    await page.getByRole('radio', { name: '个人（市民）' }).check();
    await page.getByLabel('姓名').fill(name);
    await page.getByLabel('设置密码').fill(password);
    await page.getByRole('button', { name: '注册', exact: true }).click();
    await page.waitForURL(/\/me\?done=signup$/);
    await expect(heading()).resolves.toBe('个人空间');
    await expect(page.getByRole('status').textContent()).resolves.toContain('注册成功');
    await expect(page.getByRole('heading', { level: 2, name: `${name}，您好` }).count()).resolves.toBe(1);
    const main = page.locator('main');
    await expect(main.textContent()).resolves.toContain(masked);
    await expect(main.textContent()).resolves.not.toContain(phone);
    await check();

    // sign out: back on the home page, and /me asks to sign in again
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '登录 / 个人空间' }).click();
    await page.waitForURL(/\/login\?next=%2Fme$/);
    await expect(heading()).resolves.toBe('登录');
    await check();

    // a wrong password is refused on the page, the right one opens the personal space
    await page.getByLabel('手机号码或电子邮箱').fill(phone);
    await page.getByLabel(/^密码/).fill('not-the-password1');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('账号或密码不正确');
    await page.getByLabel(/^密码/).fill(password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/me$/);
    await expect(page.getByRole('heading', { level: 2, name: `${name}，您好` }).count()).resolves.toBe(1);
    await expect(main.textContent()).resolves.toContain(masked);

    // the welcome message, once the outbox has run
    await site.t.services.notify.deliverDue(200);
    await page.getByRole('navigation', { name: '个人空间导航' }).getByRole('link', { name: '我的消息' }).click();
    await page.waitForURL(/\/me\/messages$/);
    await expect(heading()).resolves.toBe('我的消息');
    const welcome = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 2, name: /欢迎使用示范市政务服务网/ }) });
    await expect(welcome.count()).resolves.toBe(1);
    await expect(welcome.textContent()).resolves.toContain(`${name}，您好！您的账户已开通。`);
    await check();

    expect(visited).toEqual(['/signup', '/signup/verify', '/me', '/login', '/me/messages']);
    await context.close();
  });
});
