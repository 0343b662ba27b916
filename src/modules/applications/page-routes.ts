/**
 * The applications pages (HTML, no JavaScript needed): the applicant's online form
 * (/items/<id>/apply, drafts at /me/applications/drafts/<id>), 我的办件 (/me/applications and
 * one case), and the workbench's 办件 (/admin/applications). Every form posts, redirects (303)
 * and is shown again with its errors and a 400 when refused. The routes only read the request,
 * call the operations and draw the presented views; the rules are the operations' and policy's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError, ValidationError } from '../../lib/errors.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import { staffOrRedirect } from '../../web/admin-layout.js';
import { type Body, field, flashFrom } from '../../web/forms.js';
import { citizenOrRedirect } from '../../web/guards.js';
import { intParam, paging } from '../../web/paging.js';
import { bundlePageRoutes } from './bundle-pages.js';
import { myBundles } from './operations/bundles.js';
import { bundlesSection } from './views/bundle.js';
import type { ApplicationsContext } from './context.js';
import type { FormDefinition } from './form-notation.js';
import { msg } from './messages.js';
import { findCase, NO_PATTERN } from './operations/case.js';
import { concludeApplication } from './operations/conclusion.js';
import { requestCorrection, resubmitCorrection } from './operations/correction.js';
import { chooseDelivery, saveDraft, submitApplication, withdrawApplication } from './operations/intake.js';
import { markFetched, removeMaterial, reuseMaterial, uploadMaterial } from './operations/materials.js';
import { materialFile, myApplication, myApplications, newApplicationForm, reusableMaterials, staffCase, staffQueue } from './operations/reads.js';
import { reviewSample } from './operations/automation.js';
import { confirmOpening, declineOpening, myOpenings } from './operations/proactive.js';
import { giveOpinion } from './operations/review.js';
import { acceptApplication, refuseApplication } from './operations/window.js';
import type { ApplicantView } from './present.js';
import { applyPage, type FormFailure, MY_STATUS_FILTERS, myApplicationPage, myApplicationsPage } from './views/citizen.js';
import { answersFromForm, type FieldErrors, nameOfPath } from './views/form.js';
import { QUEUE_FILTERS, QUEUE_STATUSES, type QueueFilterKey, queuePage, staffCasePage } from './views/staff.js';

export interface ApplicationPageDeps {
  ctx: ApplicationsContext;
  timeZone: string;
}

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } } as const;

const FLASH: Record<string, MessageKey> = {
  saved: 'applications.page.done.saved',
  uploaded: 'applications.page.done.uploaded',
  removed: 'applications.page.done.removed',
  reused: 'applications.page.done.reused',
  submitted: 'applications.page.done.submitted',
  withdrawn: 'applications.page.done.withdrawn',
  corrected: 'applications.page.done.corrected',
  accepted: 'applications.page.done.accepted',
  refused: 'applications.page.done.refused',
  opined: 'applications.page.done.opined',
  correction: 'applications.page.done.correction',
  concluded: 'applications.page.done.concluded',
  fetched: 'applications.page.done.fetched',
  reviewed: 'auto.review.done',
  complete: 'auto.opening.complete',
  declined: 'auto.opening.declined',
  delivery: 'applications.page.done.delivery',
};

/** the delivery form's inputs, by the names the operation's problems give */
const DELIVERY_FIELDS = { method: 'method', hall: 'hall', recipient: 'recipient', phone: 'phone', address: 'address' } as const;

/** a posted version (optimistic lock), or undefined */
const versionOf = (body: unknown) => {
  const v = field(body, 'version');
  return /^\d{1,9}$/.test(v) ? Number(v) : undefined;
};

/**
 * A refused form's problems: each beside its input (an answer's path names it; a material's slot
 * names its upload box) and all in the summary at the top.
 */
export function failureOf(e: AppError, slotKeys: ReadonlySet<string> = new Set(), fieldNames: Record<string, string> = {}): FormFailure {
  const errors: FieldErrors = {};
  const summary: FormFailure['summary'] = [];
  const problems = e instanceof ValidationError ? e.problems.slice(0, 50) : [];
  for (const p of problems) {
    const path = (p as { path?: unknown }).path;
    const name =
      typeof path === 'string' && path
        ? slotKeys.has(path)
          ? `slot.${path}`
          : nameOfPath(path)
        : Object.hasOwn(fieldNames, p.field)
          ? fieldNames[p.field]
          : undefined;
    if (name && !errors[name]) errors[name] = p.message;
    summary.push(name && !name.startsWith('slot.') ? { text: p.message, field: name } : p.message);
  }
  return { message: e.message, summary, errors };
}

/**
 * Run a form's operation; a user error shows the page again with the same status and the message
 * (a 403 too: one who may see the case but not do this, such as a reviewer whose opinion is
 * already in); "not found" stays the error page, as for a case that does not exist.
 */
async function handle(reply: FastifyReply, run: () => Promise<unknown>, again: (e: AppError) => Promise<string>): Promise<unknown> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof AppError) || ![400, 403, 409, 413, 415, 422, 429].includes(e.status)) throw e;
    return reply.code(e.status).type(HTML).send(await again(e));
  }
}

const encodeRfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function applicationPageRoutes(app: FastifyInstance, deps: ApplicationPageDeps) {
  const { ctx, timeZone } = deps;
  const notFound = () => new NotFoundError(msg('error.notFound'));

  /** the form a case was filled in on (read after the operation let the person see the case) */
  const formOfCase = async (ref: number | string): Promise<FormDefinition | null> => ((await findCase(ctx.db, ref, false))?.form as FormDefinition | null) ?? null;
  const account = (p: Principal) => ctx.accounts.account(p.userId);

  // ——— the applicant ———

  async function draftPage(p: Principal, reply: FastifyReply, view: ApplicantView, o: { failure?: FormFailure; answers?: Record<string, unknown>; query?: unknown } = {}) {
    const blank = await newApplicationForm(ctx, p, view.itemId);
    return applyPage({
      item: { id: view.itemId, name: view.itemName },
      form: blank.form,
      answers: o.answers ?? view.answers,
      slots: view.slots,
      draft: { id: view.id, version: view.version },
      reusable: await reusableMaterials(ctx, p),
      csrf: reply.csrfToken(),
      timeZone,
      failure: o.failure,
      flash: flashFrom(o.query, FLASH),
    });
  }

  const draftId = (params: unknown) => {
    const id = intParam((params as { id?: string }).id);
    if (!id) throw notFound();
    return id;
  };
  const caseNo = (params: unknown) => {
    const no = (params as { no?: string }).no ?? '';
    if (!NO_PATTERN.test(no)) throw notFound();
    return no;
  };

  app.get('/items/:id/apply', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const itemId = draftId(request.params);
    const drafts = await myApplications(ctx, p, { status: 'draft', limit: 100 });
    const open = drafts.applications.find((d) => d.itemId === itemId);
    if (open) return reply.redirect(`/me/applications/drafts/${open.id}`, 303);
    const blank = await newApplicationForm(ctx, p, itemId);
    return reply.type(HTML).send(
      applyPage({ item: { id: itemId, name: blank.itemName }, form: blank.form, answers: blank.answers, slots: blank.slots, draft: null, reusable: [], csrf: reply.csrfToken(), timeZone }),
    );
  });

  app.post('/items/:id/apply', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const itemId = draftId(request.params);
    const blank = await newApplicationForm(ctx, p, itemId);
    const answers = answersFromForm(blank.form, request.body);
    return handle(
      reply,
      async () => {
        const view = await saveDraft(ctx, p, { itemId, answers });
        return reply.redirect(`/me/applications/drafts/${view.id}?done=saved`, 303);
      },
      async (e) =>
        applyPage({ item: { id: itemId, name: blank.itemName }, form: blank.form, answers, slots: blank.slots, draft: null, reusable: [], csrf: reply.csrfToken(), timeZone, failure: failureOf(e) }),
    );
  });

  app.get('/me/applications/drafts/:id', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const view = await myApplication(ctx, p, draftId(request.params));
    if (view.status !== 'draft') return reply.redirect(`/me/applications/${view.no}`, 303);
    return reply.type(HTML).send(await draftPage(p, reply, view, { query: request.query }));
  });

  app.post('/me/applications/drafts/:id', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const id = draftId(request.params);
    const view = await myApplication(ctx, p, id);
    const blank = await newApplicationForm(ctx, p, view.itemId);
    const answers = answersFromForm(blank.form, request.body);
    const submit = field(request.body, 'action') === 'submit';
    return handle(
      reply,
      async () => {
        const saved = await saveDraft(ctx, p, { id, answers, version: versionOf(request.body) });
        if (!submit) return reply.redirect(`/me/applications/drafts/${id}?done=saved`, 303);
        const done = await submitApplication(ctx, p, { id, version: saved.version });
        return reply.redirect(`/me/applications/${done.no}?done=submitted`, 303);
      },
      async (e) => {
        const now = await myApplication(ctx, p, id);
        return draftPage(p, reply, now, { failure: failureOf(e, new Set(now.slots.map((s) => s.key))), answers });
      },
    );
  });

  /** The material forms of a case the applicant may change: a draft (by id) or a case in 补正 (by number). */
  function materialRoutes(prefix: string, refOf: (params: unknown) => number | string) {
    const back = async (p: Principal, reply: FastifyReply, ref: number | string, e: AppError) => {
      const view = await myApplication(ctx, p, ref);
      const failure = failureOf(e, new Set(view.slots.map((s) => s.key)));
      return view.status === 'draft' ? draftPage(p, reply, view, { failure }) : casePage(p, reply, view, { failure });
    };
    const where = (view: ApplicantView) => (view.status === 'draft' ? `/me/applications/drafts/${view.id}` : `/me/applications/${view.no}`);

    app.post(`${prefix}/materials`, { ...hidden, config: { multipart: true } }, async (request, reply) => {
      const p = await citizenOrRedirect(request, reply);
      if (!p) return reply;
      const ref = refOf(request.params);
      const body = request.body as Body | undefined;
      const raw = body?.file;
      const files = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(
        (f): f is { filename: string; received: NonNullable<Parameters<typeof uploadMaterial>[2]['files'][number]['received']> } =>
          typeof f === 'object' && f !== null && typeof (f as { received?: { sha256?: unknown } }).received?.sha256 === 'string',
      );
      const slot = field(body, 'slot');
      return handle(
        reply,
        async () => {
          if (!files.length) throw new ValidationError(t('applications.page.error.noFile'), [{ where: '', field: slot, path: slot, message: t('applications.page.error.noFile') } as never]);
          const view = await uploadMaterial(ctx, p, { id: ref, slot, files });
          return reply.redirect(`${where(view)}?done=uploaded`, 303);
        },
        (e) => back(p, reply, ref, e),
      );
    });

    app.post(`${prefix}/materials/:material/delete`, hidden, async (request, reply) => {
      const p = await citizenOrRedirect(request, reply);
      if (!p) return reply;
      const ref = refOf(request.params);
      const materialId = intParam((request.params as { material: string }).material);
      if (!materialId) throw notFound();
      return handle(
        reply,
        async () => {
          const view = await removeMaterial(ctx, p, { id: ref, materialId });
          return reply.redirect(`${where(view)}?done=removed`, 303);
        },
        (e) => back(p, reply, ref, e),
      );
    });

    app.post(`${prefix}/reuse`, hidden, async (request, reply) => {
      const p = await citizenOrRedirect(request, reply);
      if (!p) return reply;
      const ref = refOf(request.params);
      const materialId = intParam(field(request.body, 'materialId'));
      return handle(
        reply,
        async () => {
          if (!materialId) throw new ValidationError(msg('error.notReusable'), []);
          const view = await reuseMaterial(ctx, p, { id: ref, slot: field(request.body, 'slot'), materialId });
          return reply.redirect(`${where(view)}?done=reused`, 303);
        },
        (e) => back(p, reply, ref, e),
      );
    });
  }
  materialRoutes('/me/applications/drafts/:id', draftId);
  materialRoutes('/me/applications/:no', caseNo);

  // 一件事一次办 (bundle-pages.ts)
  await bundlePageRoutes(app, { ...deps, failureOf });

  app.get('/me/applications', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const q = request.query as Record<string, unknown>;
    const status = typeof q.status === 'string' && (MY_STATUS_FILTERS as readonly string[]).includes(q.status) ? q.status : '';
    const pg = paging(request.query, 20);
    const [acct, list, openings] = await Promise.all([account(p), myApplications(ctx, p, { status: status || undefined, limit: pg.limit, offset: pg.offset }), myOpenings(ctx, p)]);
    const bundles = bundlesSection(await myBundles(ctx, p));
    return reply
      .type(HTML)
      .send(myApplicationsPage({ account: acct, rows: list.applications, total: list.total, page: pg.page, size: pg.size, status, csrf: reply.csrfToken(), timeZone, flash: flashFrom(request.query, FLASH), openings, bundles }));
  });

  // 免申即享: confirm (submit the draft opened for them) or decline (remove it); someone else's is "not found"
  const openingId = (params: unknown) => {
    const id = intParam((params as { id?: string }).id);
    if (!id) throw notFound();
    return id;
  };
  app.post('/me/applications/openings/:id/confirm', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const id = openingId(request.params);
    const draft = (await myOpenings(ctx, p)).find((o) => o.id === id)?.draftId;
    try {
      const view = await confirmOpening(ctx, p, id);
      return reply.redirect(`/me/applications/${view.no}?done=submitted`, 303);
    } catch (e) {
      // what is still missing is asked for on the draft, filled in as far as the portal could
      if (e instanceof ValidationError && e.problems.length && draft) return reply.redirect(`/me/applications/drafts/${draft}?done=complete`, 303);
      throw e;
    }
  });
  app.post('/me/applications/openings/:id/decline', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    await declineOpening(ctx, p, openingId(request.params));
    return reply.redirect('/me/applications?done=declined', 303);
  });

  async function casePage(p: Principal, reply: FastifyReply, view: ApplicantView, o: { failure?: FormFailure; answers?: Record<string, unknown>; query?: unknown; posted?: Record<string, string> } = {}) {
    const form = view.openCorrection && view.no ? await formOfCase(view.no) : null;
    // 结果领取方式 can be chosen while the case runs and after its decision; not once refused or withdrawn
    const halls = ['submitted', 'correcting', 'accepted', 'reviewing', 'approved', 'denied'].includes(view.status) ? ((await ctx.item(view.itemId))?.halls ?? []) : null;
    return myApplicationPage({
      view,
      csrf: reply.csrfToken(),
      timeZone,
      account: await account(p),
      flash: flashFrom(o.query, FLASH),
      failure: o.failure,
      form,
      answers: o.answers,
      // the certificates face adds its downloads here at merge
      downloads: [],
      rateHref: view.decision ? `/me/ratings/application/${view.no}` : null,
      halls,
      posted: o.posted,
    });
  }

  app.get('/me/applications/:no', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const view = await myApplication(ctx, p, caseNo(request.params));
    return reply.type(HTML).send(await casePage(p, reply, view, { query: request.query }));
  });

  app.post('/me/applications/:no/delivery', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const no = caseNo(request.params);
    const posted = Object.fromEntries(Object.keys(DELIVERY_FIELDS).map((k) => [k, field(request.body, k).slice(0, 300)]));
    return handle(
      reply,
      async () => {
        await chooseDelivery(ctx, p, { id: no, delivery: posted, version: versionOf(request.body) });
        return reply.redirect(`/me/applications/${no}?done=delivery`, 303);
      },
      async (e) => casePage(p, reply, await myApplication(ctx, p, no), { failure: failureOf(e, new Set(), DELIVERY_FIELDS), posted }),
    );
  });

  app.post('/me/applications/:no/withdraw', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const no = caseNo(request.params);
    return handle(
      reply,
      async () => {
        await withdrawApplication(ctx, p, { id: no, reason: field(request.body, 'reason') || undefined, version: versionOf(request.body) });
        return reply.redirect(`/me/applications/${no}?done=withdrawn`, 303);
      },
      async (e) => casePage(p, reply, await myApplication(ctx, p, no), { failure: failureOf(e, new Set(), { reason: 'reason' }) }),
    );
  });

  app.post('/me/applications/:no/correct', hidden, async (request, reply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const no = caseNo(request.params);
    const view = await myApplication(ctx, p, no);
    const form = await formOfCase(no);
    const answers = form ? answersFromForm(form, request.body) : undefined;
    return handle(
      reply,
      async () => {
        await resubmitCorrection(ctx, p, { id: no, answers, version: versionOf(request.body) });
        return reply.redirect(`/me/applications/${no}?done=corrected`, 303);
      },
      async (e) => casePage(p, reply, view, { failure: failureOf(e, new Set(view.slots.map((s) => s.key))), answers }),
    );
  });

  // ——— the workbench ———

  app.get('/admin/applications', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const q = request.query as Record<string, unknown>;
    const filter: QueueFilterKey = typeof q.status === 'string' && (QUEUE_FILTERS as readonly string[]).includes(q.status) ? (q.status as QueueFilterKey) : 'open';
    const item = intParam(q.item);
    const due = q.due === 'soon' || q.due === 'overdue' ? q.due : '';
    const pg = paging(request.query, 30);
    const review = q.review === '1';
    const list = await staffQueue(ctx, p, { status: review ? undefined : QUEUE_STATUSES[filter], item, due: due || undefined, review, limit: pg.limit, offset: pg.offset });
    const items = new Map(list.applications.map((a) => [a.itemId, a.itemName]));
    return reply.type(HTML).send(
      queuePage({
        principal: p,
        csrf: reply.csrfToken(),
        timeZone,
        flash: flashFrom(request.query, FLASH),
        rows: list.applications,
        total: list.total,
        page: pg.page,
        size: pg.size,
        filter,
        item,
        due,
        review,
        items: [...items].map(([id, name]) => ({ id, name })),
      }),
    );
  });

  async function staffPage(p: Principal, reply: FastifyReply, no: string, o: { failure?: FormFailure; posted?: Record<string, string>; query?: unknown } = {}) {
    const view = await staffCase(ctx, p, no);
    const departments = [...(await ctx.departments()).byId.values()].map((d) => ({ slug: d.slug, name: d.name }));
    return staffCasePage({
      principal: p,
      csrf: reply.csrfToken(),
      timeZone,
      flash: flashFrom(o.query, FLASH),
      view,
      form: await formOfCase(no),
      departments,
      failure: o.failure,
      posted: o.posted,
    });
  }

  app.get('/admin/applications/:no', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    return reply.type(HTML).send(await staffPage(p, reply, caseNo(request.params), { query: request.query }));
  });

  app.get('/admin/applications/:no/materials/:material', hidden, async (request, reply) => {
    const p = await staffOrRedirect(request, reply);
    if (!p) return reply;
    const materialId = intParam((request.params as { material: string }).material);
    if (!materialId) throw notFound();
    const file = await materialFile(ctx, p, caseNo(request.params), materialId);
    return reply
      .type(file.contentType)
      .header('content-length', file.size)
      .header('content-disposition', `inline; filename="material${/\.[a-z0-9]{2,5}$/i.exec(file.filename)?.[0] ?? ''}"; filename*=UTF-8''${encodeRfc5987(file.filename)}`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  });

  const POSTED = ['reviewNote', 'refuseReason', 'text', 'kind', 'to', 'department', 'items', 'justification', 'decision', 'reason', 'legalBasis', 'validUntil'];
  /** one action on a case: run it, back to the case with a notice; a refusal shows the case again with the reason */
  function action(path: string, run: (p: Principal, no: string, body: unknown) => Promise<unknown>, done: string, fieldNames: Record<string, string> = {}) {
    app.post(`/admin/applications/:no/${path}`, hidden, async (request: FastifyRequest, reply: FastifyReply) => {
      const p = await staffOrRedirect(request, reply);
      if (!p) return reply;
      const no = caseNo(request.params);
      return handle(
        reply,
        async () => {
          await run(p, no, request.body);
          return reply.redirect(`/admin/applications/${no}?done=${done}`, 303);
        },
        (e) => staffPage(p, reply, no, { failure: failureOf(e, new Set(), fieldNames), posted: Object.fromEntries(POSTED.map((k) => [k, field(request.body, k)])) }),
      );
    });
  }

  const opinionKind = (raw: string) => (['approve', 'reject', 'sendBack', 'addDepartment'] as const).find((k) => k === raw) ?? 'approve';
  /** "名称：说明" lines into the notice's items */
  const correctionLines = (raw: string) =>
    raw
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 31)
      .map((line) => {
        const m = /^([^：:]{1,60})[：:]\s*(.+)$/.exec(line);
        return m ? { material: (m[1] as string).trim(), what: (m[2] as string).trim() } : { what: line };
      });

  action('accept', (p, no, b) => acceptApplication(ctx, p, { id: no, version: versionOf(b) }), 'accepted');
  action('refuse', (p, no, b) => refuseApplication(ctx, p, { id: no, reason: field(b, 'refuseReason'), version: versionOf(b) }), 'refused');
  action(
    'opinion',
    (p, no, b) => {
      const round = field(b, 'round');
      const kind = opinionKind(field(b, 'kind'));
      return giveOpinion(ctx, p, {
        id: no,
        stage: field(b, 'stage').slice(0, 40),
        ...(/^\d{1,5}$/.test(round) ? { round: Number(round) } : {}),
        kind,
        text: field(b, 'text').slice(0, 2000),
        ...(kind === 'sendBack' ? { to: field(b, 'to').slice(0, 40) } : {}),
        ...(kind === 'addDepartment' ? { department: field(b, 'department').slice(0, 63) } : {}),
        version: versionOf(b),
      });
    },
    'opined',
  );
  action(
    'correction',
    (p, no, b) => requestCorrection(ctx, p, { id: no, items: correctionLines(field(b, 'items')), justification: field(b, 'justification') || undefined, version: versionOf(b) }),
    'correction',
  );
  action(
    'conclude',
    (p, no, b) => {
      const decision = field(b, 'decision') === 'deny' ? 'deny' : 'grant';
      const validUntil = field(b, 'validUntil');
      return concludeApplication(ctx, p, {
        id: no,
        decision,
        reason: field(b, 'reason').slice(0, 2000),
        legalBasis: field(b, 'legalBasis').slice(0, 500) || undefined,
        ...(/^\d{4}-\d{2}-\d{2}$/.test(validUntil) ? { validUntil } : {}),
        version: versionOf(b),
      });
    },
    'concluded',
  );
  action('review', (p, no, b) => reviewSample(ctx, p, { id: no, result: field(b, 'result'), note: field(b, 'reviewNote'), version: versionOf(b) }), 'reviewed');
  action('fetched', (p, no, b) => markFetched(ctx, p, { id: no, slot: field(b, 'slot').slice(0, 120), version: versionOf(b) }), 'fetched');
}
