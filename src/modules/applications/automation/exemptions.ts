/**
 * 免证办: a certificate the portal issued is never asked for again. An item's exemptions name the
 * guide's materials a certificate satisfies; given what the applicant holds, each such material
 * is marked "已在库，无需提交" with the certificate used, and needs no upload.
 */
import { t } from '../../../lib/i18n/index.js';
import type { HeldCertificate } from '../definitions/types.js';
import { heldCertificate } from './facts.js';
import type { Exemption } from './notation.js';

export interface OnFile {
  material: string;
  certificate: { code: string; title: string; validUntil: string | null };
  /** 已在库，无需提交 */
  label: string;
  /** 已调用您的电子证照“…”（编号 …） */
  detail: string;
}

/** The materials the applicant need not submit on `date`, with the certificate that stands for each. */
export function materialsOnFile(exemptions: readonly Exemption[] | undefined, held: readonly HeldCertificate[], date: string): OnFile[] {
  const out: OnFile[] = [];
  for (const e of exemptions ?? []) {
    const c = heldCertificate(held, e.certificate, date);
    if (!c) continue;
    out.push({
      material: e.material,
      certificate: { code: c.code, title: c.title, validUntil: c.validUntil },
      label: t('auto.onFile'),
      detail: t('auto.onFileDetail', { title: c.title, code: c.code }),
    });
  }
  return out;
}

/**
 * Upload slots with the exempted ones no longer required: what the form shows and what the
 * submission check (materials.ts checkMaterials) takes.
 */
export function exemptSlots<S extends { name: string; required: boolean }>(slots: readonly S[], onFile: readonly OnFile[]): (S & { onFile?: OnFile })[] {
  const byName = new Map(onFile.map((o) => [o.material, o]));
  return slots.map((s) => {
    const o = byName.get(s.name);
    return o ? { ...s, required: false, onFile: o } : { ...s };
  });
}
