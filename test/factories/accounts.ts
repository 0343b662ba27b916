/** Factories: people of the portal, made through the accounts' face; override any field. */
import type { Principal } from '../../src/lib/principal.js';
import type { AccountService } from '../../src/modules/accounts/index.js';

let seq = 0;
const next = () => ++seq;

/** the password every factory-made account has (letters and digits, as the rules ask) */
export const FACTORY_PASSWORD = 'factory2026';

export interface StaffInput {
  username: string;
  displayName: string;
  role: string;
  /** department slug; absent: portal-wide (admin, dispatcher) */
  department?: string;
  password: string;
}

export function staffInput(o: Partial<StaffInput> = {}): StaffInput {
  const n = next();
  return { username: `staff-${n}-${process.pid}`, displayName: `测试员${n}`, role: 'admin', password: FACTORY_PASSWORD, ...o };
}

/** A staff account (a portal administrator unless `role` says otherwise), and its principal; `by` is who creates it (default: the command line). */
export async function buildStaff(services: { accounts: AccountService }, o: Partial<StaffInput> = {}, by?: Principal) {
  const input = staffInput(o);
  const staff = await services.accounts.staff.createStaff(input, by);
  const principal: Principal = await services.accounts.signInStaff(input.username, input.password);
  return { ...staff, password: input.password, principal };
}

/** A citizen with a phone number and a password, and their principal. */
export async function buildCitizen(services: { accounts: AccountService }, o: { displayName?: string; phone?: string; email?: string; password?: string } = {}) {
  const n = next();
  const phone = o.phone ?? `139${String(process.pid % 10_000).padStart(4, '0')}${String(n).padStart(4, '0')}`;
  const password = o.password ?? FACTORY_PASSWORD;
  const displayName = o.displayName ?? `市民${n}`;
  await services.accounts.ensureDemoAccounts({ password, staff: [], citizens: [{ displayName, phone, email: o.email, note: '' }], enterprises: [] });
  const principal = await services.accounts.signIn(phone, password);
  return { id: principal.userId, displayName, phone, password, principal };
}
