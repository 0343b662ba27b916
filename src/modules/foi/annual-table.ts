/**
 * Table 三 of the annual report in the national format (国办公开办函〔2021〕30号): requests by
 * applicant (自然人; 法人或其他组织: 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他; 其他) and
 * by what became of them in the year — new, carried over from last year, each result with its
 * sub-rows, carried over to next year — and the fees charged. A request counts in the year it was
 * answered; one still open at the year's end is carried over.
 *
 * The applicant kinds the portal records are a natural person (citizen) and an enterprise
 * (商业企业); the other columns stay 0 until an applicant can say what organisation they are.
 * 不予公开's eight reasons are read from the legal ground the reply cites (its words: 国家秘密,
 * 第三方, 过程性 …), the last resort being 其他法律行政法规禁止公开; staff correct it before
 * publication if the words misled.
 */
import type { FoiContext } from './context.js';
import * as repo from './repo.js';

export const APPLICANT_COLUMNS = ['natural', 'commercial', 'research', 'publicWelfare', 'legalService', 'otherOrg', 'other', 'total'] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];

export const TABLE_ROWS = [
  'newReceived',
  'carriedIn',
  'disclosed',
  'partlyDisclosed',
  'withheld.stateSecret',
  'withheld.lawForbids',
  'withheld.safety',
  'withheld.thirdParty',
  'withheld.internal',
  'withheld.process',
  'withheld.enforcementFile',
  'withheld.inquiry',
  'unable.notHeld',
  'unable.needsMaking',
  'unable.unclear',
  'notProcessed.petition',
  'notProcessed.repeated',
  'notProcessed.publication',
  'notProcessed.massive',
  'notProcessed.confirm',
  'other.noCorrection',
  'other.unpaid',
  'other.other',
  'handled',
  'carriedOut',
] as const;
export type TableRow = (typeof TABLE_ROWS)[number];

export interface FoiAnnualTable {
  year: number;
  departmentId: number | null;
  rows: Record<TableRow, Record<ApplicantColumn, number>>;
  /** 信息处理费 charged on requests received in the year */
  feeYuan: number;
  feeCharged: number;
}

const REASONS: [TableRow, RegExp][] = [
  ['withheld.stateSecret', /国家秘密|涉密/],
  ['withheld.safety', /国家安全|公共安全|经济安全|社会稳定/],
  ['withheld.thirdParty', /第三方|商业秘密|个人隐私|合法权益/],
  ['withheld.internal', /内部事务|人事管理|后勤管理|内部工作流程/],
  ['withheld.process', /过程性|讨论记录|过程稿|磋商信函|请示报告/],
  ['withheld.enforcementFile', /执法案卷/],
  ['withheld.inquiry', /查询/],
];

export function withheldReason(ground: string | null): TableRow {
  const g = ground ?? '';
  return REASONS.find(([, re]) => re.test(g))?.[0] ?? 'withheld.lawForbids';
}

const RESULT_OF: Record<string, TableRow> = { disclosed: 'disclosed', partlyDisclosed: 'partlyDisclosed', notExist: 'unable.notHeld', notOurs: 'unable.notHeld', repeated: 'notProcessed.repeated' };

export async function foiAnnualTable(ctx: Pick<FoiContext, 'db'>, q: { year: number; departmentId?: number }): Promise<FoiAnnualTable> {
  const year = Number.isSafeInteger(q.year) && q.year >= 1970 && q.year <= 9999 ? q.year : 1970;
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const rows = Object.fromEntries(TABLE_ROWS.map((r) => [r, Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0]))])) as FoiAnnualTable['rows'];
  const add = (row: TableRow, col: ApplicantColumn) => {
    rows[row][col]++;
    rows[row].total++;
  };
  let feeYuan = 0;
  let feeCharged = 0;
  for (const r of await repo.activeDuring(ctx.db, from, to, q.departmentId)) {
    const col: ApplicantColumn = r.applicantKind === 'enterprise' ? 'commercial' : 'natural';
    if (r.receivedOn >= from) {
      add('newReceived', col);
      if (r.feeApplies) {
        feeCharged++;
        feeYuan += r.feeYuan;
      }
    } else add('carriedIn', col);
    if (r.repliedOn && r.repliedOn <= to && r.replyType) {
      add(r.replyType === 'notDisclosed' ? withheldReason(r.replyGround) : (RESULT_OF[r.replyType] ?? 'other.other'), col);
      add('handled', col);
    } else add('carriedOut', col);
  }
  return { year, departmentId: q.departmentId ?? null, rows, feeYuan, feeCharged };
}
