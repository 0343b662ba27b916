/**
 * The demo's proposals (data/demo/proposals.json): registered, answered and published as they
 * would have been, with days relative to today so that some are in progress and some overdue on
 * any day the demo is loaded. Loaded once (nothing is done when proposals exist), checked by the
 * same rules as the form.
 */
import { ValidationError } from '../../../lib/errors.js';
import type { ProposalsContext } from '../context.js';
import { checkPublication, checkRegistration, checkReply } from '../forms.js';
import { addMonths } from '../model.js';
import * as repo from '../repo.js';
import { indexProposal } from './case.js';

export interface DemoProposal {
  kind: string;
  year: number;
  number: number;
  title: string;
  authors: { name: string; group: string }[];
  content: string;
  main: string;
  co?: string[];
  /** 'YYYY-MM-DD', or days before today */
  assigned: string | number;
  opinions?: { dept: string; text: string; afterDays: number }[];
  reply?: { grade: string; body: string; afterDays: number };
  publish?: { openness: string; reason?: string; afterDays: number };
}

const shift = (ymd: string, days: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function seedDemoProposals(ctx: ProposalsContext, data: DemoProposal[], departmentIds: ReadonlyMap<string, number>): Promise<{ proposals: number } | undefined> {
  if ((await repo.countAll(ctx.db)) > 0) return undefined;
  const today = ctx.today();
  const dept = (slug: string) => {
    const id = departmentIds.get(slug);
    if (!id) throw new ValidationError(`proposals demo: no department ${slug}`, []);
    return id;
  };
  const names = await ctx.catalog.departmentNames();
  await ctx.database.db.transaction(async (tx) => {
    for (const d of data) {
      const assignedOn = typeof d.assigned === 'number' ? shift(today, -d.assigned) : d.assigned;
      const { value, problems } = checkRegistration({ ...d, mainDepartmentId: dept(d.main), coDepartmentIds: (d.co ?? []).map(dept), assignedOn }, today);
      if (!value) throw new ValidationError(`proposals demo: ${d.title}`, problems);
      const at = (days: number) => {
        const day = shift(assignedOn, days);
        return [day, today].sort()[0]!; // never a day still to come
      };
      const reply = d.reply ? checkReply(d.reply) : undefined;
      const publication = d.publish ? checkPublication(d.publish) : undefined;
      let row = await repo.insertProposal(tx, {
        ...value,
        status: publication ? 'published' : reply ? 'replied' : 'handling',
        dueOn: addMonths(assignedOn, ctx.replyMonths),
        replyGrade: reply?.grade ?? null,
        replyBody: reply?.body ?? null,
        repliedOn: reply ? at(d.reply!.afterDays) : null,
        repliedBy: reply ? '办理人' : null,
        openness: publication?.openness ?? null,
        withheldReason: publication?.reason ?? null,
        publishedOn: publication ? at(d.publish!.afterDays) : null,
        publishedBy: publication ? '审核人' : null,
      });
      await repo.addCoHandlers(tx, row.id, value.coDepartmentIds);
      for (const o of d.opinions ?? []) await repo.setOpinion(tx, row.id, dept(o.dept), o.text, at(o.afterDays), '协办人');
      row = (await repo.byId(tx, row.id))!;
      await indexProposal(ctx, tx, row, names);
    }
  });
  await ctx.searchChanged();
  return { proposals: data.length };
}
