import { describe, expect, it } from 'vitest';
import type { HeldCertificate } from '../definitions/types.js';
import { buildFormDefinition } from '../../../../test/factories/applications.js';
import {
  type BundleDefinition,
  ageOn,
  anniversary,
  checkAutomation,
  checkBundle,
  combinedStatus,
  decideInstantly,
  eligibleOn,
  exemptSlots,
  type InstantRule,
  materialsOnFile,
  planBundle,
  type ProactiveRule,
  proactiveOpenings,
  readyParts,
  sampledForReview,
} from './index.js';

/** A valid 公民身份号码 for a birth date (region 360102: 示范市东湖区). */
function idFor(birth: string, seq = '001', region = '360102'): string {
  const body = `${region}${birth.replaceAll('-', '')}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (w[i] as number);
  return body + '10X98765432'[sum % 11];
}

const cert = (o: Partial<HeldCertificate> = {}): HeldCertificate => ({
  code: 'SF-2026-000123',
  kind: 'certificate',
  title: '营业执照',
  itemId: 1,
  validUntil: null,
  status: 'valid',
  issuedAt: '2026-03-02T09:00:00Z',
  ...o,
});

describe('ages from the ID number', () => {
  it('counts full years, the birthday included', () => {
    expect(ageOn('1946-12-05', '2026-12-04')).toBe(79);
    expect(ageOn('1946-12-05', '2026-12-05')).toBe(80);
    expect(ageOn('1946-12-05', '2027-01-01')).toBe(80);
  });
  it('lets someone born on 29 February reach an age on 1 March in a common year, on 29 February in a leap year', () => {
    expect(anniversary('1944-02-29', 80)).toBe('2024-02-29');
    expect(anniversary('1946-02-28', 80)).toBe('2026-02-28');
    expect(anniversary('1948-02-29', 80)).toBe('2028-02-29');
    expect(anniversary('1947-02-28', 80)).toBe('2027-02-28');
    expect(anniversary('1948-02-29', 79)).toBe('2027-03-01');
    expect(ageOn('1948-02-29', '2027-02-28')).toBe(78);
    expect(ageOn('1948-02-29', '2027-03-01')).toBe(79);
  });
});

describe('秒批', () => {
  const rule: InstantRule = {
    basis: '《示范市高龄津贴发放办法》第五条',
    sample: { oneIn: 10 },
    conditions: [
      { label: '年满80周岁', fact: 'age', op: 'gte', value: 80, onFail: 'deny' },
      { label: '户籍在示范市', fact: 'idRegion', op: 'startsWith', value: '3601' },
      { label: '持有社会保障卡', fact: 'certificate', op: 'holds', value: '社会保障卡' },
      { label: '选择发放方式', fact: 'answer', field: 'payTo', op: 'in', value: ['社保卡', '银行卡'] },
    ],
  };
  const card = cert({ title: '社会保障卡', code: 'SB-3601-88', validUntil: '2030-12-31' });

  it('grants when every condition is checked from the portal’s data, and explains each', () => {
    const d = decideInstantly(rule, { idNumber: idFor('1945-06-01'), certificates: [card], answers: { payTo: '社保卡' } }, { date: '2026-12-05', caseNo: 'SQ20261205000002' });
    expect(d.decision).toBe('approve');
    expect(d.checks.every((c) => c.ok)).toBe(true);
    expect(d.explanation).toContain('全部 4 项条件均已通过平台数据核验，依据《示范市高龄津贴发放办法》第五条，系统自动作出准予决定。');
    expect(d.explanation).toContain('年满80周岁：申请人年龄为81 周岁，要求不小于80 周岁——符合');
    expect(d.explanation).toContain('持有社会保障卡：已持有有效的“社会保障卡”（证照编号 SB-3601-88，有效期至 2030-12-31）——符合');
    expect(d.explanation).toContain('申请表“payTo”为社保卡，要求属于社保卡、银行卡——符合');
  });

  it('denies on a failed legal requirement, sends the rest to a person, and never guesses a missing fact', () => {
    const young = decideInstantly(rule, { idNumber: idFor('1950-01-01'), certificates: [card], answers: { payTo: '社保卡' } }, { date: '2026-12-05', caseNo: 'A1' });
    expect(young.decision).toBe('deny');
    expect(young.explanation).toContain('条件“年满80周岁”不符合');
    expect(young.explanation).toContain('——不符合');
    const outsider = decideInstantly(rule, { idNumber: idFor('1945-06-01', '001', '110105'), certificates: [card], answers: { payTo: '社保卡' } }, { date: '2026-12-05', caseNo: 'A2' });
    expect(outsider.decision).toBe('manual');
    expect(outsider.sampled).toBe(false);
    const unknown = decideInstantly(rule, { idNumber: null, certificates: [], answers: {} }, { date: '2026-12-05', caseNo: 'A3' });
    expect(unknown.decision).toBe('manual');
    expect(unknown.explanation).toContain('平台未掌握申请人年龄，无法自动核验——转人工审核');
    const revoked = decideInstantly(rule, { idNumber: idFor('1945-06-01'), certificates: [{ ...card, status: 'revoked' }], answers: { payTo: '社保卡' } }, { date: '2026-12-05', caseNo: 'A4' });
    expect(revoked.checks[2]).toMatchObject({ ok: false });
    const expired = decideInstantly(rule, { idNumber: idFor('1945-06-01'), certificates: [{ ...card, validUntil: '2026-12-04' }], answers: { payTo: '社保卡' } }, { date: '2026-12-05', caseNo: 'A5' });
    expect(expired.decision).toBe('manual');
  });

  it('queues about 1 in N automatic decisions for human review, the same way every time for a case', () => {
    const n = 2000;
    const sampled = Array.from({ length: n }, (_, i) => sampledForReview(`SQ2026${String(i).padStart(8, '0')}`, 10)).filter(Boolean).length;
    expect(sampled).toBeGreaterThan(n / 10 / 2);
    expect(sampled).toBeLessThan((n / 10) * 2);
    expect(sampledForReview('SQ1', 10)).toBe(sampledForReview('SQ1', 10));
    expect(sampledForReview('SQ1', 1)).toBe(true);
  });

  it('reads the enterprise register: status, years since establishment, region from the credit code', () => {
    const r: InstantRule = {
      basis: '《食品经营许可和备案管理办法》',
      sample: { oneIn: 1 },
      conditions: [
        { label: '企业存续', fact: 'enterpriseStatus', op: 'eq', value: '存续', onFail: 'deny' },
        { label: '在本市登记', fact: 'enterpriseRegion', op: 'startsWith', value: '3601' },
        { label: '成立满1年', fact: 'enterpriseYears', op: 'gte', value: 1 },
      ],
    };
    const e = { name: '示范市禾丰餐饮有限公司', creditCode: '91360102MA35XXXX0Q', status: '存续', establishedOn: '2024-05-01' };
    const d = decideInstantly(r, { enterprise: e }, { date: '2026-12-05', caseNo: 'X' });
    expect(d).toMatchObject({ decision: 'approve', sampled: true });
    expect(d.explanation).toContain('企业成立年限为2 年');
    expect(decideInstantly(r, { enterprise: { ...e, status: '吊销' } }, { date: '2026-12-05', caseNo: 'X' }).decision).toBe('deny');
  });
});

describe('the automation notation', () => {
  const form = buildFormDefinition();
  it('says in Chinese what is wrong', () => {
    expect(checkAutomation({ instant: { conditions: [], sample: { oneIn: 0 }, basis: '' } }, form, []).length).toBeGreaterThan(0);
    const problems = checkAutomation(
      {
        instant: {
          basis: '某办法',
          sample: { oneIn: 5 },
          conditions: [
            { label: '选项', fact: 'answer', field: 'noSuchField', op: 'eq', value: 'x' },
            { label: '年龄', fact: 'age', op: 'gte', value: '八十' },
            { label: '持证', fact: 'certificate', op: 'holds' },
            { label: '范围', fact: 'sex', op: 'in', value: '男' },
          ],
        },
        exemptions: [
          { material: '营业执照副本', certificate: '营业执照' },
          { material: '营业执照副本', certificate: '营业执照' },
          { material: '不存在的材料', certificate: '营业执照' },
        ],
      },
      form,
      ['营业执照副本'],
    );
    const messages = problems.map((p) => p.message);
    expect(messages).toContain('条件“选项”引用的申请表字段“noSuchField”不存在');
    expect(messages).toContain('条件“年龄”的比较方式“不小于”须给出数字');
    expect(messages).toContain('条件“持证”须写明证照名称（value）');
    expect(messages).toContain('条件“范围”的比较方式“属于”须给出取值列表');
    expect(messages).toContain('免证办的材料“营业执照副本”重复');
    expect(messages).toContain('免证办的材料“不存在的材料”不在办事指南的申请材料中');
    expect(checkAutomation({ nonsense: 1 }, form, []).length).toBe(1);
  });
});

describe('免证办', () => {
  it('marks a material a valid certificate satisfies as on file and no longer required', () => {
    const exemptions = [
      { material: '营业执照', certificate: '营业执照' },
      { material: '食品经营许可证', certificate: '食品经营许可证' },
    ];
    const held = [cert(), cert({ title: '食品经营许可证', code: 'JY-1', status: 'revoked' })];
    const onFile = materialsOnFile(exemptions, held, '2026-12-05');
    expect(onFile).toEqual([
      { material: '营业执照', certificate: { code: 'SF-2026-000123', title: '营业执照', validUntil: null }, label: '已在库，无需提交', detail: '已调用您的电子证照“营业执照”（编号 SF-2026-000123）' },
    ]);
    const slots = exemptSlots(
      [
        { name: '营业执照', required: true },
        { name: '食品经营许可证', required: true },
      ],
      onFile,
    );
    expect(slots[0]).toMatchObject({ required: false, onFile: { label: '已在库，无需提交' } });
    expect(slots[1]).toEqual({ name: '食品经营许可证', required: true });
  });
});

describe('免申即享', () => {
  const rule: ProactiveRule = {
    trigger: { kind: 'age', years: 80 },
    conditions: [{ label: '户籍在示范市', fact: 'idRegion', op: 'startsWith', value: '3601' }],
    notice: '您已年满80周岁，系统已为您生成高龄津贴申请，请核对后确认。',
  };
  const people = [
    { userId: 1, idNumber: idFor('1946-12-05') },
    { userId: 2, idNumber: idFor('1946-12-06') },
    { userId: 3, idNumber: idFor('1946-12-04') },
    { userId: 4, idNumber: idFor('1946-12-05', '002', '110105') },
    { userId: 5, idNumber: idFor('1948-02-29', '003') },
    { userId: 6, idNumber: null },
  ];

  it('finds who turns 80 on the day, not the day before or after, and only in the city', () => {
    expect(eligibleOn(rule, people, '2026-12-05').map((e) => e.person.userId)).toEqual([1]);
    expect(eligibleOn(rule, people, '2026-12-05')[0]).toMatchObject({ since: '2026-12-05', reason: '2026-12-05年满 80 周岁' });
    expect(eligibleOn(rule, people, '2026-12-06').map((e) => e.person.userId)).toEqual([2]);
    expect(eligibleOn(rule, people, '2026-12-04').map((e) => e.person.userId)).toEqual([3]);
    expect(eligibleOn(rule, people, '2026-12-06', { since: '2026-12-03' }).map((e) => e.person.userId)).toEqual([1, 2, 3]);
  });

  it('takes someone born on 29 February on 29 February of a leap year, 1 March otherwise', () => {
    expect(eligibleOn(rule, people, '2028-02-29').map((e) => e.person.userId)).toEqual([5]);
    const at79 = { ...rule, trigger: { kind: 'age' as const, years: 79 } };
    expect(eligibleOn(at79, people, '2027-02-28')).toEqual([]);
    expect(eligibleOn(at79, people, '2027-03-01').map((e) => e.person.userId)).toEqual([5]);
  });

  it('lists what a daily job opens, per item with a proactive rule, catching up missed days', () => {
    const defs = [
      { itemId: 7, version: 2, automation: { proactive: rule } },
      { itemId: 8, version: 1, automation: { proactive: { ...rule, trigger: { kind: 'age' as const, years: 60 }, notice: '您已年满60周岁，可申领老年人优待证。' } } },
      { itemId: 9, version: 1, automation: null },
    ];
    const today = [{ userId: 11, idNumber: idFor('1946-12-05') }, { userId: 12, idNumber: idFor('1966-12-04') }];
    expect(proactiveOpenings(defs, today, '2026-12-05').map((o) => [o.itemId, o.version, o.person.userId])).toEqual([[7, 2, 11]]);
    const both = proactiveOpenings(defs, today, '2026-12-05', { since: '2026-12-03' });
    expect(both.map((o) => [o.itemId, o.person.userId])).toEqual([
      [7, 11],
      [8, 12],
    ]);
    expect(both[1]?.notice).toBe('您已年满60周岁，可申领老年人优待证。（2026-12-04年满 60 周岁）');
  });

  it('opens an application when a certificate is issued (育儿补贴 after the 出生医学证明)', () => {
    const r: ProactiveRule = { trigger: { kind: 'certificate', title: '出生医学证明' }, notice: '宝宝出生了，育儿补贴已为您准备好。' };
    const parent = { userId: 9, idNumber: idFor('1995-03-01'), certificates: [cert({ title: '出生医学证明', issuedAt: '2026-12-05T02:00:00Z' })] };
    expect(eligibleOn(r, [parent], '2026-12-05')).toHaveLength(1);
    expect(eligibleOn(r, [parent], '2026-12-06')).toHaveLength(0);
    expect(eligibleOn(r, [{ ...parent, certificates: [cert({ title: '出生医学证明', issuedAt: '2026-12-05T02:00:00Z', status: 'revoked' })] }], '2026-12-05')).toHaveLength(0);
  });
});

describe('一件事一次办', () => {
  const form = {
    fields: [
      { key: 'babyName', type: 'text', label: '新生儿姓名', required: true },
      { key: 'fatherId', type: 'idNumber', label: '父亲身份证号码', required: true },
      { key: 'birthProof', type: 'file', label: '出生医学证明', accept: ['pdf', 'image'] },
    ],
  } as BundleDefinition['form'];
  const bundle: BundleDefinition = {
    slug: 'newborn',
    title: '新生儿出生一件事',
    aliases: ['生孩子办什么'],
    audience: 'citizen',
    summary: '一张表办齐出生医学证明、户口登记、医保参保和社保卡。',
    form,
    order: 'birthCert → hukou → insurance → card',
    parts: [
      { key: 'birthCert', title: '出生医学证明', item: '11360121MB000821002000', answers: { childName: 'babyName' } },
      { key: 'hukou', title: '户口登记', item: '11360108MB000208003000', answers: { childName: 'babyName', fatherId: 'fatherId' }, files: { 出生医学证明: 'birthProof' } },
      { key: 'insurance', title: '医保参保', item: '11360128MB000828002000', fixed: { kind: 'newborn' } },
      { key: 'card', title: '社保卡', item: '11360112MB000812001000' },
    ],
  };

  it('splits one submission into linked applications, each waiting for the one before', () => {
    expect(checkBundle(bundle)).toEqual([]);
    const plan = planBundle(bundle, { babyName: '李小禾', fatherId: '36010219900101001X' }, { birthProof: ['file-1'] });
    expect(plan.map((p) => [p.key, p.dependsOn])).toEqual([
      ['birthCert', []],
      ['hukou', ['birthCert']],
      ['insurance', ['hukou']],
      ['card', ['insurance']],
    ]);
    expect(plan[1]).toMatchObject({ answers: { childName: '李小禾', fatherId: '36010219900101001X' }, files: { 出生医学证明: ['file-1'] } });
    expect(plan[2]?.answers).toEqual({ kind: 'newborn' });
    expect(readyParts(plan, {})).toEqual(['birthCert']);
    expect(readyParts(plan, { birthCert: 'approved' })).toEqual(['hukou']);
    expect(readyParts(plan, { birthCert: 'denied' })).toEqual([]);
  });

  it('runs parallel parts together and joins them', () => {
    const b = { ...bundle, order: 'birthCert → (hukou ‖ insurance) → card' };
    const plan = planBundle(b, {}, {});
    expect(Object.fromEntries(plan.map((p) => [p.key, p.dependsOn]))).toEqual({ birthCert: [], hukou: ['birthCert'], insurance: ['birthCert'], card: ['hukou', 'insurance'] });
    expect(readyParts(plan, { birthCert: 'approved' })).toEqual(['hukou', 'insurance']);
    expect(readyParts(plan, { birthCert: 'approved', hukou: 'approved', insurance: 'reviewing' })).toEqual([]);
    const flat = planBundle({ ...bundle, order: 'birthCert || hukou || insurance || card' }, {}, {});
    expect(flat.every((p) => p.dependsOn.length === 0)).toBe(true);
  });

  it('says in Chinese what is wrong with a bundle', () => {
    const messages = (o: Partial<BundleDefinition>) => checkBundle({ ...bundle, ...o }).map((p) => p.message);
    expect(messages({ order: 'birthCert → hukou → insurance' })).toContain('办理顺序“birthCert → hukou → insurance”有误：事项“card”未写入办理顺序');
    expect(messages({ order: 'birthCert → hukou → insurance → card → hukou' })[0]).toContain('事项“hukou”出现了不止一次');
    expect(messages({ order: 'birthCert → hukou → insurance → cards' })[0]).toContain('没有标识为“cards”的事项');
    expect(messages({ order: 'birthCert → (hukou ‖ insurance → card' })[0]).toContain('表达式不完整');
    expect(messages({ order: 'birthCert → hukou ＋ insurance → card' })[0]).toContain('无法识别“＋”');
    expect(messages({ parts: [...bundle.parts.slice(0, 3), { key: 'card', title: '社保卡', item: '11360112MB000812001000', answers: { x: 'nope' }, files: { 照片: 'babyName' } }] })).toEqual([
      '事项“社保卡”取用的合并表字段“nope”不存在',
      '事项“社保卡”的材料取用的合并表字段“babyName”不是文件字段',
    ]);
    const items = new Map([['11360121MB000821002000', { name: '出生医学证明办理', form: { fields: [{ key: 'mother', type: 'text', label: '母亲姓名' }] } as BundleDefinition['form'] }]]);
    const withItems = checkBundle(bundle, items).map((p) => p.message);
    expect(withItems).toContain('事项“出生医学证明”的申请表中没有字段“childName”');
    expect(withItems).toContain('事项“户口登记”的事项编码“11360108MB000208003000”不存在或未开通在线办理');
  });

  it('gives the applicant one status', () => {
    expect(combinedStatus(['draft', 'waiting', 'waiting'])).toMatchObject({ status: 'draft', label: '未提交' });
    expect(combinedStatus(['approved', 'reviewing', 'waiting', 'waiting'])).toMatchObject({ status: 'inProgress', label: '办理中（已办结 1/4 项）' });
    expect(combinedStatus(['approved', 'correcting', 'waiting'])).toMatchObject({ status: 'needsAction', label: '待您补正材料' });
    expect(combinedStatus(['approved', 'denied', 'waiting'])).toMatchObject({ status: 'blocked' });
    expect(combinedStatus(['approved', 'approved'])).toMatchObject({ status: 'completed', label: '全部办结', done: 2, total: 2 });
    expect(combinedStatus(['withdrawn', 'withdrawn'])).toMatchObject({ status: 'withdrawn' });
  });
});
