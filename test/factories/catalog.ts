/** Factories: small, valid catalogue records; override any field. */
import type {
  CatalogueBundle,
  DepartmentInput,
  FormInput,
  HallInput,
  ItemInput,
  SpecialGroupInput,
  ThemeInput,
} from '../../src/modules/catalog/index.js';

let seq = 0;
const next = () => ++seq;

export function buildDepartment(o: Partial<DepartmentInput> = {}): DepartmentInput {
  const n = next();
  return {
    slug: `dept-${n}`,
    name: `示范市测试局${n}`,
    shortName: `测试局${n}`,
    kind: '政府工作部门',
    functions: ['负责测试事务的管理工作。'],
    units: [{ name: '办公室', duties: '负责机关日常运转。' }],
    leaders: [{ name: '王测试', title: '局长', portfolio: '主持全面工作，分管办公室。' }],
    address: '示范市东湖区测试路1号',
    postcode: '336000',
    officeHours: '周一至周五 9:00-17:30',
    phones: [{ label: '办公室', number: '0799-8200001' }],
    website: `http://dept-${n}.shifan.gov.cn`,
    location: { lat: 27.62, lng: 113.85 },
    transit: '公交1路测试路站',
    sort: n,
    ...o,
  };
}

export function buildHall(o: Partial<HallInput> = {}): HallInput {
  const n = next();
  return {
    slug: `hall-${n}`,
    name: `测试政务服务大厅${n}`,
    address: '示范市东湖区测试路2号',
    hours: '周一至周五 9:00-17:30',
    phone: '0799-8200002',
    location: { lat: 27.62, lng: 113.85 },
    transit: '地铁1号线测试站',
    windows: 10,
    ...o,
  };
}

export function buildTheme(o: Partial<ThemeInput> = {}): ThemeInput {
  const n = next();
  return { slug: `theme-${n}`, name: `主题${n}`, audience: 'citizen', description: '测试主题', icon: 'id', sort: n, ...o };
}

export function buildGroup(o: Partial<SpecialGroupInput> = {}): SpecialGroupInput {
  const n = next();
  return {
    slug: `group-${n}`,
    name: `群体${n}`,
    description: '测试群体说明',
    arrangements: ['优先办理'],
    hotline: '12345',
    sort: n,
    ...o,
  };
}

export function buildForm(department: string, o: Partial<FormInput> = {}): FormInput {
  const n = next();
  return {
    slug: `form-${n}`,
    title: `测试申请表${n}`,
    department,
    fields: [
      { label: '申请人姓名', example: '张三' },
      { label: '联系电话', example: '13800000000' },
      { label: '申请事由', example: '遗失补领', wide: true },
    ],
    ...o,
  };
}

export function buildItem(refs: { department: string; hall: string; theme: string }, o: Partial<ItemInput> = {}): ItemInput {
  const n = next();
  const code = String(100000000000 + n);
  return {
    code,
    implCode: `T${code}`,
    name: `测试事项${n}`,
    aliases: [`测试别名${n}`],
    type: '行政许可',
    department: refs.department,
    implementingBody: '示范市测试局',
    legalBasis: ['《测试法》第一条'],
    targets: ['citizen'],
    summary: '用于测试的事项。',
    conditions: ['符合测试条件'],
    materials: [{ name: '居民身份证', form: '原件', medium: '纸质', copies: 1, source: '申请人自备', required: true }],
    steps: [{ title: '申请', description: '到窗口申请。' }],
    legalLimitDays: 10,
    promisedLimitDays: 5,
    limitKind: '承诺件',
    fees: [],
    halls: [refs.hall],
    consultPhone: '0799-8200003',
    complaintPhone: '12345',
    handlingForms: ['窗口办理'],
    visits: 1,
    onlineDepth: 3,
    appointment: false,
    results: { name: '测试证', kind: '证照', delivery: ['窗口领取'] },
    faq: [{ q: '要多久？', a: '5 个工作日。' }],
    policies: [],
    themes: [refs.theme],
    specialGroups: [],
    ...o,
  };
}

/** A small consistent catalogue: one department, hall, theme, group and form, and `items` items. */
export function buildBundle(items = 3): CatalogueBundle {
  const department = buildDepartment();
  const hall = buildHall({ department: department.slug });
  const theme = buildTheme();
  const group = buildGroup();
  const form = buildForm(department.slug);
  const refs = { department: department.slug, hall: hall.slug, theme: theme.slug };
  return {
    departments: [department],
    halls: [hall],
    themes: [theme],
    specialGroups: [group],
    forms: [form],
    items: Array.from({ length: items }, () => buildItem(refs)),
  };
}
