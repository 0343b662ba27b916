/** createProposalsService: builds the context once and binds the operations to it. */
import type { Database } from '../../db/client.js';
import { createProposalsContext, type ProposalsDeps } from './context.js';
import * as demo from './operations/demo.js';
import * as handle from './operations/handle.js';
import * as read from './operations/read.js';
import * as register from './operations/register.js';

export function createProposalsService(database: Database, deps: ProposalsDeps) {
  const context = createProposalsContext(database, deps);
  const bind =
    <A extends unknown[], R>(f: (ctx: typeof context, ...args: A) => R) =>
    (...args: A) =>
      f(context, ...args);
  return {
    context,
    register: bind(register.registerProposal),
    opinion: bind(handle.giveOpinion),
    reply: bind(handle.replyProposal),
    publish: bind(handle.publishReply),
    staffList: bind(read.staffList),
    staffCase: bind(read.staffCase),
    publicList: bind(read.publicList),
    publicProposal: bind(read.publicProposal),
    seedDemo: bind(demo.seedDemoProposals),
  };
}
export type ProposalsService = ReturnType<typeof createProposalsService>;
