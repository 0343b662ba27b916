/**
 * 好差评 and 整改: the face builds the context once and binds the named operations
 * (operations/<stage>.ts), each of which can also be called on its own with a context.
 */
import type { Database, Tx } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { createRatingsContext, type RatingsDeps } from './context.js';
import type { CloseInput, FollowUpInput, RateInput } from './forms.js';
import { runRatingJobs } from './operations/jobs.js';
import { openRatable, type RatableSubject } from './operations/open.js';
import { forgetTally, satisfaction } from './operations/public.js';
import { followUpSubject, myRatings, rateSubject, ratingView } from './operations/rate.js';
import { closeRectification, type QueueFilter, rectificationCounts, rectificationFor, rectificationQueue } from './operations/rectify.js';
import { type DemoRatings, seedRatings } from './operations/seed.js';

export function createRatings(database: Database, deps: RatingsDeps) {
  const ctx = createRatingsContext(database, deps);
  return {
    context: ctx,
    calendar: ctx.calendar,
    /** called by applications and appointments inside their own transaction when a service concludes */
    openRatable: (tx: Tx, subject: RatableSubject) => openRatable(ctx, tx, subject),

    // the rater
    view: (p: Principal | undefined, kind: string, subjectRef: string) => ratingView(ctx, p, kind, subjectRef),
    rate: (p: Principal | undefined, input: RateInput, idempotencyKey?: string) => rateSubject(ctx, p, input, idempotencyKey),
    followUp: (p: Principal | undefined, kind: string, subjectRef: string, input: FollowUpInput) => followUpSubject(ctx, p, kind, subjectRef, input),
    mine: (p: Principal, pages: Parameters<typeof myRatings>[2]) => myRatings(ctx, p, pages),

    // the departments
    queue: (p: Principal, filter: QueueFilter, page: { limit: number; offset: number }) => rectificationQueue(ctx, p, filter, page),
    counts: (p: Principal) => rectificationCounts(ctx, p),
    rectification: (p: Principal, id: number) => rectificationFor(ctx, p, id),
    close: (p: Principal, id: number, input: CloseInput) => closeRectification(ctx, p, id, input),

    // the public
    satisfaction: (filter?: { department?: number; item?: number }) => satisfaction(ctx, filter),

    // jobs and the demo
    runJobs: (now?: Date) => runRatingJobs(ctx, now),
    seed: async (content: DemoRatings, raterOf: (phone: string) => Promise<number | undefined>) => {
      const result = await seedRatings(ctx, content, raterOf);
      forgetTally(ctx);
      return result;
    },
  };
}

export type RatingsService = ReturnType<typeof createRatings>;
export type { RatingsDeps } from './context.js';
