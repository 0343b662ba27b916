import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.js';
import type { Principal } from '../../lib/principal.js';

let t: Awaited<ReturnType<typeof testApp>>;
const staff = (role: Principal['role']): Principal => ({
  userId: 9000,
  kind: 'staff',
  name: '测试员',
  username: 'tester',
  role,
  departmentId: null,
  enterpriseId: null,
  enterpriseRole: null,
});

beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('search settings operations', () => {
  it('refuse anyone without search.manage, whatever the input', async () => {
    const editor = staff('editor');
    await expect(t.services.search.manage.settings(editor)).rejects.toMatchObject({ status: 403 });
    await expect(t.services.search.manage.addSynonym(editor, { terms: ['甲', '乙'], targets: null })).rejects.toMatchObject({ status: 403 });
    await expect(t.services.search.manage.removeSynonym(editor, undefined)).rejects.toMatchObject({ status: 403 });
    await expect(t.services.search.manage.setBestBets(editor, { query: '甲', docKeys: [] })).rejects.toMatchObject({ status: 403 });
  });

  it('let an administrator add and remove a synonym and pin results, each read back', async () => {
    const admin = staff('admin');
    const row = await t.services.search.manage.addSynonym(admin, { terms: ['测试同义甲', '测试同义乙'], targets: null });
    expect((await t.services.search.manage.settings(admin)).synonyms.some((s) => s.id === row?.id)).toBe(true);
    await t.services.search.manage.removeSynonym(admin, row?.id);
    expect((await t.services.search.manage.settings(admin)).synonyms.some((s) => s.id === row?.id)).toBe(false);
    await expect(t.services.search.manage.removeSynonym(admin, undefined)).rejects.toMatchObject({ status: 404 });
    await t.services.search.manage.setBestBets(admin, { query: '测试置顶', docKeys: ['item:1'] });
    expect((await t.services.search.manage.settings(admin)).bestBets).toContainEqual({ query: '测试置顶', docKeys: ['item:1'] });
  });
});
