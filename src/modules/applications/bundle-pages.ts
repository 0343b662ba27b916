/**
 * 一件事一次办 pages: GET/POST /bundles/<slug>/apply (the combined form, one submit for every
 * part) and /me/bundles/<ref> (one bundle's combined status). A refused form is shown again with
 * its problems and a 400; an unknown bundle or another person's bundle is "not found".
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import type { Body } from '../../web/forms.js';
import { citizenOrRedirect } from '../../web/guards.js';
import type { ApplicationsContext } from './context.js';
import { applyBundle, myBundle, publishedBundle } from './operations/bundles.js';
import type { FormFailure } from './views/citizen.js';
import type { UploadInput } from './submission.js';
import { bundleApplyPage, myBundlePage, uploadName } from './views/bundle.js';
import { answersFromForm } from './views/form.js';

const HTML = 'text/html; charset=utf-8';
const hidden = { schema: { hide: true } } as const;

export async function bundlePageRoutes(app: FastifyInstance, deps: { ctx: ApplicationsContext; timeZone: string; failureOf: (e: AppError, slots: ReadonlySet<string>) => FormFailure }) {
  const { ctx, timeZone, failureOf } = deps;
  const bundleOf = async (params: unknown) => {
    const b = await publishedBundle(ctx, (params as { id?: string }).id);
    if (!b) throw new NotFoundError(t('lifeBundle.notFound'));
    return b;
  };

  app.get('/bundles/:id/apply', hidden, async (request, reply: FastifyReply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const bundle = await bundleOf(request.params);
    return reply.type(HTML).send(bundleApplyPage({ bundle, answers: {}, csrf: reply.csrfToken() }));
  });

  app.post('/bundles/:id/apply', { ...hidden, config: { multipart: true } }, async (request, reply: FastifyReply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const bundle = await bundleOf(request.params);
    const body = (request.body ?? {}) as Body;
    const answers = answersFromForm(bundle.form, body);
    const files: Record<string, UploadInput[]> = {};
    for (const f of bundle.form.fields.filter((x) => x.type === 'file')) {
      const raw = body[uploadName(f.key)];
      const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(
        (x): x is UploadInput => typeof x === 'object' && x !== null && typeof (x as { received?: { sha256?: unknown } }).received?.sha256 === 'string' && ((x as UploadInput).received?.size ?? 0) > 0,
      );
      if (list.length) files[f.key] = list;
    }
    try {
      const view = await applyBundle(ctx, p, { bundleId: bundle.slug, answers, files });
      return reply.redirect(view.url, 303);
    } catch (e) {
      if (!(e instanceof AppError) || ![400, 403, 409, 413, 422].includes(e.status)) throw e;
      const slots = new Set(bundle.form.fields.filter((f) => f.type === 'file').map((f) => f.key));
      return reply.code(e.status).type(HTML).send(bundleApplyPage({ bundle, answers, csrf: reply.csrfToken(), failure: failureOf(e, slots) }));
    }
  });

  app.get('/me/bundles/:ref', hidden, async (request, reply: FastifyReply) => {
    const p = await citizenOrRedirect(request, reply);
    if (!p) return reply;
    const view = await myBundle(ctx, p, (request.params as { ref?: string }).ref);
    return reply.type(HTML).send(myBundlePage(view, timeZone));
  });
}
