/**
 * Accessibility everywhere: every kind of page, public and back office, in the standard view,
 * in 长辈版 (care mode) and in 繁體, checked with axe-core at WCAG 2.1 A/AA — and a keyboard-only
 * walk of the main flows (search → guide; writing a letter) that checks focus is always visible.
 * The crawl finds the pages' addresses by following links from the lists, as a visitor would.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, browserRunsElsewhere, demoSite, describeViolations, haveBrowser } from './browser.js';

const PASSWORD = 'Shifan2026demo';
const MODES = [
  { name: '标准', cookie: undefined },
  { name: '长辈版', cookie: { name: 'yimen_care', value: 'l' } },
  { name: '繁體', cookie: { name: 'yimen_lang', value: 'hant' } },
] as const;

// The sweep reads pages' HTML and layout, which do not depend on the database: it runs on the
// embedded database, and CI's PostgreSQL pass (which proves the data layer with every other test,
// browser journeys included) leaves it out to stay within its time budget (docs/decisions/0015).

describe.skipIf(!haveBrowser || browserRunsElsewhere)('every page kind passes axe in every display mode (browser)', () => {
  let site: Awaited<ReturnType<typeof demoSite>>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    site = await demoSite({ loginRateLimit: 0, letterRateLimit: 0, lettersPerPhone: 0 });
    ({ browser, base } = site);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
  });

  /** the hrefs on a page */
  const links = async (page: Page, url: string) => {
    await page.goto(`${base}${url}`);
    return page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''));
  };
  const first = async (page: Page, url: string, pattern: RegExp) => {
    const found = (await links(page, url)).find((h) => pattern.test(h));
    expect(found, `a link like ${pattern} on ${url}`).toBeDefined();
    return (found as string).replace(/#.*$/, '');
  };

  async function signedIn(kind: 'anonymous' | 'citizen' | 'enterprise' | 'staff'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    if (kind === 'citizen' || kind === 'enterprise') {
      await page.goto(`${base}/login`);
      await page.getByLabel('手机号码或电子邮箱').fill(kind === 'citizen' ? '13800000001' : '13900000002');
      await page.getByLabel(/^密码/).fill(PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(/\/me/);
    } else if (kind === 'staff') {
      await page.goto(`${base}/admin/login`);
      await page.getByLabel('用户名').fill('sysadmin');
      await page.getByLabel(/^密码/).fill(PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await page.waitForURL(/\/admin$/);
    }
    return { context, page };
  }

  it('home, search, guide, departments, themes, groups, journeys, life events, questions, letters, sign-in, /me and the back office', async () => {
    const anon = await signedIn('anonymous');
    const citizen = await signedIn('citizen');
    const enterprise = await signedIn('enterprise');
    const staff = await signedIn('staff');

    // find one page of each kind by following the site's own links
    const p = anon.page;
    const item = await first(p, '/search?q=%E9%A9%BE%E7%85%A7', /^\/items\/\d+/);
    const department = await first(p, '/departments', /^\/departments\/\d+$/);
    const theme = await first(p, '/themes', /^\/themes\/[a-z0-9-]+$/);
    const journey = await first(p, '/journeys', /^\/journeys\/[a-z0-9-]+$/);
    const lifeEvent = await first(p, '/life-events', /^\/life-events\/[a-z0-9-]+$/);
    const questions = await first(p, '/journeys', /^\/questions\/[a-z0-9-]+$/);
    const letter = await first(p, '/letters', /^\/letters\/[A-Z0-9]{8,}$/);
    const publicPages = [
      '/',
      '/search?q=%E9%A9%BE%E7%85%A7',
      '/search?q=%E9%A9%BE%E7%85%A7&kind=item',
      '/search?q=qqqqxyzzz',
      item.replace(/\?.*$/, ''),
      `${item.replace(/\?.*$/, '')}/print`,
      '/departments',
      department,
      '/themes',
      '/themes?audience=enterprise',
      theme,
      '/groups',
      '/groups/laonian',
      '/journeys',
      journey,
      '/life-events',
      lifeEvent,
      questions,
      '/letters',
      letter,
      '/letters/new',
      '/letters/stats',
      '/letters/track',
      '/login',
      '/signup',
      '/reset',
      '/admin/login',
      '/api/docs',
      '/verify',
      '/satisfaction',
    ];
    // 政务公开: the catalogue, an organisation's list and 公开指南, an article, the gazette and an
    // issue, topics, 依申请公开 with a published reply, proposals, an annual report; and hospitals
    const orgList = await first(p, '/xxgk', /^\/xxgk\/(?!articles\/)[a-z0-9-]+$/);
    const article = await first(p, orgList, /^\/xxgk\/articles\/\d+$/);
    const issue = await first(p, '/gazette', /^\/gazette\/\d{4}\/\d+$/);
    const topic = await first(p, '/topics', /^\/topics\/[a-z0-9-]+$/);
    const foiReply = await first(p, '/foi', /^\/foi\/replies\/\d+$/);
    const proposal = await first(p, '/proposals', /^\/proposals\/\d+$/);
    const report = await first(p, '/xxgk/szf/annual-report', /^\/xxgk\/szf\/annual-report\/\d{4}$/);
    const hospital = await first(p, '/hospitals', /^\/hospitals\/(?!mine|doctors|registrations)[a-z0-9-]+$/);
    publicPages.push('/xxgk', orgList, `${orgList}/guide`, article, '/gazette', issue, '/topics', topic, '/foi', foiReply, '/proposals', proposal, '/xxgk/szf/annual-report', report, '/hospitals', hospital);
    const styleguide = await p.request.get(`${base}/styleguide`);
    if (styleguide.ok()) publicPages.push('/styleguide');
    const mePages = ['/me', '/me/journeys', '/me/messages', '/me/reminders', '/me/settings', '/me/certificates', '/me/ratings'];
    // a demo certificate's verification page, as its holder's list links to it
    publicPages.push(await first(citizen.page, '/me/certificates', /^\/verify\/[A-Z0-9-]{23}$/));

    const s = staff.page;
    const adminLetter = await first(s, '/admin/letters?status=all', /^\/admin\/letters\/\d+$/);
    const adminUser = await first(s, '/admin/users', /^\/admin\/users\/\d+$/);
    const sections = (await links(s, '/admin/catalog')).filter((h) => /^\/admin\/catalog\/[a-z-]+$/.test(h));
    const edit = await first(s, '/admin/catalog/items', /^\/admin\/catalog\/items\/[^/]+\/edit$/);
    // a draft to look at: the editor's change of an item, saved from its edit form
    await s.goto(`${base}${edit}`);
    await s.locator('.form-actions button.primary').click();
    await s.waitForURL(/\/admin\/drafts\/\d+/);
    const draft = new URL(s.url()).pathname;
    const foiCase = await first(s, '/admin/foi?done=1', /^\/admin\/foi\/\d+$/);
    const staffPages = [
      '/admin',
      ...new Set(sections),
      edit,
      edit.replace(/\/edit$/, '/versions'),
      '/admin/catalog/items/new',
      '/admin/drafts',
      draft,
      `${draft}/edit`,
      '/admin/journeys',
      '/admin/letters',
      adminLetter,
      '/admin/letters/rules',
      '/admin/rectifications',
      '/admin/search',
      '/admin/users',
      '/admin/users/new',
      adminUser,
      '/admin/audit',
      '/admin/notifications',
      '/admin/tokens',
      '/admin/certificates',
      '/admin/foi?done=1',
      foiCase,
    ];

    const failures: string[] = [];
    let checked = 0;
    for (const mode of MODES) {
      for (const [who, urls] of [
        [anon, publicPages],
        [citizen, mePages],
        [enterprise, ['/me/enterprise']],
        [staff, staffPages],
        [anon, ['/no-such-page']],
      ] as const) {
        await who.context.clearCookies({ name: 'yimen_care' });
        await who.context.clearCookies({ name: 'yimen_lang' });
        if (mode.cookie) await who.context.addCookies([{ ...mode.cookie, url: base }]);
        for (const url of urls) {
          const response = await who.page.goto(`${base}${url}`);
          const status = response?.status() ?? 0;
          if (status !== (url === '/no-such-page' ? 404 : 200)) failures.push(`[${mode.name}] ${url}: HTTP ${status}`);
          if (mode.cookie?.name === 'yimen_care' && !url.endsWith('/print') && (await who.page.locator('html.care').count()) !== 1)
            failures.push(`[${mode.name}] ${url}: not in care mode`);
          if (mode.cookie?.name === 'yimen_lang' && (await who.page.getAttribute('html', 'lang')) !== 'zh-Hant')
            failures.push(`[${mode.name}] ${url}: not in zh-Hant`);
          const started = Date.now();
          const v = await axeViolations(who.page);
          if (process.env.AXE_TIMES) console.log(`${Date.now() - started} ms ${mode.name} ${url}`);
          checked++;
          if (v.length) failures.push(`[${mode.name}] ${url}\n${describeViolations(v)}`);
        }
      }
    }
    console.log(`axe crawl: ${checked} pages checked (${checked / MODES.length} page kinds × ${MODES.length} modes: ${MODES.map((m) => m.name).join('、')}), ${failures.length} with problems`);
    expect(failures.join('\n\n')).toBe('');
    for (const x of [anon, citizen, enterprise, staff]) await x.context.close();
  }, 1_200_000);

  /** whether the element that has the focus shows a visible focus indicator */
  const focusShows = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return { ok: false, what: 'nothing focused' };
      const cs = getComputedStyle(el);
      const outline = cs.outlineStyle !== 'none' && Number.parseFloat(cs.outlineWidth) >= 2;
      const ring = cs.boxShadow !== 'none';
      return { ok: outline || ring, what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} ${el.getAttribute('name') ?? el.textContent?.trim().slice(0, 20) ?? ''}` };
    });

  /** Tab until `stop` says so, checking each stop shows its focus; gives up after `max` presses. */
  async function tabUntil(page: Page, stop: () => Promise<boolean>, max = 60, onEach?: () => Promise<void>) {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = await focusShows(page);
      expect(f.ok, `focus is visible on ${f.what} (${page.url()})`).toBe(true);
      await onEach?.();
      if (await stop()) return;
    }
    throw new Error(`never reached the target by Tab on ${page.url()}`);
  }

  for (const mode of [MODES[0], MODES[1]]) {
    it(`keyboard only (${mode.name}): search → guide, and writing a letter, with the focus always visible`, async () => {
      const context = await browser.newContext({ locale: 'zh-CN' });
      if (mode.cookie) await context.addCookies([{ ...mode.cookie, url: base }]);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const focused = (selector: string) => page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);

      // search from the home page, then open the first result, all by keyboard
      await page.goto(`${base}/`);
      await tabUntil(page, () => focused('main input[name="q"]'));
      await page.keyboard.type('驾照');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/search\?q=/);
      await tabUntil(page, () => focused('.results a'), 120);
      const target = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).pathname);
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === target);
      expect(target).toMatch(/^\/(items|journeys)\//);

      // write a letter: every field reached by Tab and filled by typing (signed in, so the
      // phone of the account needs no SMS code)
      await page.goto(`${base}/login?next=%2Fletters%2Fnew`);
      await tabUntil(page, () => focused('input[name="identifier"], input[type="text"]:not([name="q"]), input[type="tel"], input[type="email"]'));
      await page.keyboard.type('13800000001');
      await tabUntil(page, () => focused('input[type="password"]'));
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/letters\/new$/);
      const answers: Record<string, string> = {
        title: '键盘填写的建议',
        body: '建议在市民中心增加老年人休息座椅，方便排队等候的长者。',
        name: '李明',
        phone: '13800000001',
      };
      const filled = new Set<string>();
      await tabUntil(
        page,
        () => focused('main form button.primary[type="submit"]'),
        150,
        async () => {
          const { name, value } = await page.evaluate(() => {
            const el = document.activeElement as HTMLInputElement;
            return { name: el.name ?? '', value: el.value ?? '' };
          });
          const answer = answers[name];
          if (answer !== undefined && !filled.has(name)) {
            filled.add(name);
            // a field the account already filled in keeps its value
            if (value === '') await page.keyboard.type(answer);
            else expect(value).toBe(answer);
          }
        },
      );
      expect([...filled].sort()).toEqual(Object.keys(answers).sort());
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/letters\/receipt\//);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBeTruthy();
      await context.close();
    }, 180_000);
  }
});
