import { describe, expect, it } from 'vitest';
import { checkSchema } from '../../lib/validation.js';
import { buildFormDefinition } from '../../../test/factories/applications.js';
import { checkDefinition, checkFormDefinition, FormDefinition } from './form-notation.js';

const definitionProblems = (def: unknown) => {
  const schema = checkSchema(FormDefinition, def);
  return schema.length ? schema : checkDefinition(def as FormDefinition);
};

describe('the form notation', () => {
  it('accepts a form with every kind of field, conditions and repeating rows', () => {
    expect(definitionProblems(buildFormDefinition())).toEqual([]);
  });

  it('refuses a field kind it does not know, an empty form and a bad key', () => {
    expect(definitionProblems({ fields: [] }).length).toBeGreaterThan(0);
    expect(definitionProblems({ fields: [{ key: 'x', type: 'colour', label: '颜色' }] }).length).toBeGreaterThan(0);
    expect(definitionProblems({ fields: [{ key: '1st', type: 'text', label: '名称' }] }).length).toBeGreaterThan(0);
    expect(definitionProblems({ fields: [{ key: 'a', type: 'text', label: '名称', colour: 'red' }] }).length).toBeGreaterThan(0);
  });

  it('does not nest repeating rows or put files in them', () => {
    const nested = buildFormDefinition({
      fields: [{ key: 'rows', type: 'rows', label: '明细', fields: [{ key: 'inner', type: 'rows', label: '内层', fields: [{ key: 'a', type: 'text', label: '甲' }] }] }],
    } as never);
    expect(definitionProblems(nested).length).toBeGreaterThan(0);
    const file = { fields: [{ key: 'rows', type: 'rows', label: '明细', fields: [{ key: 'f', type: 'file', label: '附件', accept: ['pdf'] }] }] };
    expect(definitionProblems(file).length).toBeGreaterThan(0);
  });

  it('finds duplicate keys, at the top and inside a row', () => {
    const def = buildFormDefinition({
      fields: [
        { key: 'a', type: 'text', label: '甲' },
        { key: 'a', type: 'text', label: '乙' },
        { key: 'r', type: 'rows', label: '明细', fields: [{ key: 'x', type: 'text', label: '丙' }, { key: 'x', type: 'number', label: '丁' }] },
      ],
    });
    expect(definitionProblems(def)).toEqual([
      { where: '', field: '乙', message: '字段标识“a”重复' },
      { where: '', field: '明细·丁', message: '字段标识“x”重复' },
    ]);
  });

  it('wants a condition to point at an earlier field, not rows or files, with values among its options', () => {
    const def = buildFormDefinition({
      fields: [
        { key: 'later', type: 'text', label: '甲', showWhen: { field: 'kind' } },
        { key: 'kind', type: 'choice', label: '类型', options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
        { key: 'wrongValue', type: 'text', label: '乙', requiredWhen: { field: 'kind', anyOf: ['c'] } },
        { key: 'f', type: 'file', label: '附件', accept: ['pdf'] },
        { key: 'onFile', type: 'text', label: '丙', showWhen: { field: 'f' } },
        { key: 'self', type: 'text', label: '丁', showWhen: { field: 'self' } },
      ],
    });
    expect(definitionProblems(def).map((p) => `${p.field}: ${p.message}`)).toEqual([
      '甲: 条件引用的字段“kind”不存在，或不在本字段之前',
      '乙: 条件中的取值“c”不是“类型”的选项',
      '丙: 条件不能引用多行明细或文件字段“附件”',
      '丁: 条件引用的字段“self”不存在，或不在本字段之前',
    ]);
  });

  it('wants bounds in order and options distinct', () => {
    const def = buildFormDefinition({
      fields: [
        { key: 'n', type: 'number', label: '数量', min: 10, max: 1 },
        { key: 'd', type: 'date', label: '日期', notBefore: '2026-12-01', notAfter: '2026-01-01' },
        { key: 'c', type: 'choice', label: '类型', options: [{ value: 'a', label: 'A' }, { value: 'a', label: 'B' }] },
        { key: 't', type: 'date', label: '今天起', notBefore: 'today', notAfter: '2030-01-01' },
      ],
    });
    expect(definitionProblems(def).map((p) => `${p.field}: ${p.message}`)).toEqual(['数量: 下限不能大于上限', '日期: 下限不能大于上限', '类型: 选项取值重复']);
  });
});

describe('checking a form definition as an editor sent it', () => {
  it('reports the shape first, then the sense, under the given place', () => {
    expect(checkFormDefinition(buildFormDefinition(), '食品经营许可')).toEqual([]);
    expect(checkFormDefinition({ fields: 'name' }, '食品经营许可')[0]).toMatchObject({ where: '食品经营许可', field: '/fields' });
    const twice = { fields: [{ key: 'a', type: 'text', label: '甲' }, { key: 'a', type: 'text', label: '乙' }] };
    expect(checkFormDefinition(twice, '食品经营许可')).toEqual([{ where: '食品经营许可', field: '乙', message: '字段标识“a”重复' }]);
  });
});
