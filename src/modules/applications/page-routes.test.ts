/**
 * The applications pages without JavaScript, over app.inject, on PGlite or PostgreSQL: apply
 * (form prefilled, draft, bad answers shown again with 400 and Chinese messages, a file that is
 * not what it says, uploads), the window accepts, two departments review in parallel, one asks
 * for 补正, the applicant corrects, the item's department concludes; another department's case
 * and its materials are "not found".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationsWorld, PDF, PNG } from '../../../test/applications-pages.js';
import { cookieHeader } from '../../../test/cookies.js';
import { buildCitizen } from '../../../test/factories/accounts.js';
import { VALID_ID_NUMBER } from '../../../test/factories/applications.js';
import { staffWeb, WebClient } from '../../../test/web.js';

let w: Awaited<ReturnType<typeof applicationsWorld>>;
beforeAll(async () => {
  w = await applicationsWorld();
}, 180_000);
afterAll(async () => {
  await w?.close();
});

const BOUNDARY = '----yimen-apply';
function multipart(fields: Record<string, string>, files: { name: string; filename: string; type: string; data: Buffer }[]): Buffer {
  const part = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return Buffer.concat([
    Buffer.from(Object.entries(fields).map(([k, v]) => part(k, v)).join('')),
    ...files.flatMap((f) => [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n')]),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
}

async function upload(web: WebClient, base: string, slot: string, filename: string, data: Buffer, type = 'application/pdf') {
  const res = await w.app.inject({
    method: 'POST',
    url: `${base}/materials?_csrf=${encodeURIComponent(web.csrf)}`,
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: cookieHeader(web.cookies) },
    payload: multipart({ _csrf: web.csrf, slot }, [{ name: 'file', filename, type, data }]),
  });
  return { status: res.statusCode, body: res.body, location: String(res.headers.location ?? '') };
}

async function citizenWeb() {
  const web = new WebClient(w.app);
  await web.get('/login');
  await web.post('/login', { identifier: w.citizen.phone, password: w.citizen.password });
  return web;
}

const answers = {
  'a.name': '周文博',
  'a.idNumber': VALID_ID_NUMBER,
  'a.phone': '13812345678',
  'a.kind': 'new',
  'a.capital': '50',
  'a.address': '示范市东湖区人民路18号',
  'a.shareholders.0.name': '周文博',
  'a.shareholders.0.idNumber': VALID_ID_NUMBER,
  'a.shareholders.0.share': '100',
};

describe('applying, accepting, reviewing, 补正 and concluding through the pages', () => {
  let no = '';

  it('a citizen applies: prefilled form, draft, refused answers and files shown again, uploads, submit', async () => {
    const web = await citizenWeb();
    const form = await web.get(`/items/${w.itemId}/apply`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('食品经营许可证核发');
    expect(form.body).toContain('value="周文博"'); // prefilled from the account
    expect(form.body).toContain('仅当“申请类型”选择遗失补领时填写'); // a conditional field, shown with its hint
    expect(form.body).toContain('股东信息第 1 行');
    expect(form.body).toContain('免提交');

    // a field of another item is not read; the draft is saved and the form resumes there
    const saved = await web.post(`/items/${w.itemId}/apply`, { 'a.name': '周文博', 'a.notMine': 'x', action: 'save' });
    expect(saved.status).toBe(303);
    const draft = /^\/me\/applications\/drafts\/(\d+)\?done=saved$/.exec(saved.location)?.[1];
    expect(draft).toBeTruthy();
    const base = `/me/applications/drafts/${draft}`;
    // the item's apply link now leads to the draft
    expect((await web.get(`/items/${w.itemId}/apply`)).location).toBe(base);
    const page = await web.get(`${base}?done=saved`);
    expect(page.body).toContain('草稿已保存');

    // submit with a required field missing: the page again, 400, the messages in Chinese beside the fields
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]!;
    const missing = await web.post(base, { ...answers, 'a.kind': '', version, action: 'submit' });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('请选择申请类型');
    expect(missing.body).toContain('请上传营业执照');
    expect(missing.body).toContain('value="示范市东湖区人民路18号"'); // what was typed stays
    expect(missing.body).toMatch(/<a href="#f-a\.kind">/);

    // a file that is not what its name says
    const fake = await upload(web, base, 'licence', '营业执照.pdf', Buffer.from('<html>not a pdf</html>'));
    expect(fake.status).toBe(400);
    expect(fake.body).toMatch(/营业执照副本/);
    // a real one
    const good = await upload(web, base, 'licence', '营业执照.pdf', PDF);
    expect(good.status).toBe(303);
    expect(good.location).toBe(`${base}?done=uploaded`);
    const withFile = await web.get(base);
    expect(withFile.body).toContain('营业执照.pdf');

    const v2 = /name="version" value="(\d+)"/.exec(withFile.body)![1]!;
    const submitted = await web.post(base, { ...answers, version: v2, action: 'submit' });
    expect(submitted.status).toBe(303);
    no = /^\/me\/applications\/(SQ\d+)\?done=submitted$/.exec(submitted.location)![1]!;
    const receipt = await web.get(submitted.location);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toContain(no);
    expect(receipt.body).toContain('已提交');
    expect(receipt.body).toContain('撤回申请'); // withdraw before acceptance

    const mine = await web.get('/me/applications');
    expect(mine.body).toContain(no);
    // 我的办件 is an entry of the personal space's menu, marked as the page one is on
    expect(mine.body).toContain('<a href="/me/applications" aria-current="page">我的办件</a>');
    expect((await web.get('/me')).body).toContain('<a href="/me/applications">我的办件</a>');
    expect((await web.get('/me/applications?status=submitted')).body).toContain(no);
    expect((await web.get('/me/applications?status=withdrawn')).body).not.toContain(no);
  });

  it('another department cannot see the case or its materials: "not found", as a missing case', async () => {
    const d = await staffWeb(w.app, w.staff.d.username, w.staff.d.password);
    expect((await d.get(`/admin/applications/${no}`)).status).toBe(404);
    expect((await d.get(`/admin/applications/SQ20990101999999`)).status).toBe(404);
    expect((await d.get(`/admin/applications/${no}/materials/1`)).status).toBe(404);
    expect((await d.get('/admin/applications?status=all')).body).not.toContain(no);
  });

  it('the window accepts; two departments review in parallel; one asks for 补正; the applicant corrects; the case concludes', async () => {
    const clerk = await staffWeb(w.app, w.staff.clerk.username, w.staff.clerk.password);
    const queue = await clerk.get('/admin/applications?status=submitted');
    expect(queue.status).toBe(200);
    expect(queue.body).toContain(no);
    const open = await clerk.get(`/admin/applications/${no}`);
    expect(open.body).toContain('营业执照.pdf');
    expect(open.body).toContain('受理');
    const v = () => /name="version" value="(\d+)"/.exec(clerk.last.body)![1]!;
    // refusing without a reason is refused, with the case shown again
    const noReason = await clerk.post(`/admin/applications/${no}/refuse`, { version: v(), refuseReason: '' });
    expect(noReason.status).toBe(400);
    const accepted = await clerk.post(`/admin/applications/${no}/accept`, { version: v() });
    expect(accepted.status).toBe(303);
    expect((await clerk.get(accepted.location)).body).toContain('已受理');

    const b = await staffWeb(w.app, w.staff.b.username, w.staff.b.password);
    const caseB = await b.get(`/admin/applications/${no}`);
    expect(caseB.body).toContain('联合审查');
    expect(caseB.body).toContain('提交意见');
    const stage = (body: string) => ({ stage: /name="stage" value="([^"]+)"/.exec(body)![1]!, round: /name="round" value="(\d+)"/.exec(body)![1]!, version: /name="version" value="(\d+)"/.exec(body)![1]! });
    const approvedB = await b.post(`/admin/applications/${no}/opinion`, { ...stage(caseB.body), kind: 'approve', text: '经审查，卫生条件符合要求。' });
    expect(approvedB.status).toBe(303);
    // the same opinion again, from the page read before: refused with a message, nothing changed, no 5xx
    const twice = await b.post(`/admin/applications/${no}/opinion`, { ...stage(caseB.body), kind: 'approve', text: '重复提交' });
    expect(twice.status).toBeGreaterThanOrEqual(400);
    expect(twice.status).toBeLessThan(500);
    expect(twice.body).toContain('error-summary');
    expect((await b.get(`/admin/applications/${no}`)).body).not.toContain('重复提交');

    const c = await staffWeb(w.app, w.staff.c.username, w.staff.c.password);
    const caseC = await c.get(`/admin/applications/${no}`);
    expect(caseC.body).toContain('经审查，卫生条件符合要求。');
    const asked = await c.post(`/admin/applications/${no}/correction`, { version: stage(caseC.body).version, items: '营业执照副本：请上传加盖公章的复印件' });
    expect(asked.status).toBe(303);

    const web = await citizenWeb();
    const notice = await web.get(`/me/applications/${no}`);
    expect(notice.body).toContain('补正通知');
    expect(notice.body).toContain('请上传加盖公章的复印件');
    expect(notice.body).toContain('暂停计时');
    const fixed = await upload(web, `/me/applications/${no}`, 'licence', '营业执照（盖章）.pdf', PDF);
    expect(fixed.status).toBe(303);
    const again = await web.get(`/me/applications/${no}`);
    const version = /action="\/me\/applications\/[^"]+\/correct"[^>]*>.*?name="version" value="(\d+)"/s.exec(again.body)![1]!;
    const corrected = await web.post(`/me/applications/${no}/correct`, { ...answers, version });
    expect(corrected.status).toBe(303);

    const caseC2 = await c.get(`/admin/applications/${no}`);
    const approvedC = await c.post(`/admin/applications/${no}/opinion`, { ...stage(caseC2.body), kind: 'approve', text: '消防设施已核查。' });
    expect(approvedC.status).toBe(303);

    const a = await staffWeb(w.app, w.staff.a.username, w.staff.a.password);
    const caseA = await a.get(`/admin/applications/${no}`);
    expect(caseA.body).toContain('办结');
    const va = /name="version" value="(\d+)"/.exec(caseA.body)![1]!;
    // denying without a legal basis, then granting
    const noBasis = await a.post(`/admin/applications/${no}/conclude`, { version: va, decision: 'deny', reason: '经营场所不符合要求。', legalBasis: '' });
    expect(noBasis.status).toBe(400);
    expect(noBasis.body).toContain('error-summary');
    expect(noBasis.body).toContain('经营场所不符合要求。'); // what was typed stays
    const concluded = await a.post(`/admin/applications/${no}/conclude`, { version: va, decision: 'grant', reason: '申请材料齐全，符合法定条件。' });
    expect(concluded.status).toBe(303);
    const done = await web.get(`/me/applications/${no}`);
    expect(done.body).toContain('准予许可');
    expect(done.body).toContain(`/me/ratings/application/${no}`);
    expect(done.body).not.toContain('撤回申请');
  });

  it('after the decision the applicant chooses how the result reaches them: a hall, or post; bad input is told in Chinese', async () => {
    const web = await citizenWeb();
    const page = await web.get(`/me/applications/${no}`);
    expect(page.body).toContain('结果领取方式');
    const version = () => /action="\/me\/applications\/[^"]+\/delivery"[^>]*>.*?name="version" value="(\d+)"/s.exec(page.body)![1]!;
    const hall = /<select id="f-delivery-hall" name="hall"[^>]*><option value="">[^<]*<\/option><option value="([^"]+)">([^（<]+)/.exec(page.body)!;
    expect(hall).toBeTruthy();
    const post = (body: Record<string, string>) => web.post(`/me/applications/${no}/delivery`, { version: version(), ...body });
    // nothing chosen; a window without its hall; post with a landline and half an address
    const none = await post({});
    expect(none.status).toBe(400);
    expect(none.body).toContain('请选择结果领取方式');
    const noHall = await post({ method: 'window', hall: 'no-such-hall' });
    expect(noHall.status).toBe(400);
    expect(noHall.body).toContain('请选择领取结果的办事大厅');
    const badPost = await post({ method: 'post', recipient: '', phone: '0791-1234567', address: '东湖' });
    expect(badPost.status).toBe(400);
    for (const m of ['请填写收件人姓名', '请填写收件人的 11 位手机号码', '请填写详细的邮寄地址']) expect(badPost.body).toContain(m);
    expect(badPost.body).toContain('value="0791-1234567"'); // what was typed stays
    // a hall of the item's guide
    const atHall = await post({ method: 'window', hall: hall[1]! });
    expect(atHall.status).toBe(303);
    const chosen = await web.get(atHall.location);
    expect(chosen.body).toContain('已保存结果领取方式');
    expect(chosen.body).toContain(`当前选择：窗口领取：${hall[2]}`);
    // then post, and the staff see where to send it
    const again = await web.get(`/me/applications/${no}`);
    const v2 = /action="\/me\/applications\/[^"]+\/delivery"[^>]*>.*?name="version" value="(\d+)"/s.exec(again.body)![1]!;
    const byPost = await web.post(`/me/applications/${no}/delivery`, { version: v2, method: 'post', recipient: '周文博', phone: '138 1234 5678', address: '示范市东湖区人民路18号3单元502室' });
    expect(byPost.status).toBe(303);
    const a = await staffWeb(w.app, w.staff.a.username, w.staff.a.password);
    const staffPage = await a.get(`/admin/applications/${no}`);
    expect(staffPage.body).toContain('邮寄送达（周文博 13812345678 示范市东湖区人民路18号3单元502室）');
    // a stale version is refused; someone else's case is not found
    expect((await web.post(`/me/applications/${no}/delivery`, { version: v2, method: 'window', hall: hall[1]! })).status).toBe(409);
    const other = await buildCitizen(w.services, { displayName: '路人甲' });
    const stranger = new WebClient(w.app);
    await stranger.get('/login');
    await stranger.post('/login', { identifier: other.phone, password: other.password });
    await stranger.get('/me/applications');
    expect((await stranger.post(`/me/applications/${no}/delivery`, { method: 'post', recipient: 'x', phone: '13800001111', address: '示范市东湖区人民路18号' })).status).toBe(404);
  });

  it('a second application, submitted and withdrawn before acceptance with a reason', async () => {
    const web = await citizenWeb();
    expect((await web.get(`/items/${w.itemId}/apply`)).status).toBe(200);
    const saved = await web.post(`/items/${w.itemId}/apply`, { ...answers, action: 'save' });
    expect(saved.status).toBe(303);
    const base = saved.location.replace(/\?.*$/, '');
    await web.get(base);
    expect((await upload(web, base, 'licence', '营业执照.png', PNG, 'image/png')).status).toBe(303);
    const ready = await web.get(base);
    const version = /name="version" value="(\d+)"/.exec(ready.body)![1]!;
    const submitted = await web.post(base, { ...answers, version, action: 'submit' });
    expect(submitted.status).toBe(303);
    const second = /\/me\/applications\/(SQ\d+)/.exec(submitted.location)![1]!;
    const receipt = await web.get(`/me/applications/${second}`);
    const v = /action="\/me\/applications\/[^"]+\/withdraw"[^>]*>.*?name="version" value="(\d+)"/s.exec(receipt.body)![1]!;
    const withdrawn = await web.post(`/me/applications/${second}/withdraw`, { version: v, reason: '信息填写有误，重新申请' });
    expect(withdrawn.status).toBe(303);
    const after = await web.get(withdrawn.location);
    expect(after.body).toContain('已撤回');
    expect(after.body).toContain('信息填写有误，重新申请');
    expect(after.body).not.toContain('撤回申请</button>');
  });

  it('bad input never gives a 5xx: forged numbers and ids, hostile strings, no token', async () => {
    const web = await citizenWeb();
    expect((await web.get('/me/applications/SQ2099010199999999')).status).toBe(404);
    expect((await web.get('/me/applications/%3Cscript%3E')).status).toBe(404);
    expect((await web.get('/me/applications/drafts/99999999')).status).toBe(404);
    expect((await web.get('/me/applications/drafts/abc')).status).toBe(404);
    expect((await web.get('/items/99999999/apply')).status).toBeLessThan(500);
    const hostile = await web.get('/me/applications?status=%3Cscript%3E&page=99999999999');
    expect(hostile.status).toBe(200);
    expect(hostile.body).not.toContain('<script>');
    const noToken = await web.post(`/items/${w.itemId}/apply`, { _csrf: '', 'a.name': 'x' });
    expect(noToken.status).toBe(403);
    const anonymous = new WebClient(w.app);
    expect((await anonymous.get(`/items/${w.itemId}/apply`)).status).toBe(303);
    expect((await anonymous.get('/admin/applications')).status).toBe(303);
  });

  it('材料复用: a new application reuses the accepted licence with one click', async () => {
    const web = await citizenWeb();
    expect((await web.get(`/items/${w.itemId}/apply`)).status).toBe(200);
    const saved = await web.post(`/items/${w.itemId}/apply`, { ...answers, action: 'save' });
    expect(saved.status).toBe(303);
    const base = saved.location.replace(/\?.*$/, '');
    const page = await web.get(base);
    const reuse = /action="([^"]+\/reuse)"[\s\S]*?name="materialId" value="(\d+)"/.exec(page.body);
    expect(reuse).toBeTruthy();
    expect(page.body).toContain(`（${no}）`);
    const reused = await web.post(reuse![1]!, { slot: 'licence', materialId: reuse![2]! });
    expect(reused.status).toBe(303);
    expect((await web.get(reused.location)).body).toContain('已复用此前受理的材料');
    // someone else's material id, or a forged one: refused on the page, never a 5xx
    const forged = await web.post(reuse![1]!, { slot: 'licence', materialId: '99999999' });
    expect(forged.status).toBe(400);
  });
});
