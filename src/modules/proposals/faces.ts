/** Where proposals meet the other modules: everything they use of them, through their faces. */
export { type Actor, recordAudit } from '../audit/index.js';
export type { CatalogService, SearchIndexer } from '../catalog/index.js';
export type { SearchDocInput } from '../search/index.js';
