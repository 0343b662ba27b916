/** The one place rows become what pages and the API show. */
import { type MessageKey, t } from '../../lib/i18n/index.js';
import type { Departments } from './context.js';
import { isBad, type Level, LEVELS, STARS } from './model.js';
import { raterActions } from './policy.js';
import type { RatableRow, RectificationRow } from './repo.js';

export const levelLabel = (level: string) => t(`ratings.level.${level}` as MessageKey);
export const reasonLabel = (code: string) => t(`ratings.reason.${code}` as MessageKey);
export const nameIn = (names: Departments, id: number) => names.get(id)?.name ?? '';

/** A rectification as its rater sees it: status, due date and, once closed, the measures (not the staff's names). */
export function raterRectification(r: RectificationRow | null | undefined, now: Date) {
  if (!r) return null;
  return {
    status: r.status,
    statusLabel: t(`ratings.rectification.${r.status}` as MessageKey),
    dueAt: r.dueAt,
    overdue: r.status === 'open' && r.dueAt < now,
    measures: r.status === 'closed' ? r.measures : null,
    closedAt: r.closedAt,
  };
}

/** A subject as its rater sees it. */
export function raterView(row: RatableRow, names: Departments, rectification: RectificationRow | null | undefined, now: Date) {
  return {
    kind: row.kind,
    subjectRef: row.subjectRef,
    title: row.title,
    itemId: row.itemId,
    itemName: row.itemName,
    departmentId: row.departmentId,
    department: nameIn(names, row.departmentId),
    detailUrl: row.detailUrl,
    concludedAt: row.concludedAt,
    level: row.level,
    levelLabel: row.level ? levelLabel(row.level) : null,
    reasons: row.reasons.map((code) => ({ code, label: reasonLabel(code) })),
    comment: row.comment,
    ratedAt: row.ratedAt,
    followUp: row.followUp,
    followUpAt: row.followUpAt,
    rectification: raterRectification(rectification, now),
    actions: raterActions(row),
    href: `/me/ratings/${row.kind}/${encodeURIComponent(row.subjectRef)}`,
  };
}
export type RaterView = ReturnType<typeof raterView>;

/** The API's answer to a rating: the rating, and the rectification it opened (if bad). */
export function ratingForApi(v: RaterView) {
  return {
    kind: v.kind,
    subjectRef: v.subjectRef,
    title: v.title,
    level: v.level,
    reasons: v.reasons.map((r) => r.code),
    comment: v.comment,
    ratedAt: v.ratedAt?.toISOString() ?? null,
    followUp: v.followUp,
    rectification: v.rectification ? { status: v.rectification.status, dueAt: v.rectification.dueAt.toISOString() } : null,
  };
}

/** A rectification case as its department's staff see it (the rater's name is not needed to rectify; the case link leads to it). */
export function staffRectification(r: RectificationRow, row: RatableRow, names: Departments, now: Date) {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    statusLabel: t(`ratings.rectification.${r.status}` as MessageKey),
    departmentId: r.departmentId,
    department: nameIn(names, r.departmentId),
    openedAt: r.openedAt,
    dueAt: r.dueAt,
    overdue: r.status === 'open' && r.dueAt < now,
    closedLate: r.status === 'closed' && !!r.closedAt && r.closedAt > r.dueAt,
    measures: r.measures,
    callback: r.callbackDate
      ? {
          date: r.callbackDate,
          method: t(`ratings.callback.method.${r.callbackMethod}` as MessageKey),
          result: t(`ratings.callback.result.${r.callbackResult}` as MessageKey),
          note: r.callbackNote ?? '',
        }
      : null,
    closedAt: r.closedAt,
    closedByName: r.closedByName,
    subject: {
      kind: row.kind,
      kindLabel: t(`ratings.kind.${row.kind}` as MessageKey),
      subjectRef: row.subjectRef,
      title: row.title,
      itemName: row.itemName,
      detailUrl: row.detailUrl,
      concludedAt: row.concludedAt,
      level: row.level ?? '',
      levelLabel: row.level ? levelLabel(row.level) : '',
      reasons: row.reasons.map(reasonLabel),
      comment: row.comment,
      ratedAt: row.ratedAt,
      followUp: row.followUp,
    },
  };
}
export type StaffRectification = ReturnType<typeof staffRectification>;

// ---- public figures -----------------------------------------------------------------------------

export interface TallyRow {
  departmentId: number;
  itemId: number | null;
  itemName: string | null;
  level: string;
  n: number;
  onTime: number;
}

export interface Figures {
  total: number;
  levels: Record<Level, number>;
  /** (非常满意 + 满意 + 基本满意) / total, or null with no rating */
  satisfiedRate: number | null;
  bad: number;
  rectifiedOnTime: number;
  /** rectified on time / bad, or null with no bad rating */
  rectifiedOnTimeRate: number | null;
}

const emptyLevels = () => Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;

/** The figures of a set of tally rows: counts per level, % satisfied, bad ratings rectified on time. */
export function figuresOf(rows: readonly TallyRow[]): Figures {
  const levels = emptyLevels();
  let bad = 0;
  let onTime = 0;
  for (const r of rows) {
    if (!(LEVELS as readonly string[]).includes(r.level)) continue;
    levels[r.level as Level] += r.n;
    if (isBad(r.level)) {
      bad += r.n;
      onTime += r.onTime;
    }
  }
  const total = LEVELS.reduce((n, l) => n + levels[l], 0);
  const satisfied = levels.very_satisfied + levels.satisfied + levels.basically;
  return {
    total,
    levels,
    satisfiedRate: total ? satisfied / total : null,
    bad,
    rectifiedOnTime: onTime,
    rectifiedOnTimeRate: bad ? onTime / bad : null,
  };
}

/** Figures grouped by a key, largest first. */
export function groupFigures<K>(rows: readonly TallyRow[], key: (r: TallyRow) => K | undefined) {
  const groups = new Map<K, TallyRow[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.entries()].map(([k, g]) => ({ key: k, figures: figuresOf(g) })).sort((a, b) => b.figures.total - a.figures.total);
}

/** Figures for the API: rates as numbers 0–1 (null without ratings). */
export function figuresForApi(f: Figures) {
  return { ...f };
}

/** A rate in words for tables: 93.5% or — */
export const percent = (rate: number | null) => (rate === null ? t('ratings.public.dash') : t('ratings.public.percent', { n: (Math.round(rate * 1000) / 10).toFixed(1) }));

export const stars = (level: Level) => STARS[level];
