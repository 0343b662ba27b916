/**
 * The catalog module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export { catalogAdminRoutes } from './admin-routes.js';
export { readBundleDir, validateBundle } from './bundle.js';
export { createDraftService } from './drafts.js';
export type { DraftSection, DraftService } from './drafts.js';
export { formatOf, readCatalogueFile, writeCatalogueFile } from './files.js';
export type { FileFormat } from './files.js';
export { AUDIENCES, ITEM_TYPES, oneOf } from './model.js';
export type { CatalogueBundle, DepartmentInput, FormInput, HallInput, ItemInput, SpecialGroupInput, ThemeInput } from './model.js';
export { createPdfRenderer } from './pdf-render.js';
export type { PdfRenderer } from './pdf-render.js';
export { catalogRoutes } from './routes.js';
export { createCatalogService } from './service.js';
export type { CatalogService, DepartmentName, DirectoryHall, HallDirectory, GuideAside, GuideViewedListener, SearchIndexer } from './service.js';
export type { CatalogContext } from './context.js';
export type { DraftContext } from './drafts-context.js';
export { draftDesk } from './desk.js';
