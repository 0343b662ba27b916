/**
 * A citizen's way to a guide: home → a theme → a service → its print view → its PDF,
 * with no WCAG 2.1 A/AA violation on any page on the way.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityWalk, browserRunsElsewhere, demoSite, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('citizen finds a guide and takes it away (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSite();
    ({ browser, base } = site);
  });
  afterAll(() => site?.close());

  it('home → theme → item → print view → PDF, each page accessible', async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' });
    const page = await context.newPage();
    const { visited, check } = accessibilityWalk(page);

    await page.goto(base);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('您要办什么事');
    await check();

    await page.getByRole('link', { name: /交通出行/ }).first().click();
    await page.waitForURL(/\/themes\/jiaotong$/);
    await check();

    await page.getByRole('link', { name: '机动车驾驶证补领', exact: true }).click();
    await page.waitForURL(/\/items\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('机动车驾驶证补领');
    // the materials checklist can be ticked off without any script
    const firstBox = page.getByRole('checkbox').first();
    await firstBox.check();
    expect(await firstBox.isChecked()).toBe(true);
    await check();

    await page.getByRole('link', { name: '打印明白纸' }).click();
    await page.waitForURL(/\/print$/);
    await expect(page.locator('h1').textContent()).resolves.toBe('机动车驾驶证补领');
    await check();

    await page.goBack();
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('link', { name: '下载 PDF' }).click();
    const download = await downloadPromise;
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const pdf = readFileSync(path as string);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5000);
    expect(visited).toEqual(['/', '/themes/jiaotong', expect.stringMatching(/^\/items\/\d+$/), expect.stringMatching(/\/print$/)]);
    await context.close();
  });
});
