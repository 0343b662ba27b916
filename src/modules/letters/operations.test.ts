/**
 * The operations called one by one, without HTTP, each with the module's context: a letter
 * placed by a rule, answered through a reviewed reply, rated and reopened once — and the state
 * machine refusing what the table does not allow. Each test makes its own data with factories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, ConflictError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { buildLetter, buildLetterStaff, buildRule } from '../../../test/factories/letters.js';
import { testApp } from '../../../test/helpers.js';
import type { LettersContext } from './context.js';
import { assignLetter, giveBackLetter } from './operations/dispatch.js';
import { saveReply } from './operations/handling.js';
import { submitLetter } from './operations/intake.js';
import { reviewReply } from './operations/review.js';
import { caseForStaff } from './operations/staff.js';
import { rateLetter, reopenLetter, trackLetter } from './operations/writer.js';
import { allows, LETTER_ABILITIES, nextStatus, TRANSITIONS } from './policy.js';

let t: Awaited<ReturnType<typeof testApp>>;
let ctx: LettersContext;
let dept: number;
let keyword: string;
const who: Record<'dispatcher' | 'handler' | 'reviewer', Principal> = {} as never;

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0 });
  ctx = t.services.letters.context;
  const bundle = buildBundle(0);
  await t.services.catalog.importBundle(bundle);
  const slug = bundle.departments[0]!.slug;
  dept = (await t.services.catalog.listDepartments()).find((d) => d.slug === slug)!.id;
  for (const [role, department] of [['dispatcher', undefined], ['handler', slug], ['reviewer', slug]] as const) {
    const s = buildLetterStaff(role, department);
    await t.services.accounts.staff.createStaff(s);
    who[role] = await t.services.accounts.signInStaff(s.username, s.password);
  }
  const rule = buildRule(dept);
  keyword = (rule.keywords as string[])[0]!;
  await t.services.letters.addRule(who.dispatcher, rule);
});
afterAll(() => t.close());

/** A letter through the hotline (an integration needs no phone code). */
const received = (o: Parameters<typeof buildLetter>[0] = {}) => submitLetter(ctx, who.dispatcher, buildLetter(o), { source: 'api' });

describe('letters operations without HTTP', () => {
  it('places a letter by rule, answers it through review, and lets the writer rate and reopen it once', async () => {
    const receipt = await received({ title: `关于${keyword}的问题反映` });
    expect(receipt.status).toBe('handling');
    const key = { trackingCode: receipt.trackingCode, queryCode: receipt.queryCode, from: '192.0.2.1' };

    const v1 = (await caseForStaff(ctx, who.handler, receipt.id)).version;
    const submitted = await saveReply(ctx, who.handler, { id: receipt.id, version: v1, body: '经核查，路灯已于本周修复，感谢您的反映。', submit: true });
    expect(submitted.status).toBe('reviewing');
    // the version read before the reply was submitted is stale: a conflict, nothing overwritten
    await expect(reviewReply(ctx, who.reviewer, { id: receipt.id, version: v1, approve: true })).rejects.toBeInstanceOf(ConflictError);
    const published = await reviewReply(ctx, who.reviewer, { id: receipt.id, version: submitted.version, approve: true });
    expect(published?.status).toBe('replied');

    expect((await trackLetter(ctx, key)).canRate).toBe(true);
    expect((await rateLetter(ctx, key, { rating: 'unsatisfied', comment: '路灯又坏了' })).status).toBe('closed');
    await expect(rateLetter(ctx, key, { rating: 'satisfied' })).rejects.toBeInstanceOf(ConflictError);
    expect((await reopenLetter(ctx, key, { reason: '路灯修好两天又坏了' })).status).toBe('handling');
    expect((await trackLetter(ctx, key)).canReopen).toBe(false);
  });

  it('refuses an action the letter’s state does not allow, and input before anything is read', async () => {
    const receipt = await received();
    expect(receipt.status).toBe('dispatching');
    const { version } = await caseForStaff(ctx, who.dispatcher, receipt.id);
    await expect(giveBackLetter(ctx, who.dispatcher, { id: receipt.id, version, reason: '不属于本部门职责范围' })).rejects.toBeInstanceOf(ConflictError);
    await expect(giveBackLetter(ctx, who.dispatcher, { id: receipt.id, version, reason: '短' })).rejects.toBeInstanceOf(BadRequestError);
    const placed = await assignLetter(ctx, who.dispatcher, { id: receipt.id, version, lead: dept });
    expect(placed.status).toBe('handling');
    expect((await caseForStaff(ctx, who.handler, receipt.id)).actions.reply).toBe(true);
  });
});

describe('the transition table', () => {
  it('names an ability (or the writer) for every action, once', () => {
    const actions = TRANSITIONS.map((tr) => tr.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const tr of TRANSITIONS) expect([...LETTER_ABILITIES, 'writer']).toContain(tr.who);
  });

  it('answers where an action leads, and refuses it with the table’s message', () => {
    const letter = { status: 'closed', extensionStatus: null, rating: 'unsatisfied', reopenCount: 0 };
    expect(nextStatus(letter, 'reopen')).toBe('handling');
    expect(allows({ ...letter, reopenCount: 1 }, 'reopen')).toBe(false);
    expect(() => nextStatus({ ...letter, status: 'handling' }, 'rate')).toThrow(ConflictError);
    expect(() => nextStatus({ ...letter, status: 'handling', extensionStatus: 'approved' }, 'requestExtension')).toThrow('每件来信只能申请一次延期');
  });
});
