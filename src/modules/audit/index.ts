/**
 * The audit module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export { actorOf } from './actor.js';
export { auditAdminRoutes } from './admin-routes.js';
export { auditDesk } from './desk.js';
export { KNOWN_ACTIONS, actionLabel, entityLabel } from './labels.js';
export { SYSTEM, createAuditService, recordAudit } from './service.js';
export type { Actor, AuditEntry, AuditService } from './service.js';
