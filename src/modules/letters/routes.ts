/**
 * The citizen's pages of letters: write (multipart form with attachments, phone code, similar
 * questions), receipt, follow a case with its codes (rate, reopen, attachments), the public
 * letters page and the statistics with their charts.
 */
import { randomBytes } from 'node:crypto';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ForbiddenError } from '../../lib/errors.js';
import type { FileStore, Received } from '../../lib/files/index.js';
import { maskPhone } from '../../lib/identity.js';
import { type Body, field, handleForm } from '../../web/forms.js';
import { t } from '../../lib/i18n/index.js';
import { intParam, paging } from '../../web/paging.js';
import { CSRF_FIELD } from '../../web/cookies.js';
import { isStaff } from '../../lib/principal.js';
import type { AttachmentFile } from './attachments.js';
import { departmentChart, monthlyChart, totalsByDepartment } from './charts.js';
import { formValues, ratingFromForm, reopenFromForm, submissionFromForm } from './forms.js';
import { LIMITS } from './model.js';
import type { LetterService, WriterKey } from './service.js';
import { casePage, publicLetterPage, publicListPage, receiptPage, statsPage, trackPage, type WriteForm, writePage } from './views/public.js';

export interface LetterRouteDeps {
  letters: LetterService;
  timeZone: string;
  /** submissions per minute per client address; 0: no limit */
  rateLimit: number;
  /** outside production with no SMS gateway: phone codes go to the development inbox */
  devInbox?: boolean;
}

const hidden = { schema: { hide: true } } as const;

interface UploadedFile {
  filename: string;
  /** in the file store's temporary folder until the letter is accepted */
  received: Received;
}

const html = (reply: FastifyReply, page: string) => reply.type('text/html; charset=utf-8').send(page);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** the route takes multipart forms (files); every other route refuses them unread */
    multipart?: boolean;
  }
}

/** the most files one multipart request may carry (一件事一次办's form: every part's materials at once) */
const MULTIPART_FILES = 24;

/**
 * Multipart forms (letters with attachments), registered by the app with its other plugins —
 * before any route, so every route keeps the app's error handler. Only the routes that declare
 * `config: { multipart: true }` take them: elsewhere a multipart body is refused with 415 before
 * a byte of it is read. The CSRF token comes in the form's URL (checked before the body is read)
 * or, from older pages, as the form's first field (checked before the first file is read).
 * Files are streamed into the file store's temporary folder, cut at the size limit while being
 * read, and deleted after the response unless the letter kept them.
 */
export async function registerMultipart(app: FastifyInstance, files: FileStore) {
  const uploads = new WeakMap<FastifyRequest, Received[]>();
  // (a callback hook: a request without uploads, nearly every one, costs no promise)
  const discardUploads = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    const received = uploads.get(request);
    if (!received) return done();
    uploads.delete(request);
    void (async () => {
      for (const r of received) await files.discard(r).catch(() => {});
    })().finally(done);
  };
  app.addHook('onResponse', discardUploads);
  app.addHook('onRequestAbort', (request, done) => discardUploads(request, undefined, done));
  // (a callback hook: it runs on every request, so it costs no promise)
  app.addHook('onRequest', (request, _reply, done) => {
    const type = request.headers['content-type'] ?? '';
    if (!/^multipart\//i.test(type)) return done();
    if (!request.routeOptions.config?.multipart) return done(new AppError(415, 'unsupported_media_type', t('error.multipartNotHere')));
    // the parser fails without a boundary as if it were broken itself
    if (!/;\s*boundary=("[^"]+"|[^;\s]+)/i.test(type)) return done(new AppError(400, 'bad_multipart', t('error.multipartBroken')));
    done();
  });
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    // a file over the limit is cut short and reported by name, not a failed request
    throwFileSizeLimit: false,
    // app-wide: each route counts its own files and says so in Chinese (a letter takes 3, a bundle's
    // form one slot per material of every part), so the parser only stops what no form sends
    limits: { fileSize: LIMITS.attachmentBytes, files: MULTIPART_FILES, fields: 120, fieldSize: 20_000, parts: 160 },
    async onFile(this: FastifyRequest, part) {
      const token = (part.fields[CSRF_FIELD] as { value?: unknown } | undefined)?.value;
      if (!this.csrfChecked() && !this.csrfValid(typeof token === 'string' ? token : '')) throw new ForbiddenError(t('auth.csrf'), 'csrf');
      const received = await files.receive(part.file, LIMITS.attachmentBytes);
      uploads.set(this, [...(uploads.get(this) ?? []), received]);
      if (!part.filename && !received.size) return; // the empty file input of a form
      (part as unknown as { value: UploadedFile }).value = { filename: part.filename, received };
    },
  });
}

export async function letterRoutes(app: FastifyInstance, deps: LetterRouteDeps) {
  const { letters, timeZone } = deps;
  const limited = (max: number): FastifyContextConfig => (max ? { rateLimit: { max, timeWindow: '1 minute' } } : { rateLimit: false });

  const valuesOf = formValues;
  const filesOf = (body: unknown): UploadedFile[] => {
    const v = (body as Body | undefined)?.attachments;
    const list = Array.isArray(v) ? v : v ? [v] : [];
    return list.filter((f): f is UploadedFile => typeof f === 'object' && f !== null && typeof (f as UploadedFile).received?.sha256 === 'string');
  };

  async function writeForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, extra: Partial<WriteForm> = {}) {
    const p = await request.principal();
    const signedIn = p && !isStaff(p) ? { name: p.name, phone: await letters.verifiedPhoneOf(p) } : undefined;
    return writePage({
      values,
      departments: await letters.departments(),
      csrf: reply.csrfToken(),
      formKey: extra.formKey ?? randomBytes(16).toString('base64url'),
      signedIn: signedIn ? { name: signedIn.name, phone: signedIn.phone ? maskPhone(signedIn.phone) : null } : undefined,
      ...extra,
    });
  }

  app.get('/letters/new', hidden, async (request, reply) => {
    const q = request.query as Record<string, string>;
    const values: Record<string, string> = {};
    if (typeof q.channel === 'string') values.channel = q.channel;
    const department = intParam(q.department);
    if (department) {
      values.channel = 'department';
      values.departmentId = String(department);
    }
    return html(reply, await writeForm(request, reply, values));
  });

  app.post('/letters/new', { ...hidden, config: { ...limited(deps.rateLimit), multipart: true } }, async (request, reply) => {
    const body = request.body;
    const values = valuesOf(body);
    const formKey = /^[\w-]{16,64}$/.test(field(body, 'formKey')) ? field(body, 'formKey') : randomBytes(16).toString('base64url');
    return handleForm(
      reply,
      async () => {
        const files = filesOf(body);
        const receipt = await letters.submit(
          submissionFromForm(values),
          {
            principal: await request.principal(),
            code: field(body, 'code'),
            files: files.map((f) => ({ filename: f.filename, received: f.received })),
            idempotencyKey: formKey,
            source: 'web',
          },
        );
        return reply.redirect(`/letters/receipt/${receipt.trackingCode}?key=${formKey}${receipt.created ? '' : '&again=1'}`, 303);
      },
      async (error) => writeForm(request, reply, values, { formKey, error }),
    );
  });

  // the form's "send code" button: the form comes back with everything typed, and the code sent
  app.post('/letters/new/code', { ...hidden, config: { ...limited(deps.rateLimit), multipart: true } }, async (request, reply) => {
    const values = valuesOf(request.body);
    const formKey = field(request.body, 'formKey') || undefined;
    return handleForm(
      reply,
      async () => {
        const { sentTo } = await letters.sendPhoneCode(values.phone ?? '');
        return html(reply, await writeForm(request, reply, values, { formKey, notice: t('letters.write.codeSent', { to: sentTo }), devInbox: deps.devInbox }));
      },
      async (error) => writeForm(request, reply, values, { formKey, error }),
    );
  });

  // the form's "look for answers first" button
  app.post('/letters/new/similar', { ...hidden, config: { multipart: true } }, async (request, reply) => {
    const values = valuesOf(request.body);
    const similar = await letters.similar(`${values.title ?? ''} ${(values.body ?? '').slice(0, 40)}`);
    return html(reply, await writeForm(request, reply, values, { formKey: field(request.body, 'formKey') || undefined, similar }));
  });

  app.get('/letters/receipt/:code', hidden, async (request, reply) => {
    const { code } = request.params as { code: string };
    const q = request.query as Record<string, string>;
    const receipt = await letters.receiptFor(code, typeof q.key === 'string' ? q.key : '');
    reply.header('cache-control', 'no-store');
    return html(reply, receiptPage({ ...receipt, duplicate: q.again === '1' }, timeZone));
  });

  // ---- following a case: the codes travel in POST bodies, never in URLs or logs ----

  app.get('/letters/track', hidden, async (request, reply) => {
    const code = (request.query as Record<string, string>).code;
    return html(reply, trackPage({ code: typeof code === 'string' ? code.slice(0, 20) : '', csrf: reply.csrfToken() }));
  });

  const keyOf = (request: FastifyRequest): WriterKey => ({
    trackingCode: field(request.body, 'code').trim().toUpperCase(),
    queryCode: field(request.body, 'queryCode').trim(),
    from: request.ip,
  });

  /** Run a writer's action and show the case again; wrong codes show the lookup form. */
  async function caseAction(request: FastifyRequest, reply: FastifyReply, action: (key: WriterKey) => Promise<unknown>, flash?: string) {
    const key = keyOf(request);
    reply.header('cache-control', 'no-store');
    try {
      await action(key);
      return html(reply, casePage(await letters.track(key), key.queryCode, reply.csrfToken(), timeZone, flash));
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500) throw e;
      if (e.status === 404 || e.status === 429)
        return reply.code(e.status).type('text/html; charset=utf-8').send(trackPage({ code: key.trackingCode, csrf: reply.csrfToken(), error: e.message }));
      reply.code(e.status);
      return html(reply, casePage(await letters.track(key), key.queryCode, reply.csrfToken(), timeZone, undefined, e));
    }
  }

  app.post('/letters/track', { ...hidden, config: limited(30) }, async (request, reply) => caseAction(request, reply, async () => {}));
  app.post('/letters/track/rate', { ...hidden, config: limited(30) }, async (request, reply) =>
    caseAction(request, reply, (key) => letters.rate(key, ratingFromForm(request.body)), t('letters.rate.thanks')),
  );
  app.post('/letters/track/reopen', { ...hidden, config: limited(30) }, async (request, reply) =>
    caseAction(request, reply, (key) => letters.reopen(key, reopenFromForm(request.body)), t('letters.reopen.done')),
  );
  app.post('/letters/track/attachment', { ...hidden, config: limited(30) }, async (request, reply) => {
    const file = await letters.writerAttachment(keyOf(request), intParam(field(request.body, 'id')) ?? 0);
    return sendFile(reply, file);
  });

  // ---- the public page and statistics ----

  app.get('/letters', hidden, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const text = (k: string, max: number) => (typeof q[k] === 'string' ? (q[k] as string).trim().slice(0, max) : '');
    const { page, size, limit, offset } = paging(q, 20);
    const filters = { q: text('q', 60), department: text('department', 10), type: text('type', 20), month: text('month', 7) };
    const result = await letters.publicList({
      q: filters.q,
      departmentId: intParam(filters.department),
      type: filters.type || undefined,
      month: filters.month || undefined,
      limit,
      offset,
    });
    return html(reply, publicListPage({ ...result, page, size, filters, departments: await letters.departments(), timeZone }));
  });

  const yearOf = (raw: unknown) => {
    const current = Number(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(new Date()));
    const y = intParam(raw);
    return { year: y && y >= 2000 && y <= current ? y : current, years: Array.from({ length: 5 }, (_, i) => current - i) };
  };

  app.get('/letters/stats', hidden, async (request, reply) => {
    const { year, years } = yearOf((request.query as Record<string, unknown>).year);
    const rows = await letters.statistics(year);
    return html(reply, statsPage({ year, years, rows, totals: totalsByDepartment(rows) }));
  });

  app.get('/letters/stats/:chart', hidden, async (request, reply) => {
    const { chart } = request.params as { chart: string };
    const { year } = yearOf((request.query as Record<string, unknown>).year);
    const rows = await letters.statistics(year);
    // ?size=narrow: the phone's drawing, narrower with fewer labels (the page picks it with <picture>)
    const narrow = (request.query as Record<string, unknown>).size === 'narrow';
    const svg = chart === 'monthly.svg' ? monthlyChart(rows, year, narrow) : chart === 'departments.svg' ? departmentChart(rows, narrow) : undefined;
    if (!svg) return reply.callNotFound();
    return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(svg);
  });

  app.get('/letters/:code', hidden, async (request, reply) => {
    const { code } = request.params as { code: string };
    return html(reply, publicLetterPage(await letters.publicLetter(code), timeZone));
  });
}

const encodeRfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** the plain fallback for old clients: the extension, since the name itself is Chinese */
const asciiName = (name: string) => `attachment${/\.[a-z0-9]{2,5}$/i.exec(name)?.[0] ?? ''}`;

/** A stored attachment, always as a download (never rendered in the portal's origin). */
export function sendFile(reply: FastifyReply, file: AttachmentFile) {
  return reply
    .type(file.contentType)
    .header('content-length', file.size)
    .header('content-disposition', `attachment; filename="${asciiName(file.filename)}"; filename*=UTF-8''${encodeRfc5987(file.filename)}`)
    .header('cache-control', 'private, no-store')
    .send(file.body);
}
