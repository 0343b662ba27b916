/**
 * The applications module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 *   context.ts      ApplicationsContext: db, clock, calendar, files, other modules' faces (faces.ts)
 *   operations/     intake (drafts, submit, withdraw, applyOnline), materials, window (一窗受理),
 *                   review (协同审核), correction (补正), conclusion (办结), reads, deadlines
 *                   automation (秒批 at submission, 抽查复核), on-file (免证办), proactive (免申即享:
 *                   the job, confirm, decline)
 *   policy.ts       abilities and guards; machine.ts the transition table; approval.ts the route
 *                   engine; clock.ts the working-day clock; form-*.ts the online form notation
 *   forms.ts        one schema per input; present.ts rows → views; repo.ts the module's SQL
 *   api.ts          the JSON API (pages come from apps-pages)
 * `createApplications(deps)` builds the context once and binds the operations; each operation is
 * also importable on its own with a context (tests, other faces).
 */
export { type Applications, createApplications } from './service.js';
export { applicationApiRoutes } from './api.js';
export type { ApplicationsContext, ApplicationsDeps, Clock, ItemFacts } from './context.js';
export type { CertificateInput, CertificatesFace, DefinitionSource, HeldCertificate, ItemDefinition, RatableSubject, RatingsFace } from './faces.js';
export * as applicationForms from './forms.js';
export type { ApplicantView, ApplicationSummary, ClockView, CorrectionView, DecisionView, DeliveryView, EventView, MaterialView, OpinionView, Receipt, RouteView, SlotView, StaffView } from './present.js';
export type { ApplyHow } from './operations/intake.js';
export type { StaffQueueQuery } from './operations/reads.js';
export type { UploadInput } from './submission.js';
export type { DemoCases, DemoRated } from './operations/demo.js';

// the domain core
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
export { abilitiesOf, decide as applicationDecide, requireAbility } from './policy.js';
export type { ApplicationAbility, ApplicationFacts, ApplicationPermission } from './policy.js';
// the pages (apps-pages): page routes and the work desk's provider, given the context (createApplications(...).context)
export { applicationPageRoutes } from './page-routes.js';
export { applicationDesk } from './desk.js';
// published definitions and automation (apps-auto)
export { applicationBundleSection, applicationDefinitionSection, createDefinitionSource, fillApplyButton, hasDemoDefinitions, loadDemoDefinitions, validateDemoDefinitions } from './definitions/index.js';
export type { Definitions } from './definitions/index.js';
export { checkBundle, combinedStatus, decideInstantly, eligibleOn, exemptSlots, materialsOnFile, planBundle, proactiveOpenings, readyParts } from './automation/index.js';
export type { ApplicantFacts, Automation, BundleDefinition, CombinedStatus, InstantDecision, OnFile, Opening, Person, PlannedPart } from './automation/index.js';
