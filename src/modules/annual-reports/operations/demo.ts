/**
 * The demo's annual reports (data/demo/annual-reports.json): last year's report of each listed
 * organisation, made through the same operations staff use — generated from the catalogue and
 * 依申请公开, its entered figures (规章, decisions, 行政复议/诉讼) saved and submitted by one demo
 * account, published by another (four eyes). Nothing is done for a report that already exists.
 */
import type { Principal } from '../../../lib/principal.js';
import type { ReportsContext } from '../context.js';
import type { EnteredKey } from '../model.js';
import * as repo from '../repo.js';
import { changeReport, generateReport } from './report.js';

export interface DemoReport {
  /** the organisation's slug in the catalogue */
  org: string;
  /** staff usernames: who drafts (generates, enters, submits) and who publishes */
  drafter: string;
  publisher: string;
  /** figures the portal does not hold, as staff would enter them */
  entered?: Partial<Record<EnteredKey, number>>;
}

export async function seedDemoReports(ctx: ReportsContext, data: DemoReport[], signIn: (username: string) => Promise<Principal | undefined>): Promise<{ reports: number; year: number } | undefined> {
  const year = Number(ctx.today().slice(0, 4)) - 1;
  let made = 0;
  for (const d of data) {
    const org = await ctx.disclosure.orgBySlug(d.org).catch(() => undefined);
    if (!org || (await repo.byOrgYear(ctx.db, org.id, year))) continue;
    const [drafter, publisher] = await Promise.all([signIn(d.drafter), signIn(d.publisher)]);
    if (!drafter || !publisher) throw new Error(`annual reports demo: no staff account ${drafter ? d.publisher : d.drafter}`);
    const draft = await generateReport(ctx, drafter, { org: d.org, year: String(year) });
    const saved = await changeReport(ctx, drafter, 'save', { id: draft.id, version: draft.version, sections: draft.sections, entered: { ...draft.figures.entered, ...d.entered } });
    const submitted = await changeReport(ctx, drafter, 'submit', { id: saved.id, version: saved.version });
    await changeReport(ctx, publisher, 'publish', { id: submitted.id, version: submitted.version });
    made++;
  }
  return made ? { reports: made, year } : undefined;
}
