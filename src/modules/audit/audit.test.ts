import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';

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
