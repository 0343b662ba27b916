/**
 * The admin module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export { createWorkDesk } from './desk.js';
export type { DeskCard, DeskProvider, DeskTodo, WorkDesk } from './desk.js';
export { adminRoutes } from './routes.js';
