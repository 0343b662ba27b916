/**
 * Publishing a reply for everyone: only a reply that gave information, prepared by a handler with
 * the applicant's personal data masked (whatever was typed), published by another member of staff
 * who may approve (four eyes), found by the one search and on /foi; withdrawn with a reason, it
 * leaves both. Outside the department it is "not found"; nothing changes on a refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildCitizen, buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { createFoiContext, type FoiContext } from './context.js';
import { replyRequest } from './operations/handling.js';
import { submitRequest } from './operations/intake.js';
import { preparePublication, publicationFor, publishedReplies, publishedReply, publishPublication, withdrawPublication } from './operations/publication.js';

let t: Awaited<ReturnType<typeof testApp>>;
let ctx: FoiContext;
let dept: number;
const who: Record<'handler' | 'reviewer' | 'stranger' | 'citizen', Principal> = {} as never;
const APPLICANT = { name: '欧阳明远', idNo: '110101199001011234', phone: '13900001111', email: 'oymy@example.com', address: '示范市东湖区望湖路88号5幢301室' };

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  ctx = createFoiContext(t.services.database, { catalog: t.services.catalog, notify: t.services.notify, calendar: t.services.foi.calendar, files: t.services.files, indexer: t.services.search.indexer });
  const [a, b] = [buildBundle(0), buildBundle(1)];
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const depts = await t.services.catalog.listDepartments();
  dept = depts.find((d) => d.slug === a.departments[0]!.slug)!.id;
  who.handler = (await buildStaff(t.services, { role: 'handler', department: a.departments[0]!.slug })).principal;
  who.reviewer = (await buildStaff(t.services, { role: 'reviewer', department: a.departments[0]!.slug })).principal;
  who.stranger = (await buildStaff(t.services, { role: 'dept_admin', department: b.departments[0]!.slug })).principal;
  who.citizen = (await buildCitizen(t.services)).principal;
});
afterAll(() => t.close());

async function replied(replyType: string, body: string) {
  const r = await submitRequest(
    ctx,
    who.citizen,
    {
      departmentId: dept,
      applicantKind: 'citizen',
      applicantName: APPLICANT.name,
      applicantIdNo: APPLICANT.idNo,
      phone: APPLICANT.phone,
      email: APPLICANT.email,
      address: APPLICANT.address,
      description: `本人${APPLICANT.name}（身份证${APPLICANT.idNo}，电话${APPLICANT.phone}）申请公开示范市2025年公共自行车站点布局规划及年度运营经费。`,
      format: 'electronic',
      delivery: 'online',
    },
    { source: 'web' },
  );
  return replyRequest(ctx, who.handler, { id: r.id, version: r.version, replyType, body, ground: replyType === 'partlyDisclosed' ? '涉及第三方商业秘密，第十五条' : undefined });
}

const PERSONAL = [APPLICANT.name, APPLICANT.idNo, APPLICANT.phone, APPLICANT.email, APPLICANT.address, '5幢301室'];

describe('publishing an FOI reply for everyone', () => {
  it('is prepared masked by a handler, published by another, found by search and on /foi, and withdrawn out of both', async () => {
    const r = await replied('disclosed', `${APPLICANT.name}先生：现将《示范市公共自行车站点布局规划（2025—2027年）》及2025年运营经费预算提供给您。答复寄往${APPLICANT.address}。`);
    const start = await publicationFor(ctx, who.handler, r.id);
    expect(start.publishable).toBe(true);
    for (const x of PERSONAL) expect(JSON.stringify(start.draft)).not.toContain(x);

    // what the handler types is masked again on save
    const pub = await preparePublication(ctx, who.handler, { id: r.id, basis: 'consent', title: start.draft!.title, question: `${APPLICANT.name}申请：${start.draft!.question}`, answer: `${start.draft!.answer} 联系人 ${APPLICANT.phone}，${APPLICANT.email}` });
    expect(pub.status).toBe('review');
    for (const x of PERSONAL) expect(JSON.stringify(pub)).not.toContain(x);
    await expect(publishedReply(ctx, pub.id)).rejects.toBeInstanceOf(NotFoundError);

    // four eyes: the author does not publish, a handler cannot, another department does not see it
    const head = (await buildStaff(t.services, { role: 'dept_admin', department: (await t.services.catalog.listDepartments()).find((d) => d.id === dept)!.slug })).principal;
    await preparePublication(ctx, head, { id: r.id, version: pub.version, basis: 'consent', title: pub.title, question: pub.question, answer: pub.answer });
    await expect(publishPublication(ctx, head, { id: r.id })).rejects.toThrow(/双人审核/);
    await expect(publishPublication(ctx, who.handler, { id: r.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishPublication(ctx, who.stranger, { id: r.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishPublication(ctx, who.citizen, { id: r.id })).rejects.toBeInstanceOf(NotFoundError);
    const published = await publishPublication(ctx, who.reviewer, { id: r.id });
    expect(published).toMatchObject({ status: 'published', publishedByName: who.reviewer.name });

    const page = await t.app.inject({ method: 'GET', url: published.url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('公共自行车站点布局规划');
    for (const x of PERSONAL) expect(page.body).not.toContain(x);
    const home = await t.app.inject({ method: 'GET', url: '/foi' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain(`href="${published.url}"`);

    await t.services.search.refresh();
    const found = (await (await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('公共自行车站点布局规划')}` })).json()) as { results: { url: string; title: string; snippet: string }[] };
    const hit = found.results.find((x) => x.url === published.url);
    expect(hit).toBeDefined();
    for (const x of PERSONAL) expect(JSON.stringify(hit)).not.toContain(x);

    // withdrawn: a reason is required; then neither the page, /foi nor search has it
    await expect(withdrawPublication(ctx, who.reviewer, { id: r.id, reason: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(withdrawPublication(ctx, who.handler, { id: r.id, reason: '申请人撤回了同意公开的意见。' })).rejects.toBeInstanceOf(ForbiddenError);
    const withdrawn = await withdrawPublication(ctx, who.reviewer, { id: r.id, reason: '申请人撤回了同意公开的意见。' });
    expect(withdrawn.status).toBe('withdrawn');
    expect((await t.app.inject({ method: 'GET', url: published.url })).statusCode).toBe(404);
    expect((await publishedReplies(ctx)).replies.some((x) => x.id === published.id)).toBe(false);
    await t.services.search.refresh();
    const after = (await (await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('公共自行车站点布局规划')}` })).json()) as { results: { url: string }[] };
    expect(after.results.some((x) => x.url === published.url)).toBe(false);

    // every step is in the request's history
    const history = (await t.services.foi.byId(who.reviewer, r.id)).history!.map((h) => h.action);
    expect(history).toEqual(expect.arrayContaining(['publicationPrepared', 'publicationPublished', 'publicationWithdrawn']));
  });

  it('refuses a reply that gave nothing, bad wording and a stale version, changing nothing', async () => {
    const refused = await replied('notExist', '经检索，本机关未制作或获取您申请的政府信息。');
    expect((await publicationFor(ctx, who.handler, refused.id)).publishable).toBe(false);
    await expect(preparePublication(ctx, who.handler, { id: refused.id, basis: 'consent', title: '关于某事的答复', question: '申请某项信息内容', answer: '经检索不存在该信息' })).rejects.toThrow(/予以公开/);

    const r = await replied('partlyDisclosed', '现将站点布局规划提供给您，运营企业的成本数据涉及商业秘密，不予公开。');
    await expect(preparePublication(ctx, who.handler, { id: r.id, basis: 'whenever', title: '', question: 'x', answer: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(preparePublication(ctx, who.reviewer, { id: r.id, basis: 'consent', title: '关于站点的答复', question: '申请站点布局规划', answer: '现将站点布局规划提供给您' })).rejects.toThrow(/承办人员/);
    expect((await publicationFor(ctx, who.handler, r.id)).publication).toBeUndefined();
    const pub = await preparePublication(ctx, who.handler, { id: r.id, basis: 'publicInterest', title: '关于站点的答复', question: '申请站点布局规划', answer: '现将站点布局规划提供给您' });
    await expect(preparePublication(ctx, who.handler, { id: r.id, version: pub.version + 5, basis: 'consent', title: '关于站点的答复', question: '申请站点布局规划', answer: '现将站点布局规划提供给您' })).rejects.toThrow(/刷新|已被|stale|修改/);
    await expect(publishPublication(ctx, who.reviewer, { id: 'abc' })).rejects.toBeInstanceOf(NotFoundError);
    const res = await t.app.inject({ method: 'GET', url: '/foi/replies/99999999999' });
    expect(res.statusCode).toBe(404);
  });
});
