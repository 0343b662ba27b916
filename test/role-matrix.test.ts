/**
 * The role matrix: every back-office page and staff API route, asked by every role (system
 * administrator, department administrator, editor, reviewer, dispatcher, handler, citizen,
 * anonymous) about a record of their own department and of another, a confidential letter and an
 * ordinary one. What each case should get is worked out from the policies themselves (the roles'
 * permissions in accounts/permissions.ts, the letters policy in letters/policy.ts), and the routes
 * come from the app as registered (read back from Fastify's route tree, as the fuzzer does): a
 * staff route added without a rule in TABLE fails this test.
 *
 * Allowed requests are sent with a stale version (or an incomplete form) so that the operation is
 * authorised and then refused for that reason (409, 400) — nothing changes; denied ones get "not
 * found", "forbidden", the sign-in page, or "lead department only".
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, isPortalWide, type Permission, type Principal, STAFF_ROLES, type StaffRole } from '../src/lib/principal.js';
import { decide, type LetterAbility, type PolicyContext } from '../src/modules/letters/index.js';
import { t as message } from '../src/lib/i18n/index.js';
import { type ApplicationAbility, type ApplicationFacts, applicationDecide, createApplications, type ItemDefinition } from '../src/modules/applications/index.js';
import { buildBundle } from './factories/catalog.js';
import { buildHospital } from './factories/hospitals.js';
import { testApp } from './helpers.js';
import { WebClient } from './web.js';
import { registeredRoutes } from './fuzz/site.js';
import { cookieHeader } from './cookies.js';

type Role = StaffRole | 'citizen' | 'anonymous';
const ROLES: Role[] = [...STAFF_ROLES, 'citizen', 'anonymous'];
type Dept = 'own' | 'other';
type Channel = 'ordinary' | 'confidential';
const PASSWORD = 'matrix2026ok';

let t: Awaited<ReturnType<typeof testApp>>;
const dept = {} as Record<Dept, number>;
const item = {} as Record<Dept, string>;
const draft = {} as Record<Dept, number>;
/** a piece of government information under review, in each department (政务公开) */
const article = {} as Record<Dept, number>;
const colleague = {} as Record<Dept, number>;
const colleagueToken = {} as Record<Dept, number>;
const hallSlug = {} as Record<Dept, string>;
const hallWindow = {} as Record<Dept, number>;
const hallQueue = {} as Record<Dept, number>;
const hallSlot = {} as Record<Dept, number>;
/** 预约挂号: a hospital per "department" (the hospital administrator is assigned to the own one), a doctor and a half-day of each */
const hospital = {} as Record<Dept, number>;
const hospDoctor = {} as Record<Dept, number>;
const hospSession = {} as Record<Dept, number>;
const letter = {} as Record<Dept, Record<Channel, { id: number; file: number; departmentId: number; channel: string }>>;
let mergeTarget = '';
const certificate = {} as Record<Dept, string>;
const rectification = {} as Record<Dept, number>;
const foiReq = {} as Record<Dept, number>;
/** a 人大建议 each department handles, replied (so publish is possible) */
const proposalId = {} as Record<Dept, number>;
/** an annual report (政府信息公开工作年度报告) of each department's organisation, in draft */
const reportId = {} as Record<Dept, number>;
/** an accepted application of each department's item, waiting for that department's opinion, and one of its materials */
const application = {} as Record<Dept, { no: string; material: number; facts: ApplicationFacts }>;
const principal = {} as Record<Role, Principal | undefined>;
const web = {} as Record<Role, WebClient>;
const bearer = {} as Record<Role, string | undefined>;
let ctx: PolicyContext;

interface Case {
  role: Role;
  p: Principal | undefined;
  dept: Dept;
  channel: Channel;
}
interface Rule {
  /** what the record depends on: nothing, its department, or (letters) department and channel */
  varies: 'nothing' | 'department' | 'letter';
  /** the expected answer, from the policies */
  allows(c: Case): boolean;
  /** the path (and body) to send */
  path(c: Case): string | Promise<string>;
  body?(c: Case): Record<string, unknown>;
}

const staff = (c: Case) => c.p?.kind === 'staff';
const has = (c: Case, permission: Permission) => can(c.p, permission);
/** portal-wide roles reach every department; others their own */
const reaches = (c: Case) => !!c.p && (isPortalWide(c.p) || c.p.departmentId === dept[c.dept]);
/** a hospital administrator of the own hospital, or a portal-wide administrator */
const inHospital = (c: Case) => has(c, 'hospitals.manage') && (isPortalWide(c.p as Principal) || c.dept === 'own');
const letterOf = (c: Case) => letter[c.dept][c.channel];
/** the letters policy's answer for this case */
const mayLetter = (ability: LetterAbility) => (c: Case) => {
  const l = letterOf(c);
  const role = c.p && !isPortalWide(c.p) && c.p.departmentId === l.departmentId ? ('lead' as const) : undefined;
  return decide(c.p, { channel: l.channel, departmentId: l.departmentId, role }, ability, ctx) === undefined;
};
/** 政务公开: a disclosure role (edit, review or portal) of the article's department, and the permission the action needs */
const disclosureStaff = (c: Case) => has(c, 'disclosure.edit') || has(c, 'disclosure.review') || has(c, 'disclosure.portal');
const articleRule = (...permissions: Permission[]) => (c: Case) => disclosureStaff(c) && reaches(c) && (!permissions.length || permissions.some((p) => has(c, p)));
const onArticle = (suffix: string, permissions: Permission[], body?: Record<string, unknown>): Rule => ({
  varies: 'department',
  allows: articleRule(...permissions),
  path: (c) => `/admin/disclosure/articles/${article[c.dept]}${suffix}`,
  body: () => ({ version: '0', ...body }),
});
const draftRule = (permission: Permission) => (c: Case) => has(c, 'catalog.view') && reaches(c) && has(c, permission);

const everyone: Rule = { varies: 'nothing', allows: () => true, path: () => '' };
const anyStaff = (path: string, body?: Record<string, unknown>): Rule => ({ varies: 'nothing', allows: staff, path: () => path, body: body && (() => body) });
const needs = (permission: Permission, path: string, body?: Record<string, unknown>): Rule => ({ varies: 'nothing', allows: (c) => has(c, permission), path: () => path, body: body && (() => body) });
const onLetter = (ability: LetterAbility, suffix: string, body?: (c: Case) => Record<string, unknown>, prefix = '/admin/letters'): Rule => ({
  varies: 'letter',
  allows: mayLetter(ability),
  path: (c) => `${prefix}/${letterOf(c).id}${suffix}`,
  body,
});
const stale = { version: '0' };
const staleApi = { version: 1 };
const reason = '这一操作的理由写在这里';
/** the applications policy's answer for the department's case: denied unless allowed or refused only for its state (409) */
const mayApplication = (ability: ApplicationAbility) => (c: Case) => {
  if (!staff(c)) return false; // the back office and the staff API: the applicant follows the case elsewhere
  const denial = applicationDecide(c.p, application[c.dept].facts, ability);
  return denial === undefined || (ability !== 'read' && denial === 'state');
};
/** 材料免提交 fetched: whoever reads the case and staffs the window or gives its opinion (operations/materials.ts) */
const mayFetch = (c: Case) => {
  const f = application[c.dept].facts;
  return mayApplication('read')(c) && (applicationDecide(c.p, f, 'accept') === undefined || mayApplication('opine')(c));
};
const onApplication = (ability: ApplicationAbility, suffix: string, body: () => Record<string, unknown>, prefix = '/admin/applications', allows = mayApplication(ability)): Rule => ({
  varies: 'department',
  allows,
  path: (c) => `${prefix}/${application[c.dept].no}${suffix}`,
  body,
});
const replyBody = '您好！您反映的问题已收悉，我们正在核实处理。';

/** Every staff route and what it needs. HEAD follows GET. */
const TABLE: Record<string, Rule> = {
  'GET /admin/login': { ...everyone, path: () => '/admin/login' },
  // 依申请公开: the department's requests (foi/policy.ts); actions sent with a stale version
  'GET /admin/foi': needs('foi.view', '/admin/foi'),
  'GET /admin/foi/:id': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}` },
  'POST /admin/foi/:id/noticeCorrection': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.handle') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/noticeCorrection`, body: () => stale },
  'POST /admin/foi/:id/startConsultation': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.handle') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/startConsultation`, body: () => stale },
  'POST /admin/foi/:id/endConsultation': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.handle') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/endConsultation`, body: () => stale },
  'POST /admin/foi/:id/extend': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.approve') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/extend`, body: () => stale },
  'POST /admin/foi/:id/reply': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.handle') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/reply`, body: () => stale },
  // 答复向社会公开 (decision 0029): a handler prepares the wording, an approver publishes or withdraws it
  'POST /admin/foi/:id/publication/prepare': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.handle') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/publication/prepare`, body: () => stale },
  'POST /admin/foi/:id/publication/publish': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.approve') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/publication/publish`, body: () => stale },
  'POST /admin/foi/:id/publication/withdraw': { varies: 'department', allows: (c) => staff(c) && has(c, 'foi.view') && has(c, 'foi.approve') && reaches(c), path: (c) => `/admin/foi/${foiReq[c.dept]}/publication/withdraw`, body: () => stale },
  // 人大建议/政协提案 (proposals/policy.ts): the main department's staff with the permission; actions sent with a stale version
  'GET /admin/proposals': { varies: 'nothing', allows: (c) => has(c, 'proposals.handle') || has(c, 'proposals.publish'), path: () => '/admin/proposals' },
  'GET /admin/proposals/new': { varies: 'nothing', allows: (c) => has(c, 'proposals.handle') || has(c, 'proposals.publish'), path: () => '/admin/proposals/new' },
  'POST /admin/proposals/new': { varies: 'nothing', allows: (c) => has(c, 'proposals.handle') || has(c, 'proposals.publish'), path: () => '/admin/proposals/new', body: () => ({ title: '' }) },
  'GET /admin/proposals/:id': { varies: 'department', allows: (c) => (has(c, 'proposals.handle') || has(c, 'proposals.publish')) && reaches(c), path: (c) => `/admin/proposals/${proposalId[c.dept]}` },
  'POST /admin/proposals/:id/opinion': { varies: 'department', allows: (c) => (has(c, 'proposals.handle') || has(c, 'proposals.publish')) && reaches(c), path: (c) => `/admin/proposals/${proposalId[c.dept]}/opinion`, body: () => stale },
  'POST /admin/proposals/:id/reply': { varies: 'department', allows: (c) => (has(c, 'proposals.handle') || has(c, 'proposals.publish')) && reaches(c), path: (c) => `/admin/proposals/${proposalId[c.dept]}/reply`, body: () => stale },
  'POST /admin/proposals/:id/publish': { varies: 'department', allows: (c) => (has(c, 'proposals.handle') || has(c, 'proposals.publish')) && reaches(c), path: (c) => `/admin/proposals/${proposalId[c.dept]}/publish`, body: () => stale },
  // 年度报告 (annual-reports/policy.ts): the organisation's disclosure staff; actions sent with a stale version
  'GET /admin/reports': { varies: 'nothing', allows: disclosureStaff, path: () => '/admin/reports' },
  'POST /admin/reports/generate': { varies: 'department', allows: articleRule(), path: () => '/admin/reports/generate', body: (c) => ({ org: `m-org-${c.dept}`, year: 'x' }) },
  'GET /admin/reports/:id': { varies: 'department', allows: articleRule(), path: (c) => `/admin/reports/${reportId[c.dept]}` },
  'POST /admin/reports/:id/save': { varies: 'department', allows: articleRule(), path: (c) => `/admin/reports/${reportId[c.dept]}/save`, body: () => stale },
  'POST /admin/reports/:id/submit': { varies: 'department', allows: articleRule(), path: (c) => `/admin/reports/${reportId[c.dept]}/submit`, body: () => stale },
  'POST /admin/reports/:id/publish': { varies: 'department', allows: articleRule(), path: (c) => `/admin/reports/${reportId[c.dept]}/publish`, body: () => stale },
  'POST /admin/reports/:id/reject': { varies: 'department', allows: articleRule(), path: (c) => `/admin/reports/${reportId[c.dept]}/reject`, body: () => stale },
  // the sign-in form itself is open to all (a throwaway account signs in; the client keeps its own session)
  'POST /admin/login': { ...everyone, path: () => '/admin/login', body: () => ({ username: 'm-login', password: PASSWORD }) },
  'GET /admin': anyStaff('/admin'),
  'GET /admin/journeys': { ...everyone, path: () => '/admin/journeys' },
  'GET /admin/disclosure': { varies: 'nothing', allows: disclosureStaff, path: () => '/admin/disclosure' },
  'GET /admin/disclosure/new': { varies: 'nothing', allows: disclosureStaff, path: () => '/admin/disclosure/new' },
  'POST /admin/disclosure/new': needs('disclosure.edit', '/admin/disclosure/new', { title: '' }),
  'GET /admin/disclosure/articles/:id': onArticle('', []),
  'GET /admin/disclosure/articles/:id/edit': onArticle('/edit', []),
  'POST /admin/disclosure/articles/:id/edit': onArticle('/edit', ['disclosure.edit']),
  'POST /admin/disclosure/articles/:id/submit': onArticle('/submit', ['disclosure.edit']),
  'POST /admin/disclosure/articles/:id/approve': onArticle('/approve', ['disclosure.review']),
  'POST /admin/disclosure/articles/:id/reject': onArticle('/reject', ['disclosure.review'], { note: '请修改' }),
  'POST /admin/disclosure/articles/:id/withdraw': onArticle('/withdraw', ['disclosure.review'], { reason: '矩阵测试' }),
  'POST /admin/disclosure/articles/:id/links': onArticle('/links', ['disclosure.edit', 'disclosure.review'], { codes: '' }),
  'POST /admin/disclosure/articles/:id/links/delete': onArticle('/links/delete', ['disclosure.edit', 'disclosure.review'], { code: 'NONE' }),
  'POST /admin/disclosure/articles/:id/files': onArticle('/files', ['disclosure.edit']),
  'POST /admin/disclosure/articles/:id/files/:file/delete': onArticle('/files/2147483647/delete', ['disclosure.edit']),
  // no such attachment: "not found" for every role, as someone else's
  'GET /admin/disclosure/articles/:id/files/:file': { varies: 'nothing', allows: () => false, path: () => '/admin/disclosure/articles/2147483647/files/1' },
  'POST /admin/disclosure/proposals': { varies: 'nothing', allows: (c) => has(c, 'disclosure.edit') || has(c, 'disclosure.review'), path: () => '/admin/disclosure/proposals' },
  'GET /admin/disclosure/broken': { varies: 'nothing', allows: (c) => has(c, 'disclosure.edit') || has(c, 'disclosure.review'), path: () => '/admin/disclosure/broken' },
  'GET /admin/disclosure/topics': needs('disclosure.portal', '/admin/disclosure/topics'),
  'POST /admin/disclosure/topics': needs('disclosure.portal', '/admin/disclosure/topics', { slug: '' }),
  'GET /admin/disclosure/gazette': needs('disclosure.portal', '/admin/disclosure/gazette'),
  'POST /admin/disclosure/gazette': needs('disclosure.portal', '/admin/disclosure/gazette', { year: '' }),
  'GET /admin/users': needs('users.manage', '/admin/users'),
  'GET /admin/users/new': needs('users.manage', '/admin/users/new'),
  'POST /admin/users': needs('users.manage', '/admin/users', { username: '' }),
  'GET /admin/users/:id': { varies: 'department', allows: (c) => has(c, 'users.manage') && reaches(c), path: (c) => `/admin/users/${colleague[c.dept]}` },
  'POST /admin/users/:id': { varies: 'department', allows: (c) => has(c, 'users.manage') && reaches(c), path: (c) => `/admin/users/${colleague[c.dept]}`, body: () => ({ status: '' }) },
  'GET /admin/messages': anyStaff('/admin/messages'),
  // a message that is nobody's here (no such id): every role gets "not found", as for someone else's
  'POST /admin/messages/:id/read': { varies: 'nothing', allows: () => false, path: () => '/admin/messages/2147483647/read' },
  'GET /admin/tokens': anyStaff('/admin/tokens'),
  'POST /admin/tokens': anyStaff('/admin/tokens', { name: '矩阵', days: '' }),
  // someone else's token: only the system administrator revokes it
  'POST /admin/tokens/:id/revoke': { varies: 'department', allows: (c) => c.p?.role === 'admin', path: (c) => `/admin/tokens/${colleagueToken[c.dept]}/revoke` },
  'GET /admin/audit': needs('audit.read', '/admin/audit'),
  'GET /admin/notifications': needs('notify.manage', '/admin/notifications'),
  'POST /admin/notifications/:id/retry': { varies: 'nothing', allows: (c) => has(c, 'notify.manage'), path: async () => `/admin/notifications/${await deadMessage()}/retry` },
  'GET /admin/search': needs('search.manage', '/admin/search'),
  'POST /admin/search/synonyms': needs('search.manage', '/admin/search/synonyms', { terms: '', targets: '' }),
  'POST /admin/search/synonyms/:id/delete': { varies: 'nothing', allows: (c) => has(c, 'search.manage'), path: async () => `/admin/search/synonyms/${await synonym()}/delete` },
  'POST /admin/search/best-bets': needs('search.manage', '/admin/search/best-bets', { query: '', docKeys: '' }),
  'GET /admin/catalog': { ...everyone, path: () => '/admin/catalog' },
  'GET /admin/catalog/:section': needs('catalog.view', '/admin/catalog/items'),
  'GET /admin/catalog/:section/new': { varies: 'nothing', allows: (c) => has(c, 'catalog.view') && has(c, 'catalog.edit'), path: () => '/admin/catalog/items/new' },
  'GET /admin/catalog/:section/:key/edit': { varies: 'department', allows: draftRule('catalog.edit'), path: (c) => `/admin/catalog/items/${item[c.dept]}/edit` },
  'GET /admin/catalog/:section/:key/versions': { varies: 'department', allows: draftRule('catalog.view'), path: (c) => `/admin/catalog/items/${item[c.dept]}/versions` },
  'POST /admin/catalog/:section/drafts': { varies: 'department', allows: draftRule('catalog.edit'), path: () => '/admin/catalog/items/drafts', body: (c) => ({ _key: item[c.dept] }) },
  'GET /admin/drafts': needs('catalog.view', '/admin/drafts'),
  'GET /admin/drafts/:id': { varies: 'department', allows: draftRule('catalog.view'), path: (c) => `/admin/drafts/${draft[c.dept]}` },
  'GET /admin/drafts/:id/edit': { varies: 'department', allows: draftRule('catalog.edit'), path: (c) => `/admin/drafts/${draft[c.dept]}/edit` },
  'POST /admin/drafts/:id': { varies: 'department', allows: draftRule('catalog.edit'), path: (c) => `/admin/drafts/${draft[c.dept]}`, body: () => ({ _version: '0' }) },
  'POST /admin/drafts/:id/submit': { varies: 'department', allows: draftRule('catalog.edit'), path: (c) => `/admin/drafts/${draft[c.dept]}/submit`, body: () => ({ _version: '0' }) },
  'POST /admin/drafts/:id/withdraw': { varies: 'department', allows: draftRule('catalog.edit'), path: (c) => `/admin/drafts/${draft[c.dept]}/withdraw`, body: () => ({ _version: '0' }) },
  'POST /admin/drafts/:id/approve': { varies: 'department', allows: draftRule('catalog.review'), path: (c) => `/admin/drafts/${draft[c.dept]}/approve`, body: () => ({ _version: '0' }) },
  'POST /admin/drafts/:id/reject': { varies: 'department', allows: draftRule('catalog.review'), path: (c) => `/admin/drafts/${draft[c.dept]}/reject`, body: () => ({ _version: '0', note: '请修改' }) },
  'GET /api/v1/staff/drafts': needs('catalog.view', '/api/v1/staff/drafts'),
  'GET /api/v1/staff/drafts/:id': { varies: 'department', allows: draftRule('catalog.view'), path: (c) => `/api/v1/staff/drafts/${draft[c.dept]}` },
  'POST /api/v1/staff/drafts': { varies: 'department', allows: draftRule('catalog.edit'), path: () => '/api/v1/staff/drafts', body: (c) => ({ section: 'items', key: item[c.dept], record: {} }) },
  'POST /api/v1/staff/drafts/:id/:action': { varies: 'department', allows: draftRule('catalog.review'), path: (c) => `/api/v1/staff/drafts/${draft[c.dept]}/approve`, body: () => staleApi },
  'GET /admin/letters': needs('letters.view', '/admin/letters'),
  'GET /admin/letters/rules': needs('letters.dispatch', '/admin/letters/rules'),
  'POST /admin/letters/rules': needs('letters.dispatch', '/admin/letters/rules', { name: '' }),
  'POST /admin/letters/rules/:id/delete': { varies: 'nothing', allows: (c) => has(c, 'letters.dispatch'), path: async () => `/admin/letters/rules/${await throwawayRule()}/delete` },
  'GET /admin/letters/:id': onLetter('read', ''),
  'GET /admin/letters/:id/attachments/:file': { varies: 'letter', allows: mayLetter('readContent'), path: (c) => `/admin/letters/${letterOf(c).id}/attachments/${letterOf(c).file}` },
  'POST /admin/letters/:id/assign': onLetter('dispatch', '/assign', (c) => ({ ...stale, lead: String(letterOf(c).departmentId) })),
  'POST /admin/letters/:id/merge': onLetter('merge', '/merge', () => ({ ...stale, into: mergeTarget })),
  'POST /admin/letters/:id/return': onLetter('giveBack', '/return', () => ({ ...stale, reason })),
  'POST /admin/letters/:id/note': onLetter('note', '/note', () => ({ note: '矩阵测试的内部备注' })),
  'POST /admin/letters/:id/reply': onLetter('reply', '/reply', () => ({ ...stale, body: replyBody })),
  'POST /admin/letters/:id/review': onLetter('review', '/review', () => ({ ...stale, approve: '1' })),
  'POST /admin/letters/:id/extension': onLetter('requestExtension', '/extension', () => ({ ...stale, reason })),
  'POST /admin/letters/:id/extension/decide': onLetter('decideExtension', '/extension/decide', () => ({ ...stale, approve: '1' })),
  'GET /api/v1/staff/letters': needs('letters.view', '/api/v1/staff/letters'),
  'GET /api/v1/staff/letters/:id': onLetter('read', '', undefined, '/api/v1/staff/letters'),
  'POST /api/v1/staff/letters/:id/reply': onLetter('reply', '/reply', () => ({ ...staleApi, body: replyBody }), '/api/v1/staff/letters'),
  'POST /api/v1/staff/letters/:id/review': onLetter('review', '/review', () => ({ ...staleApi, approve: true }), '/api/v1/staff/letters'),
  'POST /api/v1/staff/letters/:id/assign': onLetter('dispatch', '/assign', (c) => ({ ...staleApi, lead: letterOf(c).departmentId }), '/api/v1/staff/letters'),
  'POST /api/v1/staff/letters/:id/transfer': onLetter('giveBack', '/transfer', () => ({ ...staleApi, reason }), '/api/v1/staff/letters'),
  'POST /api/v1/staff/letters/:id/notes': onLetter('note', '/notes', () => ({ note: '矩阵测试的内部备注' }), '/api/v1/staff/letters'),
  'GET /admin/certificates': needs('certificates.view', '/admin/certificates'),
  'GET /admin/certificates/:code': { varies: 'department', allows: (c) => has(c, 'certificates.view') && reaches(c), path: (c) => `/admin/certificates/${certificate[c.dept]}.pdf` },
  'POST /admin/certificates/:code/revoke': { varies: 'department', allows: (c) => has(c, 'certificates.revoke') && reaches(c), path: (c) => `/admin/certificates/${certificate[c.dept]}/revoke`, body: () => ({ version: '0', reason: '矩阵测试的撤销原因' }) },
  'GET /admin/rectifications': needs('ratings.rectify', '/admin/rectifications'),
  'GET /admin/rectifications/:id': { varies: 'department', allows: (c) => has(c, 'ratings.rectify') && reaches(c), path: (c) => `/admin/rectifications/${rectification[c.dept]}` },
  'POST /admin/rectifications/:id/close': { varies: 'department', allows: (c) => has(c, 'ratings.rectify') && reaches(c), path: (c) => `/admin/rectifications/${rectification[c.dept]}/close`, body: () => stale },
  // applications: the queue by permission; each department's case by the applications policy (another department's: "not found")
  'GET /admin/applications': { varies: 'nothing', allows: (c) => has(c, 'applications.view') || has(c, 'applications.accept'), path: () => '/admin/applications' },
  'GET /admin/applications/:no': onApplication('read', '', () => ({})),
  'GET /admin/applications/:no/materials/:material': { varies: 'department', allows: mayApplication('read'), path: (c) => `/admin/applications/${application[c.dept].no}/materials/${application[c.dept].material}` },
  'POST /admin/applications/:no/accept': onApplication('accept', '/accept', () => ({ version: '0', reason })),
  'POST /admin/applications/:no/refuse': onApplication('refuse', '/refuse', () => ({ version: '0', reason })),
  'POST /admin/applications/:no/opinion': onApplication('opine', '/opinion', () => ({ version: '0', stage: 'review', kind: 'approve', text: reason })),
  'POST /admin/applications/:no/correction': onApplication('requestCorrection', '/correction', () => ({ version: '0', items: reason })),
  'POST /admin/applications/:no/conclude': onApplication('conclude', '/conclude', () => ({ version: '0', decision: 'grant', reason })),
  'POST /admin/applications/:no/fetched': onApplication('read', '/fetched', () => ({ version: '0', slot: '居民身份证' }), undefined, mayFetch),
  'GET /api/v1/staff/applications': { varies: 'nothing', allows: (c) => has(c, 'applications.view') || has(c, 'applications.accept'), path: () => '/api/v1/staff/applications' },
  'GET /api/v1/staff/applications/:no': onApplication('read', '', () => ({}), '/api/v1/staff/applications'),
  'POST /api/v1/staff/applications/:no/accept': onApplication('accept', '/accept', () => ({ version: 0 }), '/api/v1/staff/applications'),
  'POST /api/v1/staff/applications/:no/refuse': onApplication('refuse', '/refuse', () => ({ reason, version: 0 }), '/api/v1/staff/applications'),
  'POST /api/v1/staff/applications/:no/opinion': onApplication('opine', '/opinion', () => ({ stage: 'review', kind: 'approve', version: 0 }), '/api/v1/staff/applications'),
  'POST /api/v1/staff/applications/:no/correction': onApplication('requestCorrection', '/correction', () => ({ items: [{ what: '缺少材料' }], version: 0 }), '/api/v1/staff/applications'),
  'POST /api/v1/staff/applications/:no/conclude': onApplication('conclude', '/conclude', () => ({ decision: 'grant', reason, version: 0 }), '/api/v1/staff/applications'),
  'POST /api/v1/staff/applications/:no/fetched': onApplication('read', '/fetched', () => ({ slot: '居民身份证', version: 0 }), '/api/v1/staff/applications', mayFetch),
  'POST /admin/applications/:no/review': onApplication('reviewSample', '/review', () => ({ version: '0', result: 'confirmed' })),
  'POST /api/v1/staff/applications/:no/review': onApplication('reviewSample', '/review', () => ({ result: 'confirmed', version: 0 }), '/api/v1/staff/applications'),
};

// appointments: a hall of each department with a window, a queue and a slot; no ticket is anyone's (2147483647)
const inHall = (permission: Permission) => (c: Case) => has(c, permission) && reaches(c);
const noTicket = (action: string, body?: Record<string, unknown>): Rule => ({ varies: 'nothing', allows: () => false, path: () => `/admin/appointments/windows/${hallWindow.own}/tickets/2147483647/${action}`, body: body && (() => body) });
const noTicketApi = (action: string): Rule => ({ varies: 'nothing', allows: () => false, path: () => `/api/v1/staff/windows/${hallWindow.own}/tickets/2147483647/${action}`, body: () => ({}) });
Object.assign(TABLE, {
  'GET /admin/appointments': anyStaff('/admin/appointments'),
  'GET /admin/appointments/windows/:id': { varies: 'department', allows: inHall('appointments.counter'), path: (c: Case) => `/admin/appointments/windows/${hallWindow[c.dept]}` },
  // an empty queue: an allowed call is refused for that (400), nothing changes
  'POST /admin/appointments/windows/:id/call': { varies: 'department', allows: inHall('appointments.counter'), path: (c: Case) => `/admin/appointments/windows/${hallWindow[c.dept]}/call` },
  'POST /admin/appointments/windows/:id/open': { varies: 'department', allows: inHall('appointments.counter'), path: (c: Case) => `/admin/appointments/windows/${hallWindow[c.dept]}/open` },
  'POST /admin/appointments/windows/:id/close': { varies: 'department', allows: inHall('appointments.counter'), path: (c: Case) => `/admin/appointments/windows/${hallWindow[c.dept]}/close` },
  'POST /admin/appointments/windows/:id/tickets/:ticket/recall': noTicket('recall'),
  'POST /admin/appointments/windows/:id/tickets/:ticket/skip': noTicket('skip'),
  'POST /admin/appointments/windows/:id/tickets/:ticket/start': noTicket('start'),
  'POST /admin/appointments/windows/:id/tickets/:ticket/finish': noTicket('finish'),
  'POST /admin/appointments/windows/:id/tickets/:ticket/transfer': noTicket('transfer', { queueId: '' }),
  'GET /admin/appointments/halls/:slug': { varies: 'department', allows: inHall('appointments.manage'), path: (c: Case) => `/admin/appointments/halls/${hallSlug[c.dept]}` },
  // stale or empty forms: allowed ones are refused for that (400/409), nothing changes
  'POST /admin/appointments/queues/:id/rules': { varies: 'department', allows: inHall('appointments.manage'), path: (c: Case) => `/admin/appointments/queues/${hallQueue[c.dept]}/rules`, body: () => stale },
  'POST /admin/appointments/slots/:id/seats': { varies: 'department', allows: inHall('appointments.manage'), path: (c: Case) => `/admin/appointments/slots/${hallSlot[c.dept]}/seats`, body: () => ({ capacity: '' }) },
  'POST /admin/appointments/halls/:slug/exceptions': { varies: 'department', allows: inHall('appointments.manage'), path: (c: Case) => `/admin/appointments/halls/${hallSlug[c.dept]}/exceptions`, body: () => ({ day: '' }) },
  'GET /admin/hospitals': anyStaff('/admin/hospitals'),
  'GET /admin/hospitals/:id': { varies: 'department', allows: inHospital, path: (c: Case) => `/admin/hospitals/${hospital[c.dept]}` },
  'POST /admin/hospitals/:id/rule': { varies: 'department', allows: inHospital, path: (c: Case) => `/admin/hospitals/${hospital[c.dept]}/rule`, body: () => ({ releaseDays: '' }) },
  'POST /admin/hospitals/sessions/:id/quota': { varies: 'department', allows: inHospital, path: (c: Case) => `/admin/hospitals/sessions/${hospSession[c.dept]}/quota`, body: () => ({ quota: '' }) },
  'POST /admin/hospitals/sessions/:id/suspend': { varies: 'department', allows: inHospital, path: (c: Case) => `/admin/hospitals/sessions/${hospSession[c.dept]}/suspend`, body: () => ({ notice: '' }) },
  'POST /admin/hospitals/doctors/:id/weekly': { varies: 'department', allows: inHospital, path: (c: Case) => `/admin/hospitals/doctors/${hospDoctor[c.dept]}/weekly`, body: (c: Case) => ({ [`weekly-${hospDoctor[c.dept]}`]: 'x' }) },
  'POST /api/v1/staff/windows/:id/call': { varies: 'department', allows: inHall('appointments.counter'), path: (c: Case) => `/api/v1/staff/windows/${hallWindow[c.dept]}/call`, body: () => ({}) },
  'POST /api/v1/staff/windows/:id/tickets/:ticket/recall': noTicketApi('recall'),
  'POST /api/v1/staff/windows/:id/tickets/:ticket/skip': noTicketApi('skip'),
  'POST /api/v1/staff/windows/:id/tickets/:ticket/start': noTicketApi('start'),
  'POST /api/v1/staff/windows/:id/tickets/:ticket/finish': noTicketApi('finish'),
  'POST /api/v1/staff/windows/:id/tickets/:ticket/transfer': noTicketApi('transfer'),
} satisfies Record<string, Rule>);

const isStaffRoute = (url: string) => url === '/admin' || url.startsWith('/admin/') || url.startsWith('/api/v1/staff');

async function deadMessage() {
  const rows = (await t.db.database.db.execute(
    sql`insert into outbox (channel, recipient, template, vars, status) values ('inbox', '1', 'welcome', '{"name":"矩阵"}'::jsonb, 'dead') returning id`,
  )) as unknown as { rows: { id: number }[] };
  return Number(rows.rows[0]!.id);
}
async function synonym() {
  await t.services.search.addSynonym({ terms: [`矩阵${Math.random().toString(36).slice(2, 8)}`], targets: ['测试'] });
  const rows = (await t.db.database.db.execute(sql`select max(id)::int as id from search_synonyms`)) as unknown as { rows: { id: number }[] };
  return rows.rows[0]!.id;
}
async function throwawayRule() {
  return (await t.services.letters.addRule(principal.admin!, { name: '矩阵临时规则', keywords: ['矩阵临时'], departmentId: dept.own, priority: 500 })).id;
}

beforeAll(async () => {
  t = await testApp({ loginRateLimit: 0, letterRateLimit: 0 });
  const a = buildBundle(1);
  const b = buildBundle(1);
  await t.services.catalog.importBundle(a);
  await t.services.catalog.importBundle(b);
  const depts = await t.services.catalog.listDepartments();
  dept.own = depts.find((d) => d.slug === a.departments[0]!.slug)!.id;
  dept.other = depts.find((d) => d.slug === b.departments[0]!.slug)!.id;
  item.own = a.items[0]!.implCode;
  item.other = b.items[0]!.implCode;
  const slug = { own: a.departments[0]!.slug, other: b.departments[0]!.slug };

  // one person per role, of the "own" department where the role has one
  for (const role of STAFF_ROLES) {
    const department = role === 'admin' || role === 'dispatcher' ? undefined : slug.own;
    await t.services.accounts.staff.createStaff({ username: `m-${role}`, displayName: `m-${role}`, role, department, password: PASSWORD });
    principal[role] = await t.services.accounts.signInStaff(`m-${role}`, PASSWORD);
    const client = new WebClient(t.app);
    await client.get('/admin/login');
    await client.post('/admin/login', { username: `m-${role}`, password: PASSWORD });
    await client.get('/admin/tokens');
    web[role] = client;
    bearer[role] = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: `m-${role}`, password: PASSWORD } })).json().token;
  }
  await t.services.accounts.staff.createStaff({ username: 'm-login', displayName: 'm-login', role: 'editor', department: slug.own, password: PASSWORD });
  await t.services.accounts.ensureDemoAccounts({ password: PASSWORD, staff: [], citizens: [{ displayName: '矩阵市民', phone: '13700009999', note: '' }], enterprises: [] });
  principal.citizen = await t.services.accounts.signIn('13700009999', PASSWORD);
  web.citizen = new WebClient(t.app);
  await web.citizen.get('/login');
  await web.citizen.post('/login', { identifier: '13700009999', password: PASSWORD });
  await web.citizen.get('/letters/new');
  principal.anonymous = undefined;
  web.anonymous = new WebClient(t.app);
  await web.anonymous.get('/admin/login');

  // the records asked about, in each department: a colleague with a token, an item, a draft under review, letters
  for (const d of ['own', 'other'] as Dept[]) {
    const u = await t.services.accounts.staff.createStaff({ username: `m-colleague-${d}`, displayName: '同事', role: 'handler', department: slug[d], password: PASSWORD });
    colleague[d] = u.id;
    const colleagueP = await t.services.accounts.signInStaff(`m-colleague-${d}`, PASSWORD);
    colleagueToken[d] = (await t.services.accounts.createToken(colleagueP, { name: '同事的令牌', scopes: ['letters:read'], days: 1 })).id;
    await t.services.accounts.staff.createStaff({ username: `m-author-${d}`, displayName: '作者', role: 'editor', department: slug[d], password: PASSWORD });
    const author = await t.services.accounts.signInStaff(`m-author-${d}`, PASSWORD);
    const form = await t.services.drafts.editForm(author, 'items', item[d]);
    const saved = await t.services.drafts.save(author, { section: 'items', key: item[d], cells: { ...form.cells, summary: '矩阵测试的修改。' } });
    await t.services.drafts.submit(author, saved.id, saved.version);
    draft[d] = saved.id;
    await t.services.disclosure.importDemo({ orgs: [{ slug: `m-org-${d}`, name: `矩阵机构${d}`, level: 'department', department: slug[d], guide: [] }], articles: [], gazette: [], topics: [] });
    const orgId = (await t.services.disclosure.orgBySlug(`m-org-${d}`)).id;
    const draftArticle = await t.services.disclosure.createArticle(author, {
      title: '矩阵测试的通知', kind: 'notice', orgId, indexNo: '', topic: '综合政务', issuer: '矩阵机构', docNo: '', writtenOn: '2026-01-05', stage: '', category: 'key-work',
      validity: 'valid', validityDate: '', openMode: 'active', openScope: '面向社会', keywords: [], summary: '', body: '矩阵测试。', policyId: null, interpretForm: '', videoUrl: '', publishAt: '',
    });
    await t.services.disclosure.submit(author, draftArticle.id, draftArticle.version);
    article[d] = draftArticle.id;
  }
  // the commission's two mailboxes, one to each department, so each has confidential cases of its own
  await t.services.letters.addRule(principal.admin!, { name: '纪检监察', channel: 'discipline', departmentId: dept.own, priority: 1 });
  await t.services.letters.addRule(principal.admin!, { name: '监察', channel: 'supervision', departmentId: dept.other, priority: 1 });
  ctx = { commission: new Set([dept.own, dept.other]) };
  const receive = async (channel: string, departmentId?: number) => {
    const r = await t.services.letters.submit(
      { channel, type: departmentId ? 'complaint' : 'report', title: '矩阵测试来信的标题', body: '这是一封用于权限矩阵测试的来信，内容只有有权限的人才能看到。', name: '矩阵写信人', phone: '13700008888', isPublic: false, ...(departmentId ? { departmentId } : {}) },
      { principal: principal.dispatcher, source: 'api', files: [{ filename: 'a.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') }] },
    );
    const seen = await t.services.letters.getForStaff(principal.admin!, r.id);
    const file = (await t.db.database.db.execute(sql`select id from letter_attachments where letter_id = ${r.id}`)) as unknown as { rows: { id: number }[] };
    return { id: r.id, file: file.rows[0]!.id, departmentId: seen.departmentId as number, channel: seen.channel, trackingCode: r.trackingCode };
  };
  letter.own = { ordinary: await receive('department', dept.own), confidential: await receive('discipline') };
  letter.other = { ordinary: await receive('department', dept.other), confidential: await receive('supervision') };
  mergeTarget = (await receive('department', dept.own)).trackingCode;
  // a certificate each department issued (revoking it is asked with a stale version: nothing changes)
  const refs = await t.services.catalog.itemRefs({ codes: [item.own, item.other] });
  for (const d of ['own', 'other'] as Dept[]) {
    const ref = refs.find((r) => r.implCode === item[d])!;
    const holder = { userId: principal.citizen.userId, enterpriseId: null, name: '矩阵市民', idNumber: null, creditCode: null };
    const input = { kind: 'certificate' as const, title: '矩阵测试证', holder, itemId: ref.id, itemName: ref.name, departmentId: dept[d], departmentName: '测试局', sourceNo: `MATRIX-${d}`, facts: [], validFrom: '2026-01-01', validUntil: null };
    certificate[d] = (await t.services.database.db.transaction((tx) => t.services.certificates.issue(tx, input))).code;
  }
  // a bad rating in each department, and the rectification it opened
  for (const d of ['own', 'other'] as Dept[]) {
    const subjectRef = `SF-MATRIX-${d}`;
    await t.db.database.db.transaction((tx) =>
      t.services.ratings.openRatable(tx, { kind: 'application', subjectRef, title: '矩阵测试办件', itemId: null, itemName: null, departmentId: dept[d], raterUserId: principal.citizen!.userId, detailUrl: '/me', concludedAt: new Date() }),
    );
    await t.services.ratings.rate(principal.citizen, { kind: 'application', subjectRef, level: 'unsatisfied', reasons: ['slow'] });
    rectification[d] = (await t.services.ratings.queue(principal.admin!, 'all', { limit: 100, offset: 0 })).rectifications.find((r) => r.subject.subjectRef === subjectRef)!.id;
  }
  // a hall of each department that takes appointments
  for (const d of ['own', 'other'] as Dept[]) {
    const bundle = d === 'own' ? a : b;
    hallSlug[d] = bundle.halls[0]!.slug;
    const made = await t.services.appointments.setupHall(hallSlug[d], {
      hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
      queues: [{ prefix: 'A', name: '综合受理', itemIds: [] }],
      windows: [{ number: 1, name: '综合窗口', queues: [] }],
    });
    hallWindow[d] = made.windows[0]!.id;
    hallQueue[d] = made.queues[0]!.id;
    await t.services.appointments.generateSlots(made.hall.id);
    const slot = (await t.db.database.db.execute(sql`select min(id)::int as id from appt_slots where hall_id = ${made.hall.id}`)) as unknown as { rows: { id: number }[] };
    hallSlot[d] = slot.rows[0]!.id;
  }
  // a hospital of each "department"; the hospital administrator manages the own one
  for (const d of ['own', 'other'] as Dept[]) {
    const made = await buildHospital(t.services.hospitals);
    hospital[d] = made.hospital.id;
    hospDoctor[d] = made.doctors[0]!.id;
    hospSession[d] = (await t.services.hospitals.doctorSchedule(made.doctors[0]!.id)).days.at(-1)!.pm!.session.id;
    if (d === 'own') await t.services.hospitals.assignAdmin(principal.hospital_admin!.userId, made.hospital.slug);
  }
  // an application of each department's item, accepted at the window, waiting for the department's opinion
  const online = createApplications(t.db.database, {
    catalog: t.services.catalog,
    accounts: t.services.accounts,
    notify: t.services.notify,
    changes: t.services.changes,
    calendar: t.services.letters.calendar,
    files: t.services.files,
    definitions: {
      definitionOf: async (itemId): Promise<ItemDefinition | null> => ({
        itemId,
        version: 1,
        automation: null,
        form: { fields: [{ key: 'name', type: 'text', label: '申请人姓名', required: true, maxLength: 20 }] },
        route: { stages: [] }, // the form only (newForm): each case's route is given below
      }),
    },
  });
  for (const d of ['own', 'other'] as Dept[]) {
    const ref = refs.find((r) => r.implCode === item[d])!;
    const blank = await online.newForm(principal.citizen, ref.id);
    const files = Object.fromEntries(blank.slots.filter((x) => x.required && !x.exempt).map((x) => [x.key, [{ filename: 'a.pdf', data: Buffer.from('%PDF-1.4\n%%EOF\n') }]]));
    // the route names the item's own department (the definition above is per item)
    const source = { definitionOf: async (itemId: number): Promise<ItemDefinition | null> => ({ itemId, version: 1, automation: null, form: blank.form, route: { stages: [{ key: 'review', name: '审查', mode: 'all', participants: [{ department: slug[d] }] }] } }) };
    const mine = createApplications(t.db.database, { catalog: t.services.catalog, accounts: t.services.accounts, notify: t.services.notify, changes: t.services.changes, calendar: t.services.letters.calendar, files: t.services.files, definitions: source });
    const receipt = await mine.apply(principal.citizen, { itemId: ref.id, answers: { name: '矩阵市民' } }, { files });
    const accepted = await mine.accept(principal.window_clerk, receipt.no!);
    const material = (await t.db.database.db.execute(sql`select min(id)::int as id from application_materials where application_id = ${accepted.id}`)) as unknown as { rows: { id: number }[] };
    application[d] = {
      no: receipt.no!,
      material: material.rows[0]!.id,
      facts: { status: 'accepted', applicantId: principal.citizen.userId, enterpriseId: null, departmentId: dept[d], acceptedAt: new Date(), routeDepartments: [dept[d]], pendingDepartments: [dept[d]], routeOutcome: 'running' },
    };
  }
  for (const d of ['own', 'other'] as Dept[]) {
    const today = t.services.foi.calendar.localDate(new Date());
    const r = await t.services.foi.register(principal.admin!, { departmentId: dept[d], applicantKind: 'citizen', applicantName: '矩阵申请人', applicantIdNo: '110101199001011234', phone: '13700007777', description: '矩阵测试的政府信息公开申请', format: 'electronic', delivery: 'online', channel: 'in_person', eventOn: today });
    foiReq[d] = r.id;
  }
  for (const d of ['own', 'other'] as Dept[]) {
    const today = t.services.foi.calendar.localDate(new Date());
    const r = await t.services.proposals.register(principal.admin!, { kind: 'npc', year: Number(today.slice(0, 4)), number: d === 'own' ? 1 : 2, title: '矩阵测试的代表建议', authors: '矩阵代表（城东区代表团）', content: '用于权限矩阵测试的代表建议内容。', mainDepartmentId: dept[d], coDepartmentIds: [] });
    reportId[d] = (await t.services.reports.generate(principal.admin!, { org: `m-org-${d}`, year: Number(today.slice(0, 4)) - 1 })).id;
    proposalId[d] = (await t.services.proposals.reply(principal.admin!, { id: r.id, grade: 'B', body: '矩阵代表：您的建议收悉，已列入计划逐步解决，感谢您的关心和支持。' })).id;
  }
}, 120_000);
afterAll(() => t.close());

/** What the answer says: allowed (done, or refused only for a stale version or an incomplete form) or denied. */
function outcome(url: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }): 'allow' | 'deny' {
  const leadOnly = message('letters.error.leadOnly');
  if ([401, 403, 404].includes(res.statusCode)) return 'deny';
  if (res.statusCode === 409 && res.body.includes(leadOnly)) return 'deny';
  if ([302, 303].includes(res.statusCode) && String(res.headers.location ?? '').startsWith('/admin/login') && url !== '/admin/login') return 'deny';
  if (res.statusCode >= 500) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return 'allow';
}

async function ask(method: string, url: string, c: Case, body: Record<string, unknown> | undefined) {
  if (url.startsWith('/api/')) {
    const token = bearer[c.role];
    return t.app.inject({ method: method as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body ? { payload: body } : {}) });
  }
  // signing in replaces the client's session: the sign-in form is posted from a browser of its own
  const client = method === 'POST' && url === '/admin/login' ? new WebClient(t.app) : web[c.role];
  if (client !== web[c.role]) await client.get('/admin/login');
  const cookie = cookieHeader(client.cookies);
  if (method === 'GET') return t.app.inject({ method: 'GET', url, headers: { cookie } });
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries({ _csrf: client.csrf, ...body })) form.append(k, String(v));
  return t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
}

describe('role matrix', () => {
  it('has a rule for every staff route the app registers, and no rule for a route that is gone', () => {
    // the route tree names a parameter by every name routes gave it at that place (:slug|:id): compared without names
    const unnamed = (route: string) => route.replace(/:[^/.]+/g, ':');
    const routes = [...new Set(registeredRoutes(t.app).filter((r) => r.method !== 'HEAD' && isStaffRoute(r.path)).map((r) => `${r.method} ${unnamed(r.path)}`))].sort();
    const rules = new Set(Object.keys(TABLE).map(unnamed));
    expect(routes.filter((r) => !rules.has(r)), 'staff routes without a rule in TABLE').toEqual([]);
    expect(Object.keys(TABLE).filter((r) => !routes.includes(unnamed(r))), 'rules for routes that do not exist').toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(50);
  });

  it('answers every role × department × channel as the policies say', async () => {
    const mismatches: string[] = [];
    let cases = 0;
    for (const [key, rule] of Object.entries(TABLE)) {
      const [method, pattern] = key.split(' ') as [string, string];
      const depts: Dept[] = rule.varies === 'nothing' ? ['own'] : ['own', 'other'];
      const channels: Channel[] = rule.varies === 'letter' ? ['ordinary', 'confidential'] : ['ordinary'];
      for (const role of ROLES)
        for (const d of depts)
          for (const channel of channels) {
            const c: Case = { role, p: principal[role], dept: d, channel };
            const url = (await rule.path(c)) || pattern;
            const res = await ask(method, url, c, rule.body?.(c));
            const expected = rule.allows(c) ? 'allow' : 'deny';
            const got = outcome(url, res);
            cases++;
            if (got !== expected) mismatches.push(`${key} as ${role} (${d} department, ${channel}): expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
          }
    }
    console.log(`role matrix: ${cases} role × route cases checked over ${Object.keys(TABLE).length} routes`);
    expect(mismatches).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(800);
  }, 600_000);
});
// appointments' back office: windows, hours, exceptions, reports of the own hall (office-routes.ts); empty forms are refused (400), nothing changes
const inOwnHall = (suffix: string, body?: Record<string, unknown>): Rule => ({ varies: 'department', allows: inHall('appointments.manage'), path: (c: Case) => `/admin/appointments/halls/${hallSlug[c.dept]}${suffix}`, body: body && (() => body) });
Object.assign(TABLE, {
  'GET /admin/appointments/halls/:slug/windows': inOwnHall('/windows'),
  'GET /admin/appointments/halls/:slug/hours': inOwnHall('/hours'),
  'GET /admin/appointments/halls/:slug/reports': inOwnHall('/reports'),
  'GET /admin/appointments/halls/:slug/reports.csv': inOwnHall('/reports.csv'),
  'GET /admin/appointments/halls/:slug/reports/bookings.svg': inOwnHall('/reports/bookings.svg'),
  'GET /admin/appointments/halls/:slug/reports/times.svg': inOwnHall('/reports/times.svg'),
  'POST /admin/appointments/halls/:slug/windows': inOwnHall('/windows', { number: '', name: '' }),
  'POST /admin/appointments/halls/:slug/hours': inOwnHall('/hours', { day1: '不是时间' }),
  'POST /admin/appointments/windows/:id/edit': { varies: 'department', allows: inHall('appointments.manage'), path: (c: Case) => `/admin/appointments/windows/${hallWindow[c.dept]}/edit`, body: () => ({ number: '' }) },
  'POST /admin/appointments/windows/:id/retire': { varies: 'department', allows: inHall('appointments.manage'), path: (c: Case) => `/admin/appointments/windows/${hallWindow[c.dept]}/retire` },
  // no exception 2147483647 exists: "not found" for everyone
  'POST /admin/appointments/halls/:slug/exceptions/:id/remove': { varies: 'nothing', allows: () => false, path: () => `/admin/appointments/halls/${hallSlug.own}/exceptions/2147483647/remove` },
});
