/**
 * Published online application definitions: per item its online form, approval route and
 * automation rules as versioned records, edited through the catalogue's draft → review →
 * publish workflow (section.ts), read by the applications module through `createDefinitionSource`
 * (the DefinitionSource of the contract), shown on the guide page as the 在线办理 box
 * (`fillApplyButton`), and the demo's definitions and bundles (demo.ts).
 *
 * Wiring (app.ts, at merge): `drafts.register(applicationDefinitionSection({ db, catalog, changes }))`,
 * `fillApplyButton(catalog, db)`, and `createDefinitionSource(db, catalog)` into the applications context.
 */
export { BUNDLE_SECTION, applicationBundleSection, bundleCells, readBundleCells } from './bundle-section.js';
export { catalogFromBundle, checkRecord, itemFacts } from './check.js';
export type { CatalogPart, ItemFacts } from './check.js';
export { checkDemoDefinitions, hasDemoDefinitions, loadDemoDefinitions, readDemoDefinitions, validateDemoDefinitions } from './demo.js';
export type { DemoDefinition, DemoDefinitions } from './demo.js';
export { readCells, readRoute, recordCells, routeText } from './notation.js';
export type { DefinitionRecord } from './notation.js';
export { SECTION, applicationDefinitionSection, publishRecord } from './section.js';
export type { SectionDeps } from './section.js';
export { applyBox, createDefinitionSource, fillApplyButton } from './source.js';
export type { Definitions } from './source.js';
export type { DefinitionSource, HeldCertificate, ItemDefinition } from './types.js';
