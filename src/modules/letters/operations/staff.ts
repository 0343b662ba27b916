/**
 * The back office's reads: the queue of cases (a department's own, or all for portal-wide
 * roles), the counts by status, one whole case with what this person may do with it, and a
 * case's attachment.
 */
import { isPortalWide, type Principal } from '../../../lib/principal.js';
import { openAttachment } from '../attachments.js';
import { departmentsOf, type LettersContext, nameIn } from '../context.js';
import { abilitiesOf, caseActions, inCommission, requireAbility } from '../policy.js';
import { conceal, staffCase, staffSummary } from '../present.js';
import * as repo from '../repo.js';
import { forAbility, notFound, policyContext, shown } from './case.js';
import { contributorsOf } from './handling.js';

export type QueueFilter = Omit<repo.StaffFilter, 'departmentId'> & { departmentId?: number };

export async function listCases(ctx: LettersContext, p: Principal, f: QueueFilter) {
  requireAbility(p, 'read');
  const departmentId = isPortalWide(p) ? f.departmentId : (p.departmentId ?? -1);
  const names = await departmentsOf(ctx);
  const pc = await policyContext(ctx);
  // words typed into the search find confidential cases only for those who may read them
  const { total, rows } = await repo.listForStaff(ctx.db, { ...f, departmentId, searchConfidential: inCommission(p, pc) });
  const now = ctx.clock.now().getTime();
  return {
    total,
    letters: rows.map((letter) => ({
      ...staffSummary(shown(p, letter, pc, letter.departmentId === p.departmentId ? 'lead' : undefined), now),
      departmentName: letter.departmentId ? (names.get(letter.departmentId)?.name ?? null) : null,
    })),
  };
}

export async function caseCounts(ctx: LettersContext, p: Principal) {
  requireAbility(p, 'read');
  return repo.statusCounts(ctx.db, isPortalWide(p) ? undefined : (p.departmentId ?? -1));
}

/** The whole case for staff: history with internal notes, replies, departments, attachments. */
export async function caseForStaff(ctx: LettersContext, p: Principal, id: number) {
  requireAbility(p, 'read');
  const names = await departmentsOf(ctx);
  const pc = await policyContext(ctx);
  const { db } = ctx;
  const { letter: row, facts, role } = await forAbility(db, p, id, 'read', pc);
  const abilities = abilitiesOf(p, facts, pc);
  const content = abilities.has('readContent');
  const letter = content ? row : conceal(row);
  const replies = content ? await repo.replies(db, letter.id) : [];
  const submitted = replies.find((r) => r.status === 'submitted');
  const ownReply = !!submitted && contributorsOf(submitted).includes(p.userId);
  const departments = (await repo.departmentsOf(db, letter.id))
    // a department gone from the catalogue is no longer shown
    .filter((d) => names.has(d.departmentId))
    .map((d) => ({ ...d, name: nameIn(names, d.departmentId) }))
    .sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name, 'zh-Hans-CN') : a.role < b.role ? -1 : 1));
  return staffCase(letter, {
    role,
    content,
    ownReply,
    abilities,
    actions: caseActions(letter, abilities, { role, ownReply }),
    departments,
    events: await repo.events(db, letter.id, true),
    replies,
    attachments: content ? await repo.attachmentList(db, letter.id) : [],
    mergedInto: letter.mergedIntoId ? (await repo.findById(db, letter.mergedIntoId))?.trackingCode : undefined,
    templates: content ? await repo.templates(db, letter.departmentId) : [],
  });
}

export async function staffAttachment(ctx: LettersContext, p: Principal, id: number, attachmentId: number) {
  requireAbility(p, 'readContent');
  const { letter } = await forAbility(ctx.db, p, id, 'readContent', await policyContext(ctx));
  const row = Number.isInteger(attachmentId) ? await repo.attachment(ctx.db, letter.id, attachmentId) : undefined;
  const file = row && (await openAttachment(ctx.files, row));
  if (!file) throw notFound();
  return file;
}
