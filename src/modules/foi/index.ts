/**
 * The foi module's public face (依申请公开, docs/decisions/0015-module-shape.md):
 *   clock.ts          the statutory clock, pure functions with their explanation
 *   context.ts        FoiContext: db, clock, calendar, files, other modules' faces
 *   operations/       intake (submit, register), handling (补正, extension, consultation, reply), read
 *   policy.ts         abilities, reach and the transition table
 *   forms.ts, present.ts, repo.ts, stats.ts, routes.ts, api.ts, views/
 */
export { explainClock, receiptDate } from './clock.js';
export type { ClockExplanation, ClockFacts } from './clock.js';
export { createFoiService } from './service.js';
export type { FoiService } from './service.js';
export type { FoiStatistics } from './stats.js';
export type { FoiView } from './present.js';
export { foiRoutes } from './routes.js';
export { APPLICANT_COLUMNS, type ApplicantColumn, type FoiAnnualTable, TABLE_ROWS, type TableRow } from './annual-table.js';
export type { DemoRequest } from './operations/demo.js';
