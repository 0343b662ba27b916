import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone, normalizeCreditCode, normalizeEmail, normalizeIdNumber, normalizePhone, parseContact } from './identity.js';

describe('identifiers', () => {
  it('accepts mainland mobile numbers in the ways people write them', () => {
    expect(normalizePhone('138 0000 0001')).toBe('13800000001');
    expect(normalizePhone('+86 138-0000-0001')).toBe('13800000001');
    expect(normalizePhone('12800000001')).toBeUndefined();
    expect(normalizePhone('1380000000')).toBeUndefined();
  });

  it('tells a phone from an e-mail address', () => {
    expect(parseContact(' LiMing@Example.com ')).toEqual({ kind: 'email', value: 'liming@example.com' });
    expect(parseContact('13800000001')).toEqual({ kind: 'phone', value: '13800000001' });
    expect(parseContact('liming@')).toBeUndefined();
    expect(normalizeEmail(`${'a'.repeat(250)}@x.cn`)).toBeUndefined();
  });

  it('checks the unified social credit code by its mod-31 check character', () => {
    expect(normalizeCreditCode('91330106ma2kq3l7xj')).toBe('91330106MA2KQ3L7XJ');
    expect(normalizeCreditCode('91330106MA2KQ3L7XK')).toBeUndefined();
    expect(normalizeCreditCode('91330106MA2KQ3L7I')).toBeUndefined();
    expect(normalizeCreditCode('91110000600037341L')).toBe('91110000600037341L');
  });

  it('checks ID-card numbers by birth date and mod-11 check character', () => {
    expect(normalizeIdNumber('330106199003070022')).toBe('330106199003070022');
    expect(normalizeIdNumber('11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeIdNumber('330106199003070023')).toBeUndefined();
    expect(normalizeIdNumber('330106199002300021')).toBeUndefined(); // 30 February
    expect(normalizeIdNumber('33010619900307002')).toBeUndefined();
  });

  it('masks personal data for display', () => {
    expect(maskPhone('13800000001')).toBe('138****0001');
    expect(maskEmail('liming@example.com')).toBe('l***@example.com');
    expect(maskIdNumber('330106199003070022')).toBe('3301**********0022');
    expect(maskName('李明')).toBe('李*');
    expect(maskName('欧阳晓明')).toBe('欧**明');
  });
});
