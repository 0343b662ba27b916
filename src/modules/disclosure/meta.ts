/**
 * The meta tags of the national 政府网站网页设计规范 live in the web layer now (web/site-meta.ts),
 * printed by the public layout on every page; the disclosure pages pass their column and article
 * through the layout's `meta` option. Re-exported for the module's face.
 */
export { type ArticleMeta, type PageMeta, type SiteMeta, metaTags } from '../../web/site-meta.js';
