/** The back-office pages of letters: queue and dispatch desk, one case and its actions, dispatch rules. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { field, flashFrom, handleForm } from '../../web/forms.js';
import type { MessageKey } from '../../lib/i18n/index.js';
import { t } from '../../lib/i18n/index.js';
import { intParam, paging } from '../../web/paging.js';
import type { Principal } from '../../lib/principal.js';
import { assignFromForm, decisionFromForm, mergeFromForm, noteFromForm, reasonFromForm, replyFromForm, reviewFromForm, ruleFromForm, ruleValues } from './forms.js';
import { queueAbilities } from './policy.js';
import { sendFile } from './routes.js';
import type { LetterService } from './service.js';
import { dueSoonLimit } from './todo.js';
import { casePage, QUEUE_FILTERS, type QueueFilter, queuePage, rulesPage } from './views/staff.js';

export interface LetterStaffDeps {
  letters: LetterService;
  timeZone: string;
}

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } } as const;

const FLASH: Record<string, MessageKey> = {
  assigned: 'letters.staff.done.assigned',
  merged: 'letters.staff.done.merged',
  returned: 'letters.staff.done.returned',
  noted: 'letters.staff.done.noted',
  drafted: 'letters.staff.done.drafted',
  submitted: 'letters.staff.done.submitted',
  published: 'letters.staff.done.published',
  sentBack: 'letters.staff.done.sentBack',
  extension: 'letters.staff.done.extension',
  decided: 'letters.staff.done.decided',
  ruleAdded: 'letters.staff.done.ruleAdded',
  ruleDeleted: 'letters.staff.done.ruleDeleted',
};

export async function letterStaffRoutes(app: FastifyInstance, deps: LetterStaffDeps) {
  const { letters, timeZone } = deps;
  const letterId = (params: unknown) => {
    const id = intParam((params as { id: string }).id);
    if (!id) throw new NotFoundError(t('letters.error.notFound'));
    return id;
  };

  app.get('/admin/letters', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const q = request.query as Record<string, string>;
    const offers = queueAbilities(p);
    const filter: QueueFilter = Object.hasOwn(QUEUE_FILTERS, q.status ?? '') ? (q.status as QueueFilter) : offers.dispatchDesk ? 'dispatching' : 'open';
    const type = typeof q.type === 'string' ? q.type.slice(0, 20) : '';
    const text = typeof q.q === 'string' ? q.q.trim().slice(0, 60) : '';
    const overdue = q.overdue === '1';
    const dueSoon = q.due === 'soon';
    const pg = paging(request.query, 30);
    const result = await letters.list(p, {
      status: [...QUEUE_FILTERS[filter]],
      type: type || undefined,
      overdue,
      dueSoon: dueSoon ? dueSoonLimit(letters.calendar) : undefined,
      q: text || undefined,
      limit: pg.limit,
      offset: pg.offset,
    });
    return reply.type(HTML).send(
      queuePage({
        ...common(p, reply, request.query),
        ...result,
        offers,
        page: pg.page,
        size: pg.size,
        filter,
        type,
        overdue,
        dueSoon,
        q: text,
        counts: await letters.counts(p),
      }),
    );
  });

  app.get('/admin/letters/rules', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(rulesPage({ ...common(p, reply, request.query), rules: await letters.listRules(p), departments: await letters.departments() }));
  });

  app.post('/admin/letters/rules', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const values = ruleValues(request.body);
    return handleForm(
      reply,
      async () => {
        await letters.addRule(p, ruleFromForm(values));
        return reply.redirect('/admin/letters/rules?done=ruleAdded', 303);
      },
      async (error) => rulesPage({ ...common(p, reply, {}), error, values, rules: await letters.listRules(p), departments: await letters.departments() }),
    );
  });

  app.post('/admin/letters/rules/:id/delete', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    await letters.removeRule(p, letterId(request.params));
    return reply.redirect('/admin/letters/rules?done=ruleDeleted', 303);
  });

  app.get('/admin/letters/:id', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(await showCase(p, reply, letterId(request.params), request.query));
  });

  app.get('/admin/letters/:id/attachments/:file', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const file = await letters.staffAttachment(p, letterId(request.params), intParam((request.params as { file: string }).file) ?? 0);
    return sendFile(reply, file);
  });

  async function showCase(p: Principal, reply: FastifyReply, id: number, query: unknown, error?: { message: string; problems: string[] }, posted?: unknown) {
    const values = posted ? Object.fromEntries(['body', 'reason', 'note', 'into'].map((k) => [k, field(posted, k)])) : undefined;
    return casePage({ ...common(p, reply, query), error, posted: values, letter: await letters.getForStaff(p, id), departments: await letters.departments() });
  }

  /** One action on a case: run it, then back to the case with a message; a refusal shows the case again with the reason. */
  function action(path: string, run: (p: Principal, id: number, body: unknown) => Promise<unknown>, done: (body: unknown) => string) {
    app.post(`/admin/letters/:id/${path}`, hidden, async (request: FastifyRequest, reply: FastifyReply) => {
      const p = await staffOrRedirect(request, reply);
      if (!p) return reply;
      const id = letterId(request.params);
      return handleForm(
        reply,
        async () => {
          await run(p, id, request.body);
          return reply.redirect(`/admin/letters/${id}?done=${done(request.body)}`, 303);
        },
        (error) => showCase(p, reply, id, {}, error, request.body),
      );
    });
  }

  action('assign', (p, id, b) => letters.assign(p, id, assignFromForm(b)), () => 'assigned');
  action('merge', (p, id, b) => letters.merge(p, id, mergeFromForm(b)), () => 'merged');
  action('return', (p, id, b) => letters.giveBack(p, id, reasonFromForm(b)), () => 'returned');
  action('note', (p, id, b) => letters.addNote(p, id, noteFromForm(b)), () => 'noted');
  action('reply', (p, id, b) => letters.saveReply(p, id, replyFromForm(b)), (b) => (field(b, 'submit') === '1' ? 'submitted' : 'drafted'));
  action('review', (p, id, b) => letters.review(p, id, reviewFromForm(b)), (b) => (field(b, 'approve') === '1' ? 'published' : 'sentBack'));
  action('extension', (p, id, b) => letters.requestExtension(p, id, reasonFromForm(b)), () => 'extension');
  action('extension/decide', (p, id, b) => letters.decideExtension(p, id, decisionFromForm(b)), () => 'decided');

  function common(p: Principal, reply: FastifyReply, query: unknown) {
    return { principal: p, csrf: reply.csrfToken(), timeZone, flash: flashFrom(query, FLASH) };
  }
}
