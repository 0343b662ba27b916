/**
 * The annual-reports module's public face (政府信息公开工作年度报告, Art. 50 of the 2019 条例;
 * docs/decisions/0015-module-shape.md): figures from the disclosure and foi faces, narrative
 * edited by staff, published under four eyes under the organisation's catalogue.
 *   context.ts, model.ts, policy.ts, forms.ts, narrative.ts, repo.ts, operations/report.ts, routes.ts, views/
 */
export { createReportsService } from './service.js';
export type { ReportsService } from './service.js';
export type { ReportView } from './operations/report.js';
export { reportRoutes } from './routes.js';
export type { DemoReport } from './operations/demo.js';
