/** Where foi meets the other modules: everything it uses of them, through their faces. */
export { type Actor, recordAudit } from '../audit/index.js';
export type { CatalogService } from '../catalog/index.js';
export type { NotifyService } from '../notify/index.js';
export type { SearchDocInput } from '../search/index.js';
