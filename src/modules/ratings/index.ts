/**
 * The ratings module's public face (好差评 and 整改): the only file other modules, app.ts and the
 * CLI import (docs/decisions/0015-module-shape.md, 0018-ratings.md). Applications and appointments
 * call `openRatable(tx, subject)` inside their transaction when a service concludes, and link the
 * rater to `/me/ratings/<kind>/<subjectRef>`.
 */
export { ratingApiRoutes } from './api.js';
export { ratingsDesk } from './desk.js';
export type { RatableSubject } from './operations/open.js';
export type { DemoRatings } from './operations/seed.js';
export { ratingRoutes } from './routes.js';
export { createRatings } from './service.js';
export type { RatingsDeps, RatingsService } from './service.js';
export { ratingStaffRoutes } from './staff-routes.js';
export { ratingsStarted } from './started.js';
