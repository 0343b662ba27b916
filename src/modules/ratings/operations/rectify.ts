/**
 * 整改: the department's queue of bad ratings, one case, and closing it with what was done and
 * the callback (回访) record. Staff reach their department's cases only (portal-wide roles all).
 */
import { BadRequestError, ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import type { RatingsContext } from '../context.js';
import type { CloseInput } from '../forms.js';
import { CALLBACK_METHODS, CALLBACK_RESULTS, LIMITS } from '../model.js';
import { nextRectificationState, queueScope, rectificationNotFound, requireRectify } from '../policy.js';
import { staffRectification } from '../present.js';
import * as repo from '../repo.js';
import { forgetTally } from './public.js';

export const QUEUE_FILTERS = ['open', 'overdue', 'closed', 'all'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export async function rectificationQueue(ctx: RatingsContext, p: Principal, filter: QueueFilter, page: { limit: number; offset: number }) {
  const { departmentId } = queueScope(p);
  const now = ctx.clock.now();
  const where: repo.QueueWhere = { departmentId, ...(filter === 'open' ? { status: 'open' } : filter === 'closed' ? { status: 'closed' } : filter === 'overdue' ? { overdueAt: now } : {}) };
  const [names, list, counts] = await Promise.all([ctx.catalog.departmentNames(), repo.queue(ctx.db, where, page), repo.queueCounts(ctx.db, departmentId, now)]);
  return { total: list.total, rectifications: list.rows.map((r) => staffRectification(r.rectification, r.ratable, names, now)), counts };
}

/** Open and overdue counts for the work desk; undefined for those who do not rectify. */
export async function rectificationCounts(ctx: RatingsContext, p: Principal) {
  const { departmentId } = queueScope(p);
  return repo.queueCounts(ctx.db, departmentId, ctx.clock.now());
}

const idOf = (id: number) => {
  if (!Number.isSafeInteger(id) || id < 1 || id > 2_147_483_647) throw rectificationNotFound();
  return id;
};

export async function rectificationFor(ctx: RatingsContext, p: Principal, id: number) {
  const found = await repo.rectificationById(ctx.db, idOf(id));
  requireRectify(p, found?.rectification.departmentId);
  if (!found) throw rectificationNotFound();
  return staffRectification(found.rectification, found.ratable, await ctx.catalog.departmentNames(), ctx.clock.now());
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const validDate = (s: string) => {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
};

/** The closing input checked, with every problem's message. */
function checkClose(ctx: RatingsContext, input: CloseInput) {
  const text = (v: unknown, max: number) => cleanText(typeof v === 'string' ? v : '', { multiline: true, max: max + 1 });
  const measures = text(input.measures, LIMITS.measuresMax);
  if (measures.length < LIMITS.measuresMin || measures.length > LIMITS.measuresMax)
    throw new BadRequestError(t('ratings.error.measures', { min: LIMITS.measuresMin, max: LIMITS.measuresMax }), 'bad_measures');
  const callbackDate = typeof input.callbackDate === 'string' ? input.callbackDate.trim() : '';
  if (!validDate(callbackDate) || callbackDate > ctx.calendar.localDate(ctx.clock.now())) throw new BadRequestError(t('ratings.error.callbackDate'), 'bad_callback_date');
  const method = CALLBACK_METHODS.find((m) => m === input.callbackMethod);
  if (!method) throw new BadRequestError(t('ratings.error.callbackMethod'), 'bad_callback_method');
  const result = CALLBACK_RESULTS.find((m) => m === input.callbackResult);
  if (!result) throw new BadRequestError(t('ratings.error.callbackResult'), 'bad_callback_result');
  const note = text(input.callbackNote, LIMITS.callbackNoteMax);
  if (note.length < LIMITS.callbackNoteMin || note.length > LIMITS.callbackNoteMax)
    throw new BadRequestError(t('ratings.error.callbackNote', { min: LIMITS.callbackNoteMin, max: LIMITS.callbackNoteMax }), 'bad_callback_note');
  if (!Number.isSafeInteger(input.version) || input.version < 1) throw new BadRequestError(t('ratings.error.version'), 'bad_version');
  return { measures, callbackDate, callbackMethod: method, callbackResult: result, callbackNote: note, version: input.version };
}

/** Close the case: what was done and the callback; once, by its department, on the version read. */
export async function closeRectification(ctx: RatingsContext, p: Principal, id: number, input: CloseInput) {
  idOf(id);
  // the case first: to another department it does not exist, whatever the input
  const before = await repo.rectificationById(ctx.db, id);
  requireRectify(p, before?.rectification.departmentId);
  if (!before) throw rectificationNotFound();
  // a closed case says so, whatever the input
  nextRectificationState(before.rectification.status, 'close');
  const c = checkClose(ctx, input);
  if (c.callbackDate < ctx.calendar.localDate(before.rectification.openedAt)) throw new BadRequestError(t('ratings.error.callbackDate'), 'bad_callback_date');
  const now = ctx.clock.now();
  const names = await ctx.catalog.departmentNames();
  const closed = await ctx.db.transaction(async (tx) => {
    const found = await repo.rectificationById(tx, id);
    if (!found) throw rectificationNotFound();
    requireRectify(p, found.rectification.departmentId);
    nextRectificationState(found.rectification.status, 'close');
    if (found.rectification.version !== c.version) throw new ConflictError(t('ratings.error.conflict'));
    const closed = await repo.closeRectification(tx, id, c.version, {
      measures: c.measures,
      callbackDate: c.callbackDate,
      callbackMethod: c.callbackMethod,
      callbackResult: c.callbackResult,
      callbackNote: c.callbackNote,
      closedAt: now,
      closedBy: p.userId,
      closedByName: p.name,
    });
    if (!closed) throw new ConflictError(t('ratings.error.conflict'));
    await ctx.audit.record(tx, { id: `user:${p.userId}`, name: p.name }, [
      {
        action: 'rectification.closed',
        entity: 'rectification',
        entityId: id,
        before: { status: found.rectification.status },
        after: { status: closed.status, callbackDate: c.callbackDate, callbackMethod: c.callbackMethod, callbackResult: c.callbackResult, onTime: now <= closed.dueAt },
        note: c.measures.slice(0, 200),
        departmentId: closed.departmentId,
      },
    ]);
    return staffRectification(closed, found.ratable, names, now);
  });
  forgetTally(ctx);
  return closed;
}
