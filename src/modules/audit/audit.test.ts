import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { ForbiddenError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';

let t: Awaited<ReturnType<typeof testApp>>;

beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('audit log', () => {
  it('records who changed what, with before and after, in the same transaction as the change', async () => {
    const bundle = buildBundle(2);
    await t.services.catalog.importBundle(bundle, { actor: { id: 'user:7', name: '李编辑' } });
    await t.services.catalog.setItemStatus(bundle.items[0]!.implCode, 'outdated', { id: 'user:7', name: '李编辑' });
    const { total, entries } = await t.services.audit.search({ actor: 'user:7', limit: 10, offset: 0 });
    expect(total).toBe(2);
    expect(entries[0]).toMatchObject({
      actorName: '李编辑',
      action: 'item.status',
      entity: 'item',
      entityId: bundle.items[0]!.implCode,
      before: { status: 'published' },
      after: { status: 'outdated' },
    });
    expect(entries[1]).toMatchObject({ action: 'catalog.import', after: { itemCount: 2 } });
    const byItem = await t.services.audit.search({ entity: 'item', entityId: bundle.items[0]!.implCode, limit: 10, offset: 0 });
    expect(byItem.total).toBe(1);
  });

  it('writes no entry for a change that failed', async () => {
    const before = (await t.services.audit.search({ limit: 1, offset: 0 })).total;
    const broken = buildBundle(1);
    broken.items[0]!.halls = ['no-such-hall'];
    await expect(t.services.catalog.importBundle(broken)).rejects.toThrow();
    await expect(t.services.catalog.setItemStatus('NO0000000000', 'outdated')).rejects.toThrow();
    expect((await t.services.audit.search({ limit: 1, offset: 0 })).total).toBe(before);
  });

  it('is append-only for everybody: updates, deletes and truncation are refused by the database', async () => {
    const { db } = t.db.database;
    const refusal = (q: Promise<unknown>) =>
      q.then(
        () => 'allowed',
        (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(db.execute(sql`update audit_log set actor_name = '别人'`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
    expect(await refusal(db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
    expect((await t.services.audit.search({ limit: 1, offset: 0 })).total).toBeGreaterThan(0);
  });
});

describe('reading the log in the back office', () => {
  it('lets a department administrator read only their department’s entries, and no one without audit.read', async () => {
    const a = buildBundle(0);
    const b = buildBundle(0);
    await t.services.catalog.importBundle(a);
    await t.services.catalog.importBundle(b);
    const admin = await buildStaff(t.services);
    const deptAdmin = await buildStaff(t.services, { role: 'dept_admin', department: a.departments[0]!.slug });
    const clerkA = await buildStaff(t.services, { role: 'editor', department: a.departments[0]!.slug }, admin.principal);
    const clerkB = await buildStaff(t.services, { role: 'editor', department: b.departments[0]!.slug }, admin.principal);
    const none = { actor: '', action: 'user.create', entity: '', entityId: '', from: '', to: '' };
    const seen = async (p: Principal) => (await t.services.audit.readLog(p, none, { limit: 100, offset: 0 })).entries.map((e) => e.entityId);
    expect(await seen(admin.principal)).toEqual(expect.arrayContaining([String(clerkA.id), String(clerkB.id)]));
    const ofDepartment = await seen(deptAdmin.principal);
    expect(ofDepartment).toContain(String(clerkA.id));
    expect(ofDepartment).not.toContain(String(clerkB.id));
    await expect(t.services.audit.readLog(clerkA.principal, none, { limit: 10, offset: 0 })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await t.services.audit.recent(clerkA.principal)).toBeUndefined();
    expect((await t.services.audit.recent(deptAdmin.principal))?.every((e) => e.entityId !== String(clerkB.id))).toBe(true);
  });

  it('reads a bare number as an account and a day in the portal’s time zone', async () => {
    const admin = await buildStaff(t.services);
    const made = await buildStaff(t.services, { role: 'dispatcher' }, admin.principal);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const filters = { actor: String(admin.id), action: '', entity: 'user', entityId: String(made.id), from: today, to: today };
    const r = await t.services.audit.readLog(admin.principal, filters, { limit: 10, offset: 0 });
    expect(r.entries.map((e) => [e.actor, e.action])).toEqual([[`user:${admin.id}`, 'user.create']]);
  });
});
