/**
 * The search module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export type { SynonymEntry } from './analyzer.js';
export { evaluate, readJudgedQueries } from './evaluate.js';
export { searchRoutes } from './routes.js';
export { createSearchService } from './service.js';
export type { SearchDocInput, SearchService } from './service.js';
export type { Names } from './views.js';
