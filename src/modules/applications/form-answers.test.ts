import { describe, expect, it } from 'vitest';
import { buildFormDefinition, VALID_CREDIT_CODE, VALID_ID_NUMBER } from '../../../test/factories/applications.js';
import { checkAnswers, prefillAnswers, readAnswers } from './form-answers.js';

const form = buildFormDefinition();
const today = '2026-12-05';
const pdf = { id: 'f1', name: '营业执照.pdf', contentType: 'application/pdf', size: 120_000 };
const valid = {
  name: ' 张三 ',
  idNumber: '11010519491231002x',
  phone: '138 0000 0001',
  kind: 'new',
  capital: '50',
  startDate: '2026-12-20',
  creditCode: VALID_CREDIT_CODE,
  address: '示范市东湖区测试路1号',
  shareholders: [{ name: '李四', idNumber: VALID_ID_NUMBER, share: 100 }],
  licence: [pdf],
};
const messages = (raw: unknown) => checkAnswers(form, raw, { today }).map((p) => p.message);

describe('checking the answers to a form', () => {
  it('accepts a complete form and gives the answers back cleaned', () => {
    const { answers, problems } = readAnswers(form, valid, { today });
    expect(problems).toEqual([]);
    expect(answers).toEqual({
      ...valid,
      name: '张三',
      idNumber: VALID_ID_NUMBER,
      phone: '13800000001',
      capital: 50,
    });
  });

  it('asks for every missing required field at once, in words the applicant understands', () => {
    expect(checkAnswers(form, {}, { today })).toEqual([
      { where: '', field: '申请人姓名', path: 'name', message: '请填写申请人姓名' },
      { where: '', field: '身份证号码', path: 'idNumber', message: '请填写身份证号码' },
      { where: '', field: '联系电话', path: 'phone', message: '请填写联系电话' },
      { where: '', field: '申请类型', path: 'kind', message: '请选择申请类型' },
      { where: '', field: '营业执照', path: 'licence', message: '请上传营业执照' },
    ]);
  });

  it('checks ID-card numbers, credit codes and phones by their check characters', () => {
    expect(messages({ ...valid, idNumber: '110105194912310021', creditCode: '91350100M000100Y44', phone: '0799-8200001' })).toEqual([
      '身份证号码不是有效的 18 位公民身份号码，请核对出生日期和最后一位校验码',
      '联系电话应为 11 位手机号码',
      '统一社会信用代码不是有效的 18 位统一社会信用代码，请核对最后一位校验码',
    ]);
    const landline = buildFormDefinition({ fields: [{ key: 'tel', type: 'phone', label: '办公电话' }] });
    expect(readAnswers(landline, { tel: '0799-8200001' }).answers).toEqual({ tel: '0799-8200001' });
    expect(checkAnswers(landline, { tel: '12345' }).map((p) => p.message)).toEqual(['办公电话应为手机号码或带区号的固定电话（如 0799-8200001）']);
  });

  it('checks numbers, dates and choices against their bounds and options', () => {
    expect(messages({ ...valid, capital: '十万', startDate: '2026-02-30', kind: 'other' })).toEqual([
      '申请类型的选项“other”不在可选范围内',
      '注册资本应为数字',
      '拟开业日期应为有效日期，格式如 2026-10-08',
    ]);
    expect(messages({ ...valid, capital: 200000, startDate: '2026-12-04' })).toEqual(['注册资本不能大于 100000万元', '拟开业日期不能早于 2026-12-05']);
    expect(messages({ ...valid, kind: ['new', 'lost'] })).toEqual(['申请类型只能选择一项']);
  });

  it('shows and requires a field only when its condition holds, and drops it otherwise', () => {
    expect(messages({ ...valid, kind: 'lost' })).toEqual(['请填写遗失说明']);
    const shown = readAnswers(form, { ...valid, kind: 'lost', lostReport: '在公交车上遗失' }, { today });
    expect(shown.problems).toEqual([]);
    expect(shown.answers.lostReport).toBe('在公交车上遗失');
    // sent while hidden (the applicant changed the choice back): dropped, not stored
    const hidden = readAnswers(form, { ...valid, kind: 'new', lostReport: '在公交车上遗失' }, { today });
    expect(hidden.problems).toEqual([]);
    expect(hidden.answers).not.toHaveProperty('lostReport');
    // the address is required once a capital is given
    const { address: _a, capital: _c, ...withoutCapital } = valid;
    expect(messages(withoutCapital)).toEqual([]);
    expect(messages({ ...withoutCapital, capital: 1 })).toEqual(['请填写经营地址']);
  });

  it('refuses a field the form does not have (a field of another item)', () => {
    expect(checkAnswers(form, { ...valid, vehiclePlate: '示A12345' }, { today })).toEqual([
      { where: '', field: 'vehiclePlate', path: 'vehiclePlate', message: '本事项的申请表中没有“vehiclePlate”这一项' },
    ]);
    expect(messages('name=张三')).toEqual(['申请表内容格式不正确，请重新填写']);
    expect(messages([valid])).toEqual(['申请表内容格式不正确，请重新填写']);
  });

  it('checks each repeating row and names the row in the message', () => {
    const rows = [
      { name: '李四', idNumber: VALID_ID_NUMBER },
      { name: '', idNumber: '123', share: 120, colour: 'red' },
    ];
    expect(checkAnswers(form, { ...valid, shareholders: rows }, { today })).toEqual([
      { where: '', field: '股东信息', path: 'shareholders[1].colour', message: '股东信息第 2 行中没有“colour”这一项' },
      { where: '', field: '股东信息第 2 行的姓名', path: 'shareholders[1].name', message: '请填写股东信息第 2 行的姓名' },
      {
        where: '',
        field: '股东信息第 2 行的身份证号码',
        path: 'shareholders[1].idNumber',
        message: '股东信息第 2 行的身份证号码不是有效的 18 位公民身份号码，请核对出生日期和最后一位校验码',
      },
      { where: '', field: '股东信息第 2 行的出资比例', path: 'shareholders[1].share', message: '股东信息第 2 行的出资比例不能大于 100%' },
    ]);
    expect(messages({ ...valid, shareholders: Array.from({ length: 11 }, () => valid.shareholders[0]) })).toEqual(['股东信息最多填写 10 行']);
    expect(messages({ ...valid, shareholders: '李四' })).toEqual(['股东信息的格式不正确，请逐行填写']);
    // a date in a row bounded by today
    const family = buildFormDefinition({
      fields: [{ key: 'members', type: 'rows', label: '家庭成员', fields: [{ key: 'born', type: 'date', label: '出生日期', notAfter: 'today' }] }],
    });
    expect(checkAnswers(family, { members: [{ born: '2026-12-05' }, { born: '2026-12-06' }] }, { today }).map((p) => p.message)).toEqual([
      '家庭成员第 2 行的出生日期不能晚于 2026-12-05',
    ]);
  });

  it('checks a file slot: what it accepts, how many and how large', () => {
    const gif = { id: 'f2', name: 'scan.gif', contentType: 'image/gif', size: 10 };
    const zip = { id: 'f3', name: '执照.zip', contentType: 'application/zip', size: 10 };
    expect(messages({ ...valid, licence: [pdf, gif] })).toEqual([]);
    expect(messages({ ...valid, licence: [zip] })).toEqual(['营业执照只接受 PDF、图片（JPG、PNG、GIF、WebP） 文件，“执照.zip”不是']);
    expect(messages({ ...valid, licence: [{ ...pdf, size: 6 * 1024 * 1024 }] })).toEqual(['营业执照的文件“营业执照.pdf”超过 5 MB，请压缩后重新上传']);
    expect(messages({ ...valid, licence: [pdf, gif, pdf] })).toEqual(['营业执照最多上传 2 个文件']);
    expect(messages({ ...valid, licence: [{ id: '../../etc/passwd', name: 'x', contentType: 'application/pdf', size: 1 }] })).toEqual([
      '营业执照的文件信息不正确，请重新上传',
    ]);
    // one file sent without the list around it
    expect(readAnswers(form, { ...valid, licence: pdf }, { today }).answers.licence).toEqual([pdf]);
  });

  it('fills in what the account knows, and only the fields that ask for it', () => {
    expect(prefillAnswers(form, { name: '张三', phone: '13800000001', idNumber: null })).toEqual({ name: '张三', phone: '13800000001' });
    expect(prefillAnswers(form, { name: '王五', enterprise: { name: '示范科技有限公司', creditCode: VALID_CREDIT_CODE } })).toEqual({
      name: '王五',
      creditCode: VALID_CREDIT_CODE,
    });
  });
});
