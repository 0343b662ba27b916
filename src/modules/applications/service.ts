/**
 * The face's operations bound to one context (index.ts exports it): `createApplications(database, deps)`.
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { type ApplicationsDeps, createApplicationsContext } from './context.js';
import type { ApplyInput, ConcludeInput, CorrectionInput, DraftInput, OpinionInput } from './forms.js';
import type { CaseRef } from './operations/case.js';
import { applyBundle, type BundleApplyInput, myBundle, publishedBundle, publishedBundles } from './operations/bundles.js';
import { concludeApplication } from './operations/conclusion.js';
import { requestCorrection, resubmitCorrection } from './operations/correction.js';
import { runDeadlines } from './operations/deadlines.js';
import { type ApplyHow, applyOnline, chooseDelivery, saveDraft, submitApplication, withdrawApplication } from './operations/intake.js';
import { markFetched, removeMaterial, reuseMaterial, uploadMaterial } from './operations/materials.js';
import { materialFile, myApplication, myApplications, newApplicationForm, reusableMaterials, staffCase, staffQueue, type StaffQueueQuery } from './operations/reads.js';
import { reviewSample } from './operations/automation.js';
import { confirmOpening, declineOpening, myOpenings, runProactive } from './operations/proactive.js';
import { giveOpinion } from './operations/review.js';
import { type DemoCases, seedDemoApplications } from './operations/demo.js';
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
    /** 一件事一次办: one combined form fanned out to the linked applications (operations/bundles.ts) */
    applyBundle: (p: P, input: BundleApplyInput) => applyBundle(ctx, p, input),
    myBundle: (p: P, ref: unknown) => myBundle(ctx, p, ref),
    bundles: () => publishedBundles(ctx),
    bundle: (slug: unknown) => publishedBundle(ctx, slug),
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
    /** 抽查复核 of a 秒批 decision: confirmed, or flagged with a note */
    reviewSample: (p: P, id: CaseRef, input: V & { result: unknown; note?: unknown }) => reviewSample(ctx, p, { ...input, id }),

    // 免申即享: openings on a person's behalf, confirmed or declined by them
    openings: (p: P) => myOpenings(ctx, p),
    confirmOpening: (p: P, id: number) => confirmOpening(ctx, p, id),
    declineOpening: (p: P, id: number) => declineOpening(ctx, p, id),

    // jobs
    runDeadlines: (now?: Date) => runDeadlines(ctx, now),
    /** 免申即享: open applications for whoever became eligible (daily rules; idempotent) */
    runProactive: (now?: Date) => runProactive(ctx, now),
    count: () => repo.countApplications(ctx.db),
    /** the demo's cases (data/demo/applications/cases.json), made through the operations above; once */
    seedDemo: (content: DemoCases, principal: (who: { phone: string } | { username: string }) => Promise<Principal | undefined>) => seedDemoApplications(ctx, content, principal),
  };
}
export type Applications = ReturnType<typeof createApplications>;
