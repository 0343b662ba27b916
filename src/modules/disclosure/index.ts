/**
 * The disclosure module's public face (政务公开): the only file other modules, app.ts and the
 * CLI import (docs/decisions/0015-module-shape.md, decision 0022). Inside: service.ts builds the
 * face on a DisclosureContext (context.ts); operations/edit.ts and review.ts are the editor's and
 * reviewer's work, browse.ts what citizens read, links.ts items ↔ information, gazette.ts and
 * topics.ts the 政府公报 and 专题, content.ts the demo and synthetic bulk; policy.ts says who may
 * do what; model.ts the national metadata rules; markup.ts the body's restricted markup.
 */
export { disclosureAdminRoutes } from './admin-routes.js';
export { disclosureApiRoutes } from './api.js';
export type { DisclosureContext } from './context.js';
export { type SitemapEntry, sitemap } from './feeds.js';
export { type PageMeta, metaTags } from './meta.js';
export { hasDisclosureContent, readDisclosureDir } from './operations/content.js';
export type { DemoContent } from './operations/content.js';
export { disclosureRoutes } from './routes.js';
export { createDisclosureService } from './service.js';
export type { DisclosureDeps, DisclosureService } from './service.js';
export type { ActiveDisclosureFigures } from './annual-figures.js';
