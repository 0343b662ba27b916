/**
 * The words of 好差评 as data: the five levels, the reasons a rater may tick (the good list for
 * 非常满意 / 满意 / 基本满意, the bad list for 不满意 / 非常不满意, each under one of the national
 * standard's indicators: 办事效率, 办事指南精确度, 办事便捷度, 平台操作性, 服务态度), the ways of a
 * callback (回访) and its outcomes, and the time limits. Labels are in the message catalogue
 * (zh-Hans-ratings.ts) under `ratings.level.*`, `ratings.reason.*`, `ratings.callback.*`.
 */

export const KINDS = ['application', 'booking'] as const;
export type RatableKind = (typeof KINDS)[number];

/** best first, as the national 好差评 system shows them (★★★★★ … ★) */
export const LEVELS = ['very_satisfied', 'satisfied', 'basically', 'unsatisfied', 'very_unsatisfied'] as const;
export type Level = (typeof LEVELS)[number];

/** 差评: each opens a rectification case */
export const BAD_LEVELS: readonly Level[] = ['unsatisfied', 'very_unsatisfied'];
export const isBad = (level: string) => (BAD_LEVELS as readonly string[]).includes(level);

/** stars shown beside each level */
export const STARS: Record<Level, number> = { very_satisfied: 5, satisfied: 4, basically: 3, unsatisfied: 2, very_unsatisfied: 1 };

export const INDICATORS = ['efficiency', 'guide', 'convenience', 'platform', 'attitude'] as const;
export type Indicator = (typeof INDICATORS)[number];

export interface Reason {
  code: string;
  indicator: Indicator;
}

/** what a satisfied rater may tick */
export const GOOD_REASONS: readonly Reason[] = [
  { code: 'fast', indicator: 'efficiency' },
  { code: 'onTime', indicator: 'efficiency' },
  { code: 'guideClear', indicator: 'guide' },
  { code: 'toldAtOnce', indicator: 'guide' },
  { code: 'noTrips', indicator: 'convenience' },
  { code: 'fewMaterials', indicator: 'convenience' },
  { code: 'easyOnline', indicator: 'platform' },
  { code: 'progressVisible', indicator: 'platform' },
  { code: 'courteous', indicator: 'attitude' },
];

/** what a dissatisfied rater may tick */
export const BAD_REASONS: readonly Reason[] = [
  { code: 'slow', indicator: 'efficiency' },
  { code: 'overdue', indicator: 'efficiency' },
  { code: 'guideWrong', indicator: 'guide' },
  { code: 'notToldAtOnce', indicator: 'guide' },
  { code: 'manyTrips', indicator: 'convenience' },
  { code: 'repeatMaterials', indicator: 'convenience' },
  { code: 'hardOnline', indicator: 'platform' },
  { code: 'noProgress', indicator: 'platform' },
  { code: 'rude', indicator: 'attitude' },
  { code: 'resultUnexplained', indicator: 'attitude' },
];

export const reasonsFor = (level: string): readonly Reason[] => (isBad(level) ? BAD_REASONS : GOOD_REASONS);

export const CALLBACK_METHODS = ['phone', 'visit', 'sms', 'online'] as const;
export const CALLBACK_RESULTS = ['satisfied', 'basically', 'unsatisfied', 'unreachable'] as const;

export const LIMITS = {
  commentMax: 500,
  followUpMax: 500,
  measuresMin: 10,
  measuresMax: 2000,
  callbackNoteMin: 4,
  callbackNoteMax: 1000,
  subjectRefMax: 60,
};

/** a rectification is due this many working days after the bad rating (国办发〔2019〕51号) */
export const RECTIFY_WORKING_DAYS = 15;
/** the invitation goes out this long after conclusion when nothing was rated */
export const INVITE_AFTER_MS = 3 * 24 * 3_600_000;
