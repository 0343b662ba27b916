/**
 * What every hospital-registration operation receives: the database, the clock, the holiday
 * calendar (for its time zone), the accounts face (verified phone, messages by SMS/e-mail) and the
 * portal's address for links.
 */
import type { Database } from '../../db/client.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import type { Clock } from './context.js';
import type { AccountService } from './faces.js';

export interface HospitalServiceDeps {
  accounts: Pick<AccountService, 'verifiedPhone' | 'notifyAccount'>;
  calendar: WorkCalendar;
  publicUrl: string;
  clock?: Clock;
}

export interface HospitalsContext {
  database: Database;
  db: Database['db'];
  clock: Clock;
  calendar: WorkCalendar;
  accounts: HospitalServiceDeps['accounts'];
  publicUrl: string;
}

export const createHospitalsContext = (database: Database, deps: HospitalServiceDeps): HospitalsContext => ({
  database,
  db: database.db,
  clock: deps.clock ?? { now: () => new Date() },
  calendar: deps.calendar,
  accounts: deps.accounts,
  publicUrl: deps.publicUrl.replace(/\/$/, ''),
});
