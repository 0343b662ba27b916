/**
 * The demo catalogue of 示范市: complete (no required field empty, every reference resolves),
 * large enough, carrying every item a citizen is sure to look for under its official name, with
 * the everyday names people type — and every guide in it renders.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIR, seedDemo } from '../../cli/seed.js';
import { readBundleDir, validateBundle } from './index.js';
import { testApp } from '../../../test/helpers.js';

const REQUIRED = `居民身份证申领 居民身份证换领 居民身份证补领 出生登记 户口迁入 居住证申领 普通护照签发 往来港澳通行证及签注
往来台湾通行证及签注 机动车驾驶证补领 机动车驾驶证期满换证 机动车驾驶人信息变更 机动车注册登记 机动车检验合格标志核发
交通违法处理 生育登记 内地居民结婚登记 内地居民离婚登记 出生医学证明办理 城乡居民基本医疗保险参保登记 新生儿参加居民医保
基本医疗保险异地就医备案 生育津贴申领 职工基本养老保险关系转移接续 失业保险金申领 工伤认定申请 劳动能力鉴定
劳动人事争议仲裁申请 住房公积金提取 住房公积金个人住房贷款 公共租赁住房申请 人才住房申请 新市民积分入户申请 既有住宅加装电梯
不动产登记 商品房买卖合同网签备案 公办小学新生入学报名 公办初中新生入学 公办幼儿园招生报名 高校毕业生就业报到 人事档案转递
就业登记 创业担保贷款 最低生活保障申请 特困人员救助供养 残疾人证办理 老年人优待证办理 高龄津贴申领 医疗救助申请
家庭医生签约服务 预防接种 医院预约挂号 法律援助申请 无犯罪记录证明开具 个人所得税专项附加扣除 图书馆读者证办理 户口注销(死亡)
企业设立登记 个体工商户登记 企业变更登记 企业注销登记 食品经营许可 建筑工程施工许可证核发 建设工程规划许可证核发
建筑业企业资质认定 企业年度报告公示 发票领用 单位社会保险登记 住房公积金单位缴存登记 排污许可
公众聚集场所投入使用营业前消防安全检查 道路运输经营许可 药品经营许可 人力资源服务许可 高新技术企业认定`.split(/\s+/);

/** Everyday names a citizen types, and the official item each must belong to. */
const EVERYDAY: [string, string][] = [
  ['驾照', '机动车驾驶证补领'],
  ['准生证', '生育登记'],
  ['一胎证', '生育登记'],
  ['营业执照', '企业设立登记'],
  ['低保', '最低生活保障申请'],
  ['公积金', '住房公积金提取'],
];

const { bundle, origins } = readBundleDir(DEMO_DIR);

describe('demo catalogue data', () => {
  it('has no problem: every required field filled, every reference resolves', () => {
    expect(validateBundle(bundle, { origins })).toEqual([]);
  });

  it('is large enough: ≥ 40 departments and ≥ 300 items', () => {
    expect(bundle.departments.length).toBeGreaterThanOrEqual(40);
    expect(bundle.items.length).toBeGreaterThanOrEqual(300);
  });

  it('carries every item citizens look for, under its official name', () => {
    const names = new Set(bundle.items.map((i) => i.name.replace(/（/g, '(').replace(/）/g, ')')));
    expect(REQUIRED.filter((n) => !names.has(n))).toEqual([]);
  });

  it('carries the everyday names people type as aliases', () => {
    for (const [everyday, official] of EVERYDAY) {
      const item = bundle.items.find((i) => i.name === official);
      expect(item?.aliases.some((a) => a.includes(everyday)), `${official} ← ${everyday}`).toBe(true);
    }
  });

  it('gives every theme and every special group some services', () => {
    for (const th of bundle.themes) expect(bundle.items.some((i) => i.themes.includes(th.slug)), th.name).toBe(true);
    for (const g of bundle.specialGroups)
      expect(bundle.items.some((i) => i.specialGroups.includes(g.slug)), g.name).toBe(true);
  });
});

describe('demo catalogue in the portal', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    await seedDemo(t.services.config, t.db.database, { verbose: false, catalog: t.services.catalog });
  });
  afterAll(() => t.close());

  it('renders every guide page, under 100 KB each', async () => {
    const { items } = await t.services.catalog.listItems({ limit: 1000, offset: 0 });
    expect(items.length).toBe(bundle.items.length);
    for (const it of items) {
      const r = await t.app.inject(it.url);
      expect(r.statusCode, it.name).toBe(200);
      expect(r.rawPayload.length, it.name).toBeLessThan(100 * 1024);
    }
  });

  it('shows hot services on the home page from the first start', async () => {
    const r = await t.app.inject('/');
    const hot = /<ol class="hot-list">([\s\S]*?)<\/ol>/.exec(r.body)?.[1] ?? '';
    expect((hot.match(/<li>/g) ?? []).length).toBeGreaterThanOrEqual(8);
  });

  it('refuses to put synthetic scale data into the demo database', async () => {
    const { seedScale } = await import('../../cli/seed.js');
    await expect(seedScale(t.services.config, t.db.database, 10)).rejects.toThrow(/own database/);
  });
});
