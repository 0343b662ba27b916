/**
 * The disclosure face: `createDisclosureService` builds the context once and exposes the
 * operations (operations/*.ts) to the routes, app.ts, the CLI and the scheduler; it fills the
 * catalogue's guide page slot (slots.ts).
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { type DisclosureDeps, disclosureContext } from './context.js';
import type { ArticleContent } from './model.js';
import * as browse from './operations/browse.js';
import * as content from './operations/content.js';
import * as edit from './operations/edit.js';
import * as gazette from './operations/gazette.js';
import * as links from './operations/links.js';
import * as review from './operations/review.js';
import * as staff from './operations/staff.js';
import * as topics from './operations/topics.js';
import type { ArticleFilter } from './repo.js';
import { type GuideSlot, fillGuideSlots } from './slots.js';
import type { Upload } from './attachments.js';
import { annualFigures } from './annual-figures.js';

export type { DisclosureDeps } from './context.js';

export function createDisclosureService(database: Database, deps: DisclosureDeps) {
  const ctx = disclosureContext(database, deps);
  const face = {
    context: ctx,
    lookups: () => ctx.lookups(),

    // the public catalogue, articles, gazette, topics
    orgTree: () => browse.orgTree(ctx),
    orgBySlug: (slug: string) => browse.orgBySlug(ctx, slug),
    browse: (q: Parameters<typeof browse.browse>[1]) => browse.browse(ctx, q),
    listArticles: (f: ArticleFilter & { org?: string }, page: { limit: number; offset: number }) => browse.listArticles(ctx, f, page),
    newestAddresses: (limit: number) => browse.newestAddresses(ctx, limit),
    getArticle: (id: number) => browse.getArticle(ctx, id),
    publicAttachment: (articleId: number, id: number) => browse.publicAttachment(ctx, articleId, id),
    forItem: (implCode: string) => browse.forItem(ctx, implCode),
    listIssues: () => gazette.listIssues(ctx),
    getIssue: (year: number, number: number) => gazette.getIssue(ctx, year, number),
    saveIssue: (p: Principal, input: Parameters<typeof gazette.saveIssue>[2]) => gazette.saveIssue(ctx, p, input),
    openTopics: () => topics.openTopics(ctx),
    getTopic: (slug: string) => topics.getTopic(ctx, slug),
    topicsForStaff: (p: Principal) => topics.allTopicsForStaff(ctx, p),
    saveTopic: (p: Principal, input: Parameters<typeof topics.saveTopic>[2]) => topics.saveTopic(ctx, p, input),

    // the back office
    staffList: (p: Principal, f: Parameters<typeof staff.staffList>[2]) => staff.staffList(ctx, p, f),
    staffArticle: (p: Principal, id: number) => staff.staffView(ctx, p, id),
    staffAttachment: (p: Principal, articleId: number, id: number) => staff.staffAttachment(ctx, p, articleId, id),
    createArticle: (p: Principal, c: ArticleContent) => edit.createArticle(ctx, p, c),
    saveDraft: (p: Principal, id: number, version: number, c: ArticleContent) => edit.saveDraft(ctx, p, id, version, c),
    addAttachments: (p: Principal, id: number, uploads: Upload[]) => edit.addAttachments(ctx, p, id, uploads),
    removeAttachment: (p: Principal, id: number, attachmentId: number) => edit.removeAttachment(ctx, p, id, attachmentId),
    submit: (p: Principal, id: number, version: number) => review.submitArticle(ctx, p, id, version),
    approve: (p: Principal, id: number, version: number, note?: string) => review.approveArticle(ctx, p, id, version, note),
    reject: (p: Principal, id: number, version: number, note: string) => review.rejectArticle(ctx, p, id, version, note),
    withdraw: (p: Principal, id: number, version: number, reason: string) => review.withdrawArticle(ctx, p, id, version, reason),
    publishDue: () => review.publishDue(ctx),
    linkItems: (p: Principal, id: number, codes: string[]) => links.linkItems(ctx, p, id, codes),
    unlinkItem: (p: Principal, id: number, code: string) => links.unlinkItem(ctx, p, id, code),
    proposals: (p: Principal, id: number) => links.articleProposals(ctx, p, id),
    confirmProposals: (p: Principal, pairs: string[]) => links.confirmProposals(ctx, p, pairs),
    brokenLinks: (p: Principal) => links.brokenLinks(ctx, p),

    // content as a whole
    importDemo: (demo: content.DemoContent) => content.importDemo(ctx, demo),
    seedScale: (n: number, onProgress?: (done: number) => void) => content.seedScale(ctx, n, onProgress),
    /** table 二 of an organisation's annual report (the annual-reports module asks) */
    annualFigures: (orgId: number, year: number) => annualFigures(ctx, orgId, year),
  };
  fillGuideSlots(deps.catalog as unknown as GuideSlot, face.forItem);
  return face;
}

export type DisclosureService = ReturnType<typeof createDisclosureService>;
