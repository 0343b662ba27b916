/** Factories: small, valid letters records; override any field. */
import type { RuleInput, SubmissionInput } from '../../src/modules/letters/index.js';

let seq = 0;
const next = () => ++seq;

/** A letter as its writer fills in the form: a mayor's-mailbox complaint, a phone of its own. */
export function buildLetter(o: Partial<SubmissionInput> = {}): SubmissionInput {
  const n = next();
  return {
    channel: 'mayor',
    type: 'complaint',
    title: `小区路灯损坏第${n}次反映`,
    body: `东湖区测试路${n}号小区门口的路灯已经坏了两个星期，晚上出行很不方便，请有关部门尽快修理。`,
    name: '王测试',
    phone: `139${String(10_000_000 + (n % 90_000_000)).padStart(8, '0')}`,
    isPublic: true,
    ...o,
  };
}

/** A report to one of the discipline commission's mailboxes (no publication, may be anonymous). */
export function buildReport(o: Partial<SubmissionInput> = {}): SubmissionInput {
  return buildLetter({ channel: 'discipline', type: 'report', isPublic: false, ...o });
}

/** A dispatch rule placing letters with `departmentId` by a keyword. */
export function buildRule(departmentId: number, o: Partial<RuleInput> = {}): RuleInput {
  const n = next();
  return { name: `测试规则${n}`, keywords: [`关键词${n}`], departmentId, priority: 100, ...o };
}

/** A staff member's details for accounts' createStaff, in a department (slug) or portal-wide. */
export function buildLetterStaff(role: 'admin' | 'dept_admin' | 'reviewer' | 'dispatcher' | 'handler', department?: string, password = 'letters2026ok') {
  const n = next();
  return { username: `${role}-${n}`, displayName: `${role}${n}`, role, department, password };
}
