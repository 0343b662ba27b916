/**
 * The FOI operations without HTTP, with a clock the test moves: a request received across the
 * Spring Festival, a 补正 notice and the restart, a third-party pause, the one extension, the
 * late reply refused, the reply document checked by content, isolation between departments and
 * applicants, the monthly fee count, and the statistics of the annual report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildCitizen, buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { createFoiContext, type FoiContext } from './context.js';
import { correctRequest, endConsultation, extendRequest, noticeCorrection, replyRequest, startConsultation } from './operations/handling.js';
import { registerRequest, submitRequest } from './operations/intake.js';
import { myRequests, requestByCode, requestById, staffQueue } from './operations/read.js';
import { foiStatistics } from './stats.js';
import { nextStatus, TRANSITIONS } from './policy.js';

let t: Awaited<ReturnType<typeof testApp>>;
let ctx: FoiContext;
let dept: number;
let other: number;
let now = new Date('2026-02-15T02:00:00Z');
const on = (ymd: string) => {
  now = new Date(`${ymd}T02:00:00Z`);
};
const who: Record<'handler' | 'reviewer' | 'stranger' | 'citizen' | 'neighbour', Principal> = {} as never;
const PDF = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  ctx = createFoiContext(t.services.database, { catalog: t.services.catalog, notify: t.services.notify, calendar: t.services.foi.calendar, files: t.services.files, clock: { now: () => now } });
  const bundle = buildBundle(0);
  const second = buildBundle(1);
  await t.services.catalog.importBundle(bundle);
  await t.services.catalog.importBundle(second);
  const depts = await t.services.catalog.listDepartments();
  const [a, b] = [bundle.departments[0]!.slug, second.departments[0]!.slug];
  dept = depts.find((d) => d.slug === a)!.id;
  other = depts.find((d) => d.slug === b)!.id;
  who.handler = (await buildStaff(t.services, { role: 'handler', department: a })).principal;
  who.reviewer = (await buildStaff(t.services, { role: 'reviewer', department: a })).principal;
  who.stranger = (await buildStaff(t.services, { role: 'dept_admin', department: b })).principal;
  who.citizen = (await buildCitizen(t.services)).principal;
  who.neighbour = (await buildCitizen(t.services)).principal;
});
afterAll(() => t.close());

let idNo = 0;
const request = (o: Record<string, unknown> = {}) => ({
  departmentId: dept,
  applicantKind: 'citizen',
  applicantName: '张明',
  applicantIdNo: `11010119900101${String(1000 + ++idNo)}`,
  phone: '13900001111',
  description: '示范市2025年老旧小区改造项目的资金安排文件',
  format: 'electronic',
  delivery: 'online',
  ...o,
});

describe('FOI operations', () => {
  it('refuses a request without any contact, saying so, and writes nothing', async () => {
    const err = await submitRequest(ctx, who.citizen, request({ phone: '', email: '  ', address: '' }), { source: 'api' }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(err.problems)).toContain('至少填写一种联系方式');
    expect((await myRequests(ctx, who.citizen)).total).toBe(0);
    // hostile types: a number for a name, an object for the department, never an exception other than validation
    await expect(submitRequest(ctx, who.citizen, request({ departmentId: { x: 1 }, applicantName: ['x'], format: 'x'.repeat(10_000) }), { source: 'api' })).rejects.toBeInstanceOf(ValidationError);
    await expect(submitRequest(ctx, who.citizen, request({ departmentId: 2 ** 40 }), { source: 'api' })).rejects.toBeInstanceOf(ValidationError);
  });

  it('receives an online request sent during the Spring Festival on the next working day, with 补正, restart, pause, extension and reply', async () => {
    on('2026-02-15');
    const r = await submitRequest(ctx, who.citizen, request(), { source: 'web' });
    expect(r.code).toMatch(/^YSQ-2026-\d{6}$/);
    expect(r).toMatchObject({ receivedOn: '2026-02-24', status: 'received', feeApplies: false, monthOrdinal: 1 });
    expect(r.clock).toMatchObject({ due: '2026-03-23', correctionNoticeDue: '2026-03-04' });
    expect(r.clock.receipt.shifted).toBe(true);

    // the 补正 notice: staff of another department do not even see it
    on('2026-02-26');
    await expect(noticeCorrection(ctx, who.stranger, { id: r.id, note: '请写明所需文件的年份和文号' })).rejects.toBeInstanceOf(NotFoundError);
    const noticed = await noticeCorrection(ctx, who.handler, { id: r.id, version: r.version, note: '请写明所需文件的年份和文号' });
    expect(noticed).toMatchObject({ status: 'awaitingCorrection' });
    expect(noticed.clock).toMatchObject({ state: 'awaitingCorrection', due: null });
    // only the applicant corrects; the neighbour finds nothing
    await expect(correctRequest(ctx, who.neighbour, { id: r.id, text: '2025年的改造资金安排文件' })).rejects.toBeInstanceOf(NotFoundError);
    on('2026-02-28'); // a 调休 Saturday: a working day, received that day
    const corrected = await correctRequest(ctx, who.citizen, { id: r.id, text: '示范市住建局2025年老旧小区改造资金安排的通知（示住建〔2025〕12号）' });
    expect(corrected.clock).toMatchObject({ start: '2026-02-28', startReason: 'corrected', state: 'running' });
    // 20 working days after 2-28: 3-2 … 3-27
    expect(corrected.clock.due).toBe('2026-03-27');
    // the notice is given once
    await expect(noticeCorrection(ctx, who.handler, { id: r.id, note: '再次补正的要求' })).rejects.toBeInstanceOf(ConflictError);

    // third-party consultation: 3-10 to 3-20 leaves 8 working days uncounted
    on('2026-03-10');
    const consulting = await startConsultation(ctx, who.handler, { id: r.id, party: '示范市某建筑工程有限公司' });
    expect(consulting.clock).toMatchObject({ state: 'paused', due: null });
    on('2026-03-20');
    const back = await endConsultation(ctx, who.handler, { id: r.id });
    expect(back.clock.due).toBe('2026-04-09');
    expect(back.clock.pauses[0]).toMatchObject({ workingDays: 8, from: '2026-03-10', to: '2026-03-20' });

    // extension: the handler may not approve (not found, as without the ability), the reviewer may, once
    await expect(extendRequest(ctx, who.handler, { id: r.id, reason: '涉及多个年度档案需要调取' })).rejects.toBeInstanceOf(NotFoundError);
    const ext = await extendRequest(ctx, who.reviewer, { id: r.id, reason: '涉及多个年度档案需要调取' });
    expect(ext.clock).toMatchObject({ extended: true, limit: 40, originalDue: '2026-04-09', due: '2026-05-11' });
    await expect(extendRequest(ctx, who.reviewer, { id: r.id, reason: '再次延期的理由' })).rejects.toThrow('只能延长一次');

    // reply: 不予公开 needs its ground; a document that is not what it says is refused
    on('2026-04-20');
    await expect(replyRequest(ctx, who.handler, { id: r.id, replyType: 'notDisclosed', body: '经审查，不予公开。' })).rejects.toBeInstanceOf(ValidationError);
    const fake = await replyRequest(ctx, who.handler, { id: r.id, replyType: 'disclosed', body: '现将文件提供给您。', document: { name: 'a.pdf', data: Buffer.from('MZ not a pdf') } }).catch((e) => e);
    expect(JSON.stringify(fake.problems)).toContain('按文件内容识别');
    const replied = await replyRequest(ctx, who.handler, { id: r.id, replyType: 'partlyDisclosed', ground: '《政府信息公开条例》第十五条，涉及第三方商业秘密', body: '现将可以公开的部分提供给您。', document: { name: '答复书.pdf', data: PDF } });
    expect(replied).toMatchObject({ status: 'replied', replyType: 'partlyDisclosed', repliedOn: '2026-04-20', replyFile: { type: 'application/pdf' } });
    expect(replied.clock.state).toBe('replied');
    await expect(replyRequest(ctx, who.handler, { id: r.id, replyType: 'disclosed', body: '再次答复的内容' })).rejects.toBeInstanceOf(ConflictError);

    // the applicant reads it by code with its history; the neighbour and the other department do not
    const mine = await requestByCode(ctx, who.citizen, r.code.toLowerCase(), true);
    expect(mine.history?.map((h) => h.action)).toEqual(['received', 'correctionNotice', 'corrected', 'consultationStarted', 'consultationEnded', 'extended', 'replied']);
    await expect(requestByCode(ctx, who.neighbour, r.code)).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestById(ctx, who.stranger, r.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestById(ctx, who.handler, 'x; drop table')).rejects.toBeInstanceOf(NotFoundError);
    expect((await staffQueue(ctx, who.stranger)).requests.some((q) => q.id === r.id)).toBe(false);
  });

  it('refuses a reply after the 20 days without an extension, and the late extension too', async () => {
    on('2026-03-02');
    const r = await registerRequest(ctx, who.handler, { ...request(), channel: 'post_registered', eventOn: '2026-02-27' });
    expect(r).toMatchObject({ receivedOn: '2026-02-27', channel: 'post_registered' });
    expect(r.clock.due).toBe('2026-03-26');
    on('2026-03-27');
    expect(r.clock.state).toBe('running');
    await expect(replyRequest(ctx, who.handler, { id: r.id, replyType: 'notExist', body: '经检索，本机关未制作该信息。' })).rejects.toThrow('未经批准延期');
    await expect(extendRequest(ctx, who.reviewer, { id: r.id, reason: '需要调取档案资料' })).rejects.toThrow('届满前');
    expect((await requestById(ctx, who.handler, r.id)).status).toBe('received');
    // a registration into another department, or in the future, is refused
    await expect(registerRequest(ctx, who.handler, { ...request({ departmentId: other }), channel: 'in_person', eventOn: '2026-03-27' })).rejects.toBeInstanceOf(ValidationError);
    await expect(registerRequest(ctx, who.handler, { ...request(), channel: 'in_person', eventOn: '2026-04-01' })).rejects.toBeInstanceOf(ValidationError);
    await expect(registerRequest(ctx, who.citizen, { ...request(), channel: 'in_person', eventOn: '2026-03-27' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('counts the applicant’s requests in the month: the 11th is charged 100 yuan; the same key gives the same request back', async () => {
    on('2026-05-06');
    const applicantIdNo = '110101199002021234';
    let last: Awaited<ReturnType<typeof submitRequest>> | undefined;
    for (let i = 0; i < 11; i++) last = await submitRequest(ctx, who.neighbour, request({ applicantIdNo, description: `第${i + 1}件：示范市2025年政府采购合同` }), { source: 'api' });
    expect(last).toMatchObject({ monthOrdinal: 11, feeApplies: true, feeYuan: 100 });
    const a = await submitRequest(ctx, who.neighbour, request({ description: '幂等的申请内容' }), { source: 'api', idempotencyKey: 'k-1' });
    const b = await submitRequest(ctx, who.neighbour, request({ description: '幂等的申请内容' }), { source: 'api', idempotencyKey: 'k-1' });
    expect(b.id).toBe(a.id);
    const err = await submitRequest(ctx, who.neighbour, request({ description: '另一件申请' }), { source: 'api', idempotencyKey: 'k-1' }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(422);
  });

  it('gives the annual report its figures', async () => {
    const s = await foiStatistics(ctx, { year: 2026, departmentId: dept });
    expect(s.received).toBe(14);
    expect(s.byChannel).toMatchObject({ online: 13, post_registered: 1 });
    expect(s.byReplyType.partlyDisclosed).toBe(1);
    expect(s).toMatchObject({ replied: 1, extended: 1, correctionNotices: 1, feeCharged: 1, feeYuan: 100 });
    expect((await foiStatistics(ctx, { year: 2025 })).received).toBe(0);
  });

  it('the transition table refuses what it does not list', () => {
    expect(() => nextStatus('replied', 'reply')).toThrow(ConflictError);
    expect(nextStatus('consulting', 'endConsultation')).toBe('received');
    expect(Object.keys(TRANSITIONS)).toEqual(['received', 'awaitingCorrection', 'consulting', 'replied']);
  });
});
