/**
 * Registering a proposal (交办): the kind, session year and number, the authors with their
 * 代表团/界别, the content, the main handler and co-handlers. The reply is due `replyMonths`
 * calendar months after the assignment day. Staff register the proposals their own department
 * handles; the system administrator any.
 */
import { ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { ProposalsContext } from '../context.js';
import { checkRegistration, ProposalValidationError, type RegisterInput } from '../forms.js';
import { addMonths, numberLabel } from '../model.js';
import { mayRegister, mayWork, notFound } from '../policy.js';
import type { ProposalView } from '../present.js';
import * as repo from '../repo.js';
import { actorOf, viewFor } from './case.js';

export async function registerProposal(ctx: ProposalsContext, p: Principal | undefined, input: RegisterInput): Promise<ProposalView> {
  if (!mayWork(p)) throw notFound();
  const today = ctx.today();
  const { value, problems } = checkRegistration(input, today);
  const names = await ctx.catalog.departmentNames();
  const field = (k: string) => t(`proposals.field.${k}` as never);
  if (value && !names.has(value.mainDepartmentId)) problems.push({ where: '', field: field('mainDepartmentId'), message: t('proposals.error.department') });
  else if (value && !mayRegister(p, value.mainDepartmentId)) problems.push({ where: '', field: field('mainDepartmentId'), message: t('proposals.error.ownOnly') });
  if (value?.coDepartmentIds.some((d) => !names.has(d))) problems.push({ where: '', field: field('coDepartmentIds'), message: t('proposals.error.department') });
  if (problems.length || !value) throw new ProposalValidationError(problems);
  const taken = () => new ConflictError(t('proposals.error.taken', { year: value.year, kind: t(`proposals.kind.${value.kind}`), number: numberLabel(value.number) }));
  if (await repo.byNumber(ctx.db, value.kind, value.year, value.number)) throw taken();
  try {
    const row = await ctx.database.db.transaction(async (tx) => {
      const r = await repo.insertProposal(tx, {
        kind: value.kind,
        year: value.year,
        number: value.number,
        title: value.title,
        authors: value.authors,
        content: value.content,
        mainDepartmentId: value.mainDepartmentId,
        status: 'handling',
        assignedOn: value.assignedOn,
        dueOn: addMonths(value.assignedOn, ctx.replyMonths),
      });
      await repo.addCoHandlers(tx, r.id, value.coDepartmentIds);
      await ctx.audit.record(tx, actorOf(p!), [
        { action: 'proposals.registered', entity: 'proposal', entityId: r.id, after: { kind: r.kind, year: r.year, number: r.number, mainDepartmentId: r.mainDepartmentId, coDepartmentIds: value.coDepartmentIds, dueOn: r.dueOn }, departmentId: r.mainDepartmentId },
      ]);
      return r;
    });
    return viewFor(ctx, ctx.db, row);
  } catch (e) {
    // the same number registered twice at once: the second insert meets the unique index
    if (/duplicate|unique/i.test(String((e as Error)?.message ?? '') + String((e as { cause?: Error })?.cause?.message ?? ''))) throw taken();
    throw e;
  }
}
