/**
 * HTTP for the journeys part of the personal space: the personal homepage, reminders,
 * subscriptions and items done. Only the signed-in person's own data; every form posts and
 * redirects, and works without JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import { flashFrom, safeNext } from '../../web/forms.js';
import { citizenOrRedirect } from '../../web/guards.js';
import type { AccountService } from '../accounts/index.js';
import { readDoneForm, readReminderRuleForm, readSubscriptionForm, reminderId } from './forms.js';
import type { JourneyService } from './service.js';
import { homePage, remindersPage } from './views/me.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } };
const FLASH = {
  followed: 'journeys.flash.followed',
  unfollowed: 'journeys.flash.unfollowed',
  stopped: 'journeys.flash.stopped',
  resumed: 'journeys.flash.resumed',
} as const;

/** `?done=` appended to a local address (which may carry a query and a #fragment already). */
function withDone(back: string, done: string): string {
  const [path = '/', hash] = back.split('#');
  return `${path}${path.includes('?') ? '&' : '?'}done=${done}${hash ? `#${hash}` : ''}`;
}

export async function journeyMeRoutes(app: FastifyInstance, deps: { journeys: JourneyService; accounts: AccountService; timeZone: string }) {
  const { journeys, accounts, timeZone } = deps;

  app.get('/me/journeys', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, request.method === 'GET' ? request.url : '/me/journeys');
    if (!p) return reply;
    const [account, home] = await Promise.all([accounts.account(p.userId), journeys.home(p)]);
    return reply.type(HTML).send(homePage(account, home, reply.csrfToken(), timeZone, flashFrom(request.query, FLASH)));
  });

  app.get('/me/reminders', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, request.method === 'GET' ? request.url : '/me/journeys');
    if (!p) return reply;
    const [account, reminders] = await Promise.all([accounts.account(p.userId), journeys.reminders(p)]);
    return reply.type(HTML).send(remindersPage(account, reminders, reply.csrfToken(), timeZone, flashFrom(request.query, FLASH)));
  });

  // the link in a reminder: counts the opening, then shows the reminder in the list
  app.get<{ Params: { id: string } }>('/me/reminders/:id/open', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, request.method === 'GET' ? request.url : '/me/journeys');
    if (!p) return reply;
    const id = reminderId(request.params.id);
    await journeys.openReminder(p, id);
    return reply.redirect(`/me/reminders#r-${id}`, 303);
  });

  for (const action of ['stop', 'resume'] as const) {
    app.post(`/me/reminders/${action}`, hidden, async (request, reply) => {
      const p = await citizenOrRedirect(request, reply, request.method === 'GET' ? request.url : '/me/journeys');
      if (!p) return reply;
      const { rule } = readReminderRuleForm(request.body);
      if (action === 'stop') await journeys.stopReminders(p, rule);
      else await journeys.resumeReminders(p, rule);
      return reply.redirect(`/me/reminders?done=${action === 'stop' ? 'stopped' : 'resumed'}`, 303);
    });
  }

  app.post('/me/subscriptions', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, request.method === 'GET' ? request.url : '/me/journeys');
    if (!p) return reply;
    const form = readSubscriptionForm(request.body);
    await journeys.subscribe(p, form.kind, form.ref);
    return reply.redirect(withDone(safeNext(form.back, '/me/journeys'), 'followed'), 303);
  });

  app.post('/me/subscriptions/delete', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, request.method === 'GET' ? request.url : '/me/journeys');
    if (!p) return reply;
    const form = readSubscriptionForm(request.body);
    await journeys.unsubscribe(p, form.kind, form.ref);
    return reply.redirect(withDone(safeNext(form.back, '/me/journeys'), 'unfollowed'), 303);
  });

  app.post<{ Params: { code: string } }>('/me/items/:code/done', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply, request.method === 'GET' ? request.url : '/me/journeys');
    if (!p) return reply;
    const form = readDoneForm(request.body);
    await journeys.markItem(p, request.params.code, form.done);
    return reply.redirect(safeNext(form.back, '/me/journeys'), 303);
  });
}
