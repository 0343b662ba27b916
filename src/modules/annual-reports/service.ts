/** createReportsService: builds the context once and binds the operations to it. */
import type { Database } from '../../db/client.js';
import { createReportsContext, type ReportsDeps } from './context.js';
import type { Principal } from '../../lib/principal.js';
import { type DemoReport, seedDemoReports } from './operations/demo.js';
import * as report from './operations/report.js';

export function createReportsService(database: Database, deps: ReportsDeps) {
  const ctx = createReportsContext(database, deps);
  return {
    context: ctx,
    generate: (...a: Parameters<typeof report.generateReport> extends [unknown, ...infer R] ? R : never) => report.generateReport(ctx, ...a),
    save: (p: Parameters<typeof report.changeReport>[1], input: Parameters<typeof report.changeReport>[3]) => report.changeReport(ctx, p, 'save', input),
    submit: (p: Parameters<typeof report.changeReport>[1], input: { id: unknown; version?: unknown }) => report.changeReport(ctx, p, 'submit', input),
    publish: (p: Parameters<typeof report.changeReport>[1], input: { id: unknown; version?: unknown }) => report.changeReport(ctx, p, 'publish', input),
    reject: (p: Parameters<typeof report.changeReport>[1], input: { id: unknown; version?: unknown }) => report.changeReport(ctx, p, 'reject', input),
    staffReports: (p: Parameters<typeof report.staffReports>[1]) => report.staffReports(ctx, p),
    staffReport: (p: Parameters<typeof report.staffReport>[1], id: unknown) => report.staffReport(ctx, p, id),
    publishedReport: (slug: unknown, year: unknown) => report.publishedReport(ctx, slug, year),
    publishedReports: (slug: unknown) => report.publishedReports(ctx, slug),
    /** every organisation's published reports, by year (the catalogue's 年报 column) */
    publishedIndex: () => report.publishedIndex(ctx),
    /** the demo: last year's reports, drafted by one account and published by another */
    seedDemo: (data: DemoReport[], signIn: (username: string) => Promise<Principal | undefined>) => seedDemoReports(ctx, data, signIn),
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
