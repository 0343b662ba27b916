/**
 * The accounts' face for other modules: display names by id (batched, cached briefly, fresh
 * after a change made here), and who may manage which staff account or token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCitizen, buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../lib/errors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let deptA: { slug: string; id: number; name: string };
let deptB: { slug: string; id: number; name: string };

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0 });
  const a = buildBundle(0);
  const b = buildBundle(0);
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const names = await t.services.catalog.departmentNames();
  const bySlug = (slug: string) => [...names.values()].find((d) => d.slug === slug)!;
  deptA = bySlug(a.departments[0]!.slug);
  deptB = bySlug(b.departments[0]!.slug);
});
afterAll(() => t.close());

describe('userNames', () => {
  it('names the accounts asked for in one answer, leaving out ids that are no one', async () => {
    const citizen = await buildCitizen(t.services, { displayName: '赵市民' });
    const clerk = await buildStaff(t.services, { displayName: '钱办事', role: 'handler', department: deptA.slug });
    const names = await t.services.accounts.userNames([citizen.id, clerk.id, citizen.id, 987_654]);
    expect(names.get(citizen.id)).toBe('赵市民');
    expect(names.get(clerk.id)).toBe('钱办事');
    expect(names.has(987_654)).toBe(false);
    expect((await t.services.accounts.userNames([])).size).toBe(0);
  });

  it('shows a new name at once after the person or an administrator changes it', async () => {
    const citizen = await buildCitizen(t.services, { displayName: '孙旧名' });
    expect((await t.services.accounts.userNames([citizen.id])).get(citizen.id)).toBe('孙旧名');
    await t.services.accounts.updateProfile(citizen.principal, { displayName: '孙新名' });
    expect((await t.services.accounts.userNames([citizen.id])).get(citizen.id)).toBe('孙新名');

    const admin = await buildStaff(t.services);
    const clerk = await buildStaff(t.services, { displayName: '李旧名', role: 'editor', department: deptA.slug });
    expect((await t.services.accounts.userNames([clerk.id])).get(clerk.id)).toBe('李旧名');
    await t.services.accounts.staff.updateStaff(admin.principal, clerk.id, { displayName: '李新名' });
    expect((await t.services.accounts.userNames([clerk.id])).get(clerk.id)).toBe('李新名');
  });
});

describe('who manages which staff account', () => {
  it('names each staff member’s department from the catalogue', async () => {
    const admin = await buildStaff(t.services);
    const clerk = await buildStaff(t.services, { role: 'reviewer', department: deptB.slug });
    const seen = await t.services.accounts.staff.getStaff(admin.principal, clerk.id);
    expect(seen).toMatchObject({ departmentId: deptB.id, departmentName: deptB.name });
    const list = await t.services.accounts.staff.listStaff(admin.principal, { q: clerk.username, limit: 10, offset: 0 });
    expect(list.staff.map((s) => s.departmentName)).toEqual([deptB.name]);
  });

  it('lets a department administrator manage only their department, below their own rank', async () => {
    const deptAdmin = await buildStaff(t.services, { role: 'dept_admin', department: deptA.slug });
    const other = await buildStaff(t.services, { role: 'editor', department: deptB.slug });
    const staff = t.services.accounts.staff;
    await expect(staff.getStaff(deptAdmin.principal, other.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(staff.createStaff({ username: `x-${other.id}`, displayName: '越权', role: 'editor', department: deptB.slug, password: 'reach2026x' }, deptAdmin.principal)).rejects.toBeInstanceOf(BadRequestError);
    await expect(staff.createStaff({ username: `y-${other.id}`, displayName: '越级', role: 'dispatcher', password: 'reach2026x' }, deptAdmin.principal)).rejects.toBeInstanceOf(BadRequestError);
    const mine = await staff.createStaff({ username: `z-${other.id}`, displayName: '本部门', role: 'editor', department: deptA.slug, password: 'reach2026x' }, deptAdmin.principal);
    expect(mine.departmentId).toBe(deptA.id);

    const form = await staff.staffForm(deptAdmin.principal);
    expect(form.abilities).toMatchObject({ manage: true, portalWide: false, onlyDepartment: deptA.id });
    expect(form.abilities.grantableRoles).not.toContain('admin');
    expect(form.abilities.grantableRoles).not.toContain('dept_admin');
    await expect(staff.updateStaff(deptAdmin.principal, deptAdmin.id, { status: 'disabled' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('refuses the staff form and list to staff who do not manage accounts', async () => {
    const editor = await buildStaff(t.services, { role: 'editor', department: deptA.slug });
    await expect(t.services.accounts.staff.staffForm(editor.principal)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(t.services.accounts.staff.listStaff(editor.principal, { limit: 10, offset: 0 })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('who sees and revokes which token', () => {
  it('shows staff their own tokens and a portal administrator everyone’s; only they revoke them', async () => {
    const admin = await buildStaff(t.services);
    const editor = await buildStaff(t.services, { role: 'editor', department: deptA.slug });
    const other = await buildStaff(t.services, { role: 'editor', department: deptA.slug });
    const token = await t.services.accounts.createToken(editor.principal, { name: '脚本', scopes: ['catalog:read'], days: 1 });
    expect((await t.services.accounts.tokenList(editor.principal)).tokens.map((x) => x.id)).toContain(token.id);
    expect((await t.services.accounts.tokenList(other.principal)).tokens.map((x) => x.id)).not.toContain(token.id);
    expect((await t.services.accounts.tokenList(admin.principal)).tokens.map((x) => x.id)).toContain(token.id);
    await expect(t.services.accounts.revokeToken(other.principal, token.id)).rejects.toBeInstanceOf(NotFoundError);
    await t.services.accounts.revokeToken(admin.principal, token.id);
    expect((await t.services.accounts.tokenList(editor.principal)).tokens.find((x) => x.id === token.id)?.revokedAt).toBeTruthy();
  });
});
