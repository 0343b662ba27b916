/** `yimen serve`: start the portal, and stop it cleanly on SIGINT/SIGTERM. */
import { performance } from 'node:perf_hooks';
import { createApp, createServices } from '../app.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { t } from '../lib/i18n/index.js';
import type { WorkCalendar } from '../lib/workdays.js';
import { createScheduler, periodicJobs } from '../jobs/index.js';
import { readJourneyDir } from '../modules/journeys/index.js';
import { compileDeferredSchemas } from '../web/lazy-schemas.js';
import { DEMO_DIR, printDemoLogins, readDemoAccounts, readDemoLetters, seedDemo } from './seed.js';

/** Deadlines are counted in working days: say so when next year's holidays are not known yet. */
export function warnAboutCalendar(calendar: WorkCalendar, now = new Date()): void {
  const year = Number(calendar.localDate(now).slice(0, 4));
  const missing = calendar.missingYears([year, year + 1]);
  if (missing.length)
    console.warn(`holiday schedule has no ${missing.join(', ')}: deadlines there count only weekends as days off. Set HOLIDAYS_FILE to a schedule with those years once they are published.`);
}

/** CPU time this process has used (user + system), which a busy machine does not inflate like wall time. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
}

export async function serve(config: Config, database: Database, options: { init: boolean }): Promise<void> {
  // the search index is built below, once the data is in, while the portal starts listening
  const services = await createServices(config, database, { search: 'write' });
  // attachments written before the file store move out of the database; uploads a crashed process left go
  const moved = await services.letters.moveAttachmentsOut();
  if (moved) console.log(`${moved} attachments moved to the file store`);
  await services.files.sweep();
  if (options.init && !(await services.catalog.datasetKind())) {
    console.log(t('serve.loadingDemo'));
    await seedDemo(config, database, { verbose: false, catalog: services.catalog, accounts: services.accounts, journeys: services.journeys, letters: services.letters, certificates: services.certificates, ratings: services.ratings, disclosure: services.disclosure, appointments: services.appointments, proposals: services.proposals, foi: services.foi, reports: services.reports, hospitals: services.hospitals, applications: services.applications });
  }
  const demoAccounts = (await services.catalog.datasetKind()) === 'demo' ? readDemoAccounts() : undefined;
  // a demo loaded before accounts existed gets its accounts now
  if (demoAccounts) await services.accounts.ensureDemoAccounts(demoAccounts);
  // … its journeys, when it has none yet …
  if (demoAccounts && (await services.journeys.listJourneys({ limit: 1, offset: 0 })).total === 0) await services.journeys.importBundle(readJourneyDir(DEMO_DIR));
  // … and its letters (seeding letters does nothing once there are any)
  const demoLetters = demoAccounts ? readDemoLetters() : undefined;
  if (demoLetters) await services.letters.seed(demoLetters);
  warnAboutCalendar(services.letters.calendar);
  // a catalogue loaded before search existed gets its search documents now
  if ((await services.search.storedDocuments()) === 0 && (await services.catalog.countItems()) > 0) await services.catalog.reindexAll();
  const app = await createApp(services);
  // periodic work: the cluster jobs run once across all processes (in the worker when WORKER=separate)
  const scheduler = createScheduler(database);
  for (const job of periodicJobs(services, { cluster: config.inProcessWorker })) scheduler.register(job);
  scheduler.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping…`);
    await app.close();
    await scheduler.stop();
    await services.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  // a burst of new connections (a hotline system reconnecting, a crowd after an announcement)
  // waits in the kernel's queue instead of being dropped and retried a second later: Node's
  // default backlog is 511; the kernel caps this at net.core.somaxconn
  await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(t('serve.listening', { url: `http://localhost:${port}`, database: database.kind }));
  // Pages answer while the in-memory search index is built from the stored documents (about a
  // second for the demo, longer for a large catalogue); a search meanwhile waits for it
  // (search.whenReady) rather than seeing half of it. "Ready" is said once both are true, counted
  // from the start of the process (performance.now() starts with it), imports and database included.
  const indexStarted = performance.now();
  services.search
    .start()
    .then(() => {
      console.log(`search index: ${services.search.stats().documents} documents in ${Math.round(performance.now() - indexStarted)} ms`);
      console.log(t('serve.ready', { url: `http://localhost:${port}`, ms: Math.round(performance.now()), database: database.kind, cpu: cpuMs() }));
      if (demoAccounts) printDemoLogins(demoAccounts);
      // the route schemas not compiled by a request yet, now that nothing else is waiting
      compileDeferredSchemas().catch((e) => console.error('yimen: a route schema could not be compiled:', e));
    })
    .catch((e) => {
      console.error('yimen: the search index could not be built:', e);
      process.exit(1);
    });
}
