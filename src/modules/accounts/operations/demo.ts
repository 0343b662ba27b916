/** The demo's accounts (data/demo/accounts.json): created when missing, so seeding twice changes nothing. */
import { maskIdNumber, normalizeIdNumber } from '../../../lib/identity.js';
import type { AccountsContext } from '../context.js';
import { hashPassword, keyedHash } from '../credentials.js';
import * as repo from '../repo.js';
import { createStaff } from './staff.js';

/** data/demo/accounts.json */
export interface DemoAccounts {
  password: string;
  staff: { username: string; displayName: string; role: string; department?: string; note: string }[];
  citizens: { displayName: string; phone: string; email?: string; idNumber?: string; note: string }[];
  enterprises: { name: string; creditCode: string; owner: { displayName: string; phone: string; email?: string }; note: string }[];
}

/** Create the demo accounts that do not exist yet (the demo seed; idempotent). */
export async function ensureDemoAccounts(ctx: AccountsContext, demo: DemoAccounts): Promise<void> {
  const { db } = ctx;
  for (const st of demo.staff) {
    if (await repo.findUserByUsername(db, st.username)) continue;
    await createStaff(ctx, undefined, { ...st, password: demo.password });
  }
  let hashed: string | undefined;
  const password = async () => (hashed ??= await hashPassword(demo.password));
  for (const c of demo.citizens) {
    if (await repo.findUserByContact(db, 'phone', c.phone)) continue;
    const passwordHash = await password();
    const id = normalizeIdNumber(c.idNumber ?? '');
    await repo.insertUser(db, {
      kind: 'citizen',
      displayName: c.displayName,
      phone: c.phone,
      email: c.email ?? null,
      passwordHash,
      notifyChannels: ['sms'],
      idNumberMasked: id ? maskIdNumber(id) : null,
      idNumberHash: id ? keyedHash(ctx.secret, 'id-number', id) : null,
    });
  }
  for (const e of demo.enterprises) {
    if (await repo.findEnterpriseByCreditCode(db, e.creditCode)) continue;
    const passwordHash = await password();
    await db.transaction(async (tx) => {
      const ent = await repo.insertEnterprise(tx, { name: e.name, creditCode: e.creditCode });
      await repo.insertUser(tx, { kind: 'enterprise', ...e.owner, email: e.owner.email ?? null, passwordHash, notifyChannels: ['sms'], enterpriseId: ent.id, enterpriseRole: 'owner' });
    });
  }
}
