/**
 * 网上申办 in a browser: a citizen fills in the online form of 食品经营许可证核发 and uploads the
 * licence, a 综合窗口 clerk accepts, two departments review in parallel (会签), one asks for 补正,
 * the citizen corrects, the other approves, the item's department grants; the certificate's QR
 * page verifies it, the citizen rates 非常不满意 with a reason and the rectification case (整改)
 * appears for the department — with no WCAG 2.1 A/AA violation on any page on the way.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationsWorld, PDF, PNG } from '../applications-pages.js';
import { VALID_ID_NUMBER } from '../factories/applications.js';
import { accessibilityWalk, browserRunsElsewhere, haveBrowser, launch } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('an application online, from the form to the decision (browser)', () => {
  let w: Awaited<ReturnType<typeof applicationsWorld>>;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    w = await applicationsWorld();
    await w.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(w.app.server.address() as AddressInfo).port}`;
    browser = await launch();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  async function newPage() {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { page, ...accessibilityWalk(page) };
  }

  async function staffPage(who: { username: string; password: string }) {
    const s = await newPage();
    await s.page.goto(`${base}/admin/login`);
    await s.page.getByLabel('用户名').fill(who.username);
    await s.page.getByLabel('密码').fill(who.password);
    await s.page.getByRole('button', { name: '登录' }).click();
    await s.page.waitForURL(/\/admin$/);
    return s;
  }

  const byId = (page: Page, id: string) => page.locator(`[id="${id}"]`);

  it('申请 → 上传材料 → 提交 → 受理 → 会签 → 补正 → 补正提交 → 准予许可', async () => {
    // the citizen signs in and opens the item's online form
    const citizen = await newPage();
    const { page } = citizen;
    await page.goto(`${base}/login`);
    await page.getByLabel('手机号码或电子邮箱').fill(w.citizen.phone);
    await page.getByLabel(/^密码/).fill(w.citizen.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto(`${base}/items/${w.itemId}/apply`);
    await citizen.check();
    await expect(byId(page, 'f-a.name').inputValue()).resolves.toBe('周文博'); // prefilled from the account
    await byId(page, 'f-a.idNumber').fill(VALID_ID_NUMBER);
    await byId(page, 'f-a.phone').fill('13812345678');
    await page.getByRole('radio', { name: '首次申领' }).check();
    await byId(page, 'f-a.capital').fill('50');
    await byId(page, 'f-a.address').fill('示范市东湖区人民路18号');
    await byId(page, 'f-a.shareholders.0.name').fill('周文博');
    await byId(page, 'f-a.shareholders.0.idNumber').fill(VALID_ID_NUMBER);
    await byId(page, 'f-a.shareholders.0.share').fill('100');
    // the script hides the 遗失说明 while 首次申领 is chosen
    await expect(page.locator('[data-show-when="a.kind"]').isHidden()).resolves.toBe(true);
    await page.getByRole('button', { name: '保存并上传材料' }).click();
    await page.waitForURL(/\/me\/applications\/drafts\/\d+\?done=saved$/);
    await citizen.check();

    // the licence, uploaded into its slot; the 免提交 material needs nothing
    await byId(page, 'slot-licence-file').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('#slot-licence').getByRole('button', { name: '上传' }).click();
    await page.waitForURL(/done=uploaded$/);
    await citizen.check();
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.waitForURL(/\/me\/applications\/SQ\d+\?done=submitted$/);
    await citizen.check();
    const no = /\/me\/applications\/(SQ\d+)/.exec(page.url())![1]!;
    await expect(page.locator('.case-no').textContent()).resolves.toBe(no);

    // the 综合窗口 accepts (一窗受理)
    const clerk = await staffPage(w.staff.clerk);
    await clerk.check(); // the work desk, with the applications' counts
    await clerk.page.goto(`${base}/admin/applications?status=submitted`);
    await clerk.check();
    await clerk.page.getByRole('link', { name: no }).click();
    await clerk.page.waitForURL(new RegExp(`/admin/applications/${no}$`));
    await clerk.check();
    await clerk.page.getByRole('button', { name: '受理', exact: true }).click();
    await clerk.page.waitForURL(/done=accepted$/);
    await clerk.check();

    // 会签: the first department approves, the second asks for 补正
    const b = await staffPage(w.staff.b);
    await b.page.goto(`${base}/admin/applications/${no}`);
    await b.check();
    await b.page.getByLabel('意见', { exact: true }).fill('经审查，卫生条件符合要求。');
    await b.page.getByRole('button', { name: '提交意见' }).click();
    await b.page.waitForURL(/done=opined$/);
    await b.check();

    const c = await staffPage(w.staff.c);
    await c.page.goto(`${base}/admin/applications/${no}`);
    await c.page.getByLabel('需要补正的内容').fill('营业执照副本：请上传加盖公章的复印件');
    await c.page.getByRole('button', { name: '发出补正通知' }).click();
    await c.page.waitForURL(/done=correction$/);
    await c.check();

    // the citizen reads the notice in 我的办件, uploads the stamped copy and resubmits
    await page.goto(`${base}/me/applications`);
    await citizen.check();
    await page.getByRole('link', { name: no }).click();
    await page.waitForURL(new RegExp(`/me/applications/${no}$`));
    await citizen.check();
    await expect(page.locator('.correction').textContent()).resolves.toContain('请上传加盖公章的复印件');
    await byId(page, 'slot-licence-file').setInputFiles({ name: '营业执照（盖章）.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('#slot-licence').getByRole('button', { name: '上传' }).click();
    await page.waitForURL(/done=uploaded$/);
    await page.getByRole('button', { name: '提交补正' }).click();
    await page.waitForURL(/done=corrected$/);
    await citizen.check();

    // the second department approves; the item's department grants
    await c.page.goto(`${base}/admin/applications/${no}`);
    await c.page.getByLabel('意见', { exact: true }).fill('消防设施已核查，符合要求。');
    await c.page.getByRole('button', { name: '提交意见' }).click();
    await c.page.waitForURL(/done=opined$/);
    const a = await staffPage(w.staff.a);
    await a.page.goto(`${base}/admin/applications/${no}`);
    await a.check();
    await a.page.getByLabel('决定理由').fill('申请材料齐全，经联合审查符合法定条件。');
    await a.page.getByRole('button', { name: '办结', exact: true }).click();
    await a.page.waitForURL(/done=concluded$/);
    await a.check();

    await page.goto(`${base}/me/applications/${no}`);
    await citizen.check();
    await expect(page.locator('.decision').textContent()).resolves.toContain('准予许可');

    // how the result reaches the citizen: by post, to a checked address
    await page.getByRole('radio', { name: '邮寄送达' }).check();
    await page.getByLabel('收件人', { exact: true }).fill('周文博');
    await page.getByLabel('收件人手机号码').fill('13812345678');
    await page.getByLabel(/^邮寄地址/).fill('示范市东湖区人民路18号3单元502室');
    await page.getByRole('button', { name: '保存领取方式' }).click();
    await page.waitForURL(/done=delivery$/);
    await citizen.check();
    await expect(page.locator('.delivery').textContent()).resolves.toContain('示范市东湖区人民路18号3单元502室');

    // the certificate's QR code opens its public verification page: valid, what it certifies
    const verifyUrl = (await page.getByRole('link', { name: '查验证照' }).getAttribute('href')) ?? '';
    const code = /\/verify\/([A-Z0-9-]+)$/.exec(verifyUrl)?.[1];
    expect(code).toBeTruthy();
    await page.goto(`${base}/verify/${code}`);
    await citizen.check();
    await expect(page.locator('main').textContent()).resolves.toContain('真实有效');
    await expect(page.locator('main').textContent()).resolves.toContain('食品经营许可证核发');

    // the citizen rates 非常不满意 with a reason and a text
    await page.goto(`${base}/me/applications/${no}`);
    await page.getByRole('link', { name: '评价本次办理（好差评）' }).click();
    await page.waitForURL(new RegExp(`/me/ratings/application/${no}$`));
    await citizen.check();
    await page.getByRole('radio', { name: /^非常不满意/ }).check();
    await page.getByRole('checkbox', { name: /要求多次跑动或到现场办理/ }).check();
    await page.getByLabel(/^评价内容/).fill('补正通知没有一次说清楚，营业执照上传了两次。');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.waitForURL(/\?done=rated$/);
    await citizen.check();

    // the item's department finds the rectification case in 差评整改
    await a.page.goto(`${base}/admin/rectifications`);
    await a.check();
    await a.page.getByRole('link', { name: new RegExp(no) }).click();
    await a.page.waitForURL(/\/admin\/rectifications\/\d+$/);
    await a.check();
    await expect(a.page.locator('main').textContent()).resolves.toContain('营业执照上传了两次');
  }, 240_000);
});
