/**
 * Dispatch (派单): placing a letter with its lead department and any assisting ones, merging a
 * duplicate into another letter, a department giving a letter back to the dispatchers, and the
 * rules that place letters automatically.
 */
import { BadRequestError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import { t } from '../../../lib/i18n/index.js';
import { departmentsOf, type LettersContext, nameIn } from '../context.js';
import { DISPATCH_DAYS, LIMITS } from '../model.js';
import { isConfidential, requireRules } from '../policy.js';
import * as repo from '../repo.js';
import { checkRule, type RuleInput } from '../rules.js';
import { actorOf, changeLetter, notFound, reasonOf, shown } from './case.js';

/** Send a letter to its lead department and any assisting ones. */
export function assignLetter(ctx: LettersContext, p: Principal, input: { id: number; version: number; lead: number; assists?: number[]; note?: string }) {
  return changeLetter(ctx, { principal: p, id: input.id, version: input.version }, 'assign', {
    check: (names) => {
      if (!names.has(input.lead)) throw new BadRequestError(t('letters.error.department'), 'bad_department');
      const assists = [...new Set(input.assists ?? [])].filter((d) => d !== input.lead);
      if (assists.some((d) => !names.has(d))) throw new BadRequestError(t('letters.error.department'), 'bad_department');
      return { assists, note: cleanText(input.note ?? '', { multiline: true, max: LIMITS.noteMax }) };
    },
    apply: async (c, { assists, note }) => {
      const { letter, tx, pc, names } = c;
      // the commission's cases go to the commission only: nobody else may read them
      if (isConfidential(letter.channel) && pc.commission.size > 0 && ![input.lead, ...assists].every((d) => pc.commission.has(d)))
        throw new BadRequestError(t('letters.error.confidentialDepartment'), 'bad_department');
      // the dispatch deadline is met: reminders and supervision now follow the reply deadline
      const after = {
        departmentId: input.lead,
        dispatchedAt: letter.dispatchedAt ?? ctx.clock.now(),
        remindedAt: null,
        supervisedAt: letter.status === 'dispatching' ? null : letter.supervisedAt,
      };
      const updated = await c.save(after);
      await repo.setDepartments(tx, letter.id, input.lead, assists);
      // a reply drafted by the department that had the case is not the new department's
      if (letter.departmentId && letter.departmentId !== input.lead) await repo.supersedeReplies(tx, letter.id);
      const all = [input.lead, ...assists].map((d) => names.get(d)?.name).join('、');
      const summary = assists.length ? t('letters.assignedWithAssists', { lead: nameIn(names, input.lead), assists: assists.map((d) => names.get(d)?.name).join('、') }) : all;
      await c.event(updated, 'assigned', { note: summary, departmentId: input.lead });
      if (note) await c.event(updated, 'note', { note, internal: true });
      await c.audit('letter.assigned', after, all);
      await c.tellStaff(input.lead, ['handler', 'dept_admin'], 'letter-assigned', updated);
      for (const d of assists) await c.tellStaff(d, ['handler', 'dept_admin'], 'letter-assigned', updated);
      return shown(p, updated, pc);
    },
  });
}

/** Merge a duplicate into another letter: its writer follows the other letter's reply. */
export function mergeLetter(ctx: LettersContext, p: Principal, input: { id: number; version: number; into: string }) {
  return changeLetter(ctx, { principal: p, id: input.id, version: input.version }, 'merge', {
    first: async (tx, letter) => {
      const target = await repo.findByTrackingCode(tx, (input.into ?? '').trim().toUpperCase());
      if (!target || target.id === letter.id || target.status === 'merged') throw new BadRequestError(t('letters.error.mergeTarget'), 'bad_merge_target');
      // the commission's confidential mailboxes never share a case (or a reply) with the others
      if (isConfidential(letter.channel) || isConfidential(target.channel)) throw new BadRequestError(t('letters.error.mergeConfidential'), 'bad_merge_target');
      return target;
    },
    apply: async (c, _input, target) => {
      const { letter } = c;
      const after = { mergedIntoId: target.id, closedAt: ctx.clock.now() };
      const updated = await c.save(after);
      await c.event(updated, 'merged', { note: target.trackingCode });
      await c.event(target, 'merged_from', { note: letter.trackingCode, internal: true });
      await c.audit('letter.merged', after, target.trackingCode);
      await ctx.search.indexer.remove(c.tx, [`letter:${letter.id}`]);
      await c.tellWriter(updated, 'letter-merged', { trackingCode: letter.trackingCode, target: target.trackingCode, link: `/letters/track?code=${letter.trackingCode}` });
      return updated;
    },
  });
}

/** A department gives back a letter it does not own, with the reason; the dispatchers place it again. */
export function giveBackLetter(ctx: LettersContext, p: Principal, input: { id: number; version: number; reason?: string }) {
  return changeLetter(ctx, { principal: p, id: input.id, version: input.version }, 'giveBack', {
    check: () => reasonOf(input.reason, 'letters.error.returnReason'),
    apply: async (c, reason) => {
      // back at the desk: a new day to place it
      const after = { departmentId: null, dispatchDueAt: ctx.calendar.addWorkingDays(ctx.clock.now(), DISPATCH_DAYS), remindedAt: null, supervisedAt: null };
      const updated = await c.save(after);
      await repo.setDepartments(c.tx, c.letter.id, null, []);
      await c.event(updated, 'returned', { note: reason, internal: true });
      await c.audit('letter.returned', after, reason);
      await c.tellStaff(null, ['dispatcher'], 'letter-returned', updated);
      return shown(p, updated, c.pc, 'lead');
    },
  });
}

// ---- the rules that dispatch automatically ---------------------------------------------------------

export async function listRules(ctx: LettersContext, p: Principal) {
  requireRules(p);
  return repo.rules(ctx.db);
}

export async function addRule(ctx: LettersContext, p: Principal, input: RuleInput) {
  requireRules(p);
  const rule = checkRule(input, await departmentsOf(ctx));
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertRule(tx, rule);
    await ctx.audit.record(tx, actorOf(p), [{ action: 'dispatch_rule.created', entity: 'dispatch_rule', entityId: created.id, after: created }]);
    return created;
  });
  await ctx.changes.publish('letters-rules');
  return row;
}

export async function removeRule(ctx: LettersContext, p: Principal, id: number) {
  requireRules(p);
  const removed = await ctx.db.transaction(async (tx) => {
    const row = Number.isInteger(id) ? await repo.deleteRule(tx, id) : undefined;
    if (!row) throw notFound();
    await ctx.audit.record(tx, actorOf(p), [{ action: 'dispatch_rule.deleted', entity: 'dispatch_rule', entityId: row.id, before: row }]);
    return row;
  });
  await ctx.changes.publish('letters-rules');
  return removed;
}
