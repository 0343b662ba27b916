/**
 * Where ratings meets the other modules: everything it uses of them, through their faces
 * (index.ts), in one list. Ratings' own files import these names from here.
 */
export type { Account, AccountService, StartedProvider } from '../accounts/index.js';
export { meFrame } from '../accounts/index.js';
export { type Actor, recordAudit } from '../audit/index.js';
export type { CatalogService, DepartmentName } from '../catalog/index.js';
export type { NotifyService, Template } from '../notify/index.js';
