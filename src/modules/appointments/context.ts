/**
 * What every appointments operation receives: the database, the clock and the holiday calendar,
 * the live queue hub, and what it uses of other modules (their faces, cut down to what it calls).
 */
import type { Database } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import type { AccountService, CatalogService, NotifyService, RatingsService } from './faces.js';
import { DEFAULT_NO_SHOW_RULE, type NoShowRule } from './model.js';

export interface Clock {
  now(): Date;
}

export interface AppointmentServiceDeps {
  catalog: Pick<CatalogService, 'hallDirectory' | 'departmentNames' | 'listSpecialGroups'>;
  accounts: Pick<AccountService, 'verifiedPhone' | 'notifyAccount'>;
  notify: Pick<NotifyService, 'enqueue'>;
  changes: ChangeBus;
  calendar: WorkCalendar;
  /** the portal's address, for links in messages and the .ics */
  publicUrl: string;
  noShowRule?: NoShowRule;
  clock?: Clock;
  /** 好差评: a served booking is opened for rating (none wired: no rating is offered) */
  ratings?: Pick<RatingsService, 'openRatable'> | null;
}

export interface AppointmentsContext {
  database: Database;
  db: Database['db'];
  clock: Clock;
  calendar: WorkCalendar;
  catalog: AppointmentServiceDeps['catalog'];
  accounts: AppointmentServiceDeps['accounts'];
  notify: AppointmentServiceDeps['notify'];
  changes: ChangeBus;
  publicUrl: string;
  noShowRule: NoShowRule;
  ratings: Pick<RatingsService, 'openRatable'> | null;
  /** a hall's queues and hours, kept a few seconds for the booking path (dropped here on a change) */
  hallCache: Map<number, { until: number; value: Promise<unknown> }>;
  /** tell every process a hall's queue changed (the boards and phones follow it) */
  queueChanged(hallId: number): void;
  /** listen to queue changes of any hall (the live hub) */
  onQueueChange(listener: (hallId: number) => void): void;
}

export function createAppointmentsContext(database: Database, deps: AppointmentServiceDeps): AppointmentsContext {
  const listeners: ((hallId: number) => void)[] = [];
  // which halls changed since the last notice: a change notice carries no payload, so each process
  // re-reads the halls it has listeners for; this set says which ones changed in this process
  const local = new Set<number>();
  deps.changes.subscribe('appointments-queue', () => {
    const halls = local.size ? [...local] : [-1];
    local.clear();
    for (const h of halls) for (const l of listeners) l(h);
  });
  return {
    database,
    db: database.db,
    clock: deps.clock ?? { now: () => new Date() },
    calendar: deps.calendar,
    catalog: deps.catalog,
    accounts: deps.accounts,
    notify: deps.notify,
    changes: deps.changes,
    publicUrl: deps.publicUrl.replace(/\/$/, ''),
    noShowRule: deps.noShowRule ?? DEFAULT_NO_SHOW_RULE,
    ratings: deps.ratings ?? null,
    hallCache: new Map(),
    queueChanged(hallId) {
      local.add(hallId);
      void deps.changes.publish('appointments-queue').catch(() => {});
    },
    onQueueChange(listener) {
      listeners.push(listener);
    },
  };
}
