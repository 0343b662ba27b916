/**
 * The journeys module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md). Inside: service.ts builds the face on a JourneysContext
 * (context.ts); operations/browse.ts reads the public content, progress.ts and home.ts a
 * person's own space, push.ts the reminders, import.ts brings content in and out; policy.ts
 * says whose space it is; validate.ts the rules content follows; present.ts the views;
 * slots.ts what journeys show on the catalogue's guide page.
 */
export { hasJourneyContent, readJourneyDir } from './content.js';
export type { JourneysContext } from './context.js';
export { journeyDraftSections } from './draft-sections.js';
export { journeyMeRoutes } from './me-routes.js';
export type { JourneyBundle, JourneyInput, JourneyStep, LifeEventInput, PushRuleInput, QuestionSetInput } from './model.js';
export { guideViewed, journeyRoutes } from './routes.js';
export { createJourneyService } from './service.js';
export type { JourneyDeps, JourneyService } from './service.js';
export type { GuideSlots } from './slots.js';
export { partOfBox } from './views/pages.js';
