/** 免证办: which materials a held certificate covers. */
import { describe, expect, it } from 'vitest';
import { coveredMaterials } from './on-file.js';
import type { HeldCertificate } from './present.js';

const held = (title: string, o: Partial<HeldCertificate> = {}): HeldCertificate => ({
  code: `C-${title}`,
  kind: 'certificate',
  title,
  itemId: 1,
  validUntil: null,
  status: 'valid',
  issuedAt: '2026-01-01T00:00:00.000Z',
  ...o,
});

describe('coveredMaterials', () => {
  it('finds a material that names a valid held certificate, whatever words surround it', () => {
    const found = coveredMaterials(
      [held('营业执照'), held('中华人民共和国结婚证'), held('食品经营许可证（新址）')],
      ['企业法人营业执照', '主办单位营业执照或法人证书', '借款人及配偶居民身份证、户口簿或结婚证', '食品经营许可证复印件', '从业人员健康证明'],
    );
    expect([...found.keys()]).toEqual(['企业法人营业执照', '主办单位营业执照或法人证书', '借款人及配偶居民身份证、户口簿或结婚证', '食品经营许可证复印件']);
    expect(found.get('食品经营许可证复印件')?.title).toBe('食品经营许可证（新址）');
  });

  it('never counts a revoked or expired certificate, or a decision letter', () => {
    const found = coveredMaterials(
      [held('营业执照', { status: 'revoked' }), held('无犯罪记录证明', { status: 'expired' }), held('食品经营许可证', { kind: 'decision_letter' })],
      ['营业执照', '无犯罪记录证明', '食品经营许可证'],
    );
    expect(found.size).toBe(0);
  });
});
