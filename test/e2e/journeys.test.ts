/**
 * A new parent in the browser: signs in, chooses e-mail notices, answers the birth questions
 * (answers kept in the URL), opens 出生登记 and from its "part of" box the journey 我要生孩子,
 * follows it, marks 办理“出生一件事” done — and finds the reminder about the ID card and the
 * newborn's medical insurance in the message box and in the local SMTP inbox — on a phone-sized
 * screen. Every page on the way passes axe (WCAG 2.1 A/AA).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityWalk, browserRunsElsewhere, demoSiteWithChannels, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('a citizen answers the birth questions and is reminded of what comes next (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSiteWithChannels>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSiteWithChannels({ loginRateLimit: 0 });
    ({ browser, base } = site);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
  });

  const mailTo = (address: string, containing: string) =>
    site.delivered(() => site.channels.to(address).find((m) => m.text.includes(containing))?.text, `a mail with “${containing}” to ${address}`);

  it('questions → 出生登记 → 我要生孩子 → follow → step done → reminder in 我的消息 and by e-mail', async () => {
    // on a phone-sized screen; every step is a plain link or form (src/modules/journeys/journeys-personal.test.ts posts them without a browser)
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { visited, check } = accessibilityWalk(page);
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();

    // sign in as the demo citizen and ask for notices by e-mail as well
    await page.goto(`${base}/login?next=%2Fme%2Fsettings`);
    await page.getByLabel('手机号码或电子邮箱').fill('13800000001');
    await page.getByLabel(/^密码/).fill('Shifan2026demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/me\/settings$/);
    await page.getByRole('checkbox', { name: /电子邮件/ }).check();
    await page.getByRole('button', { name: '保存' }).nth(1).click();
    await page.waitForURL(/\/me\/settings\?done=channels$/);

    // 办事场景 → the birth questions
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办事场景' }).click();
    await page.waitForURL(/\/journeys$/);
    await expect(heading()).resolves.toBe('办事场景');
    await check();
    await page.getByRole('link', { name: '生孩子要办哪些事' }).click();
    await page.waitForURL(/\/questions\/birth$/);
    await check();
    await page.getByRole('group', { name: /孩子是在医院出生的吗/ }).getByRole('radio', { name: /是，在医院/ }).check();
    await page.getByRole('group', { name: /父母中有一方是示范市户籍吗/ }).getByRole('radio', { name: /是，至少一方/ }).check();
    await page.getByRole('group', { name: /这是您家的第一个孩子吗/ }).getByRole('radio', { name: /是，第一个孩子/ }).check();
    await page.getByRole('group', { name: /妈妈参加的是哪种医疗保险/ }).getByRole('radio', { name: /职工医保/ }).check();
    await page.getByRole('button', { name: '查看要办的事' }).click();
    await page.waitForURL(/\/questions\/birth\?hospital=yes&hukou=yes&first=yes&insurance=employee$/);
    const result = page.getByRole('region', { name: /根据您的回答/ });
    for (const name of ['出生医学证明办理', '出生登记', '生育登记', '新生儿参加居民医保', '生育津贴申领'])
      await expect(result.getByRole('link', { name, exact: true }).count()).resolves.toBeGreaterThan(0);
    await check();

    // the guide of 出生登记 shows the journey it is part of
    await result.getByRole('link', { name: '出生登记', exact: true }).click();
    await page.waitForURL(/\/items\/\d+$/);
    const partOf = page.getByRole('region', { name: '所属办事场景' });
    await expect(partOf.textContent()).resolves.toContain('第 6 步');
    await check();
    await partOf.getByRole('link', { name: '我要生孩子' }).click();
    await page.waitForURL(/\/journeys\/have-baby#step-6$/);
    await expect(heading()).resolves.toBe('我要生孩子');
    await expect(page.getByText('已完成 0 / 8 步').count()).resolves.toBe(1);
    await check();

    // follow the journey, then mark the step done
    await page.getByRole('button', { name: '关注', exact: true }).click();
    await page.waitForURL(/\/journeys\/have-baby\?done=followed$/);
    await expect(page.getByRole('button', { name: '取消关注' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: '标记“办理“出生一件事””已完成' }).click();
    await page.waitForURL(/\/journeys\/have-baby\?done=done#step-6$/);
    await expect(page.getByText('已完成 1 / 8 步').count()).resolves.toBe(1);
    await check();

    // the reminder, by e-mail and in the message box
    const mail = await mailTo('liming@example.com', '您已办完“出生登记”');
    expect(mail).toContain('新生儿参加居民医保');
    expect(mail).toMatch(/\/me\/reminders\/\d+\/open/);
    await page.goto(`${base}/me/journeys`);
    await expect(heading()).resolves.toBe('我的办事');
    await expect(page.getByRole('region', { name: '进行中的办事场景' }).textContent()).resolves.toContain('我要生孩子');
    await expect(page.getByRole('region', { name: '我的关注' }).textContent()).resolves.toContain('我要生孩子');
    await check();
    await page.getByRole('navigation', { name: '个人空间导航' }).getByRole('link', { name: '我的消息' }).click();
    await page.waitForURL(/\/me\/messages$/);
    const reminder = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 2, name: /办事提醒：办完“出生登记”之后/ }) });
    await expect(reminder.count()).resolves.toBe(1);
    await expect(reminder.textContent()).resolves.toContain('居民身份证');
    await check();

    // the reminder's link opens the reminders page, where it can be stopped
    await reminder.getByRole('link', { name: '查看详情' }).click();
    await page.waitForURL(/\/me\/reminders#r-\d+$/);
    await expect(page.getByRole('heading', { level: 2, name: '办完“出生登记”之后' }).count()).resolves.toBe(1);
    await check();

    // 人生大事: the birth event on one page, with a button per item for the signed-in citizen
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办事场景' }).click();
    await page.getByRole('link', { name: '人生大事' }).click();
    await page.waitForURL(/\/life-events\?audience=citizen$/);
    await check();
    await page.getByRole('link', { name: /^生育/ }).click();
    await page.waitForURL(/\/life-events\/birth$/);
    await expect(page.getByRole('button', { name: '撤销“出生登记”的已办理标记' }).count()).resolves.toBe(1);
    await check();

    expect(visited.map((v) => v.replace(/\d+$/, 'N'))).toEqual([
      '/journeys',
      '/questions/birth',
      '/questions/birth',
      '/items/N',
      '/journeys/have-baby',
      '/journeys/have-baby',
      '/me/journeys',
      '/me/messages',
      '/me/reminders',
      '/life-events',
      '/life-events/birth',
    ]);
    await context.close();
  });
});
