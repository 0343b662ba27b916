/**
 * Materials of a case: uploads into a slot (recognised by content, size-limited, kept in the file
 * store before the row naming them is committed), removal, 材料复用 (one call files a material
 * accepted in an earlier case of the same person), and 免提交 materials marked as fetched by the
 * department. The applicant changes materials while the case is a draft or in 补正.
 */
import type { Runner } from '../../../db/client.js';
import { BadRequestError, ConflictError, ValidationError } from '../../../lib/errors.js';
import { isStaff, type Principal } from '../../../lib/principal.js';
import type { ApplicationsContext } from '../context.js';
import type { AnswerProblem } from '../form-answers.js';
import { FILE_CONTENT_TYPES } from '../form-notation.js';
import { msg } from '../messages.js';
import { type ApplicationFacts, decide, requireAbility } from '../policy.js';
import type { ApplicantView, StaffView } from '../present.js';
import * as repo from '../repo.js';
import { type CheckedUpload, checkUploads, type Slot, type UploadInput } from '../submission.js';
import { type CaseRef, changeApplication, notFound } from './case.js';
import { applicantView, caseSlots, staffView } from './reads.js';

/** Keep each checked upload in the file store; returns the rows to write. */
export async function keepUploads(ctx: ApplicationsContext, uploads: { slot: string; files: CheckedUpload[] }[]): Promise<repo.NewMaterialRow[]> {
  // all at once (the store hashes while it writes); the rows keep the uploads' order
  return Promise.all(
    uploads.flatMap((u) =>
      u.files.map(async (f): Promise<repo.NewMaterialRow> => {
        const sha256 = f.received ? await ctx.files.keep(f.received) : await ctx.files.put(f.data as Buffer);
        return { applicationId: 0, slot: u.slot, filename: f.filename, contentType: f.contentType, size: f.size, sha256, source: 'upload', status: 'submitted' };
      }),
    ),
  );
}

/**
 * The rows that reuse earlier materials (材料复用): each must be the person's own (or their
 * enterprise's), accepted in an earlier case, and fit its new slot. Problems are added to `problems`.
 */
export async function reuseRows(db: Runner, p: Principal, slots: readonly Slot[], wanted: readonly { slot: string; materialId: number }[], problems: AnswerProblem[]): Promise<repo.NewMaterialRow[]> {
  const rows: repo.NewMaterialRow[] = [];
  for (const w of wanted) {
    const slot = slots.find((s) => s.key === w.slot);
    const report = (message: string) => problems.push({ where: '', field: slot?.name ?? w.slot, path: w.slot, message });
    if (!slot) {
      report(msg('error.slot', { slot: w.slot.slice(0, 60) }));
      continue;
    }
    const m = await repo.findMaterial(db, w.materialId);
    const from = m ? await repo.findById(db, m.applicationId) : undefined;
    const mine = from && (from.applicantId === p.userId || (from.enterpriseId !== null && from.enterpriseId === p.enterpriseId));
    if (!m || !from || !mine || m.status !== 'accepted' || m.source === 'fetched') {
      report(msg('error.notReusable'));
      continue;
    }
    const accepted = slot.accept.flatMap((k) => FILE_CONTENT_TYPES[k]);
    if (!accepted.includes(m.contentType) || m.size > slot.maxSizeMb * 1024 * 1024) {
      report(msg('error.fileType', { slot: slot.name, kinds: slot.accept.map((k) => msg(`form.fileKind.${k}`)).join('、'), name: m.filename }));
      continue;
    }
    rows.push({ applicationId: 0, slot: slot.key, filename: m.filename, contentType: m.contentType, size: m.size, sha256: m.sha256, source: 'reused', reusedFromId: m.id, status: 'submitted' });
  }
  return rows;
}

/** The applicant changes materials while the case is a draft or waits for their 补正. */
function mayChangeMaterials(p: Principal) {
  return (facts: ApplicationFacts) => {
    if (decide(p, facts, 'edit') === undefined || decide(p, facts, 'resubmit') === undefined) return;
    requireAbility(p, facts, facts.status === 'correcting' ? 'resubmit' : 'edit');
  };
}

const slotOf = async (ctx: ApplicationsContext, row: repo.ApplicationRow, key: string) => {
  const slot = (await caseSlots(ctx, row)).find((s) => s.key === key);
  if (!slot) throw new BadRequestError(msg('error.slot', { slot: String(key).slice(0, 60) }), 'bad_slot');
  return slot;
};

/** Upload files into a slot of the case. */
export async function uploadMaterial(ctx: ApplicationsContext, p: Principal | undefined, input: { id: CaseRef; slot: string; files: UploadInput[] }): Promise<ApplicantView> {
  if (!p) throw notFound();
  // checked and kept before the transaction (file I/O does not hold the case's lock)
  const row = await (typeof input.id === 'number' ? repo.findById(ctx.db, input.id) : repo.findByNo(ctx.db, String(input.id)));
  if (!row) throw notFound();
  const slot = await slotOf(ctx, row, input.slot);
  const pre = checkUploads(slot, input.files, 0);
  if (pre.problems.length || !pre.uploads.length) throw new ValidationError(msg('error.invalid'), pre.problems.length ? pre.problems : [{ where: '', field: slot.name, path: slot.key, message: msg('form.answer.requiredFile', { label: slot.name }) }]);
  return changeApplication(ctx, p, row.id, mayChangeMaterials(p), undefined, async (c) => {
    const already = (await repo.materialsOf(c.tx, c.row.id)).filter((m) => m.slot === slot.key).length;
    const { problems } = checkUploads(slot, input.files, already);
    if (problems.length) throw new ValidationError(msg('error.invalid'), problems);
    const rows = await keepUploads(ctx, [{ slot: slot.key, files: pre.uploads }]);
    await repo.insertMaterials(c.tx, rows.map((r) => ({ ...r, applicationId: c.row.id })));
    const saved = await c.save({});
    await c.event('materialUploaded', { note: `${slot.name}：${rows.map((r) => r.filename).join('、')}`, internal: true });
    await c.audit('application.material', saved, slot.name);
    return c.later(() => applicantView(ctx, ctx.db, saved, p));
  });
}

/** Remove an uploaded or reused material from the case. */
export async function removeMaterial(ctx: ApplicationsContext, p: Principal | undefined, input: { id: CaseRef; materialId: number }): Promise<ApplicantView> {
  if (!p) throw notFound();
  return changeApplication(ctx, p, input.id, mayChangeMaterials(p), undefined, async (c) => {
    if (!(await repo.deleteMaterial(c.tx, c.row.id, input.materialId))) throw notFound();
    const saved = await c.save({});
    await c.event('materialRemoved', { internal: true });
    await c.audit('application.material.remove', saved);
    return c.later(() => applicantView(ctx, ctx.db, saved, p));
  });
}

/** 材料复用: file a material accepted in an earlier case of the same person under a slot, in one call. */
export async function reuseMaterial(ctx: ApplicationsContext, p: Principal | undefined, input: { id: CaseRef; slot: string; materialId: number }): Promise<ApplicantView> {
  if (!p) throw notFound();
  return changeApplication(ctx, p, input.id, mayChangeMaterials(p), undefined, async (c) => {
    const slots = await caseSlots(ctx, c.row);
    const problems: AnswerProblem[] = [];
    const rows = await reuseRows(c.tx, p, slots, [{ slot: input.slot, materialId: input.materialId }], problems);
    const slot = slots.find((s) => s.key === input.slot);
    if (slot) {
      const already = (await repo.materialsOf(c.tx, c.row.id)).filter((m) => m.slot === slot.key).length;
      if (already + 1 > slot.maxFiles) problems.push({ where: '', field: slot.name, path: slot.key, message: msg('error.fileCount', { slot: slot.name, max: slot.maxFiles }) });
    }
    if (problems.length) throw new ValidationError(msg('error.invalid'), problems);
    await repo.insertMaterials(c.tx, rows.map((r) => ({ ...r, applicationId: c.row.id })));
    const saved = await c.save({});
    await c.event('materialReused', { note: `${slot?.name ?? input.slot}：${rows[0]?.filename ?? ''}`, internal: true });
    await c.audit('application.material.reuse', saved);
    return c.later(() => applicantView(ctx, ctx.db, saved, p));
  });
}

/** 免提交: the department records that it fetched a material itself (共享获取); staff who may accept or review the case. */
export async function markFetched(ctx: ApplicationsContext, p: Principal | undefined, input: { id: CaseRef; slot: string; version?: number }): Promise<StaffView> {
  if (!isStaff(p)) throw notFound();
  return changeApplication(
    ctx,
    p,
    input.id,
    (facts) => {
      if (decide(p, facts, 'read')) throw notFound();
      if (decide(p, facts, 'accept') !== undefined && decide(p, facts, 'opine') !== undefined) requireAbility(p, facts, 'opine');
    },
    input.version,
    async (c) => {
      const slot = await slotOf(ctx, c.row, input.slot);
      if (!slot.exempt) throw new BadRequestError(msg('error.notExempt', { slot: slot.name }), 'not_exempt');
      const materials = await repo.materialsOf(c.tx, c.row.id);
      if (materials.some((m) => m.slot === slot.key && m.source === 'fetched')) throw new ConflictError(msg('error.conflict'));
      await repo.insertMaterials(c.tx, [{ applicationId: c.row.id, slot: slot.key, filename: slot.name, contentType: '', size: 0, sha256: '', source: 'fetched', status: 'accepted' }]);
      const saved = await c.save({});
      await c.event('materialFetched', { note: msg('event.materialFetched', { slot: slot.name }) });
      await c.audit('application.material.fetched', saved, slot.name);
      return c.later(() => staffView(ctx, ctx.db, saved, p));
    },
  );
}
