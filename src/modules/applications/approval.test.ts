import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../lib/validation.js';
import { buildRoute } from '../../../test/factories/applications.js';
import { checkRoute, checkRouteDefinition, pendingDepartments, RouteDefinition, type RouteEvent, type RouteState, routeDepartments, startRoute, step } from './approval.js';

const route = buildRoute();
const market = { userId: 1, department: 'market', role: 'reviewer' as const };
const marketHead = { userId: 2, department: 'market', role: 'dept_admin' as const };
const fire = { userId: 3, department: 'fire', role: 'reviewer' as const };
const fireColleague = { userId: 4, department: 'fire', role: 'handler' as const };
const environment = { userId: 5, department: 'environment', role: 'reviewer' as const };
const housing = { userId: 6, department: 'housing', role: 'reviewer' as const };

/** Apply events in order; every one must succeed. */
function run(events: RouteEvent[], from: RouteState = startRoute(), def: RouteDefinition = route): RouteState {
  let state = from;
  for (const event of events) {
    const result = step(def, state, event);
    if (!result.ok) throw new Error(`${event.type} by ${event.actor.department}: ${result.message}`);
    state = result.state;
  }
  return state;
}
const approve = (stage: string, actor: RouteEvent['actor'], opinion?: string): RouteEvent => ({ type: 'approve', stage, actor, opinion });
const reject = (stage: string, actor: RouteEvent['actor']): RouteEvent => ({ type: 'reject', stage, actor, opinion: '不符合消防安全条件' });
const errorOf = (state: RouteState, event: RouteEvent, def = route) => {
  const result = step(def, state, event);
  return result.ok ? 'ok' : `${result.error}: ${result.message}`;
};

describe('the approval route', () => {
  it('checks a route definition', () => {
    expect(checkSchema(RouteDefinition, route)).toEqual([]);
    expect(checkSchema(RouteDefinition, { stages: [] })).not.toEqual([]);
    expect(checkSchema(RouteDefinition, { stages: [{ key: 'a', name: '甲', mode: 'some', participants: [{ department: 'market' }] }] })).not.toEqual([]);
    expect(checkSchema(RouteDefinition, { stages: [{ key: 'a', name: '甲', mode: 'all', participants: [{ department: 'market', roles: ['mayor'] }] }] })).not.toEqual([]);
    const twice = buildRoute({
      stages: [
        { key: 'a', name: '甲', mode: 'all', participants: [{ department: 'market' }, { department: 'market' }] },
        { key: 'a', name: '乙', mode: 'any', participants: [{ department: 'fire' }] },
      ],
    });
    expect(checkRoute(twice).map((p) => p.message)).toEqual(['环节“甲”中部门“market”重复', '环节标识“a”重复']);
    expect(checkRoute(route)).toEqual([]);
  });

  it('checks a route as an editor sent it, against the catalogue’s departments', () => {
    const known = new Set(['market', 'fire']);
    expect(checkRouteDefinition(route, known, '食品经营许可').map((p) => `${p.where} ${p.field}: ${p.message}`)).toEqual([
      '食品经营许可 联合审查: 部门“environment”不存在',
    ]);
    expect(checkRouteDefinition(route, new Set(['market', 'fire', 'environment']))).toEqual([]);
    expect(checkRouteDefinition({ stages: [{}] }).length).toBeGreaterThan(0);
  });

  it('runs stages in series, a 会签 stage completing when every department has approved', () => {
    let state = run([approve('review', market)]);
    expect(state).toMatchObject({ stage: 1, outcome: 'running' });
    expect(pendingDepartments(route, state)).toEqual(['fire', 'environment']);
    const first = step(route, state, approve('joint', fire, '符合消防要求'));
    expect(first).not.toHaveProperty('completed');
    expect(first).toMatchObject({ ok: true, opinion: { stage: 'joint', department: 'fire', userId: 3, kind: 'approve', text: '符合消防要求', round: 0 } });
    state = first.ok ? first.state : state;
    expect(pendingDepartments(route, state)).toEqual(['environment']);
    const second = step(route, state, approve('joint', environment));
    expect(second).toMatchObject({ ok: true, completed: 'joint', opinion: { text: '同意' } });
    state = second.ok ? second.state : state;
    expect(state).toMatchObject({ stage: 2, decisions: [] });
    // the decision stage is the department head's: the market's reviewer is not on it
    expect(errorOf(state, approve('decide', market))).toBe('notParticipant: 您所在的部门或岗位不在当前环节“决定”的审批人中');
    state = run([approve('decide', marketHead)], state);
    expect(state.outcome).toBe('approved');
    expect(pendingDepartments(route, state)).toEqual([]);
    expect(errorOf(state, approve('decide', marketHead))).toBe('finished: 审批流程已结束，不能再提交意见');
  });

  it('denies the case when one department of a 会签 stage disagrees', () => {
    const atJoint = run([approve('review', market)]);
    const result = step(route, atJoint, reject('joint', fire));
    expect(result).toMatchObject({ ok: true, completed: 'joint', state: { outcome: 'denied' }, opinion: { kind: 'reject', text: '不符合消防安全条件' } });
    expect(errorOf(atJoint, { type: 'reject', stage: 'joint', actor: fire, opinion: ' ' })).toBe('reasonRequired: 请填写理由');
  });

  it('completes a 或签 stage with the first approval, and denies only when every department disagrees', () => {
    const either = buildRoute({
      stages: [
        { key: 'check', name: '现场核查', mode: 'any', participants: [{ department: 'fire' }, { department: 'environment' }] },
        { key: 'decide', name: '决定', mode: 'all', participants: [{ department: 'market' }] },
      ],
    });
    const done = step(either, startRoute(), approve('check', environment));
    expect(done).toMatchObject({ ok: true, completed: 'check', state: { stage: 1 } });
    // the other department's page still shows the stage: it has moved on
    if (done.ok) expect(errorOf(done.state, approve('check', fire), either)).toBe('notCurrentStage: 该环节不是当前环节（当前为“决定”），页面可能已过期，请刷新后重试');
    const oneNo = run([reject('check', fire)], startRoute(), either);
    expect(oneNo).toMatchObject({ stage: 0, outcome: 'running' });
    expect(pendingDepartments(either, oneNo)).toEqual(['environment']);
    expect(run([reject('check', environment)], oneNo, either).outcome).toBe('denied');
    expect(run([approve('check', environment)], oneNo, either)).toMatchObject({ stage: 1, outcome: 'running' });
  });

  it('sends a case back to an earlier stage with a reason, in a new round where earlier opinions no longer count', () => {
    const atJoint = run([approve('review', market), approve('joint', environment)]);
    const back = step(route, atJoint, { type: 'sendBack', stage: 'joint', actor: fire, to: 'review', reason: '经营范围表述不规范，请重新审查' });
    expect(back).toMatchObject({ ok: true, opinion: { kind: 'sendBack', target: 'review', text: '经营范围表述不规范，请重新审查', round: 0 } });
    const returned = back.ok ? back.state : atJoint;
    expect(returned).toMatchObject({ stage: 0, round: 1, decisions: [] });
    // a page from before the send-back is stale even where the stage's name is the same
    const again = run([approve('review', market)], returned);
    expect(errorOf(again, { ...approve('joint', fire), round: 0 })).toMatch(/^notCurrentStage/);
    // the environment department approved in round 0: it has to approve again
    expect(pendingDepartments(route, again)).toEqual(['fire', 'environment']);
    expect(run([approve('joint', fire), approve('joint', environment)], again).stage).toBe(2);
  });

  it('sends back only to an earlier stage that exists, with a reason', () => {
    const atJoint = run([approve('review', market)]);
    const back = (to: string, reason = '退回重审') => errorOf(atJoint, { type: 'sendBack', stage: 'joint', actor: fire, to, reason });
    expect(back('joint')).toBe('notEarlier: 只能退回到当前环节之前的环节');
    expect(back('decide')).toBe('notEarlier: 只能退回到当前环节之前的环节');
    expect(back('nowhere')).toBe('unknownStage: 审批流程中没有环节“nowhere”');
    expect(back('review', '')).toBe('reasonRequired: 请填写理由');
  });

  it('adds a department to the current stage (加签), which then must approve too', () => {
    const atJoint = run([approve('review', market)]);
    const add = step(route, atJoint, { type: 'addDepartment', stage: 'joint', actor: fire, department: 'housing', reason: '涉及房屋安全鉴定' });
    expect(add).toMatchObject({ ok: true, opinion: { kind: 'addDepartment', target: 'housing' } });
    let state = add.ok ? add.state : atJoint;
    expect(pendingDepartments(route, state)).toEqual(['fire', 'environment', 'housing']);
    expect(routeDepartments(route, state)).toEqual(['market', 'fire', 'environment', 'housing']);
    state = run([approve('joint', fire), approve('joint', environment)], state);
    expect(state.stage).toBe(1);
    state = run([approve('joint', housing)], state);
    expect(state.stage).toBe(2);
    // a department already on the stage cannot be added again
    expect(errorOf(atJoint, { type: 'addDepartment', stage: 'joint', actor: fire, department: 'environment', reason: '会商' })).toBe(
      'alreadyInStage: 部门“environment”已在当前环节中',
    );
  });

  it('keeps a department added to a stage when the case comes back to it', () => {
    const added = run([approve('review', market), { type: 'addDepartment', stage: 'joint', actor: fire, department: 'housing', reason: '涉及房屋安全' }]);
    const back = run([{ type: 'sendBack', stage: 'joint', actor: housing, to: 'review', reason: '补充说明' }, approve('review', market)], added);
    expect(pendingDepartments(route, back)).toEqual(['fire', 'environment', 'housing']);
  });

  it('takes one decision per department and stage: approving twice is refused, by the same person or a colleague', () => {
    const state = run([approve('review', market), approve('joint', fire)]);
    expect(errorOf(state, approve('joint', fire))).toBe('alreadyDecided: 本部门已在当前环节“联合审查”提交过意见，不能重复提交');
    expect(errorOf(state, approve('joint', fireColleague))).toMatch(/^alreadyDecided/);
    expect(errorOf(state, reject('joint', fire))).toMatch(/^alreadyDecided/);
    expect(errorOf(state, { type: 'sendBack', stage: 'joint', actor: fire, to: 'review', reason: '改主意了' })).toMatch(/^alreadyDecided/);
  });

  it('refuses an opinion on a stage that is not current, or one that does not exist', () => {
    const atJoint = run([approve('review', market)]);
    expect(errorOf(atJoint, approve('review', market))).toBe('notCurrentStage: 该环节不是当前环节（当前为“联合审查”），页面可能已过期，请刷新后重试');
    expect(errorOf(atJoint, approve('decide', marketHead))).toMatch(/^notCurrentStage/);
    expect(errorOf(atJoint, approve('archive', fire))).toBe('unknownStage: 审批流程中没有环节“archive”');
  });

  it('refuses a department that is not on the current stage', () => {
    expect(errorOf(startRoute(), approve('review', fire))).toBe('notParticipant: 您所在的部门或岗位不在当前环节“审查”的审批人中');
    const atJoint = run([approve('review', market)]);
    expect(errorOf(atJoint, approve('joint', market))).toMatch(/^notParticipant/);
    expect(errorOf(atJoint, { type: 'addDepartment', stage: 'joint', actor: housing, department: 'police', reason: '会商' })).toMatch(/^notParticipant/);
  });

  it('never changes the state it was given', () => {
    const state = run([approve('review', market)]);
    const copy = structuredClone(state);
    step(route, state, approve('joint', fire));
    step(route, state, { type: 'addDepartment', stage: 'joint', actor: fire, department: 'housing', reason: '会商' });
    step(route, state, { type: 'sendBack', stage: 'joint', actor: fire, to: 'review', reason: '退回' });
    expect(state).toEqual(copy);
  });
});
