/**
 * What an annual report (政府信息公开工作年度报告) is made of, in the national format
 * (国办公开办函〔2021〕30号): six parts; the tables of 二, 三 and 四 and the fees of 六 are figures,
 * the rest narrative. Figures the portal holds are generated (规范性文件 and 政策文件 from the
 * catalogue, requests and fees from 依申请公开); those it does not hold (规章, 行政许可, 行政处罚,
 * 行政强制, 行政事业性收费, 行政复议 and 行政诉讼) are entered by staff and kept when regenerated.
 */
import type { ActiveDisclosureFigures, FoiAnnualTable } from './faces.js';

export const STATUSES = ['draft', 'review', 'published'] as const;
export type ReportStatus = (typeof STATUSES)[number];

/** The narrative parts, edited as text (paragraphs separated by blank lines). */
export const SECTIONS = ['overview', 'problems', 'other'] as const;
export type Section = (typeof SECTIONS)[number];

/** Figures the portal does not hold (table 二's 规章 and decisions, table 四): entered by staff. Labels: reports.entered.<key>. */
export const ENTERED_KEYS = ['regulation.made', 'regulation.repealed', 'regulation.inForce', 'licensing', 'penalty', 'coercion', 'charges', 'review.upheld', 'review.corrected', 'review.other', 'review.pending', 'direct.upheld', 'direct.corrected', 'direct.other', 'direct.pending', 'afterReview.upheld', 'afterReview.corrected', 'afterReview.other', 'afterReview.pending'] as const;
export type EnteredKey = (typeof ENTERED_KEYS)[number];

export interface ReportFigures {
  generatedOn: string;
  active: ActiveDisclosureFigures;
  requests: FoiAnnualTable;
  entered: Record<EnteredKey, number>;
}

export const LIMITS = { section: 20_000, entered: 1_000_000_000 } as const;

export const emptyEntered = (): Record<EnteredKey, number> => Object.fromEntries(ENTERED_KEYS.map((k) => [k, 0])) as Record<EnteredKey, number>;
