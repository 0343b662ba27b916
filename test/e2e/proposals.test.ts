/**
 * 人大建议/政协提案 and the annual report in the browser: the public list with its counts and
 * filters, a published reply, a clerk's registration form (first without a handler: the error) and
 * case page, and a published annual report with its print view; every page passes axe (WCAG 2.1 A/AA).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../../src/cli/seed.js';
import type { DemoProposal } from '../../src/modules/proposals/index.js';
import { buildStaff, FACTORY_PASSWORD } from '../factories/accounts.js';
import { buildBundle } from '../factories/catalog.js';
import { testApp } from '../helpers.js';
import { accessibilityWalk, browserRunsElsewhere, haveBrowser, launch } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('proposals and the annual report (browser)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let editor: string;

  beforeAll(async () => {
    t = await testApp({ loginRateLimit: 0 });
    const bundle = buildBundle(0);
    await t.services.catalog.importBundle(bundle);
    const slug = bundle.departments[0]!.slug;
    const dept = (await t.services.catalog.listDepartments()).find((d) => d.slug === slug)!.id;
    const demo = JSON.parse(readFileSync(join(DEMO_DIR, 'proposals.json'), 'utf8')) as DemoProposal[];
    const ids = new Map(demo.flatMap((p) => [p.main, ...(p.co ?? [])]).map((s) => [s, dept] as [string, number]));
    await t.services.proposals.seedDemo(demo.map((p) => ({ ...p, co: [], opinions: [] })), ids);
    const e = await buildStaff(t.services, { role: 'editor', department: slug });
    editor = e.username;
    const reviewer = await buildStaff(t.services, { role: 'reviewer', department: slug });
    await t.services.disclosure.importDemo({ orgs: [{ slug: 'e2e-org', name: '示范市测试局', level: 'department', department: slug, guide: [] } as never], articles: [], gazette: [], topics: [] });
    const r = await t.services.reports.generate(e.principal, { org: 'e2e-org', year: 2025 });
    await t.services.reports.submit(e.principal, { id: r.id });
    await t.services.reports.publish(reviewer.principal, { id: r.id });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('public list → reply page; report and print view; clerk’s form with its error and the case page', async () => {
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    page.setDefaultTimeout(15_000);
    const { check } = accessibilityWalk(page);
    await page.goto(`${base}/proposals`);
    await expect(page.getByRole('heading', { name: '建议提案办理复文' }).isVisible()).resolves.toBe(true);
    await check();
    await page.getByLabel('会议年度').selectOption('2024');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/year=2024/);
    await page.getByRole('link', { name: '关于加快老旧小区加装电梯的建议' }).click();
    await page.waitForURL(/\/proposals\/\d+$/);
    await expect(page.getByText('A类：所提问题已经解决或基本解决').isVisible()).resolves.toBe(true);
    await check();
    await page.goto(`${base}/xxgk/e2e-org/annual-report/2025`);
    await expect(page.getByRole('heading', { name: '三、收到和处理政府信息公开申请情况' }).isVisible()).resolves.toBe(true);
    await check();
    await page.goto(`${base}/xxgk/e2e-org/annual-report/2025/print`);
    await check();

    const staff = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const walk = accessibilityWalk(staff);
    await staff.goto(`${base}/admin/login`);
    await staff.getByLabel('用户名').fill(editor);
    await staff.getByLabel(/^密码/).fill(FACTORY_PASSWORD);
    await staff.getByRole('button', { name: '登录' }).click();
    await staff.waitForURL(/\/admin$/);
    await staff.goto(`${base}/admin/proposals`);
    await walk.check();
    await staff.getByRole('link', { name: '登记建议提案' }).click();
    await walk.check();
    await staff.getByLabel('编号').fill('第0999号');
    await staff.getByLabel('标题').fill('关于增设社区便民菜市场的建议');
    await staff.getByLabel(/提出人/).fill('王建国（城东区代表团）');
    await staff.getByLabel(/建议（提案）内容/).fill('新建小区周边缺少菜市场，居民买菜不便，建议规划增设社区便民菜市场。');
    await staff.getByLabel('主办单位').selectOption('');
    await staff.getByRole('button', { name: '登记并交办' }).click();
    await expect(staff.getByText('没有主办单位的建议提案无法交办').first().isVisible()).resolves.toBe(true);
    await walk.check();
    await staff.getByLabel('主办单位').selectOption({ index: 1 });
    await staff.getByRole('button', { name: '登记并交办' }).click();
    await staff.waitForURL(/\/admin\/proposals\/\d+\?done=registered/);
    await expect(staff.getByText('剩余').first().isVisible()).resolves.toBe(true);
    await walk.check();
  });
});
