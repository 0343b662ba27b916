/**
 * Staff accounts: created and changed by a portal administrator, or by a department
 * administrator within their own department and below their own rank. Every change is audited.
 */
import type { Database } from '../../db/client.js';
import { BadRequestError, ConflictError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../web/i18n/index.js';
import { type Actor, recordAudit } from '../audit/index.js';
import { checkPasswordRules, hashPassword } from './credentials.js';
import { PORTAL_WIDE_ROLES, type Principal, STAFF_ROLES, type StaffRole, departmentScope, requirePermission } from '../../lib/principal.js';
import * as repo from './repo.js';

export interface NewStaff {
  username: string;
  displayName: string;
  role: string;
  /** department slug */
  department?: string;
  password: string;
}

export interface StaffChange {
  displayName?: string;
  role?: string;
  department?: string;
  status?: 'active' | 'disabled';
  password?: string;
}

export const actorOf = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });

/** What an audit entry may show of a staff account. */
const auditView = (u: repo.UserRow) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  departmentId: u.departmentId,
  status: u.status,
});

export function presentStaff(u: repo.UserRow, departmentName?: string | null) {
  return {
    id: u.id,
    username: u.username as string,
    displayName: u.displayName,
    role: u.role as StaffRole,
    departmentId: u.departmentId,
    departmentName: departmentName ?? null,
    status: u.status,
    lastLoginAt: u.lastLoginAt,
  };
}

export function createStaffAdmin(database: Database) {
  const { db } = database;

  function checkRole(role: string): StaffRole {
    if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new BadRequestError(t('account.badRole', { roles: STAFF_ROLES.join(', ') }));
    return role as StaffRole;
  }

  async function resolveDepartment(role: StaffRole, slug: string | undefined): Promise<number | null> {
    if (slug) {
      const id = await repo.departmentIdBySlug(db, slug);
      if (id === undefined) throw new BadRequestError(t('account.unknownDepartment', { slug }));
      return id;
    }
    if (!PORTAL_WIDE_ROLES.includes(role)) throw new BadRequestError(t('account.departmentRequired'));
    return null;
  }

  /** A department administrator manages only their department, and never grants portal-wide roles. */
  function checkReach(by: Principal | undefined, role: StaffRole, departmentId: number | null) {
    if (!by) return; // the command line: the operator of the machine
    requirePermission(by, 'users.manage');
    if (by.role === 'admin') return;
    if (PORTAL_WIDE_ROLES.includes(role) || role === 'dept_admin') throw new BadRequestError(t('account.roleOutOfReach'));
    if (departmentId !== by.departmentId) throw new BadRequestError(t('account.departmentOutOfReach'));
  }

  async function staffFor(by: Principal, id: number) {
    requirePermission(by, 'users.manage');
    const user = await repo.findUserById(db, id);
    const scope = departmentScope(by);
    if (user?.kind !== 'staff' || (scope !== undefined && user.departmentId !== scope)) throw new NotFoundError(t('account.notFound'));
    return user;
  }

  return {
    /** Create a staff account; `by` is the administrator doing it (absent for the command line). */
    async createStaff(input: NewStaff, by?: Principal, actor?: Actor) {
      // deny first: someone without the permission learns nothing from the form's checks (the CLI passes no one)
      if (by) requirePermission(by, 'users.manage');
      const username = input.username.trim();
      if (!/^[A-Za-z0-9_.-]{3,40}$/.test(username)) throw new BadRequestError(t('account.badUsername'));
      const displayName = input.displayName.trim();
      if (!displayName || displayName.length > 40) throw new BadRequestError(t('account.badDisplayName'));
      const role = checkRole(input.role);
      checkPasswordRules(input.password);
      const departmentId = await resolveDepartment(role, input.department || undefined);
      checkReach(by, role, departmentId);
      if (await repo.findUserByUsername(db, username)) throw new ConflictError(t('account.usernameTaken'));
      const passwordHash = await hashPassword(input.password);
      const user = await db.transaction(async (tx) => {
        const row = await repo.insertUser(tx, { kind: 'staff', username, displayName, role, departmentId, passwordHash });
        await recordAudit(tx, actor ?? (by ? actorOf(by) : { id: 'cli', name: '命令行' }), [
          { action: 'user.create', entity: 'user', entityId: row.id, after: auditView(row), departmentId },
        ]);
        return row;
      });
      return presentStaff(user);
    },

    async listStaff(by: Principal, q: { q?: string; limit: number; offset: number }) {
      requirePermission(by, 'users.manage');
      const { total, rows } = await repo.listStaff(db, { ...q, departmentId: departmentScope(by) });
      return { total, staff: rows.map((r) => presentStaff(r.user, r.departmentName)) };
    },

    async getStaff(by: Principal, id: number) {
      const user = await staffFor(by, id);
      return presentStaff(user, user.departmentId ? await repo.departmentName(db, user.departmentId) : null);
    },

    async updateStaff(by: Principal, id: number, change: StaffChange) {
      const user = await staffFor(by, id);
      const role = change.role ? checkRole(change.role) : (user.role as StaffRole);
      const departmentId = change.department !== undefined ? await resolveDepartment(role, change.department || undefined) : user.departmentId;
      if (!PORTAL_WIDE_ROLES.includes(role) && departmentId === null) throw new BadRequestError(t('account.departmentRequired'));
      checkReach(by, role, departmentId);
      if (user.id === by.userId && (change.status === 'disabled' || role !== user.role)) throw new BadRequestError(t('account.notYourself'));
      const values: Parameters<typeof repo.updateUser>[2] = { role, departmentId };
      if (change.displayName !== undefined) {
        const name = change.displayName.trim();
        if (!name || name.length > 40) throw new BadRequestError(t('account.badDisplayName'));
        values.displayName = name;
      }
      if (change.status) values.status = change.status;
      if (change.password) {
        checkPasswordRules(change.password);
        values.passwordHash = await hashPassword(change.password);
      }
      const updated = await db.transaction(async (tx) => {
        const row = (await repo.updateUser(tx, id, values)) as repo.UserRow;
        // a changed password or a disabled account signs the person out everywhere
        if (change.password || change.status === 'disabled') await repo.deleteSessionsOf(tx, id);
        await recordAudit(tx, actorOf(by), [
          {
            action: change.password ? 'user.password' : 'user.update',
            entity: 'user',
            entityId: id,
            before: auditView(user),
            after: auditView(row),
            departmentId: row.departmentId,
          },
        ]);
        return row;
      });
      return presentStaff(updated);
    },
  };
}
