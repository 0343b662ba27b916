/**
 * Staff accounts: created and changed by a portal administrator, or by a department
 * administrator within their own department and below their own rank (policy.ts). Every
 * change is audited; departments are named by the catalogue's face.
 */
import { BadRequestError, ConflictError } from '../../../lib/errors.js';
import { PORTAL_WIDE_ROLES, type Principal, STAFF_ROLES, type StaffRole, departmentScope } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import { type Actor, actorOf, recordAudit } from '../../audit/index.js';
import { type StaffContext, departmentBySlug } from '../context.js';
import { checkPasswordRules, hashPassword } from '../credentials.js';
import { checkNotYourself, checkStaffReach, checkStaffVisible, requireStaffManager, staffAbilities } from '../policy.js';
import { presentStaff, staffAuditView } from '../present.js';
import * as repo from '../repo.js';
import { forgetName } from './people.js';

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

function checkRole(role: string): StaffRole {
  if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new BadRequestError(t('account.badRole', { roles: STAFF_ROLES.join(', ') }));
  return role as StaffRole;
}

async function resolveDepartment(ctx: StaffContext, role: StaffRole, slug: string | undefined): Promise<number | null> {
  if (slug) {
    const d = await departmentBySlug(ctx, slug);
    if (!d) throw new BadRequestError(t('account.unknownDepartment', { slug }));
    return d.id;
  }
  if (!PORTAL_WIDE_ROLES.includes(role)) throw new BadRequestError(t('account.departmentRequired'));
  return null;
}

async function departmentName(ctx: StaffContext, id: number | null): Promise<string | null> {
  return id === null ? null : ((await ctx.departments.departmentNames()).get(id)?.name ?? null);
}

async function visibleStaff(ctx: StaffContext, by: Principal, id: number) {
  requireStaffManager(by);
  const user = await repo.findUserById(ctx.db, id);
  checkStaffVisible(by, user);
  return user as repo.UserRow;
}

/** Create a staff account; `by` is the administrator doing it (absent for the command line). */
export async function createStaff(ctx: StaffContext, by: Principal | undefined, input: NewStaff, actor?: Actor) {
  // deny first: someone without the permission learns nothing from the form's checks (the CLI passes no one)
  if (by) requireStaffManager(by);
  const username = input.username.trim();
  if (!/^[A-Za-z0-9_.-]{3,40}$/.test(username)) throw new BadRequestError(t('account.badUsername'));
  const displayName = input.displayName.trim();
  if (!displayName || displayName.length > 40) throw new BadRequestError(t('account.badDisplayName'));
  const role = checkRole(input.role);
  checkPasswordRules(input.password);
  const departmentId = await resolveDepartment(ctx, role, input.department || undefined);
  checkStaffReach(by, role, departmentId);
  if (await repo.findUserByUsername(ctx.db, username)) throw new ConflictError(t('account.usernameTaken'));
  const passwordHash = await hashPassword(input.password);
  const user = await ctx.db.transaction(async (tx) => {
    const row = await repo.insertUser(tx, { kind: 'staff', username, displayName, role, departmentId, passwordHash });
    await recordAudit(tx, actor ?? (by ? actorOf(by) : { id: 'cli', name: '命令行' }), [
      { action: 'user.create', entity: 'user', entityId: row.id, after: staffAuditView(row), departmentId },
    ]);
    return row;
  });
  return presentStaff(user);
}

export async function listStaff(ctx: StaffContext, by: Principal, q: { q?: string; limit: number; offset: number }) {
  requireStaffManager(by);
  const [{ total, rows }, names] = await Promise.all([repo.listStaff(ctx.db, { ...q, departmentId: departmentScope(by) }), ctx.departments.departmentNames()]);
  return { total, staff: rows.map((u) => presentStaff(u, u.departmentId === null ? null : names.get(u.departmentId)?.name)) };
}

export async function getStaff(ctx: StaffContext, by: Principal, id: number) {
  const user = await visibleStaff(ctx, by, id);
  return presentStaff(user, await departmentName(ctx, user.departmentId));
}

export async function updateStaff(ctx: StaffContext, by: Principal, id: number, change: StaffChange) {
  const user = await visibleStaff(ctx, by, id);
  const role = change.role ? checkRole(change.role) : (user.role as StaffRole);
  const departmentId = change.department !== undefined ? await resolveDepartment(ctx, role, change.department || undefined) : user.departmentId;
  if (!PORTAL_WIDE_ROLES.includes(role) && departmentId === null) throw new BadRequestError(t('account.departmentRequired'));
  checkStaffReach(by, role, departmentId);
  checkNotYourself(by, user.id, { disabling: change.status === 'disabled', roleChanged: role !== user.role });
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
  const updated = await ctx.db.transaction(async (tx) => {
    const row = (await repo.updateUser(tx, id, values)) as repo.UserRow;
    // a changed password or a disabled account signs the person out everywhere
    if (change.password || change.status === 'disabled') await repo.deleteSessionsOf(tx, id);
    await recordAudit(tx, actorOf(by), [
      {
        action: change.password ? 'user.password' : 'user.update',
        entity: 'user',
        entityId: id,
        before: staffAuditView(user),
        after: staffAuditView(row),
        departmentId: row.departmentId,
      },
    ]);
    return row;
  });
  forgetName(ctx, id);
  return presentStaff(updated);
}

/** What the staff form offers its administrator: the departments (in the catalogue's order) and the abilities. */
export async function staffForm(ctx: StaffContext, by: Principal) {
  requireStaffManager(by);
  const depts = [...(await ctx.departments.departmentNames()).values()].map((d) => ({ slug: d.slug, name: d.name, id: d.id }));
  return { depts, abilities: staffAbilities(by) };
}
