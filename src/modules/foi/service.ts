/** createFoiService: builds the context once and binds the operations to it. */
import type { Database } from '../../db/client.js';
import { createFoiContext, type FoiDeps } from './context.js';
import * as handling from './operations/handling.js';
import * as intake from './operations/intake.js';
import * as publication from './operations/publication.js';
import * as read from './operations/read.js';
import { foiStatistics } from './stats.js';
import { foiAnnualTable } from './annual-table.js';
import { type DemoRequest, seedDemoRequests } from './operations/demo.js';
import type { Principal } from '../../lib/principal.js';


export function createFoiService(database: Database, deps: FoiDeps) {
  const context = createFoiContext(database, deps);
  const bind =
    <A extends unknown[], R>(f: (ctx: typeof context, ...args: A) => R) =>
    (...args: A) =>
      f(context, ...args);
  return {
    context,
    calendar: deps.calendar,
    submit: bind(intake.submitRequest),
    register: bind(intake.registerRequest),
    noticeCorrection: bind(handling.noticeCorrection),
    correct: bind(handling.correctRequest),
    extend: bind(handling.extendRequest),
    startConsultation: bind(handling.startConsultation),
    endConsultation: bind(handling.endConsultation),
    reply: bind(handling.replyRequest),
    mine: bind(read.myRequests),
    byCode: bind(read.requestByCode),
    byId: bind(read.requestById),
    queue: bind(read.staffQueue),
    document: bind(read.replyDocument),
    /** publishing a reply for everyone (four eyes) and reading the published ones */
    publication: bind(publication.publicationFor),
    preparePublication: bind(publication.preparePublication),
    publishPublication: bind(publication.publishPublication),
    withdrawPublication: bind(publication.withdrawPublication),
    publishedReplies: bind(publication.publishedReplies),
    publishedReply: bind(publication.publishedReply),
    /** the figures of the annual report (the disclosure module asks for them) */
    statistics: (q: { year: number; departmentId?: number }) => foiStatistics(context, q),
    /** table 三 of the annual report in the national format */
    annualTable: (q: { year: number; departmentId?: number }) => foiAnnualTable(context, q),
    /** the demo's requests, each step on its day counted back from today */
    seedDemo: (data: DemoRequest[], o: { departmentIds: ReadonlyMap<string, number>; citizen?: Principal }) => seedDemoRequests(database, deps, data, o),
  };
}
export type FoiService = ReturnType<typeof createFoiService>;
