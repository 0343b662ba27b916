/**
 * The whole letters loop in a browser: a citizen writes to the mayor (with the SMS code), the
 * rules send the letter to 市公安局, its handler drafts and submits a reply, its reviewer
 * publishes it, and the citizen finds the reply with the codes of the receipt and rates it —
 * with no WCAG 2.1 A/AA violation on any page on the way.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityWalk, browserRunsElsewhere, demoSiteWithChannels, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('a letter to the mayor, answered (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSiteWithChannels>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSiteWithChannels({ loginRateLimit: 0, letterRateLimit: 0 });
    ({ browser, base } = site);
  });
  afterAll(async () => {
    await site?.close();
  });

  const smsTo = (phone: string, test: (text: string) => boolean) =>
    site.delivered(() => site.channels.sms.filter((m) => m.to === phone && test(m.text)).at(-1)?.text, `an SMS to ${phone}`);

  async function staffSignIn(page: Page, username: string) {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill('Shifan2026demo');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/admin$/);
  }

  it('写信 → 回执 → 自动派单 → 起草答复 → 审核发布 → 查询答复 → 评价', async () => {
    const phone = '13612345678';
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const { check } = accessibilityWalk(page);

    // the citizen: 政民互动 → 我要写信 (市长信箱 is the default mailbox)
    await page.goto(base);
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '政民互动' }).click();
    await page.waitForURL(/\/letters$/);
    await check();
    await page.getByRole('link', { name: '我要写信' }).first().click();
    await page.waitForURL(/\/letters\/new$/);
    await check();
    await page.getByLabel('类型').selectOption({ label: '咨询' });
    await page.locator('#f-title').fill('外地驾照快到期了能在示范市换证吗');
    await page.locator('#f-body').fill('我的驾驶证是外省核发的，明年一月到期，现在在示范市工作，能不能在示范市直接换证？需要带什么材料？');
    await page.getByRole('checkbox', { name: /同意在来信公开栏目公开/ }).check();
    await page.locator('#f-name').fill('周文博');
    await page.locator('#f-phone').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('136****5678');
    await check();
    const code = /(\d{6})/.exec(await smsTo(phone, (t) => t.includes('验证码')))![1]!;
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '提交来信' }).click();
    await page.waitForURL(/\/letters\/receipt\//);
    await check();
    const codes = await page.locator('strong.code').allTextContents();
    const [trackingCode, queryCode] = codes as [string, string];
    expect(trackingCode).toMatch(/^XF\d{8}/);
    expect(queryCode).toMatch(/^\d{6}$/);
    await expect(smsTo(phone, (t) => t.includes(trackingCode))).resolves.toContain(queryCode);

    // 市公安局's handler finds it in the queue (the rules placed it) and submits a reply
    await staffSignIn(page, 'gaj-handler');
    await page.getByRole('link', { name: '来信办理' }).click();
    await check();
    await page.getByRole('link', { name: '外地驾照快到期了能在示范市换证吗' }).click();
    await check();
    await page.getByLabel('答复内容').fill('您好！驾驶证有效期满前 90 日内，可凭身份证和驾驶证在示范市任一车管所或“交管12123”App 申请换证，无需回原籍，当场办结。持证人年满 60 周岁或有身体条件变化的，还需提交身体条件证明。');
    await page.getByRole('button', { name: '提交审核' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('已提交审核');
    await page.getByRole('button', { name: '退出' }).click();

    // the reviewer publishes it
    await staffSignIn(page, 'gaj-reviewer');
    await page.goto(`${base}/admin/letters?status=reviewing`);
    await page.getByRole('link', { name: '外地驾照快到期了能在示范市换证吗' }).click();
    await check();
    await page.getByRole('button', { name: '审核通过并发布' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('答复已发布');
    await page.getByRole('button', { name: '退出' }).click();
    await expect(smsTo(phone, (t) => t.includes('已有答复'))).resolves.toContain(trackingCode);

    // the citizen looks it up with the receipt's codes and rates the reply
    await page.goto(`${base}/letters/track`);
    await page.getByLabel('信件编号').fill(trackingCode);
    await page.getByLabel('查询码').fill(queryCode);
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page.locator('main').textContent()).resolves.toContain('交管12123');
    await check();
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toContain('感谢您的评价');
    await expect(page.locator('main').textContent()).resolves.toContain('您的评价：满意');
    await check();

    // and the public page shows it
    await page.goto(`${base}/letters/${trackingCode}`);
    await expect(page.locator('main').textContent()).resolves.toContain('周*博');
    await check();
    await page.goto(`${base}/letters/stats`);
    await check();
    await context.close();
  });
});
