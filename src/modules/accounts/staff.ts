/**
 * The staff-accounts face: `accounts.staff` in the app, and the command line's `yimen user
 * create`. The operations are in operations/staff.ts, the rules of who may manage whom in policy.ts.
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import type { Actor } from '../audit/index.js';
import { type DepartmentDirectory, NO_DEPARTMENTS, type StaffContext } from './context.js';
import { type NewStaff, type StaffChange, createStaff, getStaff, listStaff, staffForm, updateStaff } from './operations/staff.js';

export { actorOf } from '../audit/index.js';
export type { NewStaff, StaffChange } from './operations/staff.js';

/** The staff face over a context; `departments` is the catalogue's face (departments are named by slug). */
export function staffFace(ctx: StaffContext) {
  return {
    /** Create a staff account; `by` is the administrator doing it (absent for the command line). */
    createStaff: (input: NewStaff, by?: Principal, actor?: Actor) => createStaff(ctx, by, input, actor),
    listStaff: (by: Principal, q: { q?: string; limit: number; offset: number }) => listStaff(ctx, by, q),
    getStaff: (by: Principal, id: number) => getStaff(ctx, by, id),
    updateStaff: (by: Principal, id: number, change: StaffChange) => updateStaff(ctx, by, id, change),
    /** the staff form's departments and what this administrator may grant */
    staffForm: (by: Principal) => staffForm(ctx, by),
  };
}

/** Staff accounts on their own (the command line): pass the catalogue's face to place people in departments. */
export function createStaffAdmin(database: Database, departments: DepartmentDirectory = NO_DEPARTMENTS) {
  return staffFace({ db: database.db, departments, names: new Map() });
}

export type StaffAdmin = ReturnType<typeof staffFace>;
