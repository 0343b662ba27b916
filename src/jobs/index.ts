/**
 * Every periodic job of the portal, in one list. A module offers the work on its face (a function
 * to run); whether and how often it runs, and whether once across all processes or in each one,
 * is decided here. `yimen serve` starts them (the cluster jobs only when WORKER is not
 * 'separate'); `yimen worker` starts the cluster jobs alone.
 */
import type { Job } from './scheduler.js';

export { createScheduler, type Job, type Scheduler } from './scheduler.js';

/** What the jobs need of the services (app.ts's Services has it). */
export interface JobServices {
  catalog: { flushViews(): Promise<unknown> };
  notify: { deliverDue(): Promise<unknown> };
  letters: { runDeadlines(): Promise<unknown> };
  ratings: { runJobs(): Promise<unknown> };
  applications: { runDeadlines(): Promise<unknown>; runProactive?(): Promise<unknown> };
  accounts: { sessions: { purgeExpired(): Promise<unknown> } };
  disclosure?: { publishDue(): Promise<unknown> };
  appointments: { runPeriodic(): Promise<unknown> };
  hospitals?: { runPeriodic(): Promise<unknown> };
}

export function periodicJobs(services: JobServices, options: { cluster: boolean; deliverEveryMs?: number }): Job[] {
  const process: Job[] = [
    // page views are counted in memory and written every 10 s: each process writes its own
    { name: 'catalog.flush-views', scope: 'process', everyMs: 10_000, run: () => services.catalog.flushViews() },
  ];
  if (!options.cluster) return process;
  return [
    ...process,
    // e-mail and SMS from the outbox (and reminders that fell due, through notify's sources)
    { name: 'notify.deliver', everyMs: options.deliverEveryMs ?? 2000, run: () => services.notify.deliverDue() },
    // reminders before a letter's deadline, and supervision (督办) of letters past it
    { name: 'letters.deadlines', everyMs: 300_000, run: () => services.letters.runDeadlines() },
    // 好差评: the invitation to rate, 3 days after conclusion, once; rectifications past their due date flagged
    { name: 'ratings.invitations', everyMs: 300_000, run: () => services.ratings.runJobs() },
    // government information scheduled for publication goes live (and into search) when its time comes
    ...(services.disclosure ? [{ name: 'disclosure.publish-due', everyMs: 60_000, run: () => (services.disclosure as { publishDue(): Promise<unknown> }).publishDue() }] : []),
    // due-soon reminders and overdue flags of applications (承诺时限)
    { name: 'applications.deadlines', everyMs: 300_000, run: () => services.applications.runDeadlines() },
    // 免申即享: applications opened for whoever became eligible (rules by the day; hourly so a restart skips no day; never twice)
    ...(services.applications.runProactive ? [{ name: 'applications.proactive', everyMs: 3_600_000, run: () => (services.applications.runProactive as () => Promise<unknown>)() }] : []),
    // slots up to each queue's horizon, reminders the day before, no-shows after the slot
    { name: 'appointments.periodic', everyMs: 300_000, run: () => services.appointments.runPeriodic() },
    // hospitals' half-days up to each release horizon, made from the doctors' weekly clinics
    ...(services.hospitals ? [{ name: 'hospitals.periodic', everyMs: 300_000, run: () => (services.hospitals as { runPeriodic(): Promise<unknown> }).runPeriodic() }] : []),
    { name: 'accounts.purge-sessions', everyMs: 3_600_000, run: () => services.accounts.sessions.purgeExpired() },
  ];
}
