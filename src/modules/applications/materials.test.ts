import { describe, expect, it } from 'vitest';
import { buildFormDefinition } from '../../../test/factories/applications.js';
import { checkFormAgainstGuide, checkMaterials, materialSlots } from './materials.js';

const guide = [
  { name: '营业执照副本', required: true },
  { name: '经营场所证明', required: true },
  { name: '授权委托书', required: false },
];
const form = buildFormDefinition();
const pdf = (name: string) => ({ id: name.replace(/\W/g, '') || 'f', name, contentType: 'application/pdf', size: 1000 });

describe('materials', () => {
  it('makes every material of the guide an upload slot, using the form’s file field where it has one', () => {
    const slots = materialSlots(guide, form);
    expect(slots.map((s) => [s.key, s.name, s.required, s.accept.join('+'), s.maxSizeMb])).toEqual([
      ['licence', '营业执照副本', true, 'pdf+image', 5],
      ['经营场所证明', '经营场所证明', true, 'pdf+image', 10],
      ['授权委托书', '授权委托书', false, 'pdf+image', 10],
    ]);
    expect(materialSlots(guide, null)).toHaveLength(3);
    // a file field for something the guide does not list is a slot of its own
    const extra = buildFormDefinition({ fields: [{ key: 'photo', type: 'file', label: '门头照片', accept: ['image'], required: true }] });
    expect(materialSlots(guide, extra).at(-1)).toMatchObject({ key: 'photo', name: '门头照片', required: true, accept: ['image'] });
  });

  it('finds a form file field naming a material the guide does not list', () => {
    const wrong = buildFormDefinition({ fields: [{ key: 'permit', type: 'file', label: '许可证', accept: ['pdf'], material: '卫生许可证' }] });
    expect(checkFormAgainstGuide(wrong, guide)).toEqual([{ where: '', field: '许可证', message: '对应的材料“卫生许可证”不在办事指南的申请材料中' }]);
    expect(checkFormAgainstGuide(form, guide)).toEqual([]);
  });

  it('checks the uploads: each required material, no slot of another item, what each slot accepts', () => {
    const slots = materialSlots(guide, form);
    expect(checkMaterials(slots, { licence: [pdf('执照.pdf')], 经营场所证明: [pdf('租赁合同.pdf')] })).toEqual([]);
    expect(checkMaterials(slots, { licence: [pdf('执照.pdf')], 房产证: [pdf('房产证.pdf')] })).toEqual([
      { where: '', field: '房产证', path: '房产证', message: '本事项没有“房产证”这项材料' },
      { where: '', field: '经营场所证明', path: '经营场所证明', message: '请上传经营场所证明' },
    ]);
    const zip = { id: 'z', name: '合同.zip', contentType: 'application/zip', size: 10 };
    expect(checkMaterials(slots, { licence: [pdf('执照.pdf')], 经营场所证明: [zip] }).map((p) => p.message)).toEqual([
      '经营场所证明只接受 PDF、图片（JPG、PNG、GIF、WebP） 文件，“合同.zip”不是',
    ]);
  });
});
