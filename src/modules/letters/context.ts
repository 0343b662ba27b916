/**
 * What every letters operation receives: the database, the clock and the working-day calendar,
 * the file store, the change bus, and the few things it uses of other modules (their faces, cut
 * down to what letters calls). Built once by the face (index.ts); a test can build its own.
 */
import type { Database } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { FileStore } from '../../lib/files/index.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import { type AccountService, type CatalogService, type NotifyService, type SearchService, recordAudit } from './faces.js';
import { createIntake } from './intake.js';
import type { Departments, StatRow } from './present.js';
import * as repo from './repo.js';

export interface LetterServiceDeps {
  catalog: CatalogService;
  accounts: AccountService;
  notify: NotifyService;
  search: SearchService;
  changes: ChangeBus;
  calendar: WorkCalendar;
  /** where attachments' bytes live */
  files: FileStore;
  /** letters one phone number may send in 24 hours (0: no limit) */
  perPhonePerDay: number;
  /** the time; tests may pass their own */
  clock?: Clock;
}

export interface Clock {
  now(): Date;
}

export interface LettersContext {
  database: Database;
  db: Database['db'];
  clock: Clock;
  calendar: WorkCalendar;
  files: FileStore;
  changes: ChangeBus;
  catalog: Pick<CatalogService, 'departmentNames'>;
  accounts: Pick<AccountService, 'contactsFor' | 'verifiedPhone' | 'checkCode' | 'sendCode' | 'credentials' | 'notifyAccount'>;
  notify: Pick<NotifyService, 'enqueueMany'>;
  search: Pick<SearchService, 'indexer' | 'search' | 'whenReady'>;
  audit: { record: typeof recordAudit };
  perPhonePerDay: number;
  /** the dispatch rules, kept in memory until they (or the catalogue) change */
  rules(): Promise<repo.RuleRow[]>;
  /** a deadline in words, e.g. 2026年3月9日 */
  formatDue(d: Date): string;
  /** the group-commit writer of received letters */
  intake: ReturnType<typeof createIntake>;
  /** the public statistics, by year, reused for a few minutes */
  statsCache: Map<number, { rows: StatRow[]; until: number }>;
}

export { type Departments, nameIn } from './present.js';
/** Departments by id (the catalog's cached map): load it before a transaction, read it inside. */
export const departmentsOf = (ctx: LettersContext): Promise<Departments> => ctx.catalog.departmentNames();

export function createLettersContext(database: Database, deps: LetterServiceDeps): LettersContext {
  const { db } = database;
  const { calendar } = deps;
  let rules: Promise<repo.RuleRow[]> | undefined;
  // 'catalog' is also what a process hears after its change feed reconnected
  deps.changes.subscribe('catalog', () => {
    rules = undefined;
  });
  deps.changes.subscribe('letters-rules', () => {
    rules = undefined;
  });
  const formatDate = new Intl.DateTimeFormat('zh-CN', { timeZone: calendar.timeZone, dateStyle: 'long' });
  // deadlines fall at the end of a day, so a few dates serve every letter: remembered, as Intl is slow
  const dueTexts = new Map<number, string>();
  const formatDue = (d: Date) => {
    let text = dueTexts.get(d.getTime());
    if (text === undefined) {
      if (dueTexts.size > 1000) dueTexts.clear();
      text = formatDate.format(d);
      dueTexts.set(d.getTime(), text);
    }
    return text;
  };
  return {
    database,
    db,
    clock: deps.clock ?? { now: () => new Date() },
    calendar,
    files: deps.files,
    changes: deps.changes,
    catalog: deps.catalog,
    accounts: deps.accounts,
    notify: deps.notify,
    search: deps.search,
    audit: { record: recordAudit },
    perPhonePerDay: deps.perPhonePerDay,
    rules() {
      rules ??= repo.rules(db).catch((e) => {
        rules = undefined;
        throw e;
      });
      return rules;
    },
    formatDue,
    intake: createIntake(database, { accounts: deps.accounts, notify: deps.notify, formatDue, localDate: calendar.localDate }),
    statsCache: new Map(),
  };
}
