/**
 * The notify module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export { notifyAdminRoutes } from './admin-routes.js';
export { notifyDesk } from './desk.js';
export { devInboxRoutes } from './dev-routes.js';
export { createNotifyService } from './service.js';
export type { Channel, NotifyService, Template } from './service.js';
