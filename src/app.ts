/**
 * The composition root: builds every service from the database and config, and the Fastify app
 * from the services. Tests build the same app with `createApp(services)` and swap what they need.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { lazySchemaController } from './web/lazy-schemas.js';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { type ChangeBus, localChangeBus, postgresChangeBus } from './lib/changes.js';
import { type FileStore, openFileStore } from './lib/files/index.js';
import { accountRoutes, type AccountService, createAccountService, createOidcClient, createStartedRegistry, loadSecret, registerAuth } from './modules/accounts/index.js';
import { adminRoutes, createWorkDesk } from './modules/admin/index.js';
import { AUDIENCES, catalogAdminRoutes, catalogRoutes, type CatalogService, createCatalogService, createDraftService, createPdfRenderer, draftDesk, type DraftService, ITEM_TYPES, type PdfRenderer } from './modules/catalog/index.js';
import { createJourneyService, journeyDraftSections, journeyMeRoutes, journeyRoutes, type JourneyService } from './modules/journeys/index.js';
import { createDisclosureService, disclosureAdminRoutes, disclosureApiRoutes, disclosureRoutes, type DisclosureService } from './modules/disclosure/index.js';
import { applicationBundleSection, applicationDefinitionSection, createDefinitionSource, fillApplyButton } from './modules/applications/index.js';
import { auditAdminRoutes, auditDesk, type AuditService, createAuditService } from './modules/audit/index.js';
import { certificateApiRoutes, certificateDesk, certificateRoutes, type CertificatesService, createCertificates } from './modules/certificates/index.js';
import { createFoiService, type FoiService, foiRoutes } from './modules/foi/index.js';
import { createProposalsService, type ProposalsService, proposalsRoutes } from './modules/proposals/index.js';
import { createReportsService, type ReportsService, reportRoutes } from './modules/annual-reports/index.js';
import { createLetterService, createLetterTodo, createMyLetters, letterApiRoutes, letterDesk, letterMeRoutes, letterRoutes, type LetterService, letterStaffRoutes, open311Routes, registerMultipart } from './modules/letters/index.js';
import { createRatings, ratingApiRoutes, ratingRoutes, type RatingsService, ratingsDesk, ratingsStarted, ratingStaffRoutes } from './modules/ratings/index.js';
import { applicationApiRoutes, applicationDesk, applicationPageRoutes, type Applications, createApplications } from './modules/applications/index.js';
import { styleguideRoutes } from './web/styleguide.js';
import { appointmentApiRoutes, appointmentRoutes, type AppointmentService, appointmentStaffRoutes, createAppointmentService, hallStatusAside } from './modules/appointments/index.js';
import { createHospitalService, hospitalApiRoutes, hospitalRoutes, hospitalAdminRoutes, type HospitalService, hospitalsStarted } from './modules/appointments/index.js';
import { createNotifyService, devInboxRoutes, notifyAdminRoutes, notifyDesk, type NotifyService } from './modules/notify/index.js';
import { createSearchService, type Names, searchAdminRoutes, searchDesk, searchRoutes, type SearchService } from './modules/search/index.js';
import { apiDocsRoutes } from './web/api-docs.js';
import { errorPage } from './web/error-page.js';
import { t } from './lib/i18n/index.js';
import { PageCache } from './web/page-cache.js';
import { describeError, errorForLog, logUnhandled } from './web/http-errors.js';
import { checkBodyText, checkRequestText, finiteKeyword, finiteNumbers } from './web/input.js';
import { registerPersonLinks } from './web/person-links.js';
import { securityHeaders } from './web/security.js';
import { registerSwitches } from './web/switches.js';
import { registerPageQr } from './web/page-qr.js';
import { configureSite } from './web/site-meta.js';
import { loadWorkCalendar } from './lib/workdays.js';

export interface Services {
  config: Config;
  database: Database;
  changes: ChangeBus;
  /** uploaded files (attachments): a local folder or an S3-compatible bucket */
  files: FileStore;
  /** guide and form PDFs, rendered in worker threads */
  pdf: PdfRenderer;
  pages: PageCache;
  catalog: CatalogService;
  search: SearchService;
  notify: NotifyService;
  audit: AuditService;
  accounts: AccountService;
  drafts: DraftService;
  letters: LetterService;
  foi: FoiService;
  /** 人大代表建议 and 政协委员提案: registration, handling, replies and their publication */
  proposals: ProposalsService;
  /** 政府信息公开工作年度报告: generated from disclosure and foi, edited, published under four eyes */
  reports: ReportsService;
  journeys: JourneyService;
  /** 电子证照: what the portal issues when a case concludes, verified by code */
  certificates: CertificatesService;
  /** 好差评 and 整改: applications and appointments open subjects for rating through it */
  ratings: RatingsService;
  /** 政务公开: government information, the disclosure catalogue, gazette, topics */
  disclosure: DisclosureService;
  /** online applications (网上申办); definitions, certificates and ratings are wired at merge */
  applications: Applications;
  /** halls, slots, bookings, queue tickets (appointments module) */
  appointments: AppointmentService;
  /** 预约挂号: hospitals, doctors' half-days, registrations, 停诊, beds (appointments module) */
  hospitals: HospitalService;
  /** the key for sessions, CSRF tokens and keyed hashes */
  secret: string;
  /** stop background work and release connections (not the database itself) */
  close(): Promise<void>;
}

/**
 * Every service, wired. `search: 'start'` builds the in-memory search index and follows
 * changes (the server); `'write'` only feeds the index (CLI commands that change the catalogue).
 */
export async function createServices(
  config: Config,
  database: Database,
  options: { search?: 'start' | 'write' } = {},
): Promise<Services> {
  const changes = config.databaseUrl ? await postgresChangeBus(config.databaseUrl) : localChangeBus();
  const files = openFileStore({ filesDir: config.filesDir, s3: config.filesS3 });
  const pdf = createPdfRenderer({ file: config.pdfFont, family: config.pdfFontFamily });
  const pages = new PageCache();
  changes.subscribe('catalog', () => pages.clear());
  // a guide shows the information linked to its item (disclosure's slot on the guide page)
  changes.subscribe('disclosure', () => pages.clear());
  const search = createSearchService(database, changes);
  const catalog = createCatalogService(database, changes, config.timeZone, search.indexer);
  const notify = createNotifyService(database, {
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    smsGatewayUrl: config.smsGatewayUrl,
    smsGatewayToken: config.smsGatewayToken,
    // outside production a channel without its gateway delivers to the development inbox
    devInbox: config.env === 'production' ? undefined : { print: config.logLevel === 'silent' ? undefined : (line) => process.stdout.write(`${line}\n`) },
  });
  if ((options.search ?? 'start') === 'start') await search.start();
  const secret = await loadSecret(database, config.sessionSecret);
  const accounts = createAccountService(database, { notify, secret, catalog });
  const calendar = loadWorkCalendar({ file: config.holidaysFile, timeZone: config.timeZone });
  const letters = createLetterService(database, { catalog, accounts, notify, search, changes, calendar, files, perPhonePerDay: config.lettersPerPhone });
  const foi = createFoiService(database, { catalog, notify, calendar, files, indexer: search.indexer, changes });
  const proposals = createProposalsService(database, { catalog, calendar, indexer: search.indexer, changes });
  const journeys = createJourneyService(database, { catalog, accounts, notify, changes, indexer: search.indexer, publicUrl: config.publicUrl });
  // reminders scheduled for later go out with the worker's next round once they fall due
  notify.addSource(() => journeys.releaseDue());
  const certificates = createCertificates(database, { accounts, publicUrl: config.publicUrl, timeZone: config.timeZone, font: { file: config.pdfFont, family: config.pdfFontFamily } });
  const ratings = createRatings(database, { catalog, accounts, notify, calendar });
  const drafts = createDraftService(database, { catalog, notify, accounts });
  for (const section of journeyDraftSections(journeys)) drafts.register(section);
  const disclosure = createDisclosureService(database, { catalog, accounts, notify, changes, calendar, files, indexer: search.indexer, publicUrl: config.publicUrl, timeZone: config.timeZone, siteIdCode: config.siteIdCode });
  const reports = createReportsService(database, { disclosure, foi, calendar });
  const applications = createApplications(database, {
    catalog,
    accounts,
    notify,
    changes,
    calendar,
    files,
    journeys,
    publicUrl: config.publicUrl,
    definitions: createDefinitionSource(database.db, catalog),
    certificates,
    ratings,
  });
  // online application definitions (form, route, automation) under the same workflow; 在线办理 on guides
  drafts.register(applicationDefinitionSection({ db: database.db, catalog, changes }));
  drafts.register(applicationBundleSection({ db: database.db, catalog, changes }));
  fillApplyButton(catalog, database.db);
  const appointments = createAppointmentService(database, { catalog, accounts, notify, changes, calendar, publicUrl: config.publicUrl, ratings });
  // a guide of a bookable item shows the halls that take its appointments, with their queues now
  catalog.addGuideAside(hallStatusAside(appointments));
  const hospitals = createHospitalService(database, { accounts, calendar, publicUrl: config.publicUrl });
  return {
    config,
    database,
    changes,
    files,
    pdf,
    pages,
    catalog,
    search,
    notify,
    audit: createAuditService(database),
    accounts,
    drafts,
    letters,
    foi,
    proposals,
    reports,
    journeys,
    certificates,
    ratings,
    disclosure,
    applications,
    appointments,
    hospitals,
    secret,
    close: async () => {
      await notify.stop();
      await pdf.close();
      await certificates.close();
      await search.stop();
      await catalog.flushViews();
      await changes.close();
    },
  };
}

const staticRoot = join(dirname(fileURLToPath(import.meta.url)), 'web', 'static');

const isApi = (url: string) => url.startsWith('/api/') || url.startsWith('/open311/') || url === '/healthz';

export async function createApp(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  configureSite({ siteName: config.siteName, publicUrl: config.publicUrl, siteIdCode: config.siteIdCode });
  const secureHeaders = securityHeaders(config.env === 'production');
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            // query strings can carry personal data (a phone, an ID number): log the path only
            // …and an error its type, code and where it was thrown: a database error's message
            // holds the SQL statement and its parameters
            serializers: { req: (req) => ({ method: req.method, url: req.url.split('?')[0] }), err: errorForLog },
          },
    trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, useDefaults: true, allErrors: false }, plugins: [finiteKeyword] },
    // route schemas are compiled at their first request (or in the background once serve is ready)
    schemaController: lazySchemaController(),
    // an address the router cannot decode: the same 400 as any bad input, not Fastify's own body
    frameworkErrors: async (error, request, raw) => {
      const reply = raw as unknown as FastifyReply;
      secureHeaders(request, reply, () => {});
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      const message = t('input.badValue');
      reply.code(status);
      if (isApi(request.url)) return reply.send({ error: { code: 'bad_request', message } });
      return reply.type('text/html; charset=utf-8').send(errorPage(status, t('error.badRequestTitle'), message, []));
    },
  });

  app.addHook('onRequest', secureHeaders);
  // one input path for every route: malformed text refused before any handler, auth or database sees it
  app.addHook('onRequest', checkRequestText);
  app.addHook('preHandler', checkBodyText); // after the multipart parser's preValidation, before CSRF
  app.addHook('onRoute', finiteNumbers);

  await app.register(fastifyFormbody);
  await app.register(fastifyRateLimit, { global: false });
  await registerMultipart(app, services.files);
  await app.register(fastifyStatic, { root: staticRoot, prefix: '/static/', maxAge: '1d', immutable: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Yimen 一门 API', version: '1.0.0', description: t('site.description') },
      servers: [{ url: config.publicUrl }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: t('api.bearer') } } },
    },
  });
  const secure = config.env === 'production' || config.publicUrl.startsWith('https:');
  registerAuth(app, { sessions: services.accounts.sessions, secret: services.secret, secure });
  registerPersonLinks(app);
  registerSwitches(app, { secure });
  registerPageQr(app, { publicUrl: config.publicUrl });

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await services.database.exec('select 1');
      // the search index is built after the portal starts listening: 'building' until then
      return { status: 'ok', database: services.database.kind, search: services.search.stats().built ? 'ready' : 'building' };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: services.database.kind });
    }
  });
  await apiDocsRoutes(app);

  await styleguideRoutes(app);
  // the journeys an item is part of, on its guide; a guide opened counts in a person's history
  await catalogRoutes(app, {
    catalog: services.catalog,
    pages: services.pages,
    publicUrl: config.publicUrl,
    timeZone: config.timeZone,
    pdf: services.pdf,
    hotTerms: () => services.search.hotTerms(8),
  });
  await journeyRoutes(app, { journeys: services.journeys });
  await disclosureRoutes(app, {
    disclosure: services.disclosure,
    files: services.files,
    pages: services.pages,
    publicUrl: config.publicUrl,
    pdfFont: { file: config.pdfFont, family: config.pdfFontFamily },
    sitemapSources: [
      async () => (await services.catalog.listDepartments()).map((d) => ({ loc: `/departments/${d.id}` })),
      async () => {
        const out: { loc: string }[] = [];
        for (let offset = 0; offset < 50_000; offset += 500) {
          const { items } = await services.catalog.listItems({ limit: 500, offset });
          out.push(...items.map((i) => ({ loc: `/items/${i.id}` })));
          if (items.length < 500) break;
        }
        return out;
      },
      async () => (await services.journeys.listJourneys({ limit: 100, offset: 0 })).journeys.map((j) => ({ loc: j.url })),
      async () => [{ loc: '/xxgk/annual-reports' }, ...(await services.reports.publishedIndex()).flatMap((y) => y.reports.map((r) => ({ loc: r.url })))],
    ],
  });
  await disclosureApiRoutes(app, { disclosure: services.disclosure });
  await journeyMeRoutes(app, { journeys: services.journeys, accounts: services.accounts, timeZone: config.timeZone });

  let names: Promise<Names> | undefined;
  services.changes.subscribe('catalog', () => {
    names = undefined;
  });
  await searchRoutes(app, {
    search: services.search,
    rateLimit: config.searchRateLimit,
    names: () =>
      (names ??= (async () => {
        const [depts, themes] = await Promise.all([services.catalog.listDepartments(), services.catalog.listThemes()]);
        return {
          departments: new Map(depts.map((d) => [String(d.id), d.name])),
          themes: new Map(themes.map((th) => [th.slug, th.name])),
        };
      })()),
    fallback: async () => (await services.catalog.hotServices(8)).map((h) => ({ name: h.name, url: `/items/${h.id}` })),
    filters: { audiences: AUDIENCES, itemTypes: ITEM_TYPES },
  });

  // what people start, listed in their personal space; applications and bookings register here too
  const started = createStartedRegistry();
  const myLetters = createMyLetters(services.database, { letters: services.letters });
  started.register(myLetters.provider);
  started.register(ratingsStarted(services.ratings));
  started.register(hospitalsStarted(services.hospitals));

  await accountRoutes(app, {
    started,
    accounts: services.accounts,
    notify: services.notify,
    timeZone: config.timeZone,
    secret: services.secret,
    secure,
    loginRateLimit: config.loginRateLimit,
    publicUrl: config.publicUrl,
    oidc: config.oidc
      ? {
          name: config.oidc.name,
          client: createOidcClient({
            issuer: config.oidc.issuer,
            clientId: config.oidc.clientId,
            clientSecret: config.oidc.clientSecret,
            redirectUri: `${config.publicUrl}/login/oidc/callback`,
            allowInsecure: config.oidc.allowInsecure,
          }),
        }
      : undefined,
  });
  // the work desk: each module puts its to-do counts and cards in the admin module's slot
  const desk = createWorkDesk();
  desk.register(letterDesk(createLetterTodo(services.database, services.letters.calendar)));
  desk.register(draftDesk(services.drafts));
  desk.register(notifyDesk(services.notify));
  desk.register(searchDesk(services.search));
  desk.register(auditDesk(services.audit, config.timeZone));
  desk.register(certificateDesk(services.certificates));
  desk.register(ratingsDesk(services.ratings));
  desk.register(applicationDesk(services.applications.context));
  await adminRoutes(app, {
    accounts: services.accounts,
    notify: services.notify,
    departments: services.catalog,
    desk,
    timeZone: config.timeZone,
    loginRateLimit: config.loginRateLimit,
  });
  await searchAdminRoutes(app, { search: services.search, timeZone: config.timeZone });
  await auditAdminRoutes(app, { audit: services.audit, timeZone: config.timeZone });
  await notifyAdminRoutes(app, { notify: services.notify, timeZone: config.timeZone });
  await catalogAdminRoutes(app, { drafts: services.drafts, timeZone: config.timeZone });
  await disclosureAdminRoutes(app, { disclosure: services.disclosure, files: services.files });
  await letterRoutes(app, { letters: services.letters, timeZone: config.timeZone, rateLimit: config.letterRateLimit, devInbox: !!services.notify.devInbox?.captures('sms') });
  await devInboxRoutes(app, { notify: services.notify, timeZone: config.timeZone });
  await letterStaffRoutes(app, { letters: services.letters, timeZone: config.timeZone });
  await applicationPageRoutes(app, { ctx: services.applications.context, timeZone: config.timeZone });
  await letterMeRoutes(app, { mine: myLetters, accounts: services.accounts, timeZone: config.timeZone });
  await certificateRoutes(app, { certificates: services.certificates, accounts: services.accounts, timeZone: config.timeZone, rateLimit: config.searchRateLimit });
  await certificateApiRoutes(app, { certificates: services.certificates, rateLimit: config.searchRateLimit });
  await foiRoutes(app, { foi: services.foi });
  await proposalsRoutes(app, { proposals: services.proposals });
  await reportRoutes(app, { reports: services.reports });
  await letterApiRoutes(app, { letters: services.letters, rateLimit: config.letterRateLimit });
  await ratingRoutes(app, { ratings: services.ratings, accounts: services.accounts, timeZone: config.timeZone });
  await ratingStaffRoutes(app, { ratings: services.ratings, timeZone: config.timeZone });
  await ratingApiRoutes(app, { ratings: services.ratings });
  await applicationApiRoutes(app, { applications: services.applications });
  await appointmentRoutes(app, { appointments: services.appointments, timeZone: config.timeZone, rateLimit: config.letterRateLimit });
  await appointmentStaffRoutes(app, { appointments: services.appointments, timeZone: config.timeZone });
  await appointmentApiRoutes(app, { appointments: services.appointments, publicUrl: config.publicUrl, rateLimit: config.letterRateLimit });
  await hospitalRoutes(app, { hospitals: services.hospitals, timeZone: config.timeZone, publicUrl: config.publicUrl, rateLimit: config.letterRateLimit });
  await hospitalAdminRoutes(app, { hospitals: services.hospitals, timeZone: config.timeZone });
  await hospitalApiRoutes(app, { hospitals: services.hospitals, publicUrl: config.publicUrl, rateLimit: config.letterRateLimit });
  await open311Routes(app, { letters: services.letters, resolveToken: services.accounts.sessions.resolveToken, publicUrl: config.publicUrl, rateLimit: config.letterRateLimit });

  const hotForErrors = async () => {
    try {
      return (await services.catalog.hotServices(8)).map((h) => ({ name: h.name, url: `/items/${h.id}` }));
    } catch {
      return [];
    }
  };

  app.setNotFoundHandler(async (request, reply) => {
    reply.code(404);
    if (isApi(request.url)) return { error: { code: 'not_found', message: t('api.notFound') } };
    return reply
      .type('text/html; charset=utf-8')
      .send(errorPage(404, t('error.notFoundTitle'), t('error.notFoundMessage'), await hotForErrors()));
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const known = describeError(error, request);
    if (!known) logUnhandled(request, error);
    const { status, code, message, problems } = known ?? { status: 500, code: 'internal', message: t('api.internal') };
    reply.code(status);
    if (isApi(request.url)) return { error: { code, message, ...(problems ? { problems } : {}) } };
    if (status === 404)
      return reply.type('text/html; charset=utf-8').send(errorPage(404, t('error.notFoundTitle'), message, await hotForErrors()));
    const title = status >= 500 ? t('error.internalTitle') : status === 401 || status === 403 ? t('error.forbiddenTitle') : t('error.badRequestTitle');
    return reply.type('text/html; charset=utf-8').send(errorPage(status, title, message, []));
  });

  return app;
}
