/**
 * What a citizen notices of issue #11's small things, over HTTP: a department's long list is
 * grouped, filterable without JavaScript and paged; 绿色通道 cards say what a group gets; the
 * reply rate counts only letters that are due; the letter form marks what is optional, puts the
 * consent just before the button and, when refused, links each problem to its field and keeps
 * what was typed; the living style guide shows every component.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, buildItem } from './factories/catalog.js';
import { testApp } from './helpers.js';
import { WebClient } from './web.js';
import { cookieHeader } from './cookies.js';

let t: Awaited<ReturnType<typeof testApp>>;
let deptId: number;
let deptName: string;
const bundle = buildBundle(16);

beforeAll(async () => {
  t = await testApp({ letterRateLimit: 0 });
  const refs = { department: bundle.departments[0]!.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug };
  bundle.items.push(buildItem(refs, { name: '测试公共服务甲', aliases: ['公服甲'], type: '公共服务' }), buildItem(refs, { name: '测试公共服务乙', type: '公共服务' }));
  bundle.specialGroups[0]!.arrangements = ['孕妇、怀抱婴儿者优先办理，市民中心设母婴室', '生育津贴全程网办'];
  await t.services.catalog.importBundle(bundle);
  const dept = (await t.services.catalog.listDepartments())[0]!;
  deptId = dept.id;
  deptName = dept.name;
});
afterAll(async () => {
  await t?.close();
});

const page = async (url: string) => {
  const r = await t.app.inject(url);
  expect(r.statusCode, url).toBe(200);
  return r.body;
};

describe('a department with many items', () => {
  it('groups them by type, pages them and filters them by words and type without JavaScript', async () => {
    const first = await page(`/departments/${deptId}`);
    expect(first).toContain('<form method="get" action="/departments/');
    expect(first).toContain('<h3 id="t-行政许可">行政许可</h3>');
    expect(first).toContain('共 18 项服务');
    expect(first).toContain('第 1 / 2 页');
    expect(first.match(/class="item-name"/g)).toHaveLength(15);
    const second = await page(`/departments/${deptId}?page=2`);
    expect(second.match(/class="item-name"/g)).toHaveLength(3);
    expect(second).toContain('<h3 id="t-公共服务">公共服务</h3>');

    const byWord = await page(`/departments/${deptId}?q=${encodeURIComponent('公服甲')}`);
    expect(byWord).toContain('找到 1 项');
    expect(byWord).toContain('测试公共服务甲');
    expect(byWord).not.toContain('测试公共服务乙');
    expect(byWord).toContain('value="公服甲"');
    const byType = await page(`/departments/${deptId}?type=${encodeURIComponent('公共服务')}`);
    expect(byType.match(/class="item-name"/g)).toHaveLength(2);
    expect(byType).toContain('<option value="公共服务" selected>');
    const none = await page(`/departments/${deptId}?q=${encodeURIComponent('没有这个词')}`);
    expect(none).toContain('没有符合条件的事项');
    // odd input is a page, not an error
    for (const q of ['?page=-1', '?page=abc', '?page=999999', `?q=${'长'.repeat(500)}`, '?q=a&q=b'])
      expect((await t.app.inject(`/departments/${deptId}${q}`)).statusCode, q).toBe(200);
    // text that is not text (U+0000) is refused before the page is built, with a page that says so
    const nul = await t.app.inject(`/departments/${deptId}?type=%00`);
    expect(nul.statusCode).toBe(400);
    expect(nul.headers['content-type']).toContain('text/html');
  });
});

describe('绿色通道', () => {
  it('cards say what each group gets, from its arrangements', async () => {
    const name = bundle.specialGroups[0]!.name;
    const home = await page('/');
    expect(home).toContain(`<strong>${name}绿色通道</strong><small>孕妇、怀抱婴儿者优先办理</small>`);
    const groups = await page('/groups');
    expect(groups).toContain('<li>孕妇、怀抱婴儿者优先办理</li><li>生育津贴全程网办</li>');
  });
});

describe('the reply rate', () => {
  it('counts only letters that are due, and shows — when none is', async () => {
    const { createIntake } = await import('../src/modules/letters/index.js');
    const intake = createIntake(t.db.database, { accounts: t.services.accounts, notify: t.services.notify, formatDue: (d) => d.toISOString(), localDate: (d) => d.toISOString().slice(0, 10) });
    const now = Date.now();
    const write = (title: string, dueInDays: number) =>
      intake.write({
        row: { channel: 'mayor', type: 'suggestion', title, body: '小区入住人数多，最近的公交站要走二十分钟。', status: 'handling', receivedAt: new Date(now - 3_600_000), dispatchDueAt: new Date(now), dueAt: new Date(now + dueInDays * 86_400_000), departmentId: deptId },
        lead: { id: deptId, name: deptName },
        attachments: [],
        actor: { id: 'writer', name: '写信人' },
      });
    await write('还没到期的来信一', 5);
    await write('还没到期的来信二', 5);
    const year = Number(t.services.letters.calendar.localDate(new Date(now - 3_600_000)).slice(0, 4));
    const notYet = (await t.services.letters.statistics(year)).filter((r) => r.departmentId === deptId);
    expect(notYet.reduce((n, r) => n + r.received, 0)).toBe(2);
    expect(notYet.every((r) => r.due === 0 && r.replyRate === null)).toBe(true);
    const html = await page(`/letters/stats?year=${year}`);
    const row = new RegExp(`<th scope="row" class="dept">${deptName}</th><td class="num">2</td><td class="num">0</td><td class="num">0</td><td class="num">—</td>`);
    expect(html).toMatch(row);
  });
});

describe('the letter form', () => {
  it('marks optional fields, puts the consent after the sender and before the button', async () => {
    const body = await page('/letters/new');
    for (const id of ['f-address', 'f-attachments', 'f-email']) expect(body, id).toMatch(new RegExp(`<label for="${id}">[^<]+<span class="optional">（选填）</span></label>`));
    expect(body).not.toMatch(/<label for="f-title">[^<]+<span class="optional">/);
    const sender = body.indexOf('</fieldset>', body.indexOf('来信人信息'));
    const consent = body.indexOf('name="isPublic"');
    const submit = body.indexOf('提交来信');
    expect(body.indexOf('name="attachments"')).toBeLessThan(sender);
    expect(sender).toBeLessThan(consent);
    expect(consent).toBeLessThan(submit);
  });

  it('when refused: a summary linking to each field, the error beside it, and what was typed kept', async () => {
    const web = new WebClient(t.app);
    await web.get('/letters/new');
    const r = await t.app.inject({
      method: 'POST',
      url: '/letters/new',
      headers: { cookie: cookieHeader(web.cookies), 'content-type': 'multipart/form-data; boundary=X' },
      payload: [['_csrf', web.csrf], ['channel', 'mayor'], ['type', 'suggestion'], ['title', '短'], ['body', '我想说的话还没写完'], ['address', '幸福社区']]
        .map(([k, v]) => `--X\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
        .join('')
        .concat('--X--\r\n'),
    });
    expect(r.statusCode).toBe(400);
    const summary = /<div class="error-summary" role="alert"[\s\S]*?<\/div>/.exec(r.body)?.[0] ?? '';
    expect(summary).toContain('href="#f-title"');
    expect(summary).toContain('href="#f-body"');
    expect(r.body).toMatch(/<div class="field has-error">\s*<label for="f-title">/);
    expect(r.body).toContain('<p class="field-error" id="f-title-error">');
    expect(r.body).toMatch(/id="f-title"[^>]*aria-describedby="f-title-hint f-title-error" aria-invalid="true"/);
    expect(r.body).toContain('我想说的话还没写完</textarea>');
    expect(r.body).toContain('value="幸福社区"');
  });
});

describe('/styleguide', () => {
  it('shows every component with its markup', async () => {
    const body = await page('/styleguide');
    for (const id of ['tokens', 'buttons', 'cards', 'tags', 'notices', 'key-facts', 'tables', 'forms', 'filters', 'pager']) expect(body, id).toContain(`id="${id}"`);
    expect(body).toContain('--color-brand');
    expect(body).toContain('&lt;div class=&quot;table-wrap&quot; role=&quot;region&quot;');
    expect(body).not.toMatch(/style="/);
  });
});
