/**
 * 协同审核: stage opinions through the route engine (approval.ts) — approve, disagree, send back
 * to an earlier stage with a reason, add a department (加签). Two approvers racing on one parallel
 * stage are served one after the other (the case's row is locked for the transaction and its
 * version moves on every step), so a stage never advances twice and no opinion is lost; the
 * unique index on (case, round, stage, department) refuses a department's second decision even
 * if that guard were bypassed. Every opinion, with its author and time, goes into the opinions,
 * the history and the audit log in the same transaction.
 */
import { BadRequestError, ConflictError, ForbiddenError } from '../../../lib/errors.js';
import { can, isStaff, type Principal } from '../../../lib/principal.js';
import { type ApplicationFacts, decide, requireAbility } from '../policy.js';
import { type RouteDefinition, type RouteEvent, type RouteState, step } from '../approval.js';
import type { ApplicationsContext } from '../context.js';
import type { OpinionInput } from '../forms.js';
import { msg } from '../messages.js';
import type { StaffView } from '../present.js';
import * as repo from '../repo.js';
import { type CaseRef, changeApplication, dayOf, notFound, staffLink } from './case.js';
import { staffView } from './reads.js';
import { departmentRows } from './window.js';

export async function giveOpinion(ctx: ApplicationsContext, p: Principal | undefined, input: OpinionInput & { id: CaseRef; version?: number }): Promise<StaffView> {
  if (!isStaff(p)) throw notFound();
  const guard = (facts: ApplicationFacts) => {
    // the route has run its course: a late (or second) approval is told so, not "forbidden"
    if (facts.routeOutcome && facts.routeOutcome !== 'running' && decide(p, facts, 'read') === undefined && can(p, 'applications.review')) throw new ConflictError(msg('route.error.finished'));
    // a department on the route whose turn it is not (decided already, or the stage moved on): a conflict that says so
    if (decide(p, facts, 'opine') === 'forbidden' && p.departmentId !== null && facts.routeDepartments.includes(p.departmentId) && can(p, 'applications.review'))
      throw new ConflictError(msg('error.notPending'));
    requireAbility(p, facts, 'opine');
  };
  return changeApplication(ctx, p, input.id, guard, input.version, async (c) => {
    const me = p.departmentId ? c.names.byId.get(p.departmentId) : undefined;
    if (!me) throw notFound();
    const route = c.row.route as RouteDefinition;
    const state = c.row.routeState as RouteState;
    const actor = { userId: p.userId, department: me.slug, role: p.role };
    const acting = { stage: String(input.stage), ...(input.round !== undefined ? { round: input.round } : {}), actor };
    let event: RouteEvent;
    switch (input.kind) {
      case 'approve':
        event = { ...acting, type: 'approve', opinion: input.text };
        break;
      case 'reject':
        event = { ...acting, type: 'reject', opinion: input.text ?? '' };
        break;
      case 'sendBack':
        event = { ...acting, type: 'sendBack', to: String(input.to ?? ''), reason: input.text ?? '' };
        break;
      case 'addDepartment': {
        const wanted = input.department;
        const d = typeof wanted === 'number' ? c.names.byId.get(wanted) : typeof wanted === 'string' ? (c.names.bySlug.get(wanted) ?? c.names.byId.get(Number(wanted))) : undefined;
        if (!d) throw new BadRequestError(msg('error.department', { department: String(wanted ?? '').slice(0, 60) }), 'bad_department');
        event = { ...acting, type: 'addDepartment', department: d.slug, reason: input.text ?? '' };
        break;
      }
      default:
        throw new BadRequestError(msg('error.opinionKind'), 'bad_opinion');
    }
    const result = step(route, state, event);
    if (!result.ok) {
      if (result.error === 'notParticipant') throw new ForbiddenError(result.message);
      if (result.error === 'reasonRequired' || result.error === 'unknownStage' || result.error === 'notEarlier' || result.error === 'alreadyInStage') throw new BadRequestError(result.message, result.error);
      throw new ConflictError(result.message);
    }
    const { opinion } = result;
    const written = await repo.insertOpinion(c.tx, {
      applicationId: c.row.id,
      stage: opinion.stage,
      round: opinion.round,
      departmentId: me.id,
      userId: p.userId,
      kind: opinion.kind,
      text: opinion.text,
      target: opinion.target ?? null,
      at: c.now,
    });
    if (!written) throw new ConflictError(msg('route.error.alreadyDecided', { stage: route.stages[state.stage]?.name ?? '' }));
    const to = c.next('opine', 'reviewer');
    const rows = departmentRows(c.names, c.row.departmentId, route, result.state);
    const row = await c.save({ status: to, routeState: result.state });
    await repo.setDepartments(c.tx, row.id, rows);
    await c.event(`opinion.${opinion.kind}`, { note: opinion.text, internal: true, from: c.row.status, to });
    await ctx.audit.record(c.tx, c.actor, [
      {
        action: `application.opinion.${opinion.kind}`,
        entity: 'application',
        entityId: row.no as string,
        before: { stage: opinion.stage, round: state.round, status: c.row.status },
        after: { stage: route.stages[result.state.stage]?.key ?? null, round: result.state.round, outcome: result.state.outcome, status: to },
        note: opinion.text,
        departmentId: me.id,
      },
    ]);
    const itemName = (await ctx.item(row.itemId))?.name ?? '';
    const base = { no: row.no as string, item: itemName, due: dayOf(ctx, row.dueAt), link: staffLink(ctx, row.no) };
    if (result.completed) await c.event('stageCompleted', { note: msg('event.stageCompleted', { stage: route.stages.find((s) => s.key === result.completed)?.name ?? '' }) });
    const moved = result.state.stage !== state.stage || result.state.round !== state.round || opinion.kind === 'addDepartment';
    if (result.state.outcome !== 'running') await c.tellStaff([row.departmentId], ['handler', 'reviewer', 'dept_admin'], 'application-decide', base);
    else if (moved) {
      const before = new Set(c.departments.filter((d) => d.pending).map((d) => d.departmentId));
      const asked = rows.filter((r) => r.pending && (!before.has(r.departmentId) || result.state.stage !== state.stage)).map((r) => r.departmentId);
      await c.tellStaff(asked, ['handler', 'reviewer', 'dept_admin'], 'application-review', { ...base, stage: route.stages[result.state.stage]?.name ?? '' });
    }
    return c.later(() => staffView(ctx, ctx.db, row, p));
  });
}
