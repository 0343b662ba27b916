/**
 * A hall appointment in a browser: a citizen books a slot and gets the code, takes a ticket on the
 * phone when there, the hall manager calls the number from window 1, the display board and the
 * phone show it live (Server-Sent Events), and the number is served — with no WCAG 2.1 A/AA
 * violation on any page on the way — and then rated (好差评) from the phone's ticket page; the hall
 * manager's back-office pages (day list, windows, hours, reports) are checked on the way too.
 * The app's appointments run on a clock set to a Wednesday morning, moving on in real time.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Services, createApp, createServices } from '../../src/app.js';
import { createAppointmentService } from '../../src/modules/appointments/index.js';
import { buildBookableHall, buildCitizen, buildStaff } from '../factories/index.js';
import { testConfig, testDatabase } from '../helpers.js';
import { accessibilityWalk, browserRunsElsewhere, haveBrowser, launch } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('book → code → ticket on the phone → called on the board → served → rated (browser)', () => {
  let services: Services;
  let app: Awaited<ReturnType<typeof createApp>>;
  let browser: Browser;
  let base: string;
  let drop: () => Promise<void>;
  const start = Date.now();
  const clock = { now: () => new Date(Date.parse('2026-03-04T01:50:00Z') + (Date.now() - start)) }; // 09:50 in Shanghai

  beforeAll(async () => {
    const db = await testDatabase();
    services = await createServices(testConfig({ loginRateLimit: 0, letterRateLimit: 0 }, db.databaseUrl), db.database);
    services.appointments = createAppointmentService(db.database, {
      catalog: services.catalog,
      accounts: services.accounts,
      notify: services.notify,
      changes: services.changes,
      calendar: services.letters.calendar,
      publicUrl: 'http://localhost:3000',
      clock,
      ratings: services.ratings,
    });
    app = await createApp(services);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launch();
    drop = async () => {
      await browser.close();
      await app.close();
      await services.close();
      await db.drop();
    };
  });
  afterAll(() => drop?.());

  it('预约 → 预约码 → 手机取号 → 叫号屏 → 办结 → 评价', async () => {
    const h = await buildBookableHall({ catalog: services.catalog, appointments: services.appointments }, { minNoticeMinutes: 0, slotMinutes: 30 });
    const citizen = await buildCitizen(services);
    const manager = await buildStaff(services, { role: 'hall_manager', department: h.department });

    const phone = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await phone.newPage();
    page.setDefaultTimeout(15_000);
    const { check, visited } = accessibilityWalk(page);

    // the citizen signs in and books the 10:00 slot
    await page.goto(`${base}/login?next=/appointments`);
    await page.getByLabel('手机号码或电子邮箱').fill(citizen.phone);
    await page.getByLabel(/^密码/).fill(citizen.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/appointments$/);
    await check();
    await page.getByRole('link', { name: h.hall.name }).click();
    await page.waitForURL(/\/appointments\/halls\/[^/]+$/);
    await check();
    await page.locator('.appt-items a').first().click();
    await page.waitForURL(/\/items\/\d+/);
    await check();
    await page.getByRole('button', { name: '预约 10:00' }).click();
    await page.waitForURL(/\/appointments\/bookings\/[A-Z0-9]{10}\?done=booked$/);
    await check();
    const code = (await page.locator('[data-booking-code]').textContent())?.trim() as string;
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    await expect(page.locator('.appt-qr svg').count()).resolves.toBe(1);

    // there: take the number on the phone
    await page.getByRole('button', { name: '我已到厅，取号' }).click();
    await page.waitForURL(/\/queue\/tickets\//);
    await check();
    await expect(page.locator('.appt-number').textContent()).resolves.toBe('A001');
    await expect(page.locator('[data-field="line"]').textContent()).resolves.toBe('下一个就是您');

    // the hall's display board
    const screen = await browser.newContext({ locale: 'zh-CN' });
    const board = await screen.newPage();
    board.setDefaultTimeout(15_000);
    const boardWalk = accessibilityWalk(board);
    await board.goto(`${base}/appointments/halls/${h.hall.slug}/board`);
    await boardWalk.check();

    // the hall manager calls the next number from window 1
    const desk = await browser.newContext({ locale: 'zh-CN' });
    const staff = await desk.newPage();
    staff.setDefaultTimeout(15_000);
    const staffWalk = accessibilityWalk(staff);
    await staff.goto(`${base}/admin/login`);
    await staff.getByLabel('用户名').fill(manager.username);
    await staff.getByLabel('密码').fill(manager.password);
    await staff.getByRole('button', { name: '登录' }).click();
    await staff.waitForURL(/\/admin$/);
    await staff.goto(`${base}/admin/appointments`);
    await staffWalk.check();
    await staff.getByRole('link', { name: /^1 号窗口/ }).click();
    await staff.waitForURL(/\/admin\/appointments\/windows\/\d+$/);
    await staffWalk.check();
    await staff.getByRole('button', { name: '呼叫下一位' }).click();
    await staff.waitForURL(/done=called/);
    await staffWalk.check();

    // the board and the phone hear it without a reload
    await board.locator('[data-field="calls"]').getByText('A001').waitFor();
    await expect(board.locator('[data-field="calls"]').textContent()).resolves.toContain('1 号窗口');
    await boardWalk.check();
    await page.locator('[data-field="line"]').getByText('请到 1 号窗口').waitFor();
    await check();

    // served
    await staff.getByRole('button', { name: '开始办理' }).click();
    await staff.waitForURL(/done=saved/);
    await staff.getByRole('button', { name: '办结' }).click();
    await staff.waitForURL(/done=saved/);
    await staffWalk.check();
    // the hall manager's back office: the day's list, windows, hours and the holiday calendar, the report with its charts
    const office = `${base}/admin/appointments/halls/${h.hall.slug}`;
    for (const url of [`${office}?status=served`, `${office}/windows`, `${office}/hours`, `${office}/reports`]) {
      await staff.goto(url);
      await staffWalk.check();
    }
    await expect(staff.locator('figure.chart img').count()).resolves.toBe(2);
    // the phone, still on the ticket, offers the rating without a reload
    await page.locator('[data-field="rate"]').getByRole('link', { name: '评价本次服务' }).waitFor();
    await check();
    await page.goto(`${base}/appointments/bookings/${code}`);
    await expect(page.locator('.facts').first().textContent()).resolves.toContain('已办理');
    await check();

    // rated: 好差评 on the shared ratings page
    await page.getByRole('link', { name: '评价本次服务' }).click();
    await page.waitForURL(new RegExp(`/me/ratings/booking/${code}$`));
    await check();
    await page.locator('input[name="level"][value="very_satisfied"]').check();
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.waitForURL(/done=rated/);
    await check();

    expect(visited).toEqual([
      '/appointments',
      `/appointments/halls/${h.hall.slug}`,
      expect.stringMatching(/\/items\//),
      expect.stringMatching(/\/bookings\//),
      expect.stringMatching(/\/queue\/tickets\//),
      expect.stringMatching(/\/queue\/tickets\//),
      expect.stringMatching(/\/queue\/tickets\//),
      expect.stringMatching(/\/bookings\//),
      `/me/ratings/booking/${code}`,
      expect.stringMatching(/\/me\/ratings\/booking\//),
    ]);
    await phone.close();
    await screen.close();
    await desk.close();
  });
});
