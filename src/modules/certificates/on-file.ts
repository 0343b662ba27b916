/**
 * 免证办: which of an item's materials a person already holds as a certificate the portal issued,
 * so the application form can show "已在库，无需提交" instead of an upload slot. A material is
 * covered by a valid certificate or approval letter (never a decision letter, nor a revoked or
 * expired one) whose name it names: "企业法人营业执照" and "主办单位营业执照或法人证书" by a
 * 营业执照, "借款人及配偶居民身份证、户口簿或结婚证" by a 中华人民共和国结婚证. The words around a
 * name (原件, 复印件, 副本, a bracketed note, the national prefix) do not count.
 */
import type { HeldCertificate } from './present.js';

const core = (name: string) =>
  name
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/^中华人民共和国/, '')
    .replace(/(原件|复印件|副本|正本|电子版|扫描件)/g, '')
    .replace(/\s+/g, '')
    .trim();

/** For each material name, the held certificate that covers it (materials not covered are absent). */
export function coveredMaterials(held: readonly HeldCertificate[], materials: readonly string[]): Map<string, HeldCertificate> {
  const usable = held.filter((h) => h.status === 'valid' && h.kind !== 'decision_letter').map((h) => ({ h, name: core(h.title) })).filter((x) => x.name.length >= 3);
  const found = new Map<string, HeldCertificate>();
  for (const material of materials) {
    const m = core(material);
    // the longest name first: 食品经营许可证 before a shorter title it contains
    const hit = usable.filter((x) => m.includes(x.name)).sort((a, b) => b.name.length - a.name.length)[0];
    if (hit) found.set(material, hit.h);
  }
  return found;
}
