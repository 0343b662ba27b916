/**
 * Synthetic items for benchmarks: realistic-looking names, guides and links built from word
 * lists, deterministic by index so two runs make the same data. Never shown as real services.
 */
import type { CatalogueBundle, ItemInput } from '../modules/catalog/index.js';

const OBJECTS = [
  '建设工程', '食品生产', '道路运输', '医疗机构', '药品零售', '特种设备', '公共场所', '农药经营', '旅馆业', '出版物零售',
  '网络文化', '危险化学品', '民办学校', '养老机构', '动物诊疗', '水产养殖', '林木种子', '排水设施', '燃气经营', '户外广告',
  '成品油零售', '二手车交易', '机动车维修', '城市绿化', '人防工程', '文物保护', '职业培训', '劳务派遣', '计量器具', '消防设施',
];
const ACTIONS = ['许可', '许可变更', '许可延续', '许可注销', '备案', '登记', '年度报告', '证书补领', '资格认定', '验收备案', '检验', '审批'];
const AREAS = ['东湖区', '西山区', '南港区', '高新区', '滨江街道', '翠屏镇', '港城街道', '湖滨街道'];
const TYPES: ItemInput['type'][] = ['行政许可', '行政确认', '行政备案', '公共服务', '其他行政权力', '行政给付'];
const DOCS = ['申请书', '营业执照', '法定代表人身份证明', '场所产权证明或租赁合同', '平面布局图', '专业人员资格证书', '管理制度文本', '设备清单'];

export function syntheticItems(bundle: CatalogueBundle, from: number, count: number): ItemInput[] {
  const depts = bundle.departments.map((d) => d.slug);
  const halls = bundle.halls.map((h) => h.slug);
  const themes = bundle.themes.map((t) => t.slug);
  const out: ItemInput[] = [];
  for (let i = from; i < from + count; i++) {
    const object = OBJECTS[i % OBJECTS.length] as string;
    const action = ACTIONS[Math.floor(i / OBJECTS.length) % ACTIONS.length] as string;
    const area = AREAS[Math.floor(i / (OBJECTS.length * ACTIONS.length)) % AREAS.length] as string;
    const round = Math.floor(i / (OBJECTS.length * ACTIONS.length * AREAS.length));
    const name = `${area}${object}${action}${round ? `（第${round + 1}类）` : ''}`;
    const code = String(900000000000 + i);
    const legal = 5 + (i % 20);
    const immediate = i % 7 === 0;
    out.push({
      code,
      implCode: `SYN${code}`,
      name,
      aliases: [`${object}${action.slice(0, 2)}`, `办${object}`],
      type: TYPES[i % TYPES.length] as ItemInput['type'],
      department: depts[i % depts.length] as string,
      implementingBody: `示范市${area}${object}主管部门`,
      legalBasis: [`《示范市${object}管理条例》第${(i % 40) + 1}条`],
      targets: i % 3 === 0 ? ['citizen'] : ['enterprise'],
      summary: `在${area}从事${object}相关活动的申请人，依法办理${object}${action}。`,
      conditions: [`申请人在${area}依法设立或居住`, `${object}场所、设备和人员符合规定条件`],
      materials: [0, 1, 2].map((k) => ({
        name: DOCS[(i + k) % DOCS.length] as string,
        form: k === 0 ? '原件' : '复印件',
        medium: '纸质或电子',
        copies: 1,
        source: k === 0 ? '申请人自备' : '政府部门核发',
        required: k < 2,
      })),
      steps: [
        { title: '申请', description: `通过网上办事大厅或${area}政务服务中心窗口提交${object}${action}申请。` },
        { title: '受理', description: '窗口对材料进行形式审查，材料齐全的当场受理。' },
        { title: '审查决定', description: `主管部门在承诺时限内作出${action}决定。` },
      ],
      legalLimitDays: legal,
      promisedLimitDays: immediate ? 0 : Math.max(1, Math.floor(legal / 2)),
      limitKind: immediate ? '即办件' : '承诺件',
      fees: [],
      halls: [halls[i % halls.length] as string],
      consultPhone: '0799-12345',
      complaintPhone: '12345',
      handlingForms: ['窗口办理', '网上办理'],
      visits: i % 2,
      onlineDepth: 3,
      appointment: i % 2 === 0,
      results: { name: `${object}${action}决定书`, kind: '批准文书', delivery: ['窗口领取', '邮寄送达'] },
      faq: [{ q: `${object}${action}需要多长时间？`, a: `承诺时限内办结，材料齐全的可当场受理。` }],
      policies: [],
      themes: [themes[i % themes.length] as string],
      specialGroups: [],
    });
  }
  return out;
}
