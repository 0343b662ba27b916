/**
 * The operations called one by one, without HTTP, on the real database (PGlite, or PostgreSQL
 * with DATABASE_URL): a citizen drafts, uploads and submits; a window clerk of another department
 * accepts; the route runs serial and 会签 stages; the item's department grants; the certificate,
 * the rating and the journeys' reminders are asked for. And the refusals: a field of another
 * item, a missing required field, a file that is not what it says, another department's case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { buildAnswers, buildApplicationWorld, buildSubmitted, PDF_BYTES, PNG_BYTES, type ApplicationWorld } from '../../../test/factories/applications.js';
import { testApp } from '../../../test/helpers.js';

let t: Awaited<ReturnType<typeof testApp>>;
let w: ApplicationWorld;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0 });
  w = await buildApplicationWorld(t.services);
}, 180_000);
afterAll(() => t.close());

const problemsOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ValidationError);
  return (e as ValidationError).problems.map((x) => x.message);
};

describe('applying', () => {
  it('starts a draft from the account, keeps it for any device, and refuses a field of another item', async () => {
    const p = w.people.citizen;
    const draft = await w.applications.saveDraft(p, { itemId: w.itemId });
    expect(draft.status).toBe('draft');
    expect(draft.no).toBeNull();
    expect(draft.answers).toMatchObject({ name: '张三', phone: expect.stringMatching(/^139/) });
    await expect(w.applications.saveDraft(p, { id: draft.id, answers: { name: '张三', vehiclePlate: '赣A12345' } })).rejects.toThrow(ValidationError);
    const saved = await w.applications.saveDraft(p, { id: draft.id, answers: { name: '李四' } });
    // another device: the same draft, as saved
    expect((await w.applications.myCase(p, draft.id)).answers).toEqual({ name: '李四' });
    expect(saved.slots.map((s) => [s.key, s.exempt])).toEqual([
      ['licence', false],
      ['经营场所平面图', false],
      ['居民身份证', true],
    ]);
    // nobody else sees a draft
    await expect(w.applications.myCase(w.people.stranger, draft.id)).rejects.toThrow(NotFoundError);
    await expect(w.applications.staffCase(w.people.clerk, draft.id)).rejects.toThrow(NotFoundError);
  });

  it('refuses to submit with a missing required field and a missing material, and says which', async () => {
    const p = w.people.citizen;
    const draft = await w.applications.saveDraft(p, { itemId: w.itemId, answers: buildAnswers({ phone: '' }) });
    const messages = await problemsOf(w.applications.submit(p, draft.id));
    expect(messages).toEqual(expect.arrayContaining(['请填写联系电话', '请上传营业执照', '请上传经营场所平面图']));
    // the 免提交 material is not asked for
    expect(messages.join()).not.toContain('居民身份证');
    expect((await w.applications.myCase(p, draft.id)).status).toBe('draft');
  });

  it('checks an upload by its content, whatever its name says', async () => {
    const p = w.people.citizen;
    const draft = await w.applications.saveDraft(p, { itemId: w.itemId });
    const messages = await problemsOf(w.applications.upload(p, draft.id, 'licence', [{ filename: 'licence.pdf', data: Buffer.from('MZ this is a program') }]));
    expect(messages[0]).toContain('“licence.pdf”的内容不是');
    await expect(w.applications.upload(p, draft.id, 'no-such-slot', [{ filename: 'a.pdf', data: PDF_BYTES }])).rejects.toMatchObject({ status: 400 });
    const view = await w.applications.upload(p, draft.id, 'licence', [{ filename: '执照', data: PDF_BYTES }]);
    expect(view.slots[0]!.files).toEqual([expect.objectContaining({ filename: '执照.pdf', contentType: 'application/pdf', source: 'upload' })]);
  });

  it('submits with a 受理编号, accepts at any department’s window, and starts the clock', async () => {
    const submitted = await buildSubmitted(w);
    expect(submitted.status).toBe('submitted');
    expect(submitted.no).toMatch(/^SQ\d{14}$/);
    expect(submitted.abilities).toEqual(['read', 'withdraw']);
    // the window clerk is of another department than the item's
    const accepted = await w.applications.accept(w.people.clerk, submitted.no!);
    expect(accepted.status).toBe('accepted');
    expect(accepted.clock).toMatchObject({ state: 'running', promisedDays: 5 });
    expect(accepted.clock!.explanation[0]).toContain('承诺办结时限为 5 个工作日');
    expect(accepted.route!.current).toBe('review');
    // accepted: the applicant can no longer withdraw; the materials become reusable
    await expect(w.applications.withdraw(w.people.citizen, submitted.no!)).rejects.toThrow(ConflictError);
    expect((await w.applications.reusable(w.people.citizen)).length).toBeGreaterThanOrEqual(2);
  });

  it('lets the applicant withdraw before acceptance, and the window refuse with a reason', async () => {
    const a = await buildSubmitted(w);
    expect((await w.applications.withdraw(w.people.citizen, a.no!, { reason: '信息填错了' })).status).toBe('withdrawn');
    const b = await buildSubmitted(w);
    await expect(w.applications.refuse(w.people.clerk, b.no!, { reason: '短' })).rejects.toMatchObject({ status: 400 });
    const refused = await w.applications.refuse(w.people.clerk, b.no!, { reason: '申请事项不属于本市管辖范围' });
    expect(refused.status).toBe('refused');
    expect((await w.applications.myCase(w.people.citizen, b.no!)).reason).toBe('申请事项不属于本市管辖范围');
    // a reviewer does not staff the window
    const c = await buildSubmitted(w);
    await expect(w.applications.accept(w.people.leadReviewer, c.no!)).rejects.toThrow(ForbiddenError);
  });

  it('reuses an accepted material in a new case with one call (材料复用), and only one’s own', async () => {
    const reusable = await w.applications.reusable(w.people.citizen);
    const licence = reusable.find((m) => m.slot === 'licence')!;
    const draft = await w.applications.saveDraft(w.people.citizen, { itemId: w.itemId, answers: buildAnswers() });
    const view = await w.applications.reuseMaterial(w.people.citizen, draft.id, { slot: 'licence', materialId: licence.id });
    expect(view.slots[0]!.files[0]).toMatchObject({ source: 'reused', filename: licence.filename });
    const other = await w.applications.saveDraft(w.people.stranger, { itemId: w.itemId });
    await expect(w.applications.reuseMaterial(w.people.stranger, other.id, { slot: 'licence', materialId: licence.id })).rejects.toThrow(ValidationError);
  });
  it('takes submissions arriving together in one commit: each its own number, a repeated key one case', async () => {
    const files = () => ({ licence: [{ filename: 'licence.pdf', data: PDF_BYTES }], 经营场所平面图: [{ filename: 'plan.png', data: PNG_BYTES }] });
    const keys = ['g-1', 'g-2', 'g-3', 'g-4', 'g-5', 'g-6', 'g-same', 'g-same', 'g-same'];
    const receipts = await Promise.all(keys.map((k) => w.applications.apply(w.people.citizen, { itemId: w.itemId, answers: buildAnswers() }, { files: files(), idempotencyKey: k })));
    const same = receipts.slice(6);
    expect(new Set(same.map((r) => r.no)).size).toBe(1);
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(receipts.map((r) => r.no)).size).toBe(7);
    // the answers name the materials the case holds
    const view = await w.applications.myCase(w.people.citizen, receipts[0]!.no);
    const ids = view.slots.flatMap((s) => s.files.map((f) => f.id));
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(await w.applications.materialFile(w.people.citizen, receipts[0]!.no, id)).toBeTruthy();
  });
});

describe('协同审核 along the route', () => {
  it('runs a serial stage, then 会签, then the decision; grants; issues, opens the rating, fires the reminders', async () => {
    const { no } = await buildSubmitted(w);
    await w.applications.accept(w.people.clerk, no!);
    // not the stage's department: a reader (on the route) but no opinion
    await expect(w.applications.opine(w.people.fireReviewer, no!, { stage: 'review', kind: 'approve' })).rejects.toThrow('本部门在当前环节没有待提交的意见');
    let v = await w.applications.opine(w.people.leadReviewer, no!, { stage: 'review', kind: 'approve', text: '材料齐全，符合条件' });
    expect(v.status).toBe('reviewing');
    expect(v.route!.current).toBe('joint');
    v = await w.applications.opine(w.people.fireReviewer, no!, { stage: 'joint', kind: 'approve' });
    expect(v.route!.current).toBe('joint'); // 会签: environment still to approve
    await expect(w.applications.opine(w.people.fireHandler, no!, { stage: 'joint', kind: 'approve' })).rejects.toThrow(); // twice for one department
    v = await w.applications.opine(w.people.envReviewer, no!, { stage: 'joint', kind: 'approve', text: '环评符合要求' });
    expect(v.route!.current).toBe('decide');
    // the decision stage is for the department administrator only
    await expect(w.applications.opine(w.people.leadReviewer, no!, { stage: 'decide', kind: 'approve' })).rejects.toThrow(ForbiddenError);
    v = await w.applications.opine(w.people.leadAdmin, no!, { stage: 'decide', kind: 'approve' });
    expect(v.route!.outcome).toBe('approved');
    expect(v.abilities).toContain('conclude');
    await expect(w.applications.conclude(w.people.fireReviewer, no!, { decision: 'grant', reason: '符合条件' })).rejects.toThrow(ForbiddenError);
    v = await w.applications.conclude(w.people.leadAdmin, no!, { decision: 'grant', reason: '经审查，符合法定条件' });
    expect(v.status).toBe('approved');
    expect(v.decision).toMatchObject({ status: 'approved', certificate: { code: expect.stringMatching(/^ZZ/) } });
    expect(v.opinions.map((o) => [o.stage, o.department, o.kind, o.author ? 'author' : ''])).toEqual([
      ['review', expect.any(String), 'approve', 'author'],
      ['joint', expect.any(String), 'approve', 'author'],
      ['joint', expect.any(String), 'approve', 'author'],
      ['decide', expect.any(String), 'approve', 'author'],
    ]);
    expect(w.rated).toContainEqual(expect.objectContaining({ kind: 'application', subjectRef: no, raterUserId: w.people.citizen.userId }));
    expect(w.concluded).toContainEqual([w.people.citizen.userId, w.implCode]);
    const mine = await w.applications.myCase(w.people.citizen, no!);
    expect(mine.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['submit', 'accept', 'stageCompleted', 'certificate', 'grant']));
    expect(mine.timeline.some((e) => e.internal)).toBe(false);
    expect(mine.clock!.state).toBe('concluded');
    // every opinion is in the audit log with its author
    const audit = (await t.services.audit.search({ entity: "application", entityId: no!, limit: 100, offset: 0 })).entries;
    expect(audit.filter((a: { action: string }) => a.action === 'application.opinion.approve')).toHaveLength(4);
  });

  it('hides a case from a department not on its route, exactly as one that does not exist', async () => {
    const { no } = await buildSubmitted(w);
    await w.applications.accept(w.people.clerk, no!);
    const missing = await w.applications.staffCase(w.people.windowReviewer, 'SQ20990101999999').catch((e: unknown) => e);
    const hidden = await w.applications.staffCase(w.people.windowReviewer, no!).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(NotFoundError);
    expect((hidden as Error).message).toBe((missing as Error).message);
    await expect(w.applications.opine(w.people.windowReviewer, no!, { stage: 'review', kind: 'approve' })).rejects.toThrow(NotFoundError);
    expect((await w.applications.queue(w.people.windowReviewer)).applications.map((a) => a.no)).not.toContain(no);
    expect((await w.applications.queue(w.people.fireReviewer)).applications.map((a) => a.no)).toContain(no);
  });
});
