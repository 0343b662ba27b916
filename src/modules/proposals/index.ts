/**
 * The proposals module's public face (人大代表建议 and 政协委员提案, docs/decisions/0015-module-shape.md):
 *   context.ts     ProposalsContext: db, clock, reply period, other modules' faces
 *   operations/    register, handle (opinion, reply, publication), read, demo
 *   policy.ts      reach, abilities and the transition table
 *   forms.ts, present.ts, repo.ts, search-docs.ts, routes.ts, views/
 */
export { createProposalsService } from './service.js';
export type { ProposalsService } from './service.js';
export type { ProposalsDeps } from './context.js';
export type { DemoProposal } from './operations/demo.js';
export type { ProposalView, PublicProposal } from './present.js';
export { proposalsRoutes } from './routes.js';
