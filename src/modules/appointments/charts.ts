/**
 * A hall's report as charts, drawn on the server as SVG by ECharts (web/svg-chart.ts, as ratings
 * and letters do): no script in the page, no third-party request. The page shows the same
 * figures in tables above them.
 */
import { t } from '../../lib/i18n/index.js';
import { renderSvgChart } from '../../web/svg-chart.js';
import type { HallReport } from './operations/office.js';

const short = (ymd: string) => `${Number(ymd.slice(5, 7))}/${Number(ymd.slice(8, 10))}`;

/** Bookings, served and no-shows per day (bars), the no-show rate (line, right axis). */
export function bookingsChart(r: HallReport): string {
  return renderSvgChart(760, 320, {
    title: { text: t('appt.office.chartBookings'), left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 48, right: 56, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: r.days.map((d) => short(d.key)) },
    yAxis: [
      { type: 'value', minInterval: 1 },
      { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: t('appt.office.bookings'), type: 'bar', data: r.days.map((d) => d.bookings), itemStyle: { color: '#1d5fa8' } },
      { name: t('appt.office.served'), type: 'bar', data: r.days.map((d) => d.served), itemStyle: { color: '#1a7f37' } },
      { name: t('appt.office.noShowRate'), type: 'line', yAxisIndex: 1, data: r.days.map((d) => d.noShowRate), itemStyle: { color: '#a4000f' }, connectNulls: false },
    ],
  });
}

/** Average wait and service time per day, in minutes. */
export function timesChart(r: HallReport): string {
  return renderSvgChart(760, 300, {
    title: { text: t('appt.office.chartTimes'), left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 48, right: 24, top: 40, bottom: 56 },
    xAxis: { type: 'category', data: r.days.map((d) => short(d.key)) },
    yAxis: { type: 'value', name: t('appt.office.minutes') },
    series: [
      { name: t('appt.office.wait'), type: 'line', data: r.days.map((d) => d.waitMinutes), itemStyle: { color: '#c05600' } },
      { name: t('appt.office.service'), type: 'line', data: r.days.map((d) => d.serviceMinutes), itemStyle: { color: '#1d5fa8' } },
    ],
  });
}

/** The report as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese): one row per day, item and window. */
export function reportCsv(r: HallReport): string {
  const head = ['dimension', 'name', 'bookings', 'served', 'noShows', 'cancelled', 'noShowRate', 'tickets', 'waitMinutes', 'serviceMinutes'].map((k) => t(`appt.office.csv.${k}` as never));
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    // a leading = + - @ would be read as a formula by a spreadsheet
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines: (string | number | null)[][] = [head];
  const add = (dimension: string, rows: HallReport['days']) => {
    for (const x of rows) lines.push([dimension, x.label, x.bookings, x.served, x.noShows, x.cancelled, x.noShowRate, x.tickets, x.waitMinutes, x.serviceMinutes]);
  };
  add(t('appt.office.byDay'), r.days);
  add(t('appt.office.byItem'), r.items);
  add(t('appt.office.byWindow'), r.windows);
  add(t('appt.office.total'), [r.total]);
  return `\ufeff${lines.map((l) => l.map(cell).join(',')).join('\r\n')}\r\n`;
}
