/**
 * The journeys face: `createJourneyService` builds the context once and exposes the operations
 * (operations/*.ts) to the routes, app.ts and other modules, with the signatures they have
 * always had. It also fills the catalogue's guide page slots (slots.ts).
 */
import type { Database, Runner } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { type JourneyDeps, journeysContext } from './context.js';
import type { JourneyBundle } from './model.js';
import * as browse from './operations/browse.js';
import { home } from './operations/home.js';
import * as content from './operations/import.js';
import * as progress from './operations/progress.js';
import * as push from './operations/push.js';
import type { Section } from './present.js';
import { type GuideSlots, fillGuideSlots } from './slots.js';

export type { JourneyDeps } from './context.js';

export function createJourneyService(database: Database, deps: JourneyDeps) {
  const ctx = journeysContext(database, deps);
  const face = {
    // content: checked and imported whole, for the seed and the catalogue's draft workflow
    validate: (bundle: JourneyBundle) => content.validateContent(ctx, bundle),
    importBundle: (bundle: JourneyBundle, options?: content.ImportOptions) => content.importBundle(ctx, bundle, options),
    reindex: (tx?: Runner) => content.reindex(ctx, tx),
    exportRecord: (section: Section, slug: string) => content.exportRecord(ctx, section, slug),
    records: (section: Section) => content.records(ctx, section),

    // public pages and the API
    listJourneys: (q: Parameters<typeof browse.listJourneys>[1]) => browse.listJourneys(ctx, q),
    getJourney: (slug: string) => browse.getJourney(ctx, slug),
    partOf: (implCode: string) => browse.partOf(ctx, implCode),
    listQuestionSets: () => browse.listQuestionSets(ctx),
    answer: (slug: string, query: Record<string, unknown>) => browse.answer(ctx, slug, query),
    listLifeEvents: (audience?: browse.Audience) => browse.listLifeEvents(ctx, audience),
    getLifeEvent: (slug: string) => browse.getLifeEvent(ctx, slug),

    // the personal space
    progress: (p: Principal, slug: string) => progress.progress(ctx, p, slug),
    markStep: (p: Principal, slug: string, step: number, done: boolean) => progress.markStep(ctx, p, { slug, step, done }),
    doneItems: (p: Principal) => progress.doneItems(ctx, p),
    markItem: (p: Principal, code: string, done: boolean) => progress.markItem(ctx, p, { code, done }),
    applicationConcluded: (userId: number, implCode: string) => progress.applicationConcluded(ctx, userId, implCode),
    subscribe: (p: Principal, kind: string, ref: string) => progress.subscribe(ctx, p, { kind, ref }),
    unsubscribe: (p: Principal, kind: string, ref: string) => progress.unsubscribe(ctx, p, { kind, ref }),
    noteView: (p: Principal, kind: 'item' | 'journey', refId: number) => progress.noteView(ctx, p, { kind, refId }),
    home: (p: Principal) => home(ctx, p),

    // push rules and reminders
    listPushRules: () => push.listPushRules(ctx),
    releaseDue: (limit?: number) => push.releaseDue(ctx, limit),
    reminders: (p: Principal) => push.reminders(ctx, p),
    openReminder: (p: Principal, id: number) => push.openReminder(ctx, p, id),
    stopReminders: (p: Principal, ruleId?: number) => push.stopReminders(ctx, p, ruleId),
    resumeReminders: (p: Principal, ruleId?: number) => push.resumeReminders(ctx, p, ruleId),
  };
  fillGuideSlots(deps.catalog as JourneyDeps['catalog'] & GuideSlots, face);
  return face;
}

export type JourneyService = ReturnType<typeof createJourneyService>;
