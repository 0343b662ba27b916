/**
 * 协同审核: an item's approval route and the one function that moves a case along it.
 *
 * A route is a list of stages run in series; a stage is one department or several in parallel,
 * complete when all of them approve (会签, mode 'all') or any one does (或签, mode 'any'); a stage
 * may be limited to roles within its departments. A department of the current stage may approve,
 * disagree, send the case back to an earlier stage with a reason (a new round: earlier opinions
 * stay in the history but no longer count) or add a department to the current stage (加签).
 *
 * `step(route, state, event)` is pure: it returns the new state and the opinion to record, or an
 * error with its message. The state is small JSON kept on the case row beside a version column,
 * so two approvers racing on one stage cannot both move it: the second write finds the version
 * changed and steps again from the new state (where its department has already decided, or the
 * stage has moved on).
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { STAFF_ROLES, type StaffRole } from '../../lib/principal.js';
import { cleanText } from '../../lib/text.js';
import { checkSchema, type Problem } from '../../lib/validation.js';
import { type ApplicationMessageKey, msg } from './messages.js';

const Slug = T.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Role = T.Union(STAFF_ROLES.map((r) => T.Literal(r)));

export const Participant = T.Object(
  {
    /** the department's slug in the catalogue */
    department: Slug,
    /** only these roles of the department act for it; any reviewer when absent */
    roles: T.Optional(T.Array(Role, { minItems: 1, maxItems: STAFF_ROLES.length, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type Participant = Static<typeof Participant>;

export const Stage = T.Object(
  {
    key: T.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
    name: T.String({ minLength: 1, maxLength: 40 }),
    /** all: 会签, every department approves; any: 或签, one approval completes the stage */
    mode: T.Union([T.Literal('all'), T.Literal('any')]),
    participants: T.Array(Participant, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type Stage = Static<typeof Stage>;

export const RouteDefinition = T.Object({ stages: T.Array(Stage, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false });
export type RouteDefinition = Static<typeof RouteDefinition>;

/**
 * Every problem with a route as an editor sent it (shape, then sense); with the catalogue's
 * department slugs, also a department that does not exist.
 */
export function checkRouteDefinition(value: unknown, departments?: ReadonlySet<string>, where = ''): Problem[] {
  const shape = checkSchema(RouteDefinition, value, where);
  if (shape.length) return shape;
  return checkRoute(value as RouteDefinition, departments).map((p) => ({ ...p, where }));
}

/** What the schema cannot see: stage keys unique, a department once per stage (and known, given the list). */
export function checkRoute(route: RouteDefinition, known?: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const keys = new Set<string>();
  for (const stage of route.stages) {
    if (keys.has(stage.key)) problems.push({ where: '', field: stage.name, message: msg('route.def.duplicateStage', { key: stage.key }) });
    keys.add(stage.key);
    const departments = new Set<string>();
    for (const p of stage.participants) {
      if (departments.has(p.department))
        problems.push({ where: '', field: stage.name, message: msg('route.def.duplicateDepartment', { stage: stage.name, department: p.department }) });
      departments.add(p.department);
      if (known && !known.has(p.department))
        problems.push({ where: '', field: stage.name, message: msg('route.def.unknownDepartment', { department: p.department }) });
    }
  }
  return problems;
}

export type Decision = 'approve' | 'reject';

export interface RouteState {
  /** index of the current stage */
  stage: number;
  outcome: 'running' | 'approved' | 'denied';
  /** times the case was sent back; opinions of an earlier round no longer count */
  round: number;
  /** departments added to a stage (加签) */
  added: { stage: string; department: string; roles?: StaffRole[] }[];
  /** the decisions given at the current stage in this round */
  decisions: { department: string; decision: Decision; userId: number }[];
}

export const startRoute = (): RouteState => ({ stage: 0, outcome: 'running', round: 0, added: [], decisions: [] });

/** Who acts: a member of staff, for their department. */
export interface RouteActor {
  userId: number;
  department: string;
  role: StaffRole;
}

interface Acting {
  /** the key of the stage the actor acted on (what their page showed as current) */
  stage: string;
  /** the round their page showed, when known: a page from before a send-back is stale */
  round?: number;
  actor: RouteActor;
}
export type RouteEvent =
  | (Acting & { type: 'approve'; opinion?: string })
  | (Acting & { type: 'reject'; opinion: string })
  | (Acting & { type: 'sendBack'; to: string; reason: string })
  | (Acting & { type: 'addDepartment'; department: string; roles?: StaffRole[]; reason: string });

/** What to record in the case history: one opinion, with its author. */
export interface Opinion {
  stage: string;
  round: number;
  department: string;
  userId: number;
  kind: RouteEvent['type'];
  text: string;
  /** sendBack: the stage sent back to; addDepartment: the department added */
  target?: string;
}

export type RouteErrorCode = 'finished' | 'unknownStage' | 'notCurrentStage' | 'notParticipant' | 'alreadyDecided' | 'notEarlier' | 'alreadyInStage' | 'reasonRequired';

export type StepResult =
  | {
      ok: true;
      state: RouteState;
      opinion: Opinion;
      /** the key of the stage this event completed, if it did */
      completed?: string;
    }
  | { ok: false; error: RouteErrorCode; message: string };

const OPINION_MAX = 2000;

/** The departments (and roles) of a stage, added ones included. */
export function participantsOf(route: RouteDefinition, state: RouteState, stageIndex = state.stage): Participant[] {
  const stage = route.stages[stageIndex];
  if (!stage) return [];
  return [...stage.participants, ...state.added.filter((a) => a.stage === stage.key).map(({ department, roles }) => ({ department, roles }))];
}

/** The departments the current stage still waits for (none once the route is over). */
export function pendingDepartments(route: RouteDefinition, state: RouteState): string[] {
  if (state.outcome !== 'running') return [];
  const decided = new Set(state.decisions.map((d) => d.department));
  return participantsOf(route, state)
    .map((p) => p.department)
    .filter((d) => !decided.has(d));
}

/** Every department on the route, added ones included: who may read the case. */
export function routeDepartments(route: RouteDefinition, state: RouteState): string[] {
  return [...new Set([...route.stages.flatMap((s) => s.participants.map((p) => p.department)), ...state.added.map((a) => a.department)])];
}

/** Move the case along its route, or say why the event cannot happen. */
export function step(route: RouteDefinition, state: RouteState, event: RouteEvent): StepResult {
  const current = route.stages[state.stage];
  const fail = (error: RouteErrorCode, vars?: Record<string, string>): StepResult => ({ ok: false, error, message: msg(`route.error.${error}` as ApplicationMessageKey, vars) });
  if (state.outcome !== 'running' || !current) return fail('finished');
  const acted = route.stages.find((s) => s.key === event.stage);
  if (!acted) return fail('unknownStage', { stage: event.stage });
  if (acted !== current || (event.round !== undefined && event.round !== state.round)) return fail('notCurrentStage', { current: current.name });
  const { actor } = event;
  const participants = participantsOf(route, state);
  const mine = participants.find((p) => p.department === actor.department && (!p.roles || p.roles.includes(actor.role)));
  if (!mine) return fail('notParticipant', { stage: current.name });
  if (state.decisions.some((d) => d.department === actor.department)) return fail('alreadyDecided', { stage: current.name });

  const text = cleanText(event.type === 'approve' ? (event.opinion ?? '') : event.type === 'reject' ? event.opinion : event.reason, {
    multiline: true,
    max: OPINION_MAX,
  });
  if (!text && event.type !== 'approve') return fail('reasonRequired');
  const opinion: Opinion = { stage: current.key, round: state.round, department: actor.department, userId: actor.userId, kind: event.type, text };

  switch (event.type) {
    case 'sendBack': {
      const to = route.stages.findIndex((s) => s.key === event.to);
      if (to < 0) return fail('unknownStage', { stage: event.to });
      if (to >= state.stage) return fail('notEarlier');
      return { ok: true, opinion: { ...opinion, target: event.to }, state: { ...state, stage: to, round: state.round + 1, decisions: [] } };
    }
    case 'addDepartment': {
      if (participants.some((p) => p.department === event.department)) return fail('alreadyInStage', { department: event.department });
      const added = { stage: current.key, department: event.department, ...(event.roles ? { roles: event.roles } : {}) };
      return { ok: true, opinion: { ...opinion, target: event.department }, state: { ...state, added: [...state.added, added] } };
    }
    case 'approve':
    case 'reject': {
      const decision: Decision = event.type;
      const decisions = [...state.decisions, { department: actor.department, decision, userId: actor.userId }];
      const verdict = stageVerdict(current.mode, participants.length, decisions);
      if (verdict === undefined) return { ok: true, opinion: { ...opinion, text: text || msg('route.defaultApproval') }, state: { ...state, decisions } };
      const last = state.stage === route.stages.length - 1;
      const next: RouteState =
        verdict === 'reject'
          ? { ...state, decisions, outcome: 'denied' }
          : last
            ? { ...state, decisions, outcome: 'approved' }
            : { ...state, stage: state.stage + 1, decisions: [] };
      return { ok: true, opinion: { ...opinion, text: text || msg('route.defaultApproval') }, state: next, completed: current.key };
    }
  }
}

/** Whether the stage is decided: 会签 needs every department, one disagreement denies; 或签 needs one, all disagreeing denies. */
function stageVerdict(mode: Stage['mode'], participants: number, decisions: RouteState['decisions']): Decision | undefined {
  const approvals = decisions.filter((d) => d.decision === 'approve').length;
  const rejections = decisions.length - approvals;
  if (mode === 'all') {
    if (rejections > 0) return 'reject';
    return approvals === participants ? 'approve' : undefined;
  }
  if (approvals > 0) return 'approve';
  return rejections === participants ? 'reject' : undefined;
}
