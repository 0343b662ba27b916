/**
 * The automation rules at work in the flow, on the real database (PGlite, or PostgreSQL with
 * DATABASE_URL): 秒批 at submission (准予 in the same call with the certificate, the rating, the
 * journeys' reminders and the explanation; 不予 by a `deny` condition; the normal route when the
 * portal cannot tell, the reason noted), the 复核 of sampled decisions, and 免证办 (a material a
 * certificate the portal issued stands for is filed without an upload).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildAnswers, buildApplicationWorld, buildFormDefinition, PDF_BYTES, PNG_BYTES, VALID_ID_NUMBER, type ApplicationWorld } from '../../../test/factories/applications.js';
import { buildCitizen } from '../../../test/factories/accounts.js';
import { testApp } from '../../../test/helpers.js';
import { createApplications, type HeldCertificate, type ItemDefinition } from './index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let w: ApplicationWorld;
let apps: ReturnType<typeof createApplications>;
const defs = new Map<number, ItemDefinition>();
const held = new Map<number, HeldCertificate[]>();
const issued: unknown[] = [];
const rated: unknown[] = [];
const concluded: [number, string][] = [];
let verified: Principal;

const instant = (o: { oneIn?: number; conditions?: unknown[] } = {}) => ({
  instant: {
    basis: '《示范市测试事项管理办法》第五条',
    sample: { oneIn: o.oneIn ?? 1000 },
    conditions: o.conditions ?? [
      { label: '年满18周岁', fact: 'age', op: 'gte', value: 18, onFail: 'deny' },
      { label: '首次申领', fact: 'answer', field: 'kind', op: 'eq', value: 'new' },
    ],
  },
});
const define = (automation: unknown) => defs.set(w.itemId, { itemId: w.itemId, version: defs.size + 1, form: buildFormDefinition(), route: w.route, automation });

async function draftWithMaterials(p: Principal, answers = buildAnswers(), plan = true) {
  const draft = await apps.saveDraft(p, { itemId: w.itemId, answers });
  await apps.upload(p, draft.id, 'licence', [{ filename: 'licence.pdf', data: PDF_BYTES }]);
  if (plan) await apps.upload(p, draft.id, '经营场所平面图', [{ filename: 'plan.png', data: PNG_BYTES }]);
  return draft;
}

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0 });
  w = await buildApplicationWorld(t.services);
  const citizen = await buildCitizen(t.services, { displayName: '王秀英' });
  await t.services.accounts.updateProfile(citizen.principal, { displayName: '王秀英', idNumber: VALID_ID_NUMBER });
  verified = citizen.principal;
  apps = createApplications(t.services.database, {
    catalog: t.services.catalog,
    accounts: t.services.accounts,
    notify: t.services.notify,
    changes: t.services.changes,
    calendar: t.services.letters.calendar,
    files: t.services.files,
    definitions: { definitionOf: async (id) => defs.get(id) ?? null },
    certificates: {
      issue: async (_tx, input) => {
        issued.push(input);
        return { code: `ZZ${issued.length}`, verifyUrl: `/verify/ZZ${issued.length}` };
      },
      heldBy: async (h) => held.get(h.userId) ?? [],
    },
    ratings: { openRatable: async (_tx, subject) => void rated.push(subject) },
    journeys: {
      applicationConcluded: async (userId, implCode) => {
        concluded.push([userId, implCode]);
        return 1;
      },
    },
    clock: w.clock,
  });
}, 180_000);
afterAll(() => t.close());

describe('秒批 at submission', () => {
  it('grants at once when every condition holds from the portal’s data, explains it, issues the certificate and fires the reminders', async () => {
    define(instant());
    const draft = await draftWithMaterials(verified);
    const before = issued.length;
    const view = await apps.submit(verified, draft.id);
    expect(view.status).toBe('approved');
    expect(view.instant).toMatchObject({ decision: 'approve', basis: '《示范市测试事项管理办法》第五条' });
    expect(view.instant!.checks.map((c) => c.ok)).toEqual([true, true]);
    expect(view.instant!.explanation).toContain('系统自动作出准予决定');
    expect(view.instant!.explanation).toContain('申请人年龄为');
    expect(view.decision).toMatchObject({ status: 'approved', certificate: { code: `ZZ${before + 1}` } });
    expect(view.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['submit', 'instant', 'certificate', 'grant']));
    expect(view.timeline.find((e) => e.kind === 'instant')!.note).toContain('年满18周岁');
    expect(rated).toContainEqual(expect.objectContaining({ subjectRef: view.no }));
    expect(concluded).toContainEqual([verified.userId, w.implCode]);
    // staff read the same explanation; not sampled at 1 in 1000 for this number (deterministic)
    const staff = await apps.staffCase(w.people.leadReviewer, view.no!);
    expect(staff.instant).toMatchObject({ decision: 'approve' });
  });

  it('goes the normal way when the ID number is not the one the account proved, the reason noted', async () => {
    define(instant());
    const draft = await draftWithMaterials(w.people.citizen);
    const view = await apps.submit(w.people.citizen, draft.id);
    expect(view.status).toBe('submitted');
    expect(view.instant).toMatchObject({ decision: 'manual' });
    expect(view.instant!.explanation).toContain('平台未掌握申请人年龄');
    expect(view.timeline.find((e) => e.kind === 'instant')!.note).toContain('转人工审核');
    // the window accepts it as any other
    expect((await apps.accept(w.people.clerk, view.no!)).status).toBe('accepted');
  });

  it('refuses by a failed `deny` condition, with the rule and the fact named', async () => {
    define(instant({ conditions: [{ label: '年满80周岁', fact: 'age', op: 'gte', value: 80, onFail: 'deny' }] }));
    const draft = await draftWithMaterials(verified);
    const view = await apps.submit(verified, draft.id);
    expect(view.status).toBe('denied');
    expect(view.decision!.reason).toContain('条件“年满80周岁”不符合');
    expect(view.decision!.certificate).toBeNull();
  });

  it('answers a failed soft condition with the normal route, never a guess', async () => {
    define(instant());
    const draft = await draftWithMaterials(verified, buildAnswers({ kind: 'lost', lostReport: '搬家时遗失' }));
    const view = await apps.submit(verified, draft.id);
    expect(view.status).toBe('submitted');
    expect(view.instant!.checks.map((c) => c.ok)).toEqual([true, false]);
  });

  it('decides through the one-call API too', async () => {
    define(instant());
    const receipt = await apps.apply(verified, { itemId: w.itemId, answers: buildAnswers() }, { files: { licence: [{ filename: 'l.pdf', data: PDF_BYTES }], 经营场所平面图: [{ filename: 'p.png', data: PNG_BYTES }] } });
    expect(receipt.status).toBe('approved');
  });
});

describe('复核 of sampled automatic decisions', () => {
  it('marks a sampled decision, lists it for the department, and takes one review by its reviewer', async () => {
    define(instant({ oneIn: 1 }));
    const view = await apps.submit(verified, (await draftWithMaterials(verified)).id);
    expect(view.status).toBe('approved');
    const staff = await apps.staffCase(w.people.leadReviewer, view.no!);
    expect(staff.instant).toMatchObject({ sampled: true, review: null });
    expect(staff.abilities).toContain('reviewSample');
    // the applicant is not told it is sampled (the explanation says so), staff see the marker
    expect((await apps.myCase(verified, view.no!)).instant!.sampled).toBe(false);
    const queue = await apps.queue(w.people.leadReviewer, { review: true });
    expect(queue.applications.map((a) => a.no)).toContain(view.no);
    expect(queue.applications.every((a) => a.reviewPending)).toBe(true);
    // bad inputs: a flag without a reason, a result that is not one, another department
    await expect(apps.reviewSample(w.people.leadReviewer, view.no!, { result: 'flagged' })).rejects.toThrow(BadRequestError);
    await expect(apps.reviewSample(w.people.leadReviewer, view.no!, { result: 'ok' })).rejects.toThrow(BadRequestError);
    await expect(apps.reviewSample(w.people.fireReviewer, view.no!, { result: 'confirmed' })).rejects.toThrow(NotFoundError);
    await expect(apps.reviewSample(verified, view.no!, { result: 'confirmed' })).rejects.toMatchObject({ status: 403 });
    const flagged = await apps.reviewSample(w.people.leadReviewer, view.no!, { result: 'flagged', note: '年龄核验所用号码需再核' });
    expect(flagged.instant!.review).toMatchObject({ result: 'flagged', note: '年龄核验所用号码需再核' });
    expect(flagged.history.find((e) => e.kind === 'sampleReview')!.note).toContain('存疑');
    await expect(apps.reviewSample(w.people.leadReviewer, view.no!, { result: 'confirmed' })).rejects.toMatchObject({ code: 'already_reviewed' });
    expect((await apps.queue(w.people.leadReviewer, { review: true })).applications.map((a) => a.no)).not.toContain(view.no);
  });

  it('refuses to review a case no rule decided', async () => {
    defs.delete(w.itemId);
    define(undefined);
    const view = await apps.submit(verified, (await draftWithMaterials(verified)).id);
    expect(view.status).toBe('submitted');
    await apps.accept(w.people.clerk, view.no!);
    await expect(apps.reviewSample(w.people.leadReviewer, view.no!, { result: 'confirmed' })).rejects.toMatchObject({ status: 409 });
  });
});

describe('免证办', () => {
  const certificate = (o: Partial<HeldCertificate> = {}): HeldCertificate => ({
    code: 'SFZZ-2026-000123',
    kind: 'certificate',
    title: '场所使用证明',
    itemId: 1,
    validUntil: null,
    status: 'valid',
    issuedAt: '2026-01-05T02:00:00.000Z',
    ...o,
  });

  it('files a material a certificate the portal issued stands for, and asks no upload for it', async () => {
    define({ exemptions: [{ material: '经营场所平面图', certificate: '场所使用证明' }] });
    held.set(verified.userId, [certificate()]);
    const draft = await draftWithMaterials(verified, buildAnswers(), false);
    const view = await apps.submit(verified, draft.id);
    expect(view.status).toBe('submitted');
    const slot = view.slots.find((s) => s.key === '经营场所平面图')!;
    expect(slot.files).toEqual([expect.objectContaining({ source: 'certificate', filename: expect.stringContaining('SFZZ-2026-000123') })]);
    const staff = await apps.staffCase(w.people.clerk, view.no!);
    expect(staff.slots.find((s) => s.key === '经营场所平面图')!.files[0]!.sourceLabel).toBe('免提交（调用电子证照）');
    // there are no bytes to download: the certificate is checked at its own address
    await expect(apps.materialFile(w.people.clerk, view.no!, slot.files[0]!.id)).rejects.toThrow(NotFoundError);
  });

  it('still asks for the material when the certificate is revoked or expired, and for someone who holds none', async () => {
    define({ exemptions: [{ material: '经营场所平面图', certificate: '场所使用证明' }] });
    held.set(verified.userId, [certificate({ status: 'revoked' })]);
    const draft = await draftWithMaterials(verified, buildAnswers(), false);
    await expect(apps.submit(verified, draft.id)).rejects.toThrow(ValidationError);
    held.delete(verified.userId);
    const other = await draftWithMaterials(w.people.citizen, buildAnswers(), false);
    await expect(apps.submit(w.people.citizen, other.id)).rejects.toThrow(ValidationError);
  });

  it('files it in the one-call API too', async () => {
    define({ exemptions: [{ material: '经营场所平面图', certificate: '场所使用证明' }] });
    held.set(verified.userId, [certificate()]);
    const receipt = await apps.apply(verified, { itemId: w.itemId, answers: buildAnswers() }, { files: { licence: [{ filename: 'l.pdf', data: PDF_BYTES }] } });
    const view = await apps.myCase(verified, receipt.no);
    expect(view.slots.find((s) => s.key === '经营场所平面图')!.files[0]).toMatchObject({ source: 'certificate' });
    held.delete(verified.userId);
  });
});
