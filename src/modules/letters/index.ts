/**
 * The letters module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 */
export { letterApiRoutes } from './api.js';
export { moveAttachmentsOut } from './attachments.js';
export { letterMeRoutes } from './me-routes.js';
export { createMyLetters } from './mine.js';
export { open311Routes } from './open311.js';
export { decide } from './policy.js';
export type { LetterAbility, PolicyContext } from './policy.js';
export { letterRoutes, registerMultipart } from './routes.js';
export { createLetterService } from './service.js';
export type { DemoLetters, LetterService } from './service.js';
export { letterStaffRoutes } from './staff-routes.js';
export { createLetterTodo } from './todo.js';
export type { LetterTodo, LetterTodoService } from './todo.js';
