/**
 * Letters: one front desk for every mailbox, departments behind it. A letter is received
 * (and answered with a tracking code and a query code), dispatched by rules or by a dispatcher
 * to a lead department and any assisting ones, handled, answered through a reviewed reply, and
 * rated by its writer, who may reopen an unsatisfactory case once. Deadlines are working days;
 * cases that pass them are put under supervision (督办).
 *
 * This is the module's face: it builds the context once and binds the named operations
 * (operations/<stage>.ts), each of which can also be called on its own with a context.
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { moveAttachmentsOut } from './attachments.js';
import { createLettersContext, type LetterServiceDeps } from './context.js';
import type { SubmissionInput } from './model.js';
import { runDeadlines } from './operations/deadlines.js';
import { addRule, assignLetter, giveBackLetter, listRules, mergeLetter, removeRule } from './operations/dispatch.js';
import { addNote, requestExtension, saveReply } from './operations/handling.js';
import { reindexLetters } from './operations/indexing.js';
import { receiptFor, type SubmitContext, sendPhoneCode, submitLetter, verifiedPhoneOf } from './operations/intake.js';
import { departmentList, publicLetterOf, publicList, similar, statistics } from './operations/public.js';
import { decideExtension, reviewCase, reviewReply } from './operations/review.js';
import { type DemoLetters, seedLetters } from './operations/seed.js';
import { caseCounts, caseForStaff, listCases, type QueueFilter, staffAttachment } from './operations/staff.js';
import { rateLetter, reopenLetter, trackLetter, type WriterKey, writerAttachment } from './operations/writer.js';
import * as repo from './repo.js';
import type { RuleInput } from './rules.js';

export type { LetterServiceDeps } from './context.js';
export type { SubmitContext } from './operations/intake.js';
export type { DemoLetters } from './operations/seed.js';
export type { WriterKey } from './operations/writer.js';
export type { Receipt } from './present.js';

type Version = { version: number };

export function createLetterService(database: Database, deps: LetterServiceDeps) {
  const ctx = createLettersContext(database, deps);
  return {
    calendar: ctx.calendar,
    /** for callers that run an operation themselves */
    context: ctx,

    // intake
    submit: (input: SubmissionInput, how: SubmitContext) => submitLetter(ctx, how.principal, input, how),
    receiptFor: (trackingCode: string, formKey: string) => receiptFor(ctx, { trackingCode, formKey }),
    verifiedPhoneOf: (p: Principal) => verifiedPhoneOf(ctx, p),
    sendPhoneCode: (phone: string) => sendPhoneCode(ctx, phone),

    // the writer
    track: (key: WriterKey) => trackLetter(ctx, key),
    writerAttachment: (key: WriterKey, attachmentId: number) => writerAttachment(ctx, key, attachmentId),
    rate: (key: WriterKey, input: { rating?: string; comment?: string }) => rateLetter(ctx, key, input),
    reopen: (key: WriterKey, input: { reason?: string }) => reopenLetter(ctx, key, input),

    // the public
    publicList: (q: Parameters<typeof publicList>[1]) => publicList(ctx, q),
    publicLetter: (trackingCode: string) => publicLetterOf(ctx, trackingCode),
    statistics: (year: number) => statistics(ctx, year),
    similar: (text: string) => similar(ctx, text),
    departments: () => departmentList(ctx),

    // the back office
    list: (p: Principal, f: QueueFilter) => listCases(ctx, p, f),
    counts: (p: Principal) => caseCounts(ctx, p),
    getForStaff: (p: Principal, id: number) => caseForStaff(ctx, p, id),
    staffAttachment: (p: Principal, id: number, attachmentId: number) => staffAttachment(ctx, p, id, attachmentId),
    assign: (p: Principal, id: number, input: Version & { lead: number; assists?: number[]; note?: string }) => assignLetter(ctx, p, { ...input, id }),
    merge: (p: Principal, id: number, input: Version & { into: string }) => mergeLetter(ctx, p, { ...input, id }),
    giveBack: (p: Principal, id: number, input: Version & { reason?: string }) => giveBackLetter(ctx, p, { ...input, id }),
    addNote: (p: Principal, id: number, input: { note?: string }) => addNote(ctx, p, { ...input, id }),
    saveReply: (p: Principal, id: number, input: Version & { body?: string; submit?: boolean }) => saveReply(ctx, p, { ...input, id }),
    review: (p: Principal, id: number, input: Version & { approve: boolean; reason?: string }) => reviewReply(ctx, p, { ...input, id }),
    /** the same, answered with the case as the API shows it */
    reviewCase: (p: Principal, id: number, input: Version & { approve: boolean; reason?: string }) => reviewCase(ctx, p, { ...input, id }),
    requestExtension: (p: Principal, id: number, input: Version & { reason?: string }) => requestExtension(ctx, p, { ...input, id }),
    decideExtension: (p: Principal, id: number, input: Version & { approve: boolean }) => decideExtension(ctx, p, { ...input, id }),
    listRules: (p: Principal) => listRules(ctx, p),
    addRule: (p: Principal, input: RuleInput) => addRule(ctx, p, input),
    removeRule: (p: Principal, id: number) => removeRule(ctx, p, id),

    // jobs and maintenance
    runDeadlines: (now?: Date) => runDeadlines(ctx, now),
    reindex: () => reindexLetters(ctx),
    /** Move attachments' bytes written before the file store out of the database (on start). */
    moveAttachmentsOut: () => moveAttachmentsOut(ctx.db, ctx.files),
    seed: (content: DemoLetters) => seedLetters(ctx, content),
    count: () => repo.countLetters(ctx.db),
  };
}

export type LetterService = ReturnType<typeof createLetterService>;
