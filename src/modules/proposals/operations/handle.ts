/**
 * Handling a proposal: a co-handler's opinion (协办意见), the main handler's reply with its grade
 * (A–D), and the decision on its publication (公开, or 不公开 with the reason). A reply may be
 * revised until its publication is decided; after that the case is closed.
 */
import { t } from '../../../lib/i18n/index.js';
import { isPortalWide, type Principal } from '../../../lib/principal.js';
import type { ProposalsContext } from '../context.js';
import { checkOpinion, checkPublication, checkReply, idOf, invalid } from '../forms.js';
import { nextStatus } from '../policy.js';
import type { ProposalView } from '../present.js';
import * as repo from '../repo.js';
import { indexProposal, lockFor, viewFor, writeChange } from './case.js';

interface Target {
  id: unknown;
  version?: unknown;
}

export async function giveOpinion(ctx: ProposalsContext, p: Principal | undefined, input: Target & { opinion?: unknown; departmentId?: unknown }): Promise<ProposalView> {
  const row = await ctx.database.db.transaction(async (tx) => {
    const { row: r, co } = await lockFor(tx, p, input.id, input.version, 'opinion');
    const status = nextStatus(r.status as never, 'opinion');
    const opinion = checkOpinion(input.opinion);
    // a co-handler speaks for its own department; the system administrator names the department
    const dept = isPortalWide(p!) ? (idOf(input.departmentId) ?? (co.length === 1 ? co[0]!.departmentId : undefined)) : p!.departmentId!;
    if (!dept || !co.some((c) => c.departmentId === dept)) throw invalid('proposals.field.coDepartmentIds', t('proposals.error.notCoHandler'));
    await repo.setOpinion(tx, r.id, dept, opinion, ctx.today(), p!.name);
    return writeChange(ctx, tx, p!, r, { action: 'opinion', set: { status }, note: opinion });
  });
  return viewFor(ctx, ctx.db, row);
}

export async function replyProposal(ctx: ProposalsContext, p: Principal | undefined, input: Target & { grade?: unknown; body?: unknown }): Promise<ProposalView> {
  const row = await ctx.database.db.transaction(async (tx) => {
    const { row: r } = await lockFor(tx, p, input.id, input.version, 'reply');
    const status = nextStatus(r.status as never, 'reply');
    const reply = checkReply(input);
    return writeChange(ctx, tx, p!, r, { action: 'replied', set: { status, replyGrade: reply.grade, replyBody: reply.body, repliedOn: r.repliedOn ?? ctx.today(), repliedBy: p!.name }, note: reply.grade });
  });
  return viewFor(ctx, ctx.db, row);
}

export async function publishReply(ctx: ProposalsContext, p: Principal | undefined, input: Target & { openness?: unknown; reason?: unknown }): Promise<ProposalView> {
  const names = await ctx.catalog.departmentNames();
  const row = await ctx.database.db.transaction(async (tx) => {
    const { row: r } = await lockFor(tx, p, input.id, input.version, 'publish');
    const status = nextStatus(r.status as never, 'publish');
    const decided = checkPublication(input);
    const updated = await writeChange(ctx, tx, p!, r, {
      action: 'published',
      set: { status, openness: decided.openness, withheldReason: decided.reason, publishedOn: ctx.today(), publishedBy: p!.name },
      note: decided.reason ?? undefined,
    });
    await indexProposal(ctx, tx, updated, names);
    return updated;
  });
  await ctx.searchChanged();
  return viewFor(ctx, ctx.db, row);
}
