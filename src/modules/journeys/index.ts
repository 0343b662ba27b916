/**
 * The journeys module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
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
