/**
 * Synthetic published documents for benchmarks (bench:disclosure-search) and a bulk seed:
 * articles, 政策解读, gazette documents and proposals of a fictional 示范市, from templates with
 * varied organisations, topics, years, document numbers and validity. Deterministic: document n
 * is always the same. Never part of the demo.
 */
import type { SearchDocInput } from './repo.js';

export const SYNTHETIC_ORGS = [
  ['示范市人民政府办公室', '示政办'],
  ['示范市发展和改革委员会', '示发改'],
  ['示范市教育局', '示教'],
  ['示范市公安局', '示公'],
  ['示范市民政局', '示民'],
  ['示范市财政局', '示财'],
  ['示范市人力资源和社会保障局', '示人社'],
  ['示范市自然资源和规划局', '示自然资源'],
  ['示范市生态环境局', '示环'],
  ['示范市住房和城乡建设局', '示建'],
  ['示范市交通运输局', '示交'],
  ['示范市农业农村局', '示农'],
  ['示范市商务局', '示商'],
  ['示范市卫生健康委员会', '示卫健'],
  ['示范市应急管理局', '示应急'],
  ['示范市市场监督管理局', '示市监'],
  ['示范市医疗保障局', '示医保'],
  ['示范市住房公积金管理中心', '示公积金'],
  ['示范市东湖区人民政府', '东政'],
  ['示范市西山区人民政府', '西政'],
  ['示范市南港区人民政府', '南政'],
  ['示范市高新区管理委员会', '高新管'],
] as const;

/** topics: [what it is about, a related word used in bodies] */
const TOPICS = [
  ['住房租赁补贴', '保障性住房'],
  ['老旧小区改造', '城市更新'],
  ['养老服务补贴', '居家养老'],
  ['高龄津贴发放', '老年人'],
  ['优化营商环境', '市场主体'],
  ['中小企业纾困', '减税降费'],
  ['高校毕业生就业', '就业见习'],
  ['创业担保贷款', '贴息'],
  ['义务教育招生', '学区划分'],
  ['学前教育普惠', '幼儿园'],
  ['城乡居民医保', '门诊报销'],
  ['长期护理保险', '失能人员'],
  ['住房公积金缴存', '提取'],
  ['不动产登记', '一窗受理'],
  ['生活垃圾分类', '垃圾投放'],
  ['大气污染防治', '空气质量'],
  ['河湖长制', '水环境'],
  ['安全生产专项整治', '隐患排查'],
  ['防汛防台风', '应急预案'],
  ['食品安全抽检', '农贸市场'],
  ['电动自行车管理', '充电设施'],
  ['新能源汽车推广', '充电桩'],
  ['农村人居环境整治', '美丽乡村'],
  ['高标准农田建设', '粮食安全'],
  ['消费券发放', '促消费'],
  ['文化惠民', '公共文化'],
  ['全民健身', '体育场馆'],
  ['疫苗接种', '预防接种'],
  ['最低生活保障', '救助'],
  ['残疾人两项补贴', '残疾人'],
  ['退役军人优待', '优抚'],
  ['政务服务一网通办', '一件事一次办'],
  ['数字政府建设', '数据共享'],
  ['人才安居', '人才引进'],
  ['交通拥堵治理', '公共交通'],
  ['停车设施建设', '停车位'],
  ['物业管理', '业主委员会'],
  ['燃气安全', '燃气管道'],
  ['校外培训治理', '双减'],
  ['预算公开', '三公经费'],
] as const;

const CATEGORIES = ['政策文件', '规范性文件', '工作动态', '通知公告', '人事信息', '财政预决算', '规划计划', '统计信息', '应急管理'] as const;
const DISTRICTS = ['东湖区', '西山区', '南港区', '高新区', '滨江街道', '北塘镇'];

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Document number n (0-based) of a synthetic disclosure catalogue. */
export function syntheticDocument(n: number): SearchDocInput {
  const r = rng(n * 2654435761 + 17);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)] as T;
  const orgNo = Math.floor(r() * SYNTHETIC_ORGS.length);
  const [org, short] = SYNTHETIC_ORGS[orgNo] as (typeof SYNTHETIC_ORGS)[number];
  const [topic, related] = pick(TOPICS);
  const year = 2012 + Math.floor(r() * 15);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const number = 1 + Math.floor(r() * 60);
  const wenhao = `${short}${r() < 0.5 ? '规' : '发'}〔${year}〕${number}号`;
  const district = pick(DISTRICTS);
  const amount = 100 + Math.floor(r() * 900);
  const roll = r();
  const kind = roll < 0.8 ? 'article' : roll < 0.9 ? 'interpretation' : roll < 0.95 ? 'gazette' : 'proposal';
  const category = pick(CATEGORIES);
  const policy = kind === 'article' && (category === '政策文件' || category === '规范性文件');
  const v = r();
  const validity = policy ? (year < 2018 && v < 0.5 ? 'repealed' : v < 0.15 ? 'expired' : v < 0.22 ? 'repealed' : 'valid') : kind === 'interpretation' ? 'valid' : null;
  let title: string;
  let body: string;
  // a paragraph every kind ends with: where to find the service, who to call, where it came from
  const date = `${year}年${month}月${day}日`;
  const common = `${org}根据国家和省有关规定，结合本市实际，就${topic}工作作出部署。`;
  if (kind === 'interpretation') {
    title = pick([`《示范市${topic}实施办法》政策解读`, `一图读懂：示范市${topic}新政`, `${org}有关负责人就${topic}答记者问`]);
    body = `为便于社会公众理解${topic}有关政策，现解读如下。一、出台背景：近年来，${related}需求不断增长，${topic}工作面临新情况。二、主要内容：明确了适用对象、申请条件、办理流程和${amount}元的补助标准。三、办理方式：可通过示范市政务服务网或${district}政务服务中心窗口申请，承诺时限为${1 + (n % 15)}个工作日。咨询电话12345。`;
  } else if (kind === 'gazette') {
    title = `示范市人民政府公报${year}年第${1 + (n % 12)}期`;
    body = `本期目录：示范市人民政府关于${topic}的意见（${wenhao}）；${org}关于印发${related}工作方案的通知；示范市人民政府令第${number}号。${common}`;
  } else if (kind === 'proposal') {
    const house = r() < 0.5 ? '人大代表建议' : '政协委员提案';
    title = `关于加强${topic}的${house === '人大代表建议' ? '建议' : '提案'}（第${number}号）`;
    body = `${house}：建议进一步完善${topic}相关政策，加大${related}投入，在${district}先行试点。答复：${org}高度重视，已会同有关部门研究，计划于${year + 1}年完成。办理结果：${pick(['A', 'B', 'C'])}类。`;
  } else if (policy) {
    title = pick([
      `示范市人民政府关于印发《示范市${topic}管理办法》的通知`,
      `${org}关于进一步做好${topic}工作的通知`,
      `关于印发《示范市${topic}实施细则》的通知`,
      `示范市${topic}暂行办法`,
    ]);
    body = `${wenhao}。各区人民政府，市政府各部门，各直属机构：${common}第一条 为规范${topic}，保障${related}，制定本办法。第二条 本办法适用于本市行政区域内的${topic}及其监督管理。第三条 ${org}负责组织实施，${district}人民政府负责本辖区内的具体工作。第四条 符合条件的，可以申请${amount}元补助。本办法自${date}起施行，有效期五年。`;
  } else {
    title = pick([
      `${org}召开${topic}工作推进会`,
      `${district}扎实推进${topic}`,
      `关于${year}年${topic}情况的公示`,
      `${org}${year}年${category === '财政预决算' ? '部门预算' : '工作总结'}`,
      `关于开展${topic}专项检查的通知`,
      `${year}年${month}月${topic}统计数据`,
    ]);
    body = `${date}，${org}召开会议，研究部署${topic}工作。会议指出，要坚持以人民为中心，统筹${related}，在${district}等地加快推进。截至${month}月底，全市已完成${amount}个项目，惠及群众${amount * 13}人次。下一步，将进一步压实责任，确保各项任务按期完成。${common}`;
  }
  body += `${related}相关办事指南和申请材料可在示范市政务服务网“${topic}”专题查询。联系单位：${org}办公室，联系电话：0${700 + orgNo}-${String(1000000 + ((n * 7919) % 8999999)).slice(0, 7)}。信息来源：${org}，发布日期：${date}。`;
  return {
    key: `${kind}:s${n}`,
    kind,
    refId: n + 1,
    title,
    keywords: [category, topic],
    body,
    url: `/${kind === 'article' ? 'articles' : kind === 'interpretation' ? 'interpretations' : kind === 'gazette' ? 'gazette' : 'proposals'}/s${n + 1}`,
    organisationId: 1000 + orgNo,
    organisationName: org,
    year,
    validity,
  };
}

/** The topics the synthetic documents are about (for a benchmark's queries). */
export const SYNTHETIC_TOPICS: readonly string[] = TOPICS.map(([t]) => t);

/**
 * The topics with their related words. The disclosure module's synthetic articles pick from them by
 * position, so reordering, adding or removing one changes the text of its seeds' articles.
 */
export const SYNTHETIC_TOPIC_PAIRS: readonly (readonly [string, string])[] = TOPICS;
