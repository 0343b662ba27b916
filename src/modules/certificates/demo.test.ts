/**
 * The demo's certificates (data/demo/certificates.json) name real demo records: every item by a
 * 实施编码 the demo catalogue has, every holder a demo citizen or enterprise, and each document
 * passes the same check `issue` applies. (Loading it runs with `yimen seed --demo`; checked here
 * from the files alone, without seeding the whole demo.)
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DIR, readDemoAccounts, readDemoCertificates } from '../../cli/seed.js';
import { readBundleDir } from '../catalog/index.js';
import { checkCertificateInput } from './forms.js';

describe('demo certificates', () => {
  const demo = readDemoCertificates()!;
  const accounts = readDemoAccounts()!;

  it('name demo items and demo people, and show every status and kind', () => {
    const { bundle } = readBundleDir(DEMO_DIR);
    const codes = new Set(bundle.items.map((i) => i.implCode));
    expect(demo.length).toBeGreaterThanOrEqual(6);
    for (const d of demo) {
      expect(codes.has(d.item), d.item).toBe(true);
      if ('phone' in d.holder) expect(accounts.citizens.map((c) => c.phone)).toContain(d.holder.phone);
      else expect(accounts.enterprises.map((e) => e.creditCode)).toContain(d.holder.creditCode);
      const { holder: _h, item: _i, issuedAt: _at, revoked: _r, ...rest } = d;
      expect(() => checkCertificateInput({ ...rest, holder: { userId: 1, enterpriseId: null, name: '李明', idNumber: null, creditCode: null }, itemId: 1, itemName: '事项', departmentId: 1, departmentName: '部门' })).not.toThrow();
    }
    expect(new Set(demo.map((d) => d.kind))).toEqual(new Set(['certificate', 'approval_letter', 'decision_letter']));
    expect(demo.some((d) => d.revoked)).toBe(true);
    expect(demo.some((d) => d.validUntil !== null && d.validUntil < '2026-12-01')).toBe(true);
    expect(new Set(demo.map((d) => `${d.sourceNo}|${d.kind}|${d.title}`)).size).toBe(demo.length);
  });
});
