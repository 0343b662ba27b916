/**
 * 免证办: a guide material that a certificate the portal issued satisfies (the item's published
 * exemptions) is shown on the form as already on file and filed as that certificate at
 * submission (source 'certificate'), no upload asked. Reads the certificates face: call it
 * outside a transaction.
 */
import type { Tx } from '../../../db/client.js';
import { t } from '../../../lib/i18n/index.js';
import { type Automation, automationOf, materialsOnFile, type OnFile } from '../automation/index.js';
import type { ApplicationsContext } from '../context.js';
import type { HeldCertificate, ItemDefinition } from '../faces.js';
import type { SlotView } from '../present.js';
import * as repo from '../repo.js';
import type { Slot } from '../submission.js';

/** The automation of a definition (null: none, or not the published shape). */
export const automationOfDef = (def: Pick<ItemDefinition, 'automation'> | null | undefined): Automation | null => (def ? automationOf(def.automation) : null);

/** The certificates the applicant (and their enterprise) hold; none when the face is not wired. */
export async function heldBy(ctx: ApplicationsContext, who: { applicantId: number; enterpriseId: number | null }): Promise<HeldCertificate[]> {
  return ctx.certificates ? ctx.certificates.heldBy({ userId: who.applicantId, enterpriseId: who.enterpriseId }).catch(() => []) : [];
}

// ---- 免证办 ------------------------------------------------------------------------------------

/** The guide materials the applicant need not submit: a certificate the portal issued stands for each. */
export function onFileFor(ctx: ApplicationsContext, def: Pick<ItemDefinition, 'automation'> | null, held: readonly HeldCertificate[]): OnFile[] {
  const exemptions = automationOfDef(def)?.exemptions;
  return exemptions ? materialsOnFile(exemptions, held, ctx.calendar.localDate(ctx.clock.now())) : [];
}

/** A certificate's number shown on the form: the first and last characters. */
export const maskCode = (code: string) => (code.length > 8 ? `${code.slice(0, 4)}${'*'.repeat(Math.min(8, code.length - 8))}${code.slice(-4)}` : code);

/** The material rows that file each on-file certificate in its slot (a slot that already has a file keeps it). */
export function certificateRows(applicationId: number, slots: readonly Slot[], onFile: readonly OnFile[], materials: readonly repo.MaterialRow[]): repo.NewMaterialRow[] {
  const rows: repo.NewMaterialRow[] = [];
  for (const o of onFile) {
    const slot = slots.find((s) => s.name === o.material);
    if (!slot || materials.some((m) => m.slot === slot.key)) continue;
    rows.push({
      applicationId,
      slot: slot.key,
      filename: t('auto.material.filename', { title: o.certificate.title, code: o.certificate.code }),
      contentType: 'application/x-certificate',
      size: 0,
      sha256: o.certificate.code,
      source: 'certificate',
      status: 'submitted',
    });
  }
  return rows;
}

/** File the on-file certificates of a case being submitted (inside its transaction); the materials as they now are. */
export async function fileCertificates(tx: Tx, applicationId: number, slots: readonly Slot[], onFile: readonly OnFile[], materials: repo.MaterialRow[]): Promise<repo.MaterialRow[]> {
  const rows = certificateRows(applicationId, slots, onFile, materials);
  return rows.length ? [...materials, ...(await repo.insertMaterials(tx, rows))] : materials;
}

/** Slots with the ones a certificate of the applicant stands for marked (the number masked). */
export async function markOnFile<S extends SlotView>(ctx: ApplicationsContext, who: { applicantId: number; enterpriseId: number | null }, itemId: number, slots: S[]): Promise<S[]> {
  const def = ctx.definitions ? await ctx.definitions.definitionOf(itemId) : null;
  if (!automationOfDef(def)?.exemptions) return slots;
  const onFile = onFileFor(ctx, def, await heldBy(ctx, who));
  return slots.map((s) => {
    const o = onFile.find((x) => x.material === s.name);
    return o ? { ...s, onFile: { title: o.certificate.title, code: maskCode(o.certificate.code) } } : s;
  });
}
