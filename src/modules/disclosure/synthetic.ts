/**
 * The synthetic government information of `yimen seed --scale-articles N` (seeded in scale.ts): a
 * fictional city's organisation tree (市政府, departments, districts, 街道, 社区) and articles of
 * every kind, with varied titles, bodies of a few hundred characters, categories and their 五公开
 * stages, years 2012–2026, 文号, some 失效/废止 policies and 解读 linked to their policy. Article n
 * of a seed of a given size is always the same (a seeded generator), so a seed can be resumed.
 * Never part of the demo.
 */
import { SYNTHETIC_TOPIC_PAIRS } from '../search/index.js';
import type { ArticleContent } from './model.js';

/** the author of every synthetic article: how a seed finds where it left off */
export const SCALE_AUTHOR = '合成数据';

interface ScaleOrg {
  slug: string;
  name: string;
  level: string;
  parent?: string;
  /** what its 文号 start with */
  short: string;
  /** how many articles it publishes, relatively */
  weight: number;
}

const DEPARTMENTS: [string, string, string][] = [
  ['fgw', '发展和改革委员会', '示发改'],
  ['jyj', '教育局', '示教'],
  ['gaj', '公安局', '示公'],
  ['mzj', '民政局', '示民'],
  ['czj', '财政局', '示财'],
  ['rsj', '人力资源和社会保障局', '示人社'],
  ['zrzy', '自然资源和规划局', '示自然资源'],
  ['sthj', '生态环境局', '示环'],
  ['zjj', '住房和城乡建设局', '示建'],
  ['jtj', '交通运输局', '示交'],
  ['nyj', '农业农村局', '示农'],
  ['swj', '商务局', '示商'],
  ['wjw', '卫生健康委员会', '示卫健'],
  ['yjj', '应急管理局', '示应急'],
  ['scjg', '市场监督管理局', '示市监'],
  ['ybj', '医疗保障局', '示医保'],
  ['tjj', '统计局', '示统'],
  ['gjj', '住房公积金管理中心', '示公积金'],
];
const DISTRICTS: [string, string, string, string[]][] = [
  ['dh', '东湖区', '东', ['滨江', '湖滨', '东门']],
  ['xs', '西山区', '西', ['山前', '龙泉', '西城']],
  ['ng', '南港区', '南', ['港湾', '新港', '渔港']],
  ['gx', '高新区', '高新', ['创新', '科园', '云谷']],
];
const COMMUNITIES = ['望湖', '幸福', '和平'];

/** The organisation tree the articles are spread over, parents first. */
export function scaleOrgs(): ScaleOrg[] {
  const out: ScaleOrg[] = [{ slug: 'szf', name: '示范市人民政府', level: 'government', short: '示府', weight: 60 }];
  out.push({ slug: 'szfb', name: '示范市人民政府办公室', level: 'department', parent: 'szf', short: '示府办', weight: 40 });
  for (const [slug, name, short] of DEPARTMENTS) out.push({ slug, name: `示范市${name}`, level: 'department', parent: 'szf', short, weight: 30 });
  for (const [slug, name, short, streets] of DISTRICTS) {
    out.push({ slug, name: `示范市${name}人民政府`, level: 'district', parent: 'szf', short: `${short}府`, weight: 30 });
    streets.forEach((street, i) => {
      const s = `${slug}-s${i + 1}`;
      out.push({ slug: s, name: `${name}${street}街道办事处`, level: 'street', parent: slug, short: `${street}街`, weight: 8 });
      for (const j of [0, 1]) out.push({ slug: `${s}-c${j + 1}`, name: `${street}街道${COMMUNITIES[(i + j) % 3]}社区居民委员会`, level: 'community', parent: s, short: `${street}社`, weight: 2 });
    });
  }
  return out;
}

/**
 * Where this seed's words differ from the search module's synthetic topics: by search's topic,
 * this seed's [subject, related word]. The articles were first generated with these words, and
 * article n must stay the same text so that a seed can be resumed, so they stay this module's own.
 */
const OWN_SUBJECTS: Readonly<Record<string, readonly [string, string]>> = {
  创业担保贷款: ['创业担保贷款', '财政贴息'],
  住房公积金缴存: ['住房公积金缴存', '公积金提取'],
  最低生活保障: ['最低生活保障', '社会救助'],
  退役军人优待: ['退役军人优待', '优抚对象'],
  停车设施建设: ['停车设施建设', '停车泊位'],
  预算公开: ['地质灾害防治', '汛期巡查'],
};

/** subjects: [what it is about, a related word for bodies], in search's order (article n picks by position); the bench's queries use them */
export const SCALE_SUBJECTS: readonly (readonly [string, string])[] = SYNTHETIC_TOPIC_PAIRS.map((pair) => OWN_SUBJECTS[pair[0]] ?? pair);

/** kind: [share of articles in thousandths, the categories it goes in] */
const KINDS: [string, number, string[]][] = [
  ['news', 300, ['news', 'key-work', 'inspection', 'responses']],
  ['notice', 160, ['key-work', 'consultation', 'meetings', 'services', 'employment', 'education', 'health', 'housing', 'social-assistance']],
  ['policy', 90, ['policy-docs', 'decision-preview']],
  ['normative', 60, ['normative']],
  ['interpretation', 80, ['interpretation']],
  ['personnel', 60, ['personnel', 'functions']],
  ['budget', 50, ['budget', 'audit-results']],
  ['plan', 50, ['plans', 'major-projects', 'work-report']],
  ['statistics', 60, ['statistics', 'summaries']],
  ['emergency', 40, ['emergency']],
  ['report', 25, ['summaries', 'work-report', 'proposals', 'power-list']],
  ['procurement', 25, ['procurement', 'enforcement', 'random-inspection']],
];
const KIND_TABLE = KINDS.flatMap(([kind, share]) => Array.from({ length: share }, () => kind));

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = Date.UTC(2012, 0, 1);
const LAST = Date.UTC(2026, 10, 30);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cn = (date: string) => `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
const PLACES = ['东湖区', '西山区', '南港区', '高新区', '滨江街道', '北塘镇', '龙泉街道'];
const NAMES = ['王建国', '李晓梅', '张伟', '陈静', '刘洋', '赵敏', '周涛', '吴芳', '孙磊', '郑丽', '何军', '马琳'];

export interface ScaleArticle {
  content: ArticleContent;
  publishedAt: string;
  year: number;
  org: number;
}

/** The policy a 解读 explains: the last policy its organisation made before it. */
export interface PolicyRef {
  id: number;
  title: string;
  writtenOn: string;
}

/**
 * Article n (0-based): its content, publication time (in +08:00) and organisation (an index into
 * `orgs`). `policyOf`: the policy a 解读 of that organisation explains (without one a 解读 becomes
 * 工作动态); `pass`: how many articles it takes the dates to run through the years once.
 */
export function scaleArticle(n: number, orgs: ScaleOrg[], orgCycle: number[], policyOf: (org: number) => PolicyRef | undefined = () => undefined, pass = 250_000): ScaleArticle {
  const r = rng(n * 2654435761 + 7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)] as T;
  const org = orgCycle[n % orgCycle.length] as number;
  const policy = policyOf(org);
  let kind = KIND_TABLE[Math.floor(r() * KIND_TABLE.length)] as string;
  if (kind === 'interpretation' && !policy) kind = 'news';
  const category = pick((KINDS.find((k) => k[0] === kind) as [string, number, string[]])[2]);
  // the dates run through the years once every `pass` articles, so a batch's dates lie close
  // together (the date indexes are written in a few places rather than all over, which keeps a
  // million-row load fast); recent years publish more: the square root skews towards the end
  let writtenMs = FIRST + Math.floor(Math.sqrt(((n % pass) + r()) / pass) * (LAST - FIRST));
  if (kind === 'interpretation' && policy) {
    writtenMs = Math.min(LAST, Date.parse(`${policy.writtenOn}T00:00:00Z`) + Math.floor(r() * 6) * 86_400_000);
  }
  const writtenOn = day(writtenMs);
  const published = day(Math.min(LAST, writtenMs + Math.floor(r() * 8) * 86_400_000));
  const year = Number(published.slice(0, 4));
  const o = orgs[org] as ScaleOrg;
  const [subject, related] = pick(SCALE_SUBJECTS);
  const place = pick(PLACES);
  const amount = 100 + Math.floor(r() * 900);
  const days = 1 + Math.floor(r() * 20);
  const wy = writtenOn.slice(0, 4);
  const docNumber = 1 + Math.floor(r() * 180);
  const isPolicy = kind === 'policy' || kind === 'normative';
  const docNo = isPolicy ? `${o.short}${kind === 'normative' ? '规' : '发'}〔${wy}〕${docNumber}号` : kind === 'notice' && r() < 0.3 ? `${o.short}函〔${wy}〕${docNumber}号` : '';
  const v = r();
  const validity: ArticleContent['validity'] = isPolicy ? (Number(wy) < 2018 && v < 0.5 ? 'repealed' : v < 0.12 ? 'expired' : v < 0.18 ? 'repealed' : 'valid') : 'valid';
  const validityDate = validity === 'valid' ? '' : day(Math.min(LAST, writtenMs + (200 + Math.floor(r() * 1500)) * 86_400_000));
  const common = `${o.name}根据国家和省有关规定，结合本地实际，就${subject}工作作出部署，${place}等地同步推进。`;
  const contact = `联系单位：${o.name}，咨询电话12345。`;
  let title: string;
  let paragraphs: string[];
  switch (kind) {
    case 'policy':
    case 'normative': {
      const instrument = pick(['实施办法', '管理办法', '实施意见', '若干措施', '工作方案', '暂行规定']);
      title = pick([`${o.name}关于印发《示范市${subject}${instrument}》的通知`, `${o.name}关于进一步做好${subject}工作的${instrument === '实施意见' ? '实施意见' : '通知'}`, `示范市${subject}${instrument}`]);
      paragraphs = [
        `各有关单位：\n为做好${subject}工作，促进${related}，经研究，现将有关事项通知如下。`,
        `# 一、适用范围\n本${instrument}适用于本市行政区域内的${subject}相关工作，${place}可结合实际制定细则。`,
        `# 二、主要措施\n对符合条件的对象给予每人每月${amount}元的补助，申请人可通过示范市政务服务网或各区政务服务中心提出申请，承诺时限为${days}个工作日。`,
        `# 三、其他\n本${instrument}自${cn(writtenOn)}起施行，有效期五年。${contact}`,
      ];
      break;
    }
    case 'interpretation': {
      const ref = policy as PolicyRef;
      const short = /《(.+)》/.exec(ref.title)?.[1] ?? ref.title;
      title = pick([`《${short}》政策解读`, `一图读懂：${short}`, `${o.name}有关负责人就《${short}》答记者问`]);
      paragraphs = [
        `为便于社会公众理解《${short}》，现解读如下。`,
        `一、出台背景：近年来，${related}需求不断增长，${subject}工作面临新情况、新问题。`,
        `二、主要内容：明确了适用对象、申请条件、办理流程和每人每月${amount}元的补助标准。`,
        `三、办理方式：可通过示范市政务服务网或${place}政务服务中心窗口申请，承诺时限为${days}个工作日。${contact}`,
      ];
      break;
    }
    case 'personnel': {
      const who = pick(NAMES);
      title = pick([`${o.name}关于${who}等同志职务任免的通知`, `${o.name}${year}年公开招聘工作人员公告`, `${o.name}${year}年公务员录用拟录用人员公示`]);
      paragraphs = [`根据工作需要，经研究决定，${who}同志任${o.name}${pick(['办公室主任', '副局长', '科长', '二级调研员'])}。`, `公示期为${days}个工作日，对公示对象有异议的，可以书面形式向${o.name}反映。`, contact];
      break;
    }
    case 'budget':
      title = pick([`${o.name}${year}年部门预算`, `${o.name}${year - 1}年部门决算`, `${o.name}${year}年“三公”经费预算情况说明`]);
      paragraphs = [
        `${o.name}${year}年收入预算${amount * 13}万元，支出预算${amount * 12}万元，其中${subject}相关支出${amount}万元。`,
        `| 项目 | 金额（万元） |\n| 一般公共服务支出 | ${amount * 3} |\n| ${subject} | ${amount} |\n| 三公经费 | ${Math.floor(amount / 10)} |`,
        `与上年相比，三公经费下降${days}%。${contact}`,
      ];
      break;
    case 'statistics':
      title = pick([`${year}年${1 + Math.floor(r() * 12)}月示范市${subject}统计数据`, `示范市${year}年国民经济和社会发展统计公报`, `${place}${year}年${subject}情况统计`]);
      paragraphs = [`${year}年，全市${subject}工作稳步推进，${related}指标同比增长${days}.${amount % 10}%。`, `全年累计服务${amount * 37}人次，资金投入${amount}万元。`, '注：数据为初步统计，最终以年报为准。'];
      break;
    case 'emergency':
      title = pick([`示范市${subject}应急预案`, `${o.name}关于做好${subject}工作的紧急通知`, `${place}${cn(published)}${subject}处置情况通报`]);
      paragraphs = [common, `各单位要落实值班值守制度，发现险情及时报告，${related}相关工作纳入考核。`, `应急联系电话：0799-${8200000 + (amount % 1000)}。${contact}`];
      break;
    case 'plan':
      title = pick([`示范市“十四五”${subject}规划`, `${o.name}${year}年${subject}工作计划`, `${place}${subject}专项规划（${year}—${year + 5}年）`]);
      paragraphs = [`为推进${subject}，提升${related}水平，制定本规划。`, `# 发展目标\n到${year + 5}年，${subject}覆盖率达到${60 + (amount % 40)}%，${related}明显改善。`, common];
      break;
    case 'procurement':
      title = pick([`${o.name}${subject}项目公开招标公告`, `${o.name}${subject}服务采购结果公告`, `${place}${subject}项目中标公示`]);
      paragraphs = [`项目名称：${subject}服务项目；预算金额：${amount}万元；采购方式：公开招标。`, `投标截止时间：${cn(published)}后${days}日。`, contact];
      break;
    case 'report':
      title = pick([`${o.name}${year}年工作总结和${year + 1}年工作计划`, `${o.name}${year}年法治政府建设情况报告`, `${o.name}关于市人大代表建议第${docNumber}号的答复`]);
      paragraphs = [`${year}年，${o.name}围绕${subject}等重点工作，完成了年度目标任务。`, `${related}工作取得新进展，全年办理群众诉求${amount * 3}件，办结率${90 + (days % 10)}%。`, contact];
      break;
    case 'notice':
      title = pick([`${o.name}关于开展${subject}工作的通知`, `关于${subject}有关事项的公告`, `${o.name}关于${subject}征求意见的公告`, `${place}${subject}申报工作通知`]);
      paragraphs = [common, `申报时间为${cn(published)}起${days}个工作日内，申请人可登录示范市政务服务网办理，也可到${place}政务服务中心窗口办理。`, contact];
      break;
    default:
      title = pick([`${o.name}召开${subject}工作推进会`, `${place}扎实推进${subject}`, `${o.name}开展${subject}专项检查`, `示范市${subject}工作取得新成效`]);
      paragraphs = [`${cn(published)}，${o.name}召开${subject}工作推进会。`, common, `会议要求，要把${related}作为重点，确保各项任务落地见效，${amount}户群众受益。`];
  }
  const content: ArticleContent = {
    title: title.slice(0, 120),
    kind,
    orgId: 0,
    indexNo: '',
    topic: subject,
    issuer: o.name,
    docNo,
    writtenOn,
    stage: '',
    category,
    validity,
    validityDate,
    openMode: 'active',
    openScope: '面向社会',
    keywords: [subject, related],
    summary: `${o.name}发布的${subject}相关信息。`,
    body: [...paragraphs, `本信息由${o.name}发布，涉及${subject}、${related}等内容。公众可通过示范市人民政府门户网站“政府信息公开”栏目查阅，或拨打12345政务服务便民热线咨询。`].join('\n\n'),
    policyId: kind === 'interpretation' ? (policy as PolicyRef).id : null,
    interpretForm: kind === 'interpretation' ? (pick(['text', 'text', 'graphic', 'video']) as ArticleContent['interpretForm']) : '',
    videoUrl: '',
    publishAt: '',
  };
  if (content.interpretForm === 'video') content.videoUrl = `https://video.example.gov.cn/jd/${n}.mp4`;
  return { content, publishedAt: `${published}T09:${String(n % 60).padStart(2, '0')}:00+08:00`, year, org };
}

/** The organisation of article n, weighted (市政府 and departments publish more than a 社区). */
export function cycleOf(orgs: ScaleOrg[]): number[] {
  const cycle: number[] = [];
  orgs.forEach((o, i) => {
    for (let k = 0; k < o.weight; k++) cycle.push(i);
  });
  // spread each organisation over the cycle rather than in runs
  const r = rng(42);
  for (let i = cycle.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [cycle[i], cycle[j]] = [cycle[j] as number, cycle[i] as number];
  }
  return cycle;
}
