/**
 * 预约挂号 in a browser: a patient goes from the hospitals to a hospital (departments and beds), a
 * department (doctors), a doctor's week by half-day, registers, gets the code with its QR and
 * finds it under 我的挂号; the hospital's administrator suspends the half-day (停诊) in the back
 * office, and the patient moves it with one click to another half-day — with no WCAG 2.1 A/AA
 * violation on any page on the way. The app's hospitals run on a clock set to Wednesday 10:00.
 */
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Services, createApp, createServices } from '../../src/app.js';
import { createHospitalService } from '../../src/modules/appointments/index.js';
import { buildCitizen, buildDepartment, buildHospital, buildStaff } from '../factories/index.js';
import { testConfig, testDatabase } from '../helpers.js';
import { accessibilityWalk, browserRunsElsewhere, haveBrowser, launch } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('hospital → department → doctor → register → 停诊 → one-click move (browser)', () => {
  let services: Services;
  let app: Awaited<ReturnType<typeof createApp>>;
  let browser: Browser;
  let base: string;
  let drop: () => Promise<void>;
  const start = Date.now();
  const clock = { now: () => new Date(Date.parse('2026-03-04T02:00:00Z') + (Date.now() - start)) };

  beforeAll(async () => {
    const db = await testDatabase();
    services = await createServices(testConfig({ loginRateLimit: 0, letterRateLimit: 0 }, db.databaseUrl), db.database);
    services.hospitals = createHospitalService(db.database, { accounts: services.accounts, calendar: services.letters.calendar, publicUrl: 'http://localhost:3000', clock });
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

  it('挂号 → 挂号码 → 停诊 → 一键改约', async () => {
    const h = await buildHospital(services.hospitals, { quota: 5, doctorsPerDepartment: 2 });
    const d = buildDepartment();
    await services.catalog.importBundle({ departments: [d], halls: [], themes: [], specialGroups: [], forms: [], items: [] });
    const admin = await buildStaff(services, { role: 'hospital_admin', department: d.slug });
    await services.hospitals.assignAdmin(admin.principal.userId, h.hospital.slug);
    const citizen = await buildCitizen(services);
    const doctor = h.doctors[0]!;

    const phone = await browser.newContext({ locale: 'zh-CN' });
    const page: Page = await phone.newPage();
    page.setDefaultTimeout(15_000);
    const { check, visited } = accessibilityWalk(page);
    await page.goto(`${base}/login?next=/hospitals`);
    await page.getByLabel('手机号码或电子邮箱').fill(citizen.phone);
    await page.getByLabel(/^密码/).fill(citizen.password);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/hospitals$/);
    await check();
    await page.getByRole('link', { name: h.hospital.name }).click();
    await page.waitForURL(/\/hospitals\/h-[^/]+$/);
    await check();
    await expect(page.locator('.hosp-beds').textContent()).resolves.toContain(h.departments[0]!.name);
    await page.getByRole('link', { name: h.departments[0]!.name }).click();
    await page.waitForURL(/\/departments\/\d+$/);
    await check();
    await page.getByRole('link', { name: doctor.name, exact: true }).click();
    await page.waitForURL(/\/hospitals\/doctors\/\d+$/);
    await check();
    // tomorrow morning: the first 挂号 button of the second row
    await page.getByRole('button', { name: new RegExp(`上午 ${doctor.name}`) }).first().click();
    await page.waitForURL(/\/hospitals\/registrations\/[A-Z0-9]{10}\?done=booked$/);
    await check();
    const code = (await page.locator('[data-registration-code]').textContent())?.trim() as string;
    expect(code).toMatch(/^[A-Z0-9]{10}$/);
    await expect(page.locator('.appt-qr svg').count()).resolves.toBe(1);
    await page.getByRole('link', { name: '我的挂号' }).first().click();
    await page.waitForURL(/\/hospitals\/mine$/);
    await check();
    await expect(page.locator('main').textContent()).resolves.toContain(code);

    // the hospital's administrator suspends that half-day
    const desk = await browser.newContext({ locale: 'zh-CN' });
    const staff = await desk.newPage();
    staff.setDefaultTimeout(15_000);
    const staffWalk = accessibilityWalk(staff);
    await staff.goto(`${base}/admin/login`);
    await staff.getByLabel('用户名').fill(admin.username);
    await staff.getByLabel('密码').fill(admin.password);
    await staff.getByRole('button', { name: '登录' }).click();
    await staff.waitForURL(/\/admin$/);
    await staff.goto(`${base}/admin/hospitals`);
    await staff.waitForURL(/\/admin\/hospitals\/\d+$/);
    await staffWalk.check();
    const mine = await services.hospitals.myRegistration((await services.accounts.signIn(citizen.phone, citizen.password))!, code);
    const row = staff.locator(`form[action$="/sessions/${mine.session.id}/suspend"]`);
    await row.locator('input[name="notice"]').fill('医生外出义诊');
    await row.getByRole('button').click();
    await staff.waitForURL(/done=saved/);
    await staffWalk.check();

    // the patient sees the notice and moves with one click
    await page.goto(`${base}/hospitals/registrations/${code}`);
    await check();
    await expect(page.locator('main').textContent()).resolves.toContain('医生外出义诊');
    await page.locator('#rebook ~ ul button').first().click();
    await page.waitForURL(/done=rebooked$/);
    await check();
    await expect(page.locator('.facts').textContent()).resolves.toContain('已挂号');

    expect(visited[0]).toBe('/hospitals');
    expect(visited).toHaveLength(8);
    await phone.close();
    await desk.close();
  });
});
