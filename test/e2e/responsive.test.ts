/**
 * Every kind of page at a phone (375 px), a tablet (768 px) and a laptop (1280 px): the page
 * never scrolls sideways as a whole (wide tables scroll inside their own box), and no table cell
 * or grid child is squeezed so narrow that Chinese text breaks a character per line.
 * Screenshots land in test-results/screenshots/ (git-ignored) to look at by eye; not in CI, where
 * nobody looks at them and the 120 full-page PNGs cost a good part of the sweep (SCREENSHOTS=1 takes
 * them there too).
 */
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserRunsElsewhere, demoSite, haveBrowser } from './browser.js';

const WIDTHS = [375, 768, 1280] as const;
const SHOTS = 'test-results/screenshots';
const screenshots = !process.env.CI || !!process.env.SCREENSHOTS;

/** What is wrong with the layout of the page the browser is on (nothing: an empty list). */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollWidth > window.innerWidth) {
      // name the widest culprits to make the failure useful
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap, .scroll-x, .visually-hidden, .skip'))
        .slice(0, 3)
        .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`);
      problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth} (${wide.join(', ')})`);
    }
    const cjk = /[\u3400-\u9fff]/g;
    const candidates = Array.from(document.querySelectorAll('td, th, dd, dt, li, div, a, section, p, label')).filter((el) => {
      if (el.tagName === 'TD' || el.tagName === 'TH') return true;
      const parent = el.parentElement;
      return !!parent && /grid|flex/.test(getComputedStyle(parent).display);
    });
    for (const el of candidates) {
      const box = el.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || el.closest('.visually-hidden')) continue;
      const text = (el.textContent ?? '').trim();
      const chars = text.match(cjk)?.length ?? 0;
      if (chars < 4) continue; // a short word such as 是 or 序号 may sit in a narrow column
      const em = Number.parseFloat(getComputedStyle(el).fontSize) || 16;
      if (box.width < 4 * em) problems.push(`squeezed (${Math.round(box.width)} px): <${el.tagName.toLowerCase()} class="${el.className}">${text.slice(0, 20)}`);
    }
    return problems.slice(0, 10);
  });
}

/** Every kind of page: its name (for the screenshot) and who looks at it; a path, or one found in beforeAll. */
const PAGES: { name: string; path?: string; who: 'guest' | 'citizen' | 'staff' }[] = [
  { name: 'home', path: '/', who: 'guest' },
  { name: 'search', path: '/search?q=驾驶证', who: 'guest' },
  { name: 'guide', who: 'guest' },
  { name: 'departments', path: '/departments', who: 'guest' },
  { name: 'department', who: 'guest' },
  { name: 'themes', path: '/themes', who: 'guest' },
  { name: 'theme', who: 'guest' },
  { name: 'groups', path: '/groups', who: 'guest' },
  { name: 'group', who: 'guest' },
  { name: 'journeys', path: '/journeys', who: 'guest' },
  { name: 'journey', who: 'guest' },
  { name: 'life-events', path: '/life-events', who: 'guest' },
  { name: 'life-event', who: 'guest' },
  { name: 'letters', path: '/letters', who: 'guest' },
  { name: 'letter', who: 'guest' },
  { name: 'letters-new', path: '/letters/new', who: 'guest' },
  { name: 'letters-stats', path: '/letters/stats', who: 'guest' },
  { name: 'letters-track', path: '/letters/track', who: 'guest' },
  { name: 'login', path: '/login', who: 'guest' },
  { name: 'signup', path: '/signup', who: 'guest' },
  { name: 'styleguide', path: '/styleguide', who: 'guest' },
  { name: 'me', path: '/me', who: 'citizen' },
  { name: 'me-messages', path: '/me/messages', who: 'citizen' },
  { name: 'me-journeys', path: '/me/journeys', who: 'citizen' },
  { name: 'me-settings', path: '/me/settings', who: 'citizen' },
  { name: 'me-reminders', path: '/me/reminders', who: 'citizen' },
  { name: 'admin-login', path: '/admin/login', who: 'guest' },
  { name: 'admin', path: '/admin', who: 'staff' },
  { name: 'admin-items', path: '/admin/catalog/items', who: 'staff' },
  { name: 'admin-letters', path: '/admin/letters?status=all', who: 'staff' },
  { name: 'admin-case', who: 'staff' },
  { name: 'admin-drafts', path: '/admin/drafts', who: 'staff' },
  { name: 'admin-audit', path: '/admin/audit', who: 'staff' },
  { name: 'admin-users', path: '/admin/users', who: 'staff' },
  { name: 'admin-notifications', path: '/admin/notifications', who: 'staff' },
  { name: 'admin-search', path: '/admin/search', who: 'staff' },
  { name: 'admin-rules', path: '/admin/letters/rules', who: 'staff' },
];

// The sweep reads pages' HTML and layout, which do not depend on the database: it runs on the
// embedded database, and CI's PostgreSQL pass (which proves the data layer with every other test,
// browser journeys included) leaves it out to stay within its time budget (docs/decisions/0015).

describe.skipIf(!haveBrowser || browserRunsElsewhere)('every page at 375, 768 and 1280 px (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  const contexts = {} as Record<'guest' | 'citizen' | 'staff', BrowserContext>;
  const found = new Map<string, string>();

  beforeAll(async () => {
    if (screenshots) mkdirSync(SHOTS, { recursive: true });
    site = await demoSite({ loginRateLimit: 0 });
    const { browser, base } = site;
    contexts.guest = await browser.newContext({ locale: 'zh-CN' });
    contexts.citizen = await browser.newContext({ locale: 'zh-CN' });
    contexts.staff = await browser.newContext({ locale: 'zh-CN' });
    const page = await contexts.citizen.newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${base}/login`);
    await page.getByLabel('手机号码或电子邮箱').fill('13800000001');
    await page.getByLabel(/^密码/).fill('Shifan2026demo');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(/\/me/);
    await page.close();
    const adminPage = await contexts.staff.newPage();
    adminPage.setDefaultTimeout(20_000);
    await adminPage.goto(`${base}/admin/login`);
    await adminPage.getByLabel('用户名').fill('sysadmin');
    await adminPage.getByLabel('密码').fill('Shifan2026demo');
    await adminPage.getByRole('button', { name: '登录' }).click();
    await adminPage.waitForURL(/\/admin$/);

    // the first link of each kind, as a visitor would find it
    const firstHref = async (p: Page, path: string, selector: string) => {
      await p.goto(`${base}${path}`);
      const href = await p.locator(selector).first().getAttribute('href');
      if (!href) throw new Error(`no ${selector} on ${path}`);
      return href;
    };
    const guest = await contexts.guest.newPage();
    guest.setDefaultTimeout(20_000);
    // the department with the most items: the longest list to lay out
    found.set('department', await firstHref(guest, '/', '.dept-cloud a:has-text("公安")'));
    found.set('guide', await firstHref(guest, found.get('department') as string, 'main a.item-name'));
    found.set('theme', await firstHref(guest, '/themes', 'main a[href^="/themes/"]'));
    found.set('group', await firstHref(guest, '/groups', 'main a[href^="/groups/"]'));
    found.set('journey', await firstHref(guest, '/journeys', 'main a[href^="/journeys/"]'));
    found.set('life-event', await firstHref(guest, '/life-events', 'main a[href^="/life-events/"]'));
    found.set('letter', await firstHref(guest, '/letters', '.letter-list a'));
    await guest.close();
    found.set('admin-case', await firstHref(adminPage, '/admin/letters?status=all', 'main td a[href^="/admin/letters/"]'));
    await adminPage.close();
  }, 300_000);
  afterAll(async () => {
    await site?.close();
  });

  for (const { name, path, who } of PAGES) {
    it(`${name}: nothing scrolls sideways and no column is squeezed at ${WIDTHS.join(', ')} px`, { timeout: 240_000 }, async () => {
      const url = path ?? found.get(name);
      expect(url, name).toBeTruthy();
      const problems: string[] = [];
      const page = await contexts[who].newPage();
      page.setDefaultTimeout(30_000);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 900 });
        const res = await page.goto(`${site.base}${url}`);
        expect(res?.status(), `${name} ${url}`).toBeLessThan(400);
        if (screenshots) await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
        for (const p of await layoutProblems(page)) problems.push(`${url} at ${width}: ${p}`);
      }
      await page.close();
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
});
