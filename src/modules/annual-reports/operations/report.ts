/**
 * An annual report's life: generated from the data (or its figures regenerated, keeping what was
 * entered and written), edited, submitted, published or sent back under four eyes; read by staff
 * of the organisation and, once published, by everyone under the organisation's catalogue.
 */
import { ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { Runner } from '../../../db/client.js';
import type { ReportsContext } from '../context.js';
import { checkEdit, idOf, yearOf } from '../forms.js';
import { emptyEntered, type ReportFigures, type ReportStatus, type Section } from '../model.js';
import { draftSections } from '../narrative.js';
import { guard, notFound, type ReportAction, nextStatus, reaches } from '../policy.js';
import * as repo from '../repo.js';

type Org = Awaited<ReturnType<ReportsContext['disclosure']['orgBySlug']>>;

export interface ReportView {
  id: number;
  year: number;
  org: { id: number; slug: string; name: string; departmentId: number | null };
  status: ReportStatus;
  figures: ReportFigures;
  sections: Record<Section, string>;
  contributors: number[];
  submittedBy: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  version: number;
  url: string;
}

export const reportUrl = (slug: string, year: number) => `/xxgk/${slug}/annual-report/${year}`;

async function orgsById(ctx: ReportsContext): Promise<Map<number, Org>> {
  return new Map((await ctx.disclosure.orgTree()).map((x) => [x.org.id, x.org]));
}

function viewOf(r: repo.ReportRow, org: Org): ReportView {
  return {
    id: r.id,
    year: r.year,
    org: { id: org.id, slug: org.slug, name: org.name, departmentId: org.departmentId },
    status: r.status as ReportStatus,
    figures: r.figures as unknown as ReportFigures,
    sections: r.sections as Record<Section, string>,
    contributors: r.contributors,
    submittedBy: r.submittedBy,
    publishedBy: r.publishedBy,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    version: r.version,
    url: reportUrl(org.slug, r.year),
  };
}

async function figuresFor(ctx: ReportsContext, org: Org, year: number, entered = emptyEntered()): Promise<ReportFigures> {
  const [active, requests] = await Promise.all([ctx.disclosure.annualFigures(org.id, year), ctx.foi.annualTable({ year, departmentId: org.departmentId ?? undefined })]);
  return { generatedOn: ctx.today(), active, requests, entered };
}

const actor = (p: Principal) => ({ id: `user:${p.userId}`, name: p.name });

/** Generate the organisation's report for the year, or regenerate its figures while it is not published. */
export async function generateReport(ctx: ReportsContext, p: Principal | undefined, input: { org?: unknown; year?: unknown }): Promise<ReportView> {
  const slug = typeof input.org === 'string' ? input.org : '';
  const org = slug ? await ctx.disclosure.orgBySlug(slug).catch(() => undefined) : undefined;
  if (!org || !reaches(p, org)) throw notFound();
  guard(p, 'generate', org);
  const year = yearOf(input.year, ctx.today());
  const existing = await repo.byOrgYear(ctx.db, org.id, year);
  if (existing?.status === 'published') throw new ConflictError(t('reports.error.published'));
  const figures = await figuresFor(ctx, org, year, (existing?.figures as unknown as ReportFigures | undefined)?.entered);
  const row = await ctx.database.db.transaction(async (tx) => {
    const contributors = [...new Set([...(existing?.contributors ?? []), p!.userId])];
    const r = existing
      ? await repo.updateReport(tx, existing.id, existing.version, { figures: figures as never, contributors, status: 'draft' })
      : await repo.insertReport(tx, { orgId: org.id, year, status: 'draft', figures: figures as never, sections: draftSections(org.name, figures), contributors });
    if (!r) throw new ConflictError(t('reports.error.stale'));
    await ctx.audit.record(tx, actor(p!), [{ action: existing ? 'reports.regenerated' : 'reports.generated', entity: 'annual_report', entityId: r.id, after: { org: org.slug, year }, departmentId: org.departmentId }]);
    return r;
  });
  return viewOf(row, org);
}

async function lockFor(orgs: Map<number, Org>, tx: Runner, p: Principal | undefined, id: unknown, version: unknown, action: ReportAction) {
  const n = idOf(id);
  const row = n ? await repo.lockById(tx, n) : undefined;
  const org = row ? orgs.get(row.orgId) : undefined;
  if (!row || !org || !reaches(p, org)) throw notFound();
  guard(p, action, org, row.contributors);
  if (version !== undefined && version !== null && version !== '' && Number(version) !== row.version) throw new ConflictError(t('reports.error.stale'));
  return { row, org };
}

export async function changeReport(ctx: ReportsContext, p: Principal | undefined, action: ReportAction, input: { id: unknown; version?: unknown; sections?: unknown; entered?: unknown }): Promise<ReportView> {
  // the lookups a transaction may not make on PGlite's one connection are made first
  const orgs = await orgsById(ctx);
  return ctx.database.db.transaction(async (tx) => {
    const { row, org } = await lockFor(orgs, tx, p, input.id, input.version, action);
    const status = nextStatus(row.status as ReportStatus, action);
    const set: Partial<repo.NewReportRow> = { status };
    if (action === 'save') {
      const edit = checkEdit(input);
      set.sections = edit.sections;
      set.figures = { ...(row.figures as object), entered: edit.entered } as never;
    }
    if (action === 'save' || action === 'submit') set.contributors = [...new Set([...row.contributors, p!.userId])];
    if (action === 'submit') set.submittedBy = p!.name;
    if (action === 'publish') Object.assign(set, { publishedBy: p!.name, publishedAt: new Date() });
    const updated = await repo.updateReport(tx, row.id, row.version, set);
    if (!updated) throw new ConflictError(t('reports.error.stale'));
    await ctx.audit.record(tx, actor(p!), [{ action: `reports.${action}`, entity: 'annual_report', entityId: row.id, before: { status: row.status }, after: { status }, departmentId: org.departmentId }]);
    return viewOf(updated, org);
  });
}

export async function staffReports(ctx: ReportsContext, p: Principal | undefined) {
  const orgs = [...(await orgsById(ctx)).values()].filter((o) => reaches(p, o));
  if (!orgs.length) throw notFound();
  const rows = await repo.listForOrgs(ctx.db, orgs.map((o) => o.id));
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return { orgs: orgs.map((o) => ({ slug: o.slug, name: o.name })), reports: rows.map((r) => viewOf(r, byId.get(r.orgId)!)) };
}

export async function staffReport(ctx: ReportsContext, p: Principal | undefined, id: unknown): Promise<ReportView> {
  const n = idOf(id);
  const row = n ? await repo.byId(ctx.db, n) : undefined;
  const org = row ? (await orgsById(ctx)).get(row.orgId) : undefined;
  if (!row || !org || !reaches(p, org)) throw notFound();
  return viewOf(row, org);
}

export async function publishedReport(ctx: ReportsContext, slug: unknown, year: unknown): Promise<ReportView> {
  const org = typeof slug === 'string' ? await ctx.disclosure.orgBySlug(slug).catch(() => undefined) : undefined;
  const y = typeof year === 'string' && /^\d{4}$/.test(year) ? Number(year) : NaN;
  const row = org && Number.isSafeInteger(y) ? await repo.byOrgYear(ctx.db, org.id, y) : undefined;
  if (!org || row?.status !== 'published') throw notFound();
  return viewOf(row, org);
}

/** Every organisation's published reports by year (newest first), each year's in the catalogue's order of organisations. */
export async function publishedIndex(ctx: ReportsContext): Promise<{ year: number; reports: ReportView[] }[]> {
  const [tree, rows] = await Promise.all([ctx.disclosure.orgTree(), repo.publishedAll(ctx.db)]);
  const place = new Map(tree.map((o, i) => [o.org.id, i]));
  const orgs = new Map(tree.map((o) => [o.org.id, o.org]));
  const years: { year: number; reports: ReportView[] }[] = [];
  for (const r of rows) {
    const org = orgs.get(r.orgId);
    if (!org) continue;
    if (years.at(-1)?.year !== r.year) years.push({ year: r.year, reports: [] });
    years.at(-1)?.reports.push(viewOf(r, org));
  }
  for (const y of years) y.reports.sort((a, b) => (place.get(a.org.id) ?? 0) - (place.get(b.org.id) ?? 0));
  return years;
}

export async function publishedReports(ctx: ReportsContext, slug: unknown) {
  const org = typeof slug === 'string' ? await ctx.disclosure.orgBySlug(slug).catch(() => undefined) : undefined;
  if (!org) throw notFound();
  return { org: { slug: org.slug, name: org.name }, reports: (await repo.publishedOfOrg(ctx.db, org.id)).map((r) => viewOf(r, org)) };
}
