/**
 * HTTP for journeys: public pages (journeys, guided questions, life events) and JSON API v1.
 * A signed-in citizen also gets their progress and the forms to mark steps done; handlers read
 * the request, call one operation and render or redirect.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../lib/principal.js';
import { flashFrom } from '../../web/forms.js';
import { ErrorBody, JourneyListQuery, JourneySummaryBody, LifeEventListQuery, SlugParams, audienceOf, readDoneForm, stepNumber } from './forms.js';
import { hasPersonalSpace } from './policy.js';
import type { JourneyService } from './service.js';
import { journeyPage, journeysPage, lifeEventPage, lifeEventsPage, questionsPage } from './views/pages.js';

export { guideViewed } from './slots.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FLASH = { done: 'journeys.flash.done', undone: 'journeys.flash.undone', followed: 'journeys.flash.followed', unfollowed: 'journeys.flash.unfollowed' } as const;

/** A signed-in citizen or enterprise person (staff and strangers see public pages only). */
async function citizenOf(request: FastifyRequest): Promise<Principal | undefined> {
  const p = await request.principal();
  return hasPersonalSpace(p) ? p : undefined;
}

export async function journeyRoutes(app: FastifyInstance, deps: { journeys: JourneyService }) {
  const { journeys } = deps;

  /** The viewer's items done, for pages with "mark done" buttons. */
  async function viewerOf(request: FastifyRequest, reply: FastifyReply) {
    const p = await citizenOf(request);
    if (!p) return undefined;
    return { p, csrf: reply.csrfToken(), done: new Set(await journeys.doneItems(p)) };
  }

  // ---- pages ----------------------------------------------------------------------------

  app.get('/journeys', hidden, async (request, reply) => {
    const audience = audienceOf(request.query);
    const [list, questionSets, lifeEvents] = await Promise.all([
      journeys.listJourneys({ audience, limit: 100, offset: 0 }),
      journeys.listQuestionSets(),
      journeys.listLifeEvents(audience),
    ]);
    return reply.type(HTML).send(journeysPage({ audience, journeys: list.journeys, questionSets, lifeEvents }));
  });

  app.get<{ Params: { slug: string } }>('/journeys/:slug', hidden, async (request, reply) => {
    const journey = await journeys.getJourney(request.params.slug);
    const p = await citizenOf(request);
    if (!p) return reply.type(HTML).send(journeyPage(journey, undefined));
    const progress = await journeys.progress(p, journey.slug);
    void journeys.noteView(p, 'journey', journey.id);
    return reply.type(HTML).send(journeyPage(journey, { ...progress, csrf: reply.csrfToken(), flash: flashFrom(request.query, FLASH) }));
  });

  app.post<{ Params: { slug: string; n: string } }>('/journeys/:slug/steps/:n', hidden, async (request, reply) => {
    const { slug, n } = request.params;
    const p = await citizenOf(request);
    if (!p) return reply.redirect(`/login?next=${encodeURIComponent(`/journeys/${slug}`)}`, 303);
    const { done } = readDoneForm(request.body);
    const step = stepNumber(n);
    await journeys.markStep(p, slug, step, done);
    return reply.redirect(`/journeys/${slug}?done=${done ? 'done' : 'undone'}#step-${step}`, 303);
  });

  app.get('/questions', hidden, async (_request, reply) => reply.redirect('/journeys#h-ask', 303));
  // the back office edits journey content through the catalogue's workflow (see draft-sections.ts)
  app.get('/admin/journeys', hidden, async (_request, reply) => reply.redirect('/admin/catalog/journeys', 303));

  app.get<{ Params: { slug: string } }>('/questions/:slug', hidden, async (request, reply) => {
    const { slug } = request.params;
    const query = request.query as Record<string, unknown>;
    const answer = await journeys.answer(slug, query);
    const viewer = await viewerOf(request, reply);
    const url = `/questions/${answer.slug}${answerQuery(answer.answers)}`;
    return reply
      .code(answer.invalid.length ? 400 : 200)
      .type(HTML)
      .send(questionsPage(answer, viewer, url));
  });

  app.get('/life-events', hidden, async (request, reply) => {
    const audience = audienceOf(request.query);
    return reply.type(HTML).send(lifeEventsPage(audience, await journeys.listLifeEvents(audience)));
  });

  app.get<{ Params: { slug: string } }>('/life-events/:slug', hidden, async (request, reply) => {
    const event = await journeys.getLifeEvent(request.params.slug);
    return reply.type(HTML).send(lifeEventPage(event, await viewerOf(request, reply)));
  });

  // ---- JSON API v1 ----------------------------------------------------------------------

  app.get(
    '/api/v1/journeys',
    {
      schema: {
        tags: ['journeys'],
        summary: '场景式服务（办事场景）列表',
        querystring: JourneyListQuery,
        response: { 200: T.Object({ total: T.Integer(), journeys: T.Array(JourneySummaryBody) }), 400: ErrorBody },
      },
    },
    async (request) => journeys.listJourneys(request.query as Static<typeof JourneyListQuery>),
  );

  app.get(
    '/api/v1/journeys/:slug',
    { schema: { tags: ['journeys'], summary: '一个办事场景的全部步骤', params: SlugParams, response: { 400: ErrorBody, 404: ErrorBody } } },
    async (request) => journeys.getJourney((request.params as { slug: string }).slug),
  );

  app.get(
    '/api/v1/life-events',
    {
      schema: {
        tags: ['journeys'],
        summary: '人生大事与企业全生命周期',
        querystring: LifeEventListQuery,
        response: { 200: T.Object({ total: T.Integer(), lifeEvents: T.Array(T.Any()) }), 400: ErrorBody },
      },
    },
    async (request) => {
      const q = request.query as Static<typeof LifeEventListQuery>;
      const all = await journeys.listLifeEvents(q.audience);
      return { total: all.length, lifeEvents: all.slice(q.offset, q.offset + q.limit) };
    },
  );

  app.get(
    '/api/v1/life-events/:slug',
    { schema: { tags: ['journeys'], summary: '一件人生大事要办的事项和场景（按顺序）', params: SlugParams, response: { 400: ErrorBody, 404: ErrorBody } } },
    async (request) => journeys.getLifeEvent((request.params as { slug: string }).slug),
  );
}

/** The answers as a query string, in the set's order (the address to share). */
function answerQuery(answers: Record<string, string>): string {
  const q = new URLSearchParams(answers).toString();
  return q ? `?${q}` : '';
}
