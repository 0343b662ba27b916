/**
 * The applications module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md). So far the domain core: the form and route notations
 * the catalogue's draft → review → publish workflow checks, the state machine, the policy, the
 * route engine and the working-day clock. Operations, routes and pages come next.
 */
export { checkRoute, checkRouteDefinition, pendingDepartments, RouteDefinition, routeDepartments, startRoute, step } from './approval.js';
export type { Opinion, RouteActor, RouteErrorCode, RouteEvent, RouteState, StepResult } from './approval.js';
export { readClock } from './clock.js';
export type { ClockInput, ClockReading, Pause } from './clock.js';
export { checkAnswers, prefillAnswers, readAnswers } from './form-answers.js';
export type { AccountFacts, AnswerProblem, Answers, FileRef } from './form-answers.js';
export { checkDefinition, checkFormDefinition, FormDefinition } from './form-notation.js';
export type { Field } from './form-notation.js';
export { FINAL_STATUSES, STATUSES, TRANSITIONS, transition } from './machine.js';
export type { ApplicationAction, ApplicationStatus } from './machine.js';
export { checkFormAgainstGuide, checkMaterials, materialSlots } from './materials.js';
export type { GuideMaterial, MaterialSlot } from './materials.js';
export { msg as applicationMessage } from './messages.js';
export { abilitiesOf, requireAbility } from './policy.js';
export type { ApplicationAbility, ApplicationFacts, ApplicationPermission } from './policy.js';
// the pages (apps-pages): page routes, the work desk's provider, and the context they are given
export { createApplicationsContext } from './context.js';
export type { ApplicationsContext, ApplicationsDeps } from './context.js';
export type { DefinitionSource, ItemDefinition } from './faces.js';
export { applicationPageRoutes } from './page-routes.js';
export { applicationDesk } from './desk.js';
