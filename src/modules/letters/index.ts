/**
 * The letters module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md). The shape every module copies:
 *   service.ts        createLetterService: builds the context once, binds the operations
 *   context.ts        LettersContext: db, clock, calendar, files, changes, other modules' faces
 *   operations/       intake, dispatch, handling, review, writer, public, staff, deadlines…
 *   policy.ts         abilities, guards and the letter's transition table
 *   forms.ts          one schema per input; present.ts rows → views; repo*.ts letters' SQL
 *   routes.ts, staff-routes.ts, me-routes.ts, api.ts, open311.ts, views/   HTTP and pages
 */
export { letterApiRoutes } from './api.js';
export { moveAttachmentsOut } from './attachments.js';
export type { LettersContext } from './context.js';
export { letterMeRoutes } from './me-routes.js';
export { createMyLetters } from './mine.js';
export type { MyLetters } from './mine.js';
export { open311Routes } from './open311.js';
export { decide } from './policy.js';
export type { LetterAbility, LetterAction, PolicyContext } from './policy.js';
export { letterRoutes, registerMultipart } from './routes.js';
export { createLetterService } from './service.js';
export type { DemoLetters, LetterService, LetterServiceDeps, Receipt } from './service.js';
export { letterStaffRoutes } from './staff-routes.js';
export { createLetterTodo } from './todo.js';
export type { LetterTodo, LetterTodoService } from './todo.js';
export { letterDesk } from './desk.js';
export { createIntake } from './intake.js';
export type { SubmissionInput } from './model.js';
export type { RuleInput } from './rules.js';
