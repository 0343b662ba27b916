/** What every annual-report operation receives: the database, today, and the disclosure and foi faces it asks for figures. */
import type { Database } from '../../db/client.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import type { DisclosureService, FoiService } from './faces.js';
import { recordAudit } from './faces.js';

export interface ReportsDeps {
  disclosure: Pick<DisclosureService, 'orgBySlug' | 'orgTree' | 'annualFigures'>;
  foi: Pick<FoiService, 'annualTable'>;
  calendar: WorkCalendar;
  clock?: { now(): Date };
}

export interface ReportsContext extends ReportsDeps {
  database: Database;
  db: Database['db'];
  audit: { record: typeof recordAudit };
  today(): string;
}

export function createReportsContext(database: Database, deps: ReportsDeps): ReportsContext {
  const clock = deps.clock ?? { now: () => new Date() };
  return { ...deps, database, db: database.db, audit: { record: recordAudit }, today: () => deps.calendar.localDate(clock.now()) };
}
