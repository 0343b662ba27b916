/**
 * The search module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export { searchAdminRoutes } from './admin-routes.js';
export type { SynonymEntry } from './analyzer.js';
export type { SearchContext } from './context.js';
export { evaluate, readJudgedQueries } from './evaluate.js';
export { addSynonym, removeSynonym, searchSettings, setBestBets } from './operations/settings.js';
export { searchRoutes } from './routes.js';
export { bulkIndexDocuments, createSearchService, writeIndexSnapshot } from './service.js';
export type { Validity } from './engine.js';
export type { IndexStats, LiveIndexOptions } from './live-index.js';
export type { SearchDocInput, SearchParams, SearchResult, SearchService } from './service.js';
export type { Names } from './views/search.js';
export { searchDesk } from './desk.js';
export { SYNTHETIC_ORGS, SYNTHETIC_TOPIC_PAIRS, SYNTHETIC_TOPICS, syntheticDocument } from './synthetic.js';
