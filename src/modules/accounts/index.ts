/**
 * The accounts module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export { cheapPasswordHashingForTests, generatePassword } from './credentials.js';
export type { LockPolicy } from './credentials.js';
export type { DepartmentDirectory } from './context.js';
export { StaffForm, StaffLoginForm, TokenForm, readForm, staffStatus, tokenDays } from './forms.js';
export { registerAuth } from './http.js';
export { createOidcClient } from './oidc.js';
export { accountRoutes } from './routes.js';
export { createAccountService, loadSecret } from './service.js';
export type { AccountService, DemoAccounts } from './service.js';
export { actorOf, createStaffAdmin } from './staff.js';
export type { StaffAdmin } from './staff.js';
export type { StaffView, presentStaff } from './present.js';
export { createStartedRegistry } from './started.js';
export type { StartedProvider } from './started.js';
export { meFrame } from './views/me.js';
export type { Account, InboxEntry } from './views/me.js';
