import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../../test/factories.js';
import { testApp } from '../../../test/helpers.js';
import { BadRequestError, ConflictError } from '../../lib/errors.js';
import { createAccountService } from './service.js';

let t: Awaited<ReturnType<typeof testApp>>;
let accounts: ReturnType<typeof createAccountService>;
let dept: string;

beforeAll(async () => {
  t = await testApp();
  const bundle = buildBundle(0);
  dept = bundle.departments[0]!.slug;
  await t.services.catalog.importBundle(bundle);
  accounts = createAccountService(t.db.database);
});
afterAll(() => t.close());

describe('staff accounts', () => {
  it('creates a staff account whose password is stored as argon2id and checks it', async () => {
    const u = await accounts.createStaff({ username: 'handler1', displayName: '李办理', role: 'handler', department: dept, password: 'correct horse 1' });
    expect(u.role).toBe('handler');
    const ok = await accounts.checkPassword('HANDLER1', 'correct horse 1');
    expect(ok?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await accounts.checkPassword('handler1', 'wrong password')).toBeUndefined();
    expect(await accounts.checkPassword('nobody', 'correct horse 1')).toBeUndefined();
  });

  it('rejects bad input with a clear message and creates nothing', async () => {
    const base = { username: 'x-user', displayName: '张三', role: 'editor', department: dept, password: 'long enough 1' };
    await expect(accounts.createStaff({ ...base, username: 'a b' })).rejects.toBeInstanceOf(BadRequestError);
    await expect(accounts.createStaff({ ...base, role: 'king' })).rejects.toThrow(/角色不正确/);
    await expect(accounts.createStaff({ ...base, password: 'short' })).rejects.toThrow(/至少 10 位/);
    await expect(accounts.createStaff({ ...base, department: 'nope' })).rejects.toThrow(/不存在/);
    await expect(accounts.createStaff({ ...base, department: undefined })).rejects.toThrow(/必须指定所属部门/);
    expect(await accounts.checkPassword('x-user', 'long enough 1')).toBeUndefined();
    await accounts.createStaff({ ...base, username: 'admin', role: 'admin', department: undefined });
    await expect(accounts.createStaff({ ...base, username: 'ADMIN', role: 'admin', department: undefined })).rejects.toBeInstanceOf(ConflictError);
  });
});
