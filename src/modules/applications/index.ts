/**
 * The applications module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 *   context.ts      ApplicationsContext: db, clock, calendar, files, other modules' faces (faces.ts)
 *   operations/     intake (drafts, submit, withdraw, applyOnline), materials, window (一窗受理),
 *                   review (协同审核), correction (补正), conclusion (办结), reads, deadlines
 *   policy.ts       abilities and guards; machine.ts the transition table; approval.ts the route
 *                   engine; clock.ts the working-day clock; form-*.ts the online form notation
 *   forms.ts        one schema per input; present.ts rows → views; repo.ts the module's SQL
 *   api.ts          the JSON API (pages come from apps-pages)
 * `createApplications(deps)` builds the context once and binds the operations; each operation is
 * also importable on its own with a context (tests, other faces).
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { type ApplicationsDeps, createApplicationsContext } from './context.js';
import type { ApplyInput, ConcludeInput, CorrectionInput, DraftInput, OpinionInput } from './forms.js';
import type { CaseRef } from './operations/case.js';
import { concludeApplication } from './operations/conclusion.js';
import { requestCorrection, resubmitCorrection } from './operations/correction.js';
import { runDeadlines } from './operations/deadlines.js';
import { type ApplyHow, applyOnline, chooseDelivery, saveDraft, submitApplication, withdrawApplication } from './operations/intake.js';
import { markFetched, removeMaterial, reuseMaterial, uploadMaterial } from './operations/materials.js';
import { materialFile, myApplication, myApplications, newApplicationForm, reusableMaterials, staffCase, staffQueue, type StaffQueueQuery } from './operations/reads.js';
import { giveOpinion } from './operations/review.js';
import { acceptApplication, refuseApplication } from './operations/window.js';
import type { UploadInput } from './submission.js';
import * as repo from './repo.js';

export function createApplications(database: Database, deps: ApplicationsDeps) {
  const ctx = createApplicationsContext(database, deps);
  type P = Principal | undefined;
  type V = { version?: number };
  return {
    /** for callers that run an operation themselves */
    context: ctx,
    calendar: ctx.calendar,

    // the applicant
    newForm: (p: P, itemId: number) => newApplicationForm(ctx, p, itemId),
    saveDraft: (p: P, input: DraftInput & { id?: number }) => saveDraft(ctx, p, input),
    submit: (p: P, id: CaseRef, input: V = {}) => submitApplication(ctx, p, { ...input, id }),
    withdraw: (p: P, id: CaseRef, input: V & { reason?: string } = {}) => withdrawApplication(ctx, p, { ...input, id }),
    chooseDelivery: (p: P, id: CaseRef, input: V & { delivery: unknown }) => chooseDelivery(ctx, p, { ...input, id }),
    apply: (p: P, input: ApplyInput, how?: ApplyHow) => applyOnline(ctx, p, input, how),
    upload: (p: P, id: CaseRef, slot: string, files: UploadInput[]) => uploadMaterial(ctx, p, { id, slot, files }),
    removeMaterial: (p: P, id: CaseRef, materialId: number) => removeMaterial(ctx, p, { id, materialId }),
    reuseMaterial: (p: P, id: CaseRef, input: { slot: string; materialId: number }) => reuseMaterial(ctx, p, { ...input, id }),
    reusable: (p: P) => reusableMaterials(ctx, p),
    resubmit: (p: P, id: CaseRef, input: V & { answers?: unknown } = {}) => resubmitCorrection(ctx, p, { ...input, id }),
    mine: (p: P, q: { status?: string; limit?: number; offset?: number } = {}) => myApplications(ctx, p, q),
    myCase: (p: P, id: CaseRef) => myApplication(ctx, p, id),
    materialFile: (p: P, id: CaseRef, materialId: number) => materialFile(ctx, p, id, materialId),

    // staff
    queue: (p: P, q: StaffQueueQuery = {}) => staffQueue(ctx, p, q),
    staffCase: (p: P, id: CaseRef) => staffCase(ctx, p, id),
    accept: (p: P, id: CaseRef, input: V = {}) => acceptApplication(ctx, p, { ...input, id }),
    refuse: (p: P, id: CaseRef, input: V & { reason: string }) => refuseApplication(ctx, p, { ...input, id }),
    opine: (p: P, id: CaseRef, input: OpinionInput & V) => giveOpinion(ctx, p, { ...input, id }),
    requestCorrection: (p: P, id: CaseRef, input: CorrectionInput) => requestCorrection(ctx, p, { ...input, id }),
    conclude: (p: P, id: CaseRef, input: ConcludeInput) => concludeApplication(ctx, p, { ...input, id }),
    markFetched: (p: P, id: CaseRef, input: V & { slot: string }) => markFetched(ctx, p, { ...input, id }),

    // jobs
    runDeadlines: (now?: Date) => runDeadlines(ctx, now),
    count: () => repo.countApplications(ctx.db),
  };
}
export type Applications = ReturnType<typeof createApplications>;
export type { ApplicationsContext, ApplicationsDeps, Clock, ItemFacts } from './context.js';
export type { CertificateInput, CertificatesFace, DefinitionSource, HeldCertificate, ItemDefinition, RatableSubject, RatingsFace } from './faces.js';
export * as applicationForms from './forms.js';
export type { ApplicantView, ApplicationSummary, ClockView, CorrectionView, DecisionView, DeliveryView, EventView, MaterialView, OpinionView, Receipt, RouteView, SlotView, StaffView } from './present.js';
export type { ApplyHow } from './operations/intake.js';
export type { StaffQueueQuery } from './operations/reads.js';
export type { UploadInput } from './submission.js';

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
