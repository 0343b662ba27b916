import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { buildApplicant, buildApplicationFacts, buildApplicationStaff } from '../../../test/factories/applications.js';
import { abilitiesOf, decide, requireAbility } from './policy.js';

const applicant = buildApplicant({ userId: 5000 });
const stranger = buildApplicant();
const windowClerk = buildApplicationStaff('window_clerk', 9); // a clerk of another department at the 综合窗口
const reviewer = buildApplicationStaff('reviewer', 1);
const fireReviewer = buildApplicationStaff('reviewer', 2);
const otherReviewer = buildApplicationStaff('reviewer', 3);
const admin = buildApplicationStaff('admin', null);
const editor = buildApplicationStaff('editor', 1);
const all = (...a: string[]) => new Set(a);

describe('who may do what with an application', () => {
  it('keeps a draft to its applicant', () => {
    const draft = buildApplicationFacts({ status: 'draft' });
    expect(abilitiesOf(applicant, draft)).toEqual(all('read', 'edit', 'submit'));
    for (const p of [windowClerk, reviewer, admin, stranger, undefined]) expect(decide(p, draft, 'read')).toBe('notFound');
  });

  it('lets any department’s window clerk accept any item’s case (一窗受理)', () => {
    const submitted = buildApplicationFacts();
    expect(abilitiesOf(windowClerk, submitted)).toEqual(all('read', 'accept', 'refuse', 'requestCorrection'));
    expect(abilitiesOf(applicant, submitted)).toEqual(all('read', 'withdraw'));
    // the item's own reviewer reads it but does not staff the window
    expect(abilitiesOf(reviewer, submitted)).toEqual(all('read'));
    expect(decide(reviewer, submitted, 'accept')).toBe('forbidden');
  });

  it('hides a case from another department and from people who are not its applicant', () => {
    const reviewing = buildApplicationFacts({ status: 'reviewing', acceptedAt: new Date(), routeDepartments: [1, 2], pendingDepartments: [2] });
    expect(decide(otherReviewer, reviewing, 'read')).toBe('notFound');
    expect(decide(stranger, reviewing, 'read')).toBe('notFound');
    expect(decide(editor, reviewing, 'read')).toBe('notFound');
    expect(decide(undefined, reviewing, 'read')).toBe('notFound');
    // an API token gets nothing until the applications scopes exist
    expect(decide({ ...admin, scopes: ['catalog:write'] }, reviewing, 'read')).toBe('notFound');
    expect(decide(admin, reviewing, 'read')).toBeUndefined();
  });

  it('lets only a department the current stage waits for give an opinion or ask for 补正', () => {
    const reviewing = buildApplicationFacts({ status: 'reviewing', acceptedAt: new Date(), routeDepartments: [1, 2], pendingDepartments: [2] });
    expect(abilitiesOf(fireReviewer, reviewing)).toEqual(all('read', 'opine', 'requestCorrection'));
    expect(abilitiesOf(reviewer, reviewing)).toEqual(all('read'));
    // a system administrator reads every case but does not approve for a department
    expect(abilitiesOf(admin, reviewing)).toEqual(all('read'));
    expect(abilitiesOf(applicant, reviewing)).toEqual(all('read'));
  });

  it('lets the people of the applying enterprise act for it', () => {
    const forCompany = buildApplicationFacts({ status: 'draft', enterpriseId: 77 });
    const colleague = buildApplicant({ kind: 'enterprise', enterpriseId: 77, enterpriseRole: 'member' });
    expect(abilitiesOf(colleague, forCompany)).toEqual(all('read', 'edit', 'submit'));
    expect(decide(buildApplicant({ kind: 'enterprise', enterpriseId: 78 }), forCompany, 'read')).toBe('notFound');
  });

  it('lets the applicant correct a case in 补正 and rate it once concluded', () => {
    expect(abilitiesOf(applicant, buildApplicationFacts({ status: 'correcting', acceptedAt: new Date() }))).toEqual(all('read', 'resubmit'));
    expect(abilitiesOf(applicant, buildApplicationFacts({ status: 'correcting' }))).toEqual(all('read', 'resubmit', 'withdraw'));
    expect(abilitiesOf(applicant, buildApplicationFacts({ status: 'denied', acceptedAt: new Date() }))).toEqual(all('read', 'rate'));
  });

  it('throws not found, forbidden or a conflict that says why', () => {
    const accepted = buildApplicationFacts({ status: 'accepted', acceptedAt: new Date() });
    expect(() => requireAbility(otherReviewer, accepted, 'opine')).toThrow(NotFoundError);
    expect(() => requireAbility(reviewer, buildApplicationFacts(), 'accept')).toThrow(ForbiddenError);
    expect(() => requireAbility(applicant, accepted, 'withdraw')).toThrow(new ConflictError('当前状态为“已受理”，不能撤回申请'));
    expect(() => requireAbility(applicant, accepted, 'edit')).toThrow(new ConflictError('当前状态为“已受理”，不能修改申请'));
    expect(() => requireAbility(applicant, accepted, 'read')).not.toThrow();
  });
});
