/**
 * Where letters meets the other modules: everything it uses of them, through their faces
 * (index.ts), in one list. Letters' own files import these names from here.
 */
export type { Account, AccountService, LockPolicy, StartedProvider } from '../accounts/index.js';
export { meFrame } from '../accounts/index.js';
export { type Actor, type AuditEntry, recordAudit } from '../audit/index.js';
export type { CatalogService, DepartmentName } from '../catalog/index.js';
export type { NotifyService, Template } from '../notify/index.js';
export type { SearchDocInput, SearchService } from '../search/index.js';
