/** Factories: small, valid application records (forms, routes, principals, facts); override any field. */
import type { Principal, StaffRole } from '../../src/lib/principal.js';
import type { ApplicationFacts, FormDefinition, RouteDefinition } from '../../src/modules/applications/index.js';

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
