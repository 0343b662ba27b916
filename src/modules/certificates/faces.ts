/**
 * Where certificates meets the other modules: everything it uses of them, through their faces
 * (index.ts), in one list. The module's own files import these names from here.
 */
export type { Account, AccountService, DemoAccounts } from '../accounts/index.js';
export { meFrame } from '../accounts/index.js';
export { type Actor, recordAudit, SYSTEM } from '../audit/index.js';
export type { CatalogService } from '../catalog/index.js';
