/**
 * What an accounts operation receives: the database, the key for keyed hashes, the notify face,
 * the catalogue's department names (a face passed in by app.ts, so accounts never reads the
 * catalogue's tables), and the credential and session helpers built once.
 */
import type { Database } from '../../db/client.js';
import type { NotifyService } from '../notify/index.js';
import type { Credentials } from './credentials.js';
import type { Sessions } from './sessions.js';

/** A department as accounts shows it (the catalogue's `DepartmentName`). */
export interface DepartmentRef {
  id: number;
  slug: string;
  name: string;
  shortName: string;
}

/**
 * The catalogue's department names, cached there until the catalogue changes. Typed here by
 * shape, so accounts does not import the catalog module (which imports accounts).
 */
export interface DepartmentDirectory {
  departmentNames(): Promise<ReadonlyMap<number, DepartmentRef>>;
}

export interface AccountsContext {
  database: Database;
  db: Database['db'];
  /** the key for codes, sessions and keyed hashes */
  secret: string;
  notify: NotifyService;
  departments: DepartmentDirectory;
  credentials: Credentials;
  sessions: Sessions;
  /** display names of accounts, cached briefly (see operations/people.ts) */
  names: Map<number, { name: string; until: number }>;
}

/** What the staff operations need (the command line has no notify or sessions). */
export type StaffContext = Pick<AccountsContext, 'db' | 'departments' | 'names'>;

/** Without the catalogue (a bare test or tool): no departments known. */
export const NO_DEPARTMENTS: DepartmentDirectory = { departmentNames: async () => new Map() };

export async function departmentBySlug(ctx: Pick<AccountsContext, 'departments'>, slug: string): Promise<DepartmentRef | undefined> {
  for (const d of (await ctx.departments.departmentNames()).values()) if (d.slug === slug) return d;
  return undefined;
}
