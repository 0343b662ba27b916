/**
 * Drafting government information: an editor of the organisation's department starts an article
 * or a change to a published one (the draft), saves it at the version read, and adds or removes
 * attachments. Everything is checked before anything is written; a failed save changes nothing.
 */
import { BadRequestError, ConflictError, ValidationError, sqlStateOf } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { type Principal, requirePermission } from '../../../lib/principal.js';
import { actorOf } from '../../accounts/index.js';
import { recordAudit } from '../../audit/index.js';
import { type Upload, checkUploads } from '../attachments.js';
import type { DisclosureContext } from '../context.js';
import { type ArticleContent, checkContent } from '../model.js';
import { abilities, allowed, articleNotFound, contributorsOf, requireAction, requireScope } from '../policy.js';
import * as repo from '../repo.js';

/** The article as its staff may see it, or "not found". */
export async function staffArticle(ctx: DisclosureContext, p: Principal, id: number) {
  const row = Number.isSafeInteger(id) && id > 0 ? await repo.findArticle(ctx.db, id) : undefined;
  if (!row) throw articleNotFound();
  requireScope(p, row.departmentId);
  return row;
}

/** Check content whole (metadata, the policy a 解读 explains); throws ValidationError with every problem. */
export async function validContent(ctx: DisclosureContext, c: ArticleContent, selfId?: number): Promise<ArticleContent> {
  const lookups = await ctx.lookups();
  const problems = checkContent(c, lookups, ctx.today());
  if (c.kind === 'interpretation' && c.policyId) {
    const policy = await repo.findArticle(ctx.db, c.policyId);
    if (!policy || policy.id === selfId || !lookups.kinds.get(policy.kind)?.isPolicy)
      problems.push({ where: '', field: t('disclosure.field.policy'), message: t('disclosure.error.policyUnknown') });
  }
  if (problems.length) throw new ValidationError(t('disclosure.invalid', { count: problems.length }), problems);
  return { ...c, stage: lookups.categories.get(c.category)?.stage ?? '' };
}

async function indexNoFor(ctx: DisclosureContext, orgId: number, writtenOn: string): Promise<string> {
  const org = (await ctx.lookups()).orgRows.get(orgId);
  const code = `SF-${(org?.slug ?? 'org').toUpperCase().replace(/[^0-9A-Z]/g, '')}`.slice(0, 18);
  const prefix = `${code}/${writtenOn.slice(0, 4)}-`;
  return `${prefix}${String(await repo.nextIndexSeq(ctx.db, prefix)).padStart(5, '0')}`;
}

/** Start a new article (a draft nobody sees but its department's staff). */
export async function createArticle(ctx: DisclosureContext, p: Principal, input: ArticleContent) {
  requirePermission(p, 'disclosure.edit');
  const org = (await ctx.lookups()).orgRows.get(input.orgId);
  if (org) requireScope(p, org.departmentId);
  const content = await validContent(ctx, input);
  for (let attempt = 0; ; attempt++) {
    const indexNo = content.indexNo || (await indexNoFor(ctx, content.orgId, content.writtenOn));
    try {
      return await ctx.db.transaction(async (tx) => {
        const row = await repo.insertArticle(tx, {
          orgId: content.orgId,
          departmentId: org?.departmentId ?? null,
          kind: content.kind,
          title: content.title,
          indexNo,
          docNo: content.docNo,
          stage: content.stage,
          category: content.category,
          validity: content.validity,
          policyId: content.policyId,
          draft: { ...content, indexNo },
          draftStatus: 'draft',
          authorId: p.userId,
          authorName: p.name,
        });
        await recordAudit(tx, actorOf(p), [{ action: 'disclosure.draft', entity: 'article', entityId: row.id, after: row.draft, departmentId: row.departmentId }]);
        return row;
      });
    } catch (e) {
      if (sqlStateOf(e) !== '23505') throw e;
      if (content.indexNo || attempt >= 3) throw new ConflictError(t('disclosure.error.indexNoTaken'));
    }
  }
}

/** Save the draft at the version read (a published article stays on line meanwhile). */
export async function saveDraft(ctx: DisclosureContext, p: Principal, id: number, version: number, input: ArticleContent) {
  const row = await staffArticle(ctx, p, id);
  requireAction(p, 'edit');
  if (!allowed(p, 'edit', row)) throw new ConflictError(t('disclosure.error.notEditable'));
  // the organisation may change only within what the editor may publish for
  const org = (await ctx.lookups()).orgRows.get(input.orgId);
  if (org && org.departmentId !== row.departmentId) requireScope(p, org.departmentId);
  const content = await validContent(ctx, { ...input, indexNo: input.indexNo || row.indexNo }, row.id);
  if (content.indexNo !== row.indexNo && row.status !== 'unpublished') throw new BadRequestError(t('disclosure.error.indexNoFixed'));
  return ctx.db.transaction(async (tx) => {
    const updated = await repo.updateArticle(tx, id, version, {
      draft: content,
      draftStatus: 'draft',
      draftNote: null,
      contributorIds: contributorsOf(row).includes(p.userId) ? row.contributorIds : [...row.contributorIds, p.userId],
      ...(row.status === 'unpublished' ? { title: content.title, kind: content.kind, orgId: content.orgId, departmentId: org?.departmentId ?? null, indexNo: content.indexNo } : {}),
    });
    if (!updated) throw new ConflictError(t('disclosure.error.stale'));
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.draft', entity: 'article', entityId: id, before: row.draft ?? row.content, after: content, departmentId: row.departmentId }]);
    return updated;
  });
}

/** Add checked attachments (kept in the file store before the rows naming them are written). */
export async function addAttachments(ctx: DisclosureContext, p: Principal, id: number, uploads: Upload[]) {
  const row = await staffArticle(ctx, p, id);
  requireAction(p, 'edit');
  if (!abilities(p, row).canEdit) throw new ConflictError(t('disclosure.error.notEditable'));
  if (!uploads.length) throw new BadRequestError(t('disclosure.error.noFile'));
  const { ok, problems } = await checkUploads(uploads, await repo.countAttachments(ctx.db, id));
  if (problems.length) throw new ValidationError(t('disclosure.invalid', { count: problems.length }), problems);
  const kept: { articleId: number; filename: string; format: string; size: number; sha256: string }[] = [];
  for (const u of ok) kept.push({ articleId: id, filename: u.filename, format: u.format, size: u.received.size, sha256: await ctx.files.keep(u.received) });
  await ctx.db.transaction(async (tx) => {
    await repo.insertAttachments(tx, kept);
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.attach', entity: 'article', entityId: id, after: kept.map((k) => k.filename), departmentId: row.departmentId }]);
  });
  return kept.length;
}

export async function removeAttachment(ctx: DisclosureContext, p: Principal, id: number, attachmentId: number) {
  const row = await staffArticle(ctx, p, id);
  requireAction(p, 'edit');
  if (!abilities(p, row).canEdit) throw new ConflictError(t('disclosure.error.notEditable'));
  await ctx.db.transaction(async (tx) => {
    if (!(await repo.deleteAttachment(tx, id, attachmentId))) throw articleNotFound();
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.detach', entity: 'article', entityId: id, before: attachmentId, departmentId: row.departmentId }]);
  });
}
