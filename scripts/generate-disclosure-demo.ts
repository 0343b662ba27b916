/**
 * The bulk of 示范市's government information (data/demo/disclosure/articles/10-generated.json,
 * gazette issues 5–11 of 2026 and three topics), written from templates per organisation and
 * kind of information, deterministically (the same file every run). The hand-written files
 * (01-policies, 02-information, 03-grassroots, the first four gazette issues and the first two
 * topics) are left as they are. Run: `npx tsx scripts/generate-disclosure-demo.ts`.
 *
 * What comes out reads like a city portal's 政府信息公开 column: policies and normative documents
 * with 文号 (示人社规〔2025〕4号) and each with its 解读, work news, notices, consultations,
 * personnel, budgets and final accounts, plans, statistics, emergency plans, annual reports,
 * procurement results and 双随机 results — spread over every organisation and the years
 * 2022–2026, some older normative documents expired or repealed, and linked to the services
 * of the issuing department's catalogue.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'data', 'demo');
const OUT = join(DIR, 'disclosure', 'articles', '10-generated.json');

// ---- a deterministic random source --------------------------------------------------------------
let seed = 20260516;
const rnd = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const between = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
const pad = (n: number) => String(n).padStart(2, '0');

// ---- organisations ------------------------------------------------------------------------------
interface Org {
  slug: string;
  name: string;
  short: string;
  /** 文号 prefix: 示人社 → 示人社发 / 示人社规 / 示人社办 */
  prefix: string;
  topic: string;
  dept?: string;
  subjects: string[];
  level?: 'community';
}
const ORGS: Org[] = [
  { slug: 'szf', name: '示范市人民政府', short: '市政府', prefix: '示府', topic: '综合政务', dept: 'zfb', subjects: ['优化营商环境', '老旧小区改造', '防汛防台', '城市更新', '数字政府建设', '乡村振兴', '稳就业', '扩大内需', '生态环境保护', '安全生产'] },
  { slug: 'fgw', name: '示范市发展和改革委员会', short: '市发展改革委', prefix: '示发改', topic: '国民经济管理、国有资产监管', dept: 'fgw', subjects: ['重大项目建设', '社会信用体系建设', '价格监测', '粮食安全保障', '民营经济发展', '节能降碳', '以工代赈'] },
  { slug: 'jyj', name: '示范市教育局', short: '市教育局', prefix: '示教', topic: '教育、科技、文化', dept: 'jyj', subjects: ['义务教育招生', '课后服务', '学前教育普惠', '校园安全', '学生资助', '教师队伍建设', '中小学生近视防控', '双减'] },
  { slug: 'gaj', name: '示范市公安局', short: '市公安局', prefix: '示公', topic: '公安、安全、司法', dept: 'gaj', subjects: ['户籍管理', '居住证办理', '出入境便民服务', '道路交通安全', '机动车驾驶人管理', '电信网络诈骗防范', '养犬管理', '烟花爆竹燃放管理'] },
  { slug: 'mzj', name: '示范市民政局', short: '市民政局', prefix: '示民', topic: '民政、扶贫、救灾', dept: 'mzj', subjects: ['最低生活保障', '特困人员救助供养', '临时救助', '居家养老服务', '婚姻登记', '殡葬改革', '儿童福利', '社会组织管理'] },
  { slug: 'czj', name: '示范市财政局', short: '市财政局', prefix: '示财', topic: '财政、金融、审计', dept: 'czj', subjects: ['预算绩效管理', '政府采购', '惠企资金直达', '国有资产管理', '政府债务管理', '财会监督'] },
  { slug: 'rsj', name: '示范市人力资源和社会保障局', short: '市人力资源社会保障局', prefix: '示人社', topic: '劳动、人事、监察', dept: 'rsj', subjects: ['就业创业补贴', '职业技能提升', '失业保险稳岗返还', '养老保险待遇调整', '根治欠薪', '高校毕业生就业', '技能人才评价', '工伤保险'] },
  { slug: 'zjj', name: '示范市住房和城乡建设局', short: '市住房城乡建设局', prefix: '示住建', topic: '城乡建设、环境保护', dept: 'zjj', subjects: ['老旧小区改造', '保障性住房', '住房租赁补贴', '物业管理', '建筑施工安全', '城镇燃气安全', '海绵城市建设', '商品房预售资金监管'] },
  { slug: 'wjw', name: '示范市卫生健康委员会', short: '市卫生健康委', prefix: '示卫健', topic: '卫生、体育', dept: 'wjw', subjects: ['家庭医生签约服务', '出生医学证明', '预防接种', '托育服务', '基层医疗卫生服务', '医疗机构管理', '无偿献血', '健康示范市建设'] },
  { slug: 'ybj', name: '示范市医疗保障局', short: '市医保局', prefix: '示医保', topic: '卫生、体育', dept: 'ybj', subjects: ['城乡居民医保参保', '门诊慢特病待遇', '异地就医直接结算', '医保基金监管', '长期护理保险', '药品集中带量采购'] },
  { slug: 'yjj', name: '示范市应急管理局', short: '市应急管理局', prefix: '示应急', topic: '公共安全、应急', dept: 'yjj', subjects: ['防汛防台', '安全生产', '森林防火', '危险化学品安全', '应急避难场所建设', '自然灾害救助', '应急救援队伍建设'] },
  { slug: 'scjg', name: '示范市市场监督管理局', short: '市市场监管局', prefix: '示市监', topic: '工商、税务', dept: 'scjg', subjects: ['企业开办', '个体工商户发展', '食品安全', '特种设备安全', '知识产权保护', '计量监督', '价格监督检查', '药品零售监管'] },
  { slug: 'tongji', name: '示范市统计局', short: '市统计局', prefix: '示统', topic: '国民经济管理、国有资产监管', dept: 'tongji', subjects: ['国民经济运行', '居民收支', '规模以上工业', '固定资产投资', '消费品市场', '人口抽样调查'] },
  { slug: 'donghu', name: '示范市东湖区人民政府', short: '东湖区政府', prefix: '示东府', topic: '综合政务', subjects: ['老旧小区改造', '优化营商环境', '防汛防台', '社区养老服务', '义务教育招生', '背街小巷整治'] },
  { slug: 'donghu-binjiang', name: '东湖区滨江街道办事处', short: '滨江街道', prefix: '示东滨', topic: '综合政务', subjects: ['老旧小区改造', '防汛防台', '网格化治理', '居家养老服务', '垃圾分类'] },
  { slug: 'binjiang-wanghu', name: '滨江街道望湖社区居民委员会', short: '望湖社区', prefix: '', topic: '综合政务', level: 'community', subjects: ['老旧小区改造', '防汛防台', '居家养老服务', '垃圾分类', '低保评议'] },
  { slug: 'xishan', name: '示范市西山区人民政府', short: '西山区政府', prefix: '示西府', topic: '综合政务', subjects: ['优化营商环境', '乡村振兴', '防汛防台', '老旧小区改造', '高效办成一件事', '森林防火'] },
];

// ---- the catalogue's services, by department -----------------------------------------------------
interface Item {
  implCode: string;
  name: string;
  department: string;
}
const items: Item[] = readdirSync(join(DIR, 'items'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => JSON.parse(readFileSync(join(DIR, 'items', f), 'utf8')) as Item[]);
const byDept = new Map<string, Item[]>();
for (const it of items) byDept.set(it.department, [...(byDept.get(it.department) ?? []), it]);
const unlinked = new Map([...byDept].map(([d, xs]) => [d, [...xs]]));
const bigrams = (s: string) => {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
};
/** services of the department fitting the text best, and one not linked yet (so every service is reached) */
function linkItems(dept: string | undefined, text: string, n: number): string[] {
  const pool = dept ? (byDept.get(dept) ?? []) : [];
  if (!pool.length) return [];
  const words = bigrams(text);
  const scored = pool
    .map((it) => ({ it, score: [...bigrams(it.name)].filter((b) => words.has(b)).length }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.it.implCode.localeCompare(b.it.implCode))
    .slice(0, n)
    .map((x) => x.it);
  const rest = unlinked.get(dept as string) ?? [];
  const fresh = rest.shift();
  const chosen = [...scored, ...(fresh ? [fresh] : [])];
  for (const c of chosen) {
    const i = rest.indexOf(c);
    if (i >= 0) rest.splice(i, 1);
  }
  return [...new Set(chosen.map((c) => c.implCode))];
}

// ---- 文号 -----------------------------------------------------------------------------------------
const numbers = new Map<string, number>();
/** the next number of a series in a year (hand-written documents use the low numbers) */
function docNo(series: string, year: number): string {
  const key = `${series}|${year}`;
  const n = (numbers.get(key) ?? 20) + between(1, 3);
  numbers.set(key, n);
  return `${series}〔${year}〕${n}号`;
}

interface Article {
  ref: string;
  org: string;
  kind: string;
  title: string;
  docNo?: string;
  writtenOn: string;
  publishedAt: string;
  category: string;
  topic: string;
  issuer?: string;
  keywords: string[];
  summary: string;
  body: string;
  validity?: 'valid' | 'expired' | 'repealed';
  validityDate?: string;
  policy?: string;
  form?: 'text' | 'graphic' | 'video';
  items?: string[];
}

const out: Article[] = [];
let serial = 0;
const ref = () => `g${String(++serial).padStart(3, '0')}`;
/** a date in a year's months, never after November 2026 */
function dateIn(year: number, fromMonth = 1, toMonth = 12): string {
  const last = year === 2026 ? Math.min(toMonth, 11) : toMonth;
  const m = between(Math.min(fromMonth, last), last);
  return `${year}-${pad(m)}-${pad(between(1, 28))}`;
}
const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  const s = d.toISOString().slice(0, 10);
  return s > '2026-11-30' ? '2026-11-30' : s;
};
const cn = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const month = (date: string) => Number(date.slice(5, 7));

// ---- policies and normative documents, each with its 解读 ------------------------------------------
const MEASURES: Record<string, string[]> = {
  default: ['简化办理材料，能通过数据共享获取的一律不再要求申请人提供', '推行“一窗受理、集成服务”，办理时限在法定时限基础上压缩一半以上', '建立部门协同机制，每季度通报工作进展', '加大资金保障力度，市级财政安排专项资金予以支持', '强化监督检查，将落实情况纳入年度绩效考核'],
};
function policyBody(o: Org, subject: string, normative: boolean, year: number): string {
  const lead = o.level === 'community' ? '' : `${o.slug === 'szf' ? '各区人民政府，市政府各部门' : '各区相关部门，局属各单位'}：\n\n`;
  const goal = between(2, 5) * 10;
  return `${lead}为深入贯彻党中央、国务院和省委、省政府关于${subject}的决策部署，进一步提升${subject}工作水平，结合本市实际，${normative ? '制定本办法' : '提出如下意见'}。

# 一、总体要求

坚持以人民为中心的发展思想，坚持问题导向和系统观念，到${year + 2}年底，${subject}工作机制更加健全，服务对象满意度达到${90 + between(1, 8)}%以上，群众办事材料平均减少${goal}%。

# 二、${normative ? '适用范围' : '主要任务'}

${normative ? `本办法适用于本市行政区域内${subject}相关的申请、审核、监督管理等活动。市${o.short.replace(/^市/, '')}负责本办法的组织实施，各区相关部门按照职责做好具体工作。` : `- ${MEASURES.default?.[0]}。\n- ${MEASURES.default?.[1]}。\n- 围绕${subject}的重点环节，${year}年内完成${between(3, 9)}项配套制度的制定和修订。\n- 依托示范市政务服务网开设${subject}专栏，集中公开政策、办事指南和常见问题。`}

# 三、${normative ? '办理程序' : '保障措施'}

${normative ? `申请人可通过示范市政务服务网、“示范通”移动端或者到各级政务服务中心提出申请。受理部门应当在${between(3, 10)}个工作日内完成审核，对符合条件的予以办理；对不符合条件的，书面告知理由。` : `${MEASURES.default?.[2]}。${MEASURES.default?.[3]}。${MEASURES.default?.[4]}。`}

# 四、附则

本${normative ? '办法' : '意见'}自${year}年${between(1, 12)}月1日起施行${normative ? `，有效期${pick([3, 5])}年` : ''}。此前有关规定与本${normative ? '办法' : '意见'}不一致的，以本${normative ? '办法' : '意见'}为准。`;
}
function interpretationBody(policyTitle: string, subject: string, docNumber: string): string {
  return `近日，${policyTitle.replace(/的通知$/, '')}（${docNumber}）印发实施。现就有关内容解读如下。

# 一、起草背景

近年来，本市${subject}工作取得积极成效，但仍存在政策分散、办理环节多、群众知晓度不高等问题。为回应企业和群众关切，在深入调研、广泛征求意见的基础上，起草了该文件。

# 二、主要内容

文件共四个部分：一是明确总体要求和工作目标；二是提出${between(4, 12)}项具体措施；三是规定办理程序和时限；四是明确保障措施和施行日期。

# 三、有哪些新变化

- 办理材料精简：可通过数据共享获取的材料不再要求提供。
- 办理时限压缩：承诺时限比法定时限平均压缩一半以上。
- 办理渠道拓展：可在示范市政务服务网、“示范通”和各级政务服务中心办理。

# 四、咨询方式

政策咨询可拨打12345政务服务便民热线，或在示范市政务服务网“我要咨询”栏目留言。`;
}

function policies() {
  const targets = ['szf', 'szf', 'szf', 'fgw', 'jyj', 'gaj', 'mzj', 'czj', 'rsj', 'rsj', 'zjj', 'zjj', 'wjw', 'ybj', 'yjj', 'scjg', 'scjg', 'tongji', 'donghu', 'xishan'];
  let k = 0;
  for (const year of [2022, 2023, 2024, 2025, 2026, 2026]) {
    for (let i = 0; i < 6; i++) {
      const slug = targets[k++ % targets.length];
      const o = ORGS.find((x) => x.slug === slug) as Org;
      const subject = o.subjects[(k + i) % o.subjects.length] as string;
      const normative = (k + year) % 3 === 0;
      const written = dateIn(year);
      const published = addDays(written, between(2, 9));
      const series = o.slug === 'szf' ? (normative ? '示府规' : pick(['示府发', '示府办发'])) : `${o.prefix}${normative ? '规' : '发'}`;
      const number = docNo(series, year);
      const issuer = o.slug === 'szf' && series === '示府办发' ? '示范市人民政府办公室' : o.name;
      const title = normative
        ? `${issuer}关于印发《示范市${subject}管理办法》的通知`
        : pick([`${issuer}关于进一步做好${subject}工作的实施意见`, `${issuer}关于印发《示范市${subject}三年行动方案（${year}—${year + 2}年）》的通知`, `${issuer}关于加快推进${subject}的若干措施`]);
      // older normative documents expire or are repealed when a newer one replaces them
      const validity = normative && year <= 2023 ? (year === 2022 ? 'repealed' : 'expired') : 'valid';
      const p: Article = {
        ref: ref(),
        org: o.slug,
        kind: normative ? 'normative' : 'policy',
        title,
        docNo: number,
        writtenOn: written,
        publishedAt: published,
        category: normative ? 'normative' : 'policy-docs',
        topic: o.topic,
        issuer,
        keywords: [subject, normative ? '管理办法' : '实施意见', o.short],
        summary: `围绕${subject}，明确工作目标、主要任务和保障措施，${normative ? '规范申请、审核和监督管理程序' : `提出${between(8, 20)}条具体措施`}。`,
        body: policyBody(o, subject, normative, year),
        ...(validity !== 'valid' ? { validity, validityDate: `${year + (validity === 'repealed' ? 2 : 3)}-${pad(between(1, 11))}-01` } : {}),
        items: linkItems(o.dept, `${title}${subject}`, 3),
      };
      out.push(p);
      const late = (k + i) % 7 === 0;
      const form = pick(['text', 'text', 'graphic', 'video'] as const);
      out.push({
        ref: ref(),
        org: o.slug,
        kind: 'interpretation',
        title: form === 'graphic' ? `一图读懂《${/《(.+)》/.exec(title)?.[1] ?? title}》` : `《${/《(.+)》/.exec(title)?.[1] ?? title}》政策解读`,
        writtenOn: addDays(published, late ? 8 : 0),
        publishedAt: addDays(published, late ? 8 : between(0, 2)),
        category: 'interpretation',
        topic: '政策解读',
        issuer,
        keywords: [subject, '政策解读'],
        summary: `解读${subject}相关政策的起草背景、主要内容和新变化。`,
        body: interpretationBody(title, subject, number),
        policy: p.ref,
        form,
        ...(form === 'video' ? { videoUrl: `https://www.shifan.gov.cn/video/jd-${year}-${serial}.mp4` } : {}),
        items: p.items?.slice(0, 1),
      });
    }
  }
}

// ---- information of every other kind -----------------------------------------------------------------
const EMERGENCIES = ['防汛防台', '森林防火', '安全生产', '地质灾害防治', '城镇燃气安全', '高温天气防范'];
type Maker = (o: Org, subject: string, year: number) => Omit<Article, 'ref' | 'org' | 'topic' | 'publishedAt'> & { publishedAt?: string };
const MAKERS: Record<string, Maker> = {
  news: (o, s, y) => {
    const d = dateIn(y);
    const what = pick([`召开${s}工作推进会`, `开展${s}专项行动`, `${s}工作取得阶段性成效`, `举办${s}政策宣讲活动`]);
    return {
      kind: 'news',
      title: `${o.short}${what}`,
      writtenOn: d,
      category: 'news',
      keywords: [s, o.short],
      summary: '',
      body: `${month(d)}月${between(1, 28)}日，${o.name}${what.replace(/^召开/, '召开')}，总结前一阶段工作，部署下一步任务。\n\n会议指出，今年以来，${o.short}围绕${s}，坚持问题导向，累计解决群众反映的问题${between(30, 400)}个，相关事项办理时限平均压缩${between(20, 60)}%。\n\n会议要求，要对照年度目标逐项梳理，建立问题清单、任务清单和责任清单，确保各项工作按期完成；要加强政策宣传解读，让企业和群众应知尽知、应享尽享。`,
    };
  },
  notice: (o, s, y) => {
    const d = dateIn(y);
    return {
      kind: 'notice',
      title: `${o.name}关于做好${y}年${s}有关工作的通知`,
      docNo: o.prefix ? docNo(`${o.prefix}办`, y) : undefined,
      writtenOn: d,
      category: pick(['key-work', 'services']),
      keywords: [s, '通知'],
      summary: `明确${y}年${s}的办理时间、办理渠道和有关要求。`,
      body: `各有关单位：\n\n为做好${y}年${s}工作，现将有关事项通知如下。\n\n# 一、办理时间\n\n${y}年${month(d)}月起，工作日上午9:00-12:00、下午13:30-17:30（法定节假日除外）。\n\n# 二、办理渠道\n\n可通过示范市政务服务网、“示范通”移动端在线办理，也可到各级政务服务中心窗口办理。\n\n# 三、有关要求\n\n各单位要安排专人负责，做好政策宣传和咨询解答，对群众反映的问题及时回应。工作中遇到的问题，请及时与${o.short}联系，联系电话：0799-82${between(10000, 99999)}。`,
    };
  },
  consultation: (o, s, y) => {
    const d = dateIn(y);
    return {
      kind: 'notice',
      title: `关于公开征求《示范市${s}实施办法（征求意见稿）》意见的公告`,
      writtenOn: d,
      category: 'consultation',
      keywords: [s, '征求意见'],
      summary: `征求意见时间为${cn(d)}至${cn(addDays(d, 30))}。`,
      body: `为提高决策的科学性和透明度，${o.name}起草了《示范市${s}实施办法（征求意见稿）》，现向社会公开征求意见。\n\n公众可通过以下方式提出意见：一是登录示范市政务服务网“意见征集”栏目在线留言；二是发送电子邮件至 zqyj@shifan.gov.cn；三是信函寄至示范市东湖区市府大道1号${o.short}（信封注明“征求意见”字样）。\n\n征求意见时间：${cn(d)}至${cn(addDays(d, 30))}。征求意见结束后，我们将对收到的意见建议进行梳理，并在门户网站公开采纳情况。`,
    };
  },
  personnel: (o, _s, y) => {
    const d = dateIn(y);
    const n = between(3, 30);
    return {
      kind: 'personnel',
      title: pick([`${o.name}${y}年公开招聘事业单位工作人员公告`, `${o.name}干部任前公示`, `${o.name}${y}年公开遴选公务员公告`]),
      writtenOn: d,
      category: 'personnel',
      keywords: ['人事信息', o.short],
      summary: '',
      body: `根据《事业单位人事管理条例》等有关规定，经研究，现将有关事项公告如下。\n\n# 一、计划与岗位\n\n本次共计划${n}名，具体岗位、人数及资格条件详见附表。\n\n# 二、报名时间和方式\n\n报名时间为${cn(d)}至${cn(addDays(d, 10))}，采取网上报名方式进行。\n\n# 三、监督\n\n公示期间，对公示对象有异议的，可通过来电、来信、来访等方式向${o.short}组织人事部门反映。反映问题应当实事求是，并提供具体线索。`,
    };
  },
  budget: (o, _s, y) => {
    const finalAccounts = rnd() < 0.5;
    const d = finalAccounts ? `${y}-${pad(between(7, 9))}-${pad(between(1, 28))}` : `${y}-${pad(between(1, 2))}-${pad(between(5, 28))}`;
    const total = between(2000, 90000);
    return {
      kind: 'budget',
      title: finalAccounts ? `${o.name}${y - 1}年部门决算` : `${o.name}${y}年部门预算`,
      writtenOn: d,
      category: 'budget',
      keywords: [finalAccounts ? '部门决算' : '部门预算', '财政预决算'],
      summary: `${finalAccounts ? `${y - 1}年决算` : `${y}年预算`}收支总计${(total / 100).toFixed(2)}百万元。`,
      body: `# 一、部门基本情况\n\n${o.name}是主管${o.subjects.slice(0, 3).join('、')}等工作的${o.slug.length > 6 ? '基层单位' : '市政府工作部门'}。\n\n# 二、收支总体情况\n\n| 项目 | 金额（万元） |\n| --- | --- |\n| 收入总计 | ${total} |\n| 一般公共预算拨款 | ${Math.round(total * 0.86)} |\n| 其他收入 | ${total - Math.round(total * 0.86)} |\n| 支出总计 | ${total} |\n\n# 三、“三公”经费情况\n\n“三公”经费${finalAccounts ? '支出' : '预算'}${between(5, 90)}万元，比上年下降${between(1, 15)}%，主要是严格执行过紧日子要求，压减公务接待和公务用车运行维护费。\n\n# 四、名词解释\n\n一般公共预算拨款收入：指市级财政当年拨付的资金。`,
    };
  },
  plan: (o, s, y) => {
    const d = `${y}-${pad(between(1, 3))}-${pad(between(1, 28))}`;
    return {
      kind: 'plan',
      title: pick([`${o.name}${y}年工作要点`, `示范市${s}专项规划（${y}—${y + 4}年）`, `${o.name}${y}年${s}工作计划`]),
      writtenOn: d,
      category: 'plans',
      keywords: [s, '工作要点'],
      summary: `${y}年${s}等重点工作的目标任务和责任分工。`,
      body: `${y}年，${o.short}将紧紧围绕市委、市政府工作部署，重点抓好以下工作。\n\n# 一、${o.subjects[0]}\n\n完善工作机制，全年完成${between(5, 40)}项重点任务，群众满意度保持在95%以上。\n\n# 二、${o.subjects[1] ?? s}\n\n聚焦企业和群众反映集中的问题，推出${between(3, 12)}项便民利企举措。\n\n# 三、${s}\n\n加强统筹协调和督促检查，每季度通报进展，确保年度目标按期完成。`,
    };
  },
  statistics: (o, s, y) => {
    const m = between(3, 10);
    const d = `${y}-${pad(Math.min(m + 1, 11))}-${pad(between(10, 25))}`;
    return {
      kind: 'statistics',
      title: `${y}年1-${m}月示范市${o.slug === 'tongji' ? s : `${s}`}情况`,
      writtenOn: d,
      category: 'statistics',
      keywords: [s, '统计数据'],
      summary: '',
      body: `${y}年1-${m}月，全市${s}总体平稳、稳中有进。\n\n| 指标 | 1-${m}月 | 同比增长 |\n| --- | --- | --- |\n| 办理量（件） | ${between(2000, 90000)} | ${between(1, 18)}.${between(0, 9)}% |\n| 网上办理率 | ${between(80, 99)}.${between(0, 9)}% | ${between(1, 9)}.${between(0, 9)}个百分点 |\n| 群众满意率 | ${between(95, 99)}.${between(0, 9)}% | — |\n\n注：数据来源于${o.name}业务系统，部分数据为初步统计数。`,
    };
  },
  emergency: (o, _s, y) => {
    const d = dateIn(y, 4, 9);
    const s = EMERGENCIES[(y + o.slug.length) % EMERGENCIES.length] as string;
    return {
      kind: 'emergency',
      title: pick([`${o.name}关于做好${y}年${s}工作的通知`, `示范市${s}应急预案（${y}年修订）`, `${o.short}启动${s}Ⅳ级应急响应`]),
      writtenOn: d,
      category: 'emergency',
      keywords: [s, '应急管理'],
      summary: '',
      body: `当前正值${s.includes('防汛') ? '主汛期' : '关键时期'}，为切实保障人民群众生命财产安全，现就有关工作要求如下。\n\n- 压实责任。各级各部门主要负责同志要靠前指挥，落实24小时值班值守和领导带班制度。\n- 排查隐患。对重点区域、重点部位开展拉网式排查，发现隐患立即整改。\n- 做好预警。及时发布预警信息，提前转移受威胁群众，确保不漏一户、不落一人。\n- 保障物资。备足应急救援物资和队伍，确保拉得出、用得上。\n\n如遇险情，请拨打119、110或12345政务服务便民热线。`,
    };
  },
  report: (o, _s, y) => {
    const d = `${y}-${pad(between(1, 3))}-${pad(between(10, 28))}`;
    const which = pick(['政府信息公开工作年度报告', '法治政府建设年度报告', '工作总结']);
    return {
      kind: 'report',
      title: `${o.name}${y - 1}年${which}`,
      writtenOn: d,
      category: which === '工作总结' ? 'summaries' : 'summaries',
      keywords: [which, `${y - 1}年`],
      summary: '',
      body: `本报告根据有关规定编制，报告所列数据统计期限为${y - 1}年1月1日至12月31日。\n\n# 一、总体情况\n\n${y - 1}年，${o.short}认真贯彻落实上级部署，主动公开政府信息${between(60, 900)}条，办理依申请公开${between(2, 80)}件，按时办结率100%。\n\n# 二、存在的主要问题及改进情况\n\n政策解读形式还不够丰富，基层公开标准化规范化水平有待提升。下一步，将进一步丰富图解、视频等解读形式，推进基层公开事项目录动态更新。`,
    };
  },
  procurement: (o, s, y) => {
    const d = dateIn(y);
    return {
      kind: 'procurement',
      title: `${o.short}${s}${pick(['信息化服务', '宣传服务', '第三方评估服务', '设备采购'])}项目中标（成交）结果公告`,
      writtenOn: d,
      category: 'procurement',
      keywords: ['政府采购', '中标结果'],
      summary: '',
      body: `# 一、项目编号\n\nSFCG${y}-${between(100, 999)}\n\n# 二、中标（成交）信息\n\n供应商名称：示范市${pick(['信达', '恒通', '汇智', '中科'])}${pick(['科技', '信息技术', '咨询'])}有限公司；中标（成交）金额：${between(20, 380)}.${between(10, 99)}万元。\n\n# 三、公告期限\n\n自本公告发布之日起1个工作日。\n\n# 四、联系方式\n\n采购人：${o.name}；地址：示范市东湖区市府大道1号。`,
    };
  },
  inspection: (o, s, y) => {
    const d = dateIn(y);
    return {
      kind: 'notice',
      title: `${o.name}${y}年第${between(1, 4)}批“双随机、一公开”抽查结果公示`,
      writtenOn: d,
      category: 'random-inspection',
      keywords: ['双随机一公开', s],
      summary: '',
      body: `根据年度抽查工作计划，${o.short}对${s}领域随机抽取${between(10, 60)}户检查对象开展检查，现将结果公示如下。\n\n| 检查结果 | 户数 |\n| --- | --- |\n| 未发现问题 | ${between(8, 50)} |\n| 发现问题已责令整改 | ${between(1, 8)} |\n| 未按规定公示信息 | ${between(0, 3)} |\n\n对发现问题的，已依法责令限期整改，整改情况将在复查后公开。`,
    };
  },
};
const KIND_PLAN: [string, number][] = [
  ['news', 4],
  ['notice', 3],
  ['consultation', 1],
  ['personnel', 1],
  ['budget', 1],
  ['plan', 1],
  ['statistics', 1],
  ['emergency', 1],
  ['report', 1],
  ['procurement', 1],
  ['inspection', 1],
];

function information() {
  let k = 0;
  for (const o of ORGS) {
    const small = o.level === 'community' || o.slug === 'donghu-binjiang';
    for (const [maker, per] of KIND_PLAN) {
      const count = small ? (['news', 'notice', 'emergency'].includes(maker) ? 2 : 0) : per;
      for (let i = 0; i < count; i++) {
        k++;
        const subject = o.subjects[(k + i) % o.subjects.length] as string;
        const year = [2026, 2026, 2026, 2025, 2025, 2024][k % 6] as number;
        const a = (MAKERS[maker] as Maker)(o, subject, year);
        const publishedAt = a.publishedAt ?? addDays(a.writtenOn, between(0, 3));
        const linkable = ['notice', 'consultation', 'news'].includes(maker) && rnd() < 0.8;
        out.push({
          ref: ref(),
          org: o.slug,
          topic: o.topic,
          ...a,
          publishedAt,
          docNo: a.docNo,
          issuer: o.name,
          items: linkable ? linkItems(o.dept, `${a.title}${subject}`, 2) : undefined,
        });
      }
    }
  }
}

policies();
information();
// services not reached yet: a notice of their department names them ("办理指引")
for (const [dept, rest] of unlinked) {
  const o = ORGS.find((x) => x.dept === dept);
  if (!o || !rest.length) continue;
  while (rest.length) {
    const batch = rest.splice(0, 6);
    const d = dateIn(2026, 3, 10);
    out.push({
      ref: ref(),
      org: o.slug,
      kind: 'notice',
      title: `${o.name}关于${batch[0]?.name}等${batch.length}项政务服务事项办理指引的公告`,
      writtenOn: d,
      publishedAt: addDays(d, 1),
      category: 'services',
      topic: o.topic,
      issuer: o.name,
      keywords: ['办事指南', ...batch.slice(0, 2).map((b) => b.name)],
      summary: `${batch.map((b) => b.name).join('、')}的办理渠道和注意事项。`,
      body: `为方便企业和群众办事，现将${batch.map((b) => `“${b.name}”`).join('、')}等事项的办理指引公告如下。\n\n# 一、办理渠道\n\n上述事项均已进驻示范市政务服务网，可在线申请、查询进度；需要到现场办理的，可通过“示范通”提前预约。\n\n# 二、办理材料\n\n办理材料以示范市政务服务网公布的办事指南为准。能通过数据共享获取的材料，不再要求申请人提供。\n\n# 三、咨询电话\n\n12345政务服务便民热线，或${o.short}政务服务窗口0799-82${between(10000, 99999)}。`,
      items: batch.map((b) => b.implCode),
    });
  }
}

writeFileSync(OUT, `${JSON.stringify(out, null, 1)}\n`);

// ---- gazette issues 5–11 of 2026: the month's policies and normative documents -----------------
const gazetteFile = join(DIR, 'disclosure', 'gazette.json');
const gazette = (JSON.parse(readFileSync(gazetteFile, 'utf8')) as { year: number; number: number; publishedOn: string; articles: string[] }[]).filter((g) => g.year !== 2026 || g.number <= 4);
for (let number = 5; number <= 11; number++) {
  const inMonth = out.filter((a) => (a.kind === 'policy' || a.kind === 'normative') && a.publishedAt.startsWith(`2026-${pad(number)}`));
  const others = out.filter((a) => (a.kind === 'policy' || a.kind === 'normative') && a.publishedAt.startsWith('2026') && !inMonth.includes(a));
  const docs = [...inMonth, ...others.slice(number % Math.max(1, others.length), (number % Math.max(1, others.length)) + Math.max(0, 3 - inMonth.length))];
  const withReading = docs.flatMap((d) => [d.ref, ...out.filter((j) => j.policy === d.ref).map((j) => j.ref)]);
  const last = new Date(Date.UTC(2026, number, 0)).getUTCDate();
  gazette.push({ year: 2026, number, publishedOn: `2026-${pad(number)}-${last}`, articles: withReading });
}
writeFileSync(gazetteFile, `${JSON.stringify(gazette, null, 1)}\n`);

// ---- topics: 优化营商环境, 老旧小区改造, 防汛防台 -----------------------------------------------
const topicsFile = join(DIR, 'disclosure', 'topics.json');
type Topic = { slug: string; title: string; summary: string; opensOn: string; closesOn?: string; sections: { title: string; entries: { kind: string; ref: string; title?: string }[] }[] };
const TOPICS: { slug: string; title: string; summary: string; opensOn: string; closesOn?: string; subject: string; journey?: { ref: string; title: string }; depts: string[] }[] = [
  { slug: 'business-environment', title: '优化营商环境专栏', summary: '营商环境政策文件、政策解读、惠企措施和企业办事入口。', opensOn: '2026-01-01', subject: '营商环境', journey: { ref: 'open-company', title: '开办企业' }, depts: ['scjg'] },
  { slug: 'old-community-renewal', title: '老旧小区改造', summary: '改造计划、政策依据、进展公示和居民可办的事。', opensOn: '2026-02-01', subject: '老旧小区改造', depts: ['zjj'] },
  { slug: 'flood-season-2026', title: '2026年防汛防台专题', summary: '汛期预警、应急预案、避险常识和救助办理。', opensOn: '2026-05-01', subject: '防汛防台', depts: ['yjj', 'mzj'] },
];
const journeys = new Set(readdirSync(join(DIR, 'journeys')).map((f) => f.replace(/\.json$/, '')));
const topics = (JSON.parse(readFileSync(topicsFile, 'utf8')) as Topic[]).filter((tp) => !TOPICS.some((x) => x.slug === tp.slug));
for (const tp of TOPICS) {
  const about = out.filter((a) => a.title.includes(tp.subject) || a.keywords.includes(tp.subject));
  const policy = about.filter((a) => a.kind === 'policy' || a.kind === 'normative' || a.kind === 'interpretation').slice(0, 6);
  const news = about.filter((a) => !policy.includes(a)).slice(0, 6);
  const services = [...new Set(about.flatMap((a) => a.items ?? []))].slice(0, 6);
  const sections: Topic['sections'] = [
    { title: '政策文件与解读', entries: policy.map((a) => ({ kind: 'article', ref: a.ref })) },
    { title: '工作动态', entries: news.map((a) => ({ kind: 'article', ref: a.ref })) },
    ...(services.length ? [{ title: '相关服务', entries: services.map((c) => ({ kind: 'item', ref: c })) }] : []),
    ...(tp.journey && journeys.has(tp.journey.ref) ? [{ title: '办事场景', entries: [{ kind: 'journey', ref: tp.journey.ref, title: tp.journey.title }] }] : []),
  ].filter((s) => s.entries.length);
  topics.push({ slug: tp.slug, title: tp.title, summary: tp.summary, opensOn: tp.opensOn, ...(tp.closesOn ? { closesOn: tp.closesOn } : {}), sections });
}
writeFileSync(topicsFile, `${JSON.stringify(topics, null, 1)}\n`);

const linked = new Set(out.flatMap((a) => a.items ?? []));
console.log(`${out.length} articles (${out.filter((a) => a.kind === 'policy' || a.kind === 'normative').length} policies with their 解读), ${gazette.length} gazette issues, ${topics.length} topics, ${linked.size} services linked`);
