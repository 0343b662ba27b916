/** Factories: small, valid application records (forms, routes, principals, facts); override any field. */
import type { Principal, StaffRole } from '../../src/lib/principal.js';
import type { ApplicationFacts, FormDefinition, RouteDefinition } from '../../src/modules/applications/index.js';
import type { Services } from '../../src/app.js';
import { createApplications, type DefinitionSource, type ItemDefinition } from '../../src/modules/applications/index.js';
import { buildDepartment, buildGroup, buildHall, buildItem, buildTheme } from './catalog.js';
import { buildCitizen, buildStaff } from './accounts.js';

/** A valid 公民身份号码 and 统一社会信用代码 (check characters right). */
export const VALID_ID_NUMBER = '11010519491231002X';
export const VALID_CREDIT_CODE = '91350100M000100Y43';

let seq = 0;
const next = () => ++seq;

/** A form for opening a business: text, choice, conditional fields, shareholders, a file slot. */
export function buildFormDefinition(o: Partial<FormDefinition> = {}): FormDefinition {
  return {
    intro: '请如实填写，带 * 的为必填项。',
    fields: [
      { key: 'name', type: 'text', label: '申请人姓名', required: true, maxLength: 20, prefill: 'name' },
      { key: 'idNumber', type: 'idNumber', label: '身份证号码', required: true, prefill: 'idNumber' },
      { key: 'phone', type: 'phone', label: '联系电话', required: true, mobileOnly: true, prefill: 'phone' },
      {
        key: 'kind',
        type: 'choice',
        label: '申请类型',
        required: true,
        options: [
          { value: 'new', label: '首次申领' },
          { value: 'lost', label: '遗失补领' },
        ],
      },
      {
        key: 'lostReport',
        type: 'text',
        label: '遗失说明',
        multiline: true,
        showWhen: { field: 'kind', anyOf: ['lost'] },
        requiredWhen: { field: 'kind', anyOf: ['lost'] },
      },
      { key: 'capital', type: 'number', label: '注册资本', min: 0, max: 100000, unit: '万元' },
      { key: 'startDate', type: 'date', label: '拟开业日期', notBefore: 'today' },
      { key: 'creditCode', type: 'creditCode', label: '统一社会信用代码', prefill: 'creditCode' },
      { key: 'address', type: 'address', label: '经营地址', requiredWhen: { field: 'capital' } },
      {
        key: 'shareholders',
        type: 'rows',
        label: '股东信息',
        minRows: 1,
        maxRows: 10,
        fields: [
          { key: 'name', type: 'text', label: '姓名', required: true, maxLength: 20 },
          { key: 'idNumber', type: 'idNumber', label: '身份证号码', required: true },
          { key: 'share', type: 'number', label: '出资比例', min: 0, max: 100, unit: '%' },
        ],
      },
      { key: 'licence', type: 'file', label: '营业执照', accept: ['pdf', 'image'], maxFiles: 2, maxSizeMb: 5, required: true, material: '营业执照副本' },
    ],
    ...o,
  };
}

/** A route of three stages: the item's department, then two departments in 会签, then the decision. */
export function buildRoute(o: Partial<RouteDefinition> = {}): RouteDefinition {
  return {
    stages: [
      { key: 'review', name: '审查', mode: 'all', participants: [{ department: 'market' }] },
      { key: 'joint', name: '联合审查', mode: 'all', participants: [{ department: 'fire' }, { department: 'environment' }] },
      { key: 'decide', name: '决定', mode: 'all', participants: [{ department: 'market', roles: ['dept_admin'] }] },
    ],
    ...o,
  };
}

export function buildApplicationStaff(role: StaffRole, departmentId: number | null, o: Partial<Principal> = {}): Principal {
  const n = next();
  return { userId: 1000 + n, kind: 'staff', name: `工作人员${n}`, username: `staff${n}`, role, departmentId, enterpriseId: null, enterpriseRole: null, ...o };
}

export function buildApplicant(o: Partial<Principal> = {}): Principal {
  const n = next();
  return { userId: 5000 + n, kind: 'citizen', name: `申请人${n}`, username: null, role: null, departmentId: null, enterpriseId: null, enterpriseRole: null, ...o };
}

/** What the policy knows of an application: by default submitted by applicant 5000, item of department 1. */
export function buildApplicationFacts(o: Partial<ApplicationFacts> = {}): ApplicationFacts {
  return {
    status: 'submitted',
    applicantId: 5000,
    enterpriseId: null,
    departmentId: 1,
    acceptedAt: null,
    routeDepartments: [],
    pendingDepartments: [],
    ...o,
  };
}

// ---- a small world on a real database: departments, an online item, staff, a citizen ----------


/** An in-memory DefinitionSource (what apps-auto's definitions/ gives at merge). */
export function memoryDefinitions(): DefinitionSource & { define(def: Omit<ItemDefinition, 'version' | 'automation'> & { version?: number }): void } {
  const defs = new Map<number, ItemDefinition>();
  return {
    definitionOf: async (itemId) => defs.get(itemId) ?? null,
    define: (def) => defs.set(def.itemId, { version: 1, automation: null, ...def }),
  };
}

/** A PDF's first bytes and a few more: what an upload of a real PDF looks like to the content check. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

/** A clock a test moves by hand. */
export function handClock(start: Date) {
  let now = start;
  return { now: () => now, set: (d: Date) => (now = d) };
}

/**
 * Four departments (lead, fire, environment, and the window's), one online item of the lead
 * department with three guide materials (one 免提交), the staff of each, a citizen, and the
 * applications face on the test app's services with an in-memory definition source.
 */
export async function buildApplicationWorld(services: Services, o: { route?: (slugs: { lead: string; fire: string; env: string; window: string }) => RouteDefinition; now?: Date } = {}) {
  const [lead, fire, env, window] = [buildDepartment(), buildDepartment(), buildDepartment(), buildDepartment()];
  const hall = buildHall({ department: lead.slug });
  const theme = buildTheme();
  const refs = { department: lead.slug, hall: hall.slug, theme: theme.slug };
  const item = buildItem(refs, {
    name: `食品经营许可${next()}`,
    promisedLimitDays: 5,
    materials: [
      { name: '营业执照副本', form: '复印件', medium: '电子', copies: 1, source: '申请人自备', required: true },
      { name: '经营场所平面图', form: '原件', medium: '电子', copies: 1, source: '申请人自备', required: true },
      { name: '居民身份证', form: '原件', medium: '电子', copies: 1, source: '部门间共享获取（免提交）', required: true },
    ],
  });
  await services.catalog.importBundle({ departments: [lead, fire, env, window], halls: [hall], themes: [theme], specialGroups: [buildGroup()], forms: [], items: [item] });
  const depts = await services.catalog.listDepartments();
  const idOf = (slug: string) => depts.find((d) => d.slug === slug)!.id;
  const itemId = (await services.catalog.itemRefs({ codes: [item.implCode] }))[0]!.id;
  const slugs = { lead: lead.slug, fire: fire.slug, env: env.slug, window: window.slug };
  const ids = { lead: idOf(lead.slug), fire: idOf(fire.slug), env: idOf(env.slug), window: idOf(window.slug) };
  const route: RouteDefinition = o.route?.(slugs) ?? {
    stages: [
      { key: 'review', name: '审查', mode: 'all', participants: [{ department: lead.slug }] },
      { key: 'joint', name: '联合审查', mode: 'all', participants: [{ department: fire.slug }, { department: env.slug }] },
      { key: 'decide', name: '决定', mode: 'all', participants: [{ department: lead.slug, roles: ['dept_admin'] }] },
    ],
  };
  const definitions = memoryDefinitions();
  definitions.define({ itemId, form: buildFormDefinition(), route });
  const staff = async (role: string, department: string) => (await buildStaff(services, { role, department })).principal;
  const people = {
    clerk: await staff('window_clerk', window.slug),
    leadReviewer: await staff('reviewer', lead.slug),
    leadAdmin: await staff('dept_admin', lead.slug),
    fireReviewer: await staff('reviewer', fire.slug),
    fireHandler: await staff('handler', fire.slug),
    envReviewer: await staff('reviewer', env.slug),
    windowReviewer: await staff('reviewer', window.slug),
    citizen: (await buildCitizen(services, { displayName: '张三' })).principal,
    stranger: (await buildCitizen(services)).principal,
  };
  const clock = handClock(o.now ?? new Date());
  const issued: unknown[] = [];
  const rated: unknown[] = [];
  const concluded: [number, string][] = [];
  const applications = createApplications(services.database, {
    catalog: services.catalog,
    accounts: services.accounts,
    notify: services.notify,
    changes: services.changes,
    calendar: services.letters.calendar,
    files: services.files,
    definitions,
    certificates: {
      issue: async (_tx, input) => {
        issued.push(input);
        return { code: `ZZ${issued.length}`, verifyUrl: `/verify/ZZ${issued.length}` };
      },
      heldBy: async () => [],
    },
    ratings: { openRatable: async (_tx, subject) => void rated.push(subject) },
    journeys: {
      applicationConcluded: async (userId, implCode) => {
        concluded.push([userId, implCode]);
        return 1;
      },
    },
    clock,
  });
  return { applications, definitions, itemId, implCode: item.implCode, ids, slugs, route, people, clock, issued, rated, concluded };
}
export type ApplicationWorld = Awaited<ReturnType<typeof buildApplicationWorld>>;

/** Answers that pass the factory form (the file field comes from the uploaded material). */
export function buildAnswers(o: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '张三',
    idNumber: VALID_ID_NUMBER,
    phone: '13800138000',
    kind: 'new',
    shareholders: [{ name: '张三', idNumber: VALID_ID_NUMBER, share: 100 }],
    ...o,
  };
}

/** A submitted case: a draft with good answers and both materials uploaded, submitted. */
export async function buildSubmitted(w: ApplicationWorld, answers = buildAnswers()) {
  const p = w.people.citizen;
  const draft = await w.applications.saveDraft(p, { itemId: w.itemId, answers });
  await w.applications.upload(p, draft.id, 'licence', [{ filename: 'licence.pdf', data: PDF_BYTES }]);
  await w.applications.upload(p, draft.id, '经营场所平面图', [{ filename: 'plan.png', data: PNG_BYTES }]);
  return w.applications.submit(p, draft.id);
}
