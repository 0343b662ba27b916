/**
 * Publishing a reply for everyone (条例 Art. 44): a handler prepares the public wording of a reply
 * that gave information (予以公开, 部分公开) on the applicant's consent or in the public interest,
 * its personal data masked; a reviewer other than the author publishes it (it enters the one
 * search) or withdraws it with a reason (it leaves search). Each step is audited and in the
 * request's history. Everyone reads published replies at /foi/replies/:id.
 */
import { ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { Runner } from '../../../db/client.js';
import type { FoiContext } from '../context.js';
import { checkNote, idOf, ValidationErrorFoi } from '../forms.js';
import { PUBLICATION_BASES, PUBLICATION_LIMITS, PUBLISHABLE, type ReplyType } from '../model.js';
import { guardPublication, mayRead, nextPublicationStatus, notFound, type PublicationAction } from '../policy.js';
import { draftPublication, maskApplicant, publicationDoc, type PublicationView, publicationView, publicReply, type PublicReply } from '../publication.js';
import * as repo from '../repo.js';
import { actorOf } from './case.js';
import { cleanText } from '../../../lib/text.js';
import type { Problem } from '../../../lib/validation.js';

export interface PublicationInput {
  id: unknown;
  version?: unknown;
  basis?: unknown;
  title?: unknown;
  question?: unknown;
  answer?: unknown;
  reason?: unknown;
}

/** The request and its publication as staff see them: the current one, or the draft to start from. */
export async function publicationFor(ctx: FoiContext, p: Principal | undefined, requestId: unknown): Promise<{ publishable: boolean; publication?: PublicationView; draft?: ReturnType<typeof draftPublication> }> {
  const n = idOf(requestId);
  const row = n ? await repo.byId(ctx.db, n) : undefined;
  if (!row || !mayRead(p, row)) throw notFound();
  const publishable = row.status === 'replied' && PUBLISHABLE.includes(row.replyType as ReplyType);
  const pub = await repo.publicationOf(ctx.db, row.id);
  if (pub) return { publishable, publication: publicationView(pub) };
  if (!publishable) return { publishable };
  const names = await ctx.catalog.departmentNames();
  return { publishable, draft: draftPublication(row, names.get(row.departmentId)?.name ?? '') };
}

const problem = (field: string, message: string): Problem => ({ where: '', field, message });

function checkWording(input: PublicationInput, row: repo.FoiRow) {
  const problems: Problem[] = [];
  const basis = PUBLICATION_BASES.find((b) => b === input.basis);
  if (!basis) problems.push(problem(t('foi.publication.field.basis'), t('foi.error.choose')));
  const text = (v: unknown, field: string, min: number, max: number, multiline: boolean) => {
    const s = typeof v === 'string' ? cleanText(v, { multiline, max: max + 1 }) : '';
    if (s.length < min) problems.push(problem(field, t('foi.error.noteShort', { min })));
    else if (s.length > max) problems.push(problem(field, t('foi.error.tooLong', { max })));
    // masked on every save: whatever was typed, the applicant's data never goes public
    return maskApplicant(s.slice(0, max), row);
  };
  const title = text(input.title, t('foi.publication.field.title'), 4, PUBLICATION_LIMITS.title, false);
  const question = text(input.question, t('foi.publication.field.question'), 5, PUBLICATION_LIMITS.question, true);
  const answer = text(input.answer, t('foi.publication.field.answer'), 5, PUBLICATION_LIMITS.answer, true);
  if (problems.length || !basis) throw new ValidationErrorFoi(problems);
  return { basis, title, question, answer };
}

/** Lock the request and its publication; reach, ability and version are checked before the input. */
async function lockPublication(tx: Runner, p: Principal | undefined, input: PublicationInput, action: PublicationAction) {
  const n = idOf(input.id);
  const row = n ? await repo.lockById(tx, n) : undefined;
  if (!row || !mayRead(p, row)) throw notFound();
  const pub = await repo.publicationOf(tx, row.id, true);
  guardPublication(p, action, row, pub?.preparedBy);
  const version = input.version;
  if (pub && version !== undefined && version !== null && version !== '' && Number(version) !== pub.version) throw new ConflictError(t('foi.error.stale'));
  const status = nextPublicationStatus((pub?.status as 'review' | undefined) ?? 'none', action);
  return { row, pub, status };
}

async function record(ctx: FoiContext, tx: Runner, p: Principal, row: repo.FoiRow, action: string, before: string, after: repo.PublicationRow, note?: string) {
  const actor = actorOf(p);
  await repo.addEvent(tx, { requestId: row.id, action, actor: actor.name, note: note ?? null });
  await ctx.audit.record(tx, actor, [
    { action: `foi.${action}`, entity: 'foi_publication', entityId: after.id, before: { status: before }, after: { status: after.status, requestId: row.id, basis: after.basis }, note, departmentId: row.departmentId },
  ]);
}

export async function preparePublication(ctx: FoiContext, p: Principal | undefined, input: PublicationInput): Promise<PublicationView> {
  const result = await ctx.database.db.transaction(async (tx) => {
    const { row, pub, status } = await lockPublication(tx, p, input, 'prepare');
    if (row.status !== 'replied' || !PUBLISHABLE.includes(row.replyType as ReplyType)) throw new ConflictError(t('foi.publication.error.notPublishable'));
    const w = checkWording(input, row);
    const set = { ...w, status, preparedBy: p!.userId, preparedByName: p!.name, publishedByName: null, publishedOn: null, withdrawnReason: null };
    const saved = pub ? await repo.updatePublication(tx, pub.id, pub.version, set) : await repo.insertPublication(tx, { requestId: row.id, departmentId: row.departmentId, ...set });
    if (!saved) throw new ConflictError(t('foi.error.stale'));
    await record(ctx, tx, p!, row, 'publicationPrepared', pub?.status ?? 'none', saved, t(`foi.publication.basis.${w.basis}`));
    return saved;
  });
  return publicationView(result);
}

export async function publishPublication(ctx: FoiContext, p: Principal | undefined, input: PublicationInput): Promise<PublicationView> {
  const names = await ctx.catalog.departmentNames();
  const result = await ctx.database.db.transaction(async (tx) => {
    const { row, pub, status } = await lockPublication(tx, p, input, 'publish');
    const saved = await repo.updatePublication(tx, pub!.id, pub!.version, { status, publishedByName: p!.name, publishedOn: ctx.today() });
    if (!saved) throw new ConflictError(t('foi.error.stale'));
    if (ctx.indexer) await ctx.indexer.upsert(tx, [publicationDoc(saved, row, { id: row.departmentId, name: names.get(row.departmentId)?.name ?? '' })]);
    await record(ctx, tx, p!, row, 'publicationPublished', pub!.status, saved);
    return saved;
  });
  await ctx.searchChanged();
  return publicationView(result);
}

export async function withdrawPublication(ctx: FoiContext, p: Principal | undefined, input: PublicationInput): Promise<PublicationView> {
  const result = await ctx.database.db.transaction(async (tx) => {
    const { row, pub, status } = await lockPublication(tx, p, input, 'withdraw');
    const reason = checkNote(input.reason, t('foi.publication.field.reason'));
    const saved = await repo.updatePublication(tx, pub!.id, pub!.version, { status, withdrawnReason: reason });
    if (!saved) throw new ConflictError(t('foi.error.stale'));
    if (ctx.indexer) await ctx.indexer.remove(tx, [`foi:${saved.id}`]);
    await record(ctx, tx, p!, row, 'publicationWithdrawn', pub!.status, saved, reason);
    return saved;
  });
  await ctx.searchChanged();
  return publicationView(result);
}

/** Everyone's list of published replies, newest first (optionally one department's). */
export async function publishedReplies(ctx: FoiContext, q: { page?: unknown; department?: unknown } = {}): Promise<{ total: number; page: number; pages: number; replies: PublicReply[] }> {
  const page = Math.max(1, Math.min(10_000, Number(q.page) || 1));
  const size = 20;
  const department = idOf(q.department);
  const [{ total, rows }, names] = await Promise.all([repo.listPublished(ctx.db, size, (page - 1) * size, department), ctx.catalog.departmentNames()]);
  return { total, page, pages: Math.max(1, Math.ceil(total / size)), replies: rows.map(({ p, r }) => publicReply(p, r, names.get(p.departmentId)?.name ?? '')) };
}

/** One published reply; anything else (in review, withdrawn, missing) is "not found". */
export async function publishedReply(ctx: FoiContext, id: unknown): Promise<PublicReply> {
  const n = idOf(id);
  const pub = n ? await repo.publicationById(ctx.db, n) : undefined;
  if (pub?.status !== 'published') throw notFound();
  const [row, names] = await Promise.all([repo.byId(ctx.db, pub.requestId), ctx.catalog.departmentNames()]);
  if (!row) throw notFound();
  return publicReply(pub, row, names.get(pub.departmentId)?.name ?? '');
}
