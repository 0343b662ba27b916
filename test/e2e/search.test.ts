/**
 * A citizen types into the home page's search box, picks a suggestion and lands on the guide;
 * then searches in everyday words and reads the results page. Every page passes axe-core.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserRunsElsewhere, demoSite, describeViolations, haveBrowser } from './browser.js';

describe.skipIf(!haveBrowser || browserRunsElsewhere)('search as a citizen types it (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSite();
    ({ browser, base } = site);
  });
  afterAll(() => site?.close());

  it('types into the home search box and chooses a suggestion', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(base);
    const box = page.getByRole('combobox', { name: '您要办什么事？' });
    await box.pressSequentially('公积金', { delay: 60 });
    const option = page.getByRole('option', { name: '住房公积金提取' });
    await option.waitFor();
    const v = await axeViolations(page);
    expect(v, describeViolations(v)).toEqual([]);
    await option.click();
    await page.waitForURL(/\/items\/\d+$/);
    expect(await page.locator('h1').textContent()).toBe('住房公积金提取');
    await page.close();
  });

  it('chooses a suggestion with the keyboard, typed in pinyin', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(base);
    const box = page.getByRole('combobox', { name: '您要办什么事？' });
    // wait for the answer to the whole word, not an earlier one for part of it
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/suggest?q=jiashizheng'));
    await box.pressSequentially('jiashizheng', { delay: 30 });
    await answered;
    await page.getByRole('option').first().waitFor();
    await box.press('ArrowDown');
    const chosen = await page.locator('[role="option"][aria-selected="true"]').textContent();
    await box.press('Enter');
    await page.waitForURL(/\/items\/\d+$/);
    expect(chosen).toContain(await page.locator('h1').textContent());
    await page.close();
  });

  it('searches in everyday words and shows an accessible results page', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(base);
    const box = page.getByRole('combobox', { name: '您要办什么事？' });
    await box.fill('驾照丢了怎么办');
    await box.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    const first = page.locator('.results .result-title').first();
    expect(await first.textContent()).toBe('机动车驾驶证补领');
    const v = await axeViolations(page);
    expect(v, describeViolations(v)).toEqual([]);
    await first.click();
    await page.waitForURL(/\/items\/\d+\?sq=/);
    await page.close();
  });
});
