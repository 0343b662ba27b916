/**
 * Seeding. The demo is the fictional 示范市 shipped in data/demo; scale data is synthetic, made
 * for benchmarks only, and never goes into a database that holds the demo (or vice versa).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { type Services, createServices } from '../app.js';
import { ValidationError } from '../lib/errors.js';
import { readBundleDir, validateBundle } from '../modules/catalog/index.js';
import type { AccountService, DemoAccounts } from '../modules/accounts/index.js';
import type { CatalogService } from '../modules/catalog/index.js';
import { hasJourneyContent, readJourneyDir } from '../modules/journeys/index.js';
import { type DisclosureService, hasDisclosureContent, readDisclosureDir } from '../modules/disclosure/index.js';
import { type Applications, type DemoCases, hasDemoDefinitions, loadDemoDefinitions } from '../modules/applications/index.js';
import type { DemoLetters, LetterService } from '../modules/letters/index.js';
import type { CertificatesService, DemoCertificate } from '../modules/certificates/index.js';
import type { AppointmentService, DemoAppointments, DemoHospitals, HospitalService } from '../modules/appointments/index.js';
import type { JourneyService } from '../modules/journeys/index.js';
import type { DemoRatings, RatingsService } from '../modules/ratings/index.js';
import type { DemoProposal, ProposalsService } from '../modules/proposals/index.js';
import type { DemoRequest, FoiService } from '../modules/foi/index.js';
import type { DemoReport, ReportsService } from '../modules/annual-reports/index.js';
import { t } from '../lib/i18n/index.js';
import { progressBar } from './progress.js';
import { syntheticItems } from './synthetic.js';

export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'demo');

export class DatasetMismatch extends Error {}

export async function seedDemo(
  config: Config,
  database: Database,
  options: { verbose: boolean; catalog?: CatalogService; accounts?: AccountService; journeys?: JourneyService; letters?: LetterService; certificates?: CertificatesService; ratings?: RatingsService; disclosure?: DisclosureService; appointments?: AppointmentService; proposals?: ProposalsService; foi?: FoiService; reports?: ReportsService; hospitals?: HospitalService; applications?: Applications; dir?: string },
): Promise<void> {
  const own = options.catalog && options.accounts && options.journeys && options.letters && options.disclosure ? undefined : await createServices(config, database, { search: 'write' });
  try {
    const dir = options.dir ?? DEMO_DIR;
    await loadDemo(options.catalog ?? (own as Services).catalog, dir, options.verbose);
    if (hasJourneyContent(dir)) {
      const result = await (options.journeys ?? (own as Services).journeys).importBundle(readJourneyDir(dir));
      if (options.verbose)
        console.log(`journeys loaded: ${result.journeys} journeys, ${result.questionSets} guided question sets, ${result.lifeEvents} life events, ${result.pushRules} push rules`);
    }
    if (hasDisclosureContent(dir)) {
      const result = await (options.disclosure ?? (own as Services).disclosure).importDemo(readDisclosureDir(dir));
      if (options.verbose) console.log(`government information loaded: ${result.orgs} organisations, ${result.articles} articles, ${result.issues} gazette issues, ${result.topics} topics, ${result.links} item links`);
    }
    if (hasDemoDefinitions(dir)) {
      const result = await loadDemoDefinitions({ db: database.db, catalog: options.catalog ?? (own as Services).catalog, changes: (own as Services | undefined)?.changes }, dir);
      if (options.verbose) console.log(`application definitions loaded: ${result.published} published, ${result.unchanged} unchanged, ${result.bundles} bundles`);
    }
    // 人大建议/政协提案 with their replies, days relative to today (data/demo/proposals.json)
    const proposalsFile = join(dir, 'proposals.json');
    const proposals = options.proposals ?? own?.proposals;
    if (proposals && existsSync(proposalsFile)) {
      const catalog = options.catalog ?? (own as Services).catalog;
      const ids = new Map((await catalog.listDepartments()).map((d) => [d.slug, d.id] as [string, number]));
      const made = await proposals.seedDemo(JSON.parse(readFileSync(proposalsFile, 'utf8')) as DemoProposal[], ids);
      if (options.verbose && made) console.log(`proposals loaded: ${made.proposals} 人大建议 and 政协提案 with their replies`);
    }
    const demoLetters = readDemoLetters(dir);
    if (demoLetters) {
      const result = await (options.letters ?? (own as Services).letters).seed(demoLetters);
      if (options.verbose && result) console.log(`letters loaded: ${result.letters} letters, ${result.rules} dispatch rules, ${result.templates} reply templates`);
    }
    const accountsFile = join(dir, 'accounts.json');
    if (existsSync(accountsFile)) {
      const demo = JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccounts;
      await (options.accounts ?? (own as Services).accounts).ensureDemoAccounts(demo);
      if (options.verbose) printDemoLogins(demo);
      // certificates issued to the demo people (when the caller gave the service or services were built here)
      const certificates = options.certificates ?? own?.certificates;
      const demoCertificates = readDemoCertificates(dir);
      if (certificates && demoCertificates) {
        const accounts = options.accounts ?? (own as Services).accounts;
        const catalog = options.catalog ?? (own as Services).catalog;
        const result = await certificates.seed(demoCertificates, {
          accounts: demo,
          idByPhone: accounts.idByPhone,
          items: (codes) => catalog.itemRefs({ codes }),
          departmentNames: () => catalog.departmentNames(),
        });
        if (options.verbose && result) console.log(`certificates loaded: ${result.certificates} certificates and letters`);
      }
      // applications in every status, made through the module's operations (after the accounts and their certificates)
      const applications = options.applications ?? own?.applications;
      const demoCases = readDemoCases(dir);
      const made = applications && demoCases ? await applications.seedDemo(demoCases, (options.accounts ?? (own as Services).accounts).demoPrincipal) : undefined;
      if (options.verbose && made) console.log(`applications loaded: ${made.cases} cases (${Object.entries(made.byStatus).map(([k, n]) => `${k} ${n}`).join(', ')})`);
      // 好差评: the concluded demo applications rated by their applicants (the ratings are in cases.json)
      const ratings = options.ratings ?? own?.ratings;
      const demoRatings: DemoRatings | undefined = made ? { subjects: made.rated.map((r) => ({ ...r, rating: r.rating as DemoRatings['subjects'][number]['rating'], invited: r.concludedDaysAgo >= 3 })) } : undefined;
      if (ratings && demoRatings) {
        const accounts = options.accounts ?? (own as Services).accounts;
        const result = await ratings.seed(demoRatings, async (phone) => (await accounts.signIn(phone, demo.password).catch(() => undefined))?.userId);
        if (options.verbose && result) console.log(`ratings loaded: ${result.subjects} concluded applications, ${result.ratings} ratings, ${result.rectifications} rectifications`);
      }
      // 依申请公开: 25 requests in every state and last year's few, made through foi's operations (data/demo/foi-requests.json)
      const foiFile = join(dir, 'foi-requests.json');
      const foi = options.foi ?? own?.foi;
      if (foi && existsSync(foiFile)) {
        const accounts = options.accounts ?? (own as Services).accounts;
        const catalog = options.catalog ?? (own as Services).catalog;
        const person = demo.citizens[0];
        const citizen = person ? await accounts.signIn(person.phone, demo.password).catch(() => undefined) : undefined;
        const ids = new Map((await catalog.listDepartments()).map((d) => [d.slug, d.id] as [string, number]));
        const made = await foi.seedDemo(JSON.parse(readFileSync(foiFile, 'utf8')) as DemoRequest[], { departmentIds: ids, citizen });
        if (options.verbose && made) console.log(`requests for government information loaded: ${made.requests}`);
      }
      // 政府信息公开工作年度报告: last year's, drafted by one demo account and published by another (data/demo/annual-reports.json)
      const reportsFile = join(dir, 'annual-reports.json');
      const reports = options.reports ?? own?.reports;
      if (reports && existsSync(reportsFile)) {
        const accounts = options.accounts ?? (own as Services).accounts;
        const made = await reports.seedDemo(JSON.parse(readFileSync(reportsFile, 'utf8')) as DemoReport[], (username) => accounts.signInStaff(username, demo.password).catch(() => undefined));
        if (options.verbose && made) console.log(`annual reports published: ${made.reports} of ${made.year}`);
      }
      // halls' queues, windows, a week of slots and today's queue (data/demo/appointments.json)
      const apptFile = join(dir, 'appointments.json');
      const appointments = options.appointments ?? own?.appointments;
      if (appointments && existsSync(apptFile)) {
        const made = await appointments.seedDemo({
          accounts: options.accounts ?? (own as Services).accounts,
          password: demo.password,
          data: JSON.parse(readFileSync(apptFile, 'utf8')) as DemoAppointments,
        });
        if (options.verbose && made) console.log(`appointments loaded: ${made.halls} halls, ${made.slots} slots, ${made.bookings} bookings, ${made.tickets} tickets today`);
      }
      // 预约挂号: hospitals, departments with beds, doctors, a week of half-days, registrations and a 停诊 (data/demo/hospitals.json)
      const hospFile = join(dir, 'hospitals.json');
      const hospitals = options.hospitals ?? own?.hospitals;
      if (hospitals && existsSync(hospFile)) {
        const data = JSON.parse(readFileSync(hospFile, 'utf8')) as DemoHospitals;
        const accounts = options.accounts ?? (own as Services).accounts;
        await accounts.ensureDemoAccounts({ password: demo.password, staff: [], citizens: data.patients.map((c) => ({ displayName: c.displayName, phone: c.phone, note: '' })), enterprises: [] });
        const patients = (await Promise.all(data.patients.map((c) => accounts.signIn(c.phone, demo.password).catch(() => undefined)))).filter((x) => x !== undefined);
        const admins = [];
        for (const a of data.admins) {
          const p = await accounts.signInStaff(a.username, demo.password).catch(() => undefined);
          if (p) admins.push({ userId: p.userId, hospital: a.hospital });
        }
        const made = await hospitals.seedDemo(data, { patients, admins });
        if (options.verbose && made) console.log(`hospitals loaded: ${made.hospitals} hospitals, ${made.departments} departments, ${made.doctors} doctors, ${made.sessions} half-days, ${made.registrations} registrations, ${made.suspended} 停诊`);
      }
    }
  } finally {
    await own?.close();
  }
}

/** data/demo/letters: dispatch rules, reply templates and answered letters */
export function readDemoLetters(dir = DEMO_DIR): DemoLetters | undefined {
  const lettersDir = join(dir, 'letters');
  if (!existsSync(lettersDir)) return undefined;
  const read = (name: string) => JSON.parse(readFileSync(join(lettersDir, name), 'utf8'));
  return { rules: read('dispatch-rules.json'), templates: read('reply-templates.json'), letters: read('letters.json') };
}

/** data/demo/certificates.json: documents issued to the demo people */
export function readDemoCertificates(dir = DEMO_DIR): DemoCertificate[] | undefined {
  const file = join(dir, 'certificates.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCertificate[]) : undefined;
}

/** data/demo/applications/cases.json: the demo's applications in every status, with their ratings */
export function readDemoCases(dir = DEMO_DIR): DemoCases | undefined {
  const file = join(dir, 'applications', 'cases.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoCases) : undefined;
}

/** The demo sign-ins, for the console of `npm start` and `yimen seed --demo`. */
export function printDemoLogins(demo: DemoAccounts): void {
  console.log(`\n${t('serve.demoLogins', { password: demo.password })}`);
  for (const s of demo.staff) console.log(`  /admin/login  ${s.username.padEnd(14)} ${s.note}`);
  for (const c of demo.citizens) console.log(`  /login        ${c.phone.padEnd(14)} ${c.note}`);
  for (const e of demo.enterprises) console.log(`  /login        ${e.owner.phone.padEnd(14)} ${e.note}（${e.name}）`);
  console.log('');
}

export function readDemoAccounts(dir = DEMO_DIR): DemoAccounts | undefined {
  const file = join(dir, 'accounts.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoAccounts) : undefined;
}

async function loadDemo(catalog: CatalogService, dir: string, verbose: boolean): Promise<void> {
  const kind = await catalog.datasetKind();
  if (kind === 'scale')
    throw new DatasetMismatch('this database holds synthetic scale data; use another DATA_DIR or DATABASE_URL for the demo');
  const { bundle, origins } = readBundleDir(dir);
  const problems = validateBundle(bundle, { origins });
  if (problems.length) throw new ValidationError(`demo data in ${dir} has ${problems.length} problem(s)`, problems);
  const bar = verbose ? progressBar('demo items') : undefined;
  const result = await catalog.importBundle(bundle, { onProgress: bar?.update });
  bar?.done();
  const featuredFile = join(dir, 'featured.json');
  if (existsSync(featuredFile)) await catalog.setFeatured(JSON.parse(readFileSync(featuredFile, 'utf8')) as string[]);
  await catalog.setDatasetKind('demo');
  if (verbose)
    console.log(
      `demo loaded: ${result.departments} departments, ${result.halls} halls, ${result.themes} themes, ${result.specialGroups} special groups, ${result.forms} forms, ${result.items} items`,
    );
}

/**
 * `seed --scale N`: the demo's departments, halls, themes and special groups (so guides render
 * as they would in a real city) plus N synthetic items, written in batches with progress.
 */
export async function seedScale(config: Config, database: Database, n: number): Promise<void> {
  const services = await createServices(config, database, { search: 'write' });
  try {
    await loadScale(services.catalog, n);
  } finally {
    await services.close();
  }
}

async function loadScale(catalog: CatalogService, n: number): Promise<void> {
  const kind = await catalog.datasetKind();
  if (kind === 'demo' || kind === 'imported' || (kind !== 'scale' && (await catalog.countItems()) > 0))
    throw new DatasetMismatch(
      'scale data goes into its own database: point DATA_DIR or DATABASE_URL at an empty one (this one holds a real or demo catalogue)',
    );
  const { bundle } = readBundleDir(DEMO_DIR);
  const start = Date.now();
  const base = { ...bundle, items: [] };
  await catalog.importBundle(base);
  await catalog.setDatasetKind('scale');
  const bar = progressBar('synthetic items');
  const batch = 2000;
  const existing = await catalog.countItems();
  for (let done = existing; done < n; done += batch) {
    const items = syntheticItems(bundle, done, Math.min(batch, n - done));
    await catalog.importBundle({ departments: [], halls: [], themes: [], specialGroups: [], forms: [], items });
    bar.update(Math.min(done + batch, n), n);
  }
  bar.done();
  console.log(`scale data: ${n} items in ${((Date.now() - start) / 1000).toFixed(1)} s`);
}

/**
 * `yimen seed --scale-articles N`: synthetic government information for benchmarks, with their
 * search documents, never into the demo (nor into a real catalogue): the database is marked as
 * holding scale data, so the demo is refused there afterwards.
 */
export async function seedScaleArticles(config: Config, database: Database, n: number, options: { quiet?: boolean } = {}): Promise<void> {
  const services = await createServices(config, database, { search: 'write' });
  try {
    const kind = await services.catalog.datasetKind();
    if (kind === 'demo' || kind === 'imported')
      throw new DatasetMismatch(`this database holds ${kind === 'demo' ? 'the demo of 示范市' : 'an imported catalogue'}: synthetic articles go into a database of their own`);
    if (!kind) await services.catalog.setDatasetKind('scale');
    const started = Date.now();
    const bar = options.quiet ? undefined : progressBar('synthetic articles');
    await services.disclosure.seedScale(n, (done) => bar?.update(done, n));
    bar?.done();
    if (!options.quiet) console.log(`${n} synthetic articles and their search documents inserted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await services.close();
  }
}
