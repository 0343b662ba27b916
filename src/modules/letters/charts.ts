/**
 * The statistics charts, drawn on the server as SVG by ECharts (no script in the page, no
 * third-party request). Each chart has the same figures as a table next to it.
 */
import { renderSvgChart } from '../../web/svg-chart.js';
import { t } from '../../lib/i18n/index.js';
import type { StatRow } from './present.js';

/** One row per department over the year, for the department table and chart. */
export function totalsByDepartment(rows: StatRow[]): StatRow[] {
  const byDept = new Map<number, StatRow & { onTime: number; daysSum: number; satisfied: number }>();
  for (const r of rows) {
    const d = byDept.get(r.departmentId) ?? { ...r, month: '', received: 0, due: 0, replied: 0, rated: 0, onTime: 0, daysSum: 0, satisfied: 0 };
    d.received += r.received;
    d.due += r.due;
    d.replied += r.replied;
    d.onTime += r.onTimeRate * r.replied;
    d.daysSum += r.averageDays * r.replied;
    d.satisfied += (r.satisfaction ?? 0) * r.rated;
    d.rated += r.rated;
    byDept.set(r.departmentId, d);
  }
  return [...byDept.values()]
    .map((d) => ({
      departmentId: d.departmentId,
      department: d.department,
      month: '',
      received: d.received,
      due: d.due,
      replied: d.replied,
      replyRate: d.due ? d.replied / d.due : null,
      onTimeRate: d.replied ? Math.round(d.onTime) / d.replied : 0,
      averageDays: d.replied ? d.daysSum / d.replied : 0,
      satisfaction: d.rated ? Math.round(d.satisfied) / d.rated : null,
      rated: d.rated,
    }))
    .sort((a, b) => b.received - a.received || a.department.localeCompare(b.department, 'zh-Hans-CN'));
}

/** `narrow`: the drawing for a phone, 360 wide, with every other month labelled. */
export function monthlyChart(rows: StatRow[], year: number, narrow = false): string {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const sum = (m: string, k: 'received' | 'replied') => rows.filter((r) => r.month === m).reduce((n, r) => n + r[k], 0);
  return renderSvgChart(narrow ? 360 : 720, narrow ? 300 : 320, {
    title: { text: t('letters.stats.chartMonthly'), left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: narrow ? { left: 36, right: 12, top: 40, bottom: 48 } : { left: 48, right: 24, top: 40, bottom: 48 },
    xAxis: {
      type: 'category',
      data: months.map((m) => t('letters.stats.monthLabel', { n: Number(m.slice(5)) })),
      axisLabel: { interval: narrow ? 1 : 0, fontSize: narrow ? 11 : 12 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('letters.stats.received'), type: 'bar', data: months.map((m) => sum(m, 'received')), itemStyle: { color: '#1d5fa8' } },
      { name: t('letters.stats.replied'), type: 'bar', data: months.map((m) => sum(m, 'replied')), itemStyle: { color: '#2e8540' } },
    ],
  });
}

/** `narrow`: the drawing for a phone, 360 wide, the eight busiest departments, short names. */
export function departmentChart(rows: StatRow[], narrow = false): string {
  const top = totalsByDepartment(rows)
    .slice(0, narrow ? 8 : 12)
    .reverse();
  const name = (d: string) => (narrow ? d.replace(/^示范市/, '') : d);
  return renderSvgChart(narrow ? 360 : 720, narrow ? 80 + top.length * 44 : 420, {
    title: { text: t('letters.stats.chartDepartments'), left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: narrow ? { left: 100, right: 16, top: 40, bottom: 48 } : { left: 180, right: 48, top: 40, bottom: 48 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', fontSize: narrow ? 11 : 12 } },
    yAxis: { type: 'category', data: top.map((r) => name(r.department)), axisLabel: narrow ? { width: 90, overflow: 'truncate', fontSize: 11 } : {} },
    series: [
      { name: t('letters.stats.onTimeRate'), type: 'bar', data: top.map((r) => Math.round(r.onTimeRate * 1000) / 10), itemStyle: { color: '#1d5fa8' } },
      { name: t('letters.stats.satisfaction'), type: 'bar', data: top.map((r) => (r.satisfaction === null ? 0 : Math.round(r.satisfaction * 1000) / 10)), itemStyle: { color: '#c05600' } },
    ],
  });
}
