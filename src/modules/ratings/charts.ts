/**
 * The satisfaction charts, drawn on the server as SVG by ECharts (as letters' statistics are: no
 * script in the page, no third-party request). Each has the same figures as the table above it.
 */
import { renderSvgChart } from '../../web/svg-chart.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import { LEVELS } from './model.js';
import type { Satisfaction } from './operations/public.js';

/** green to red, dark enough to read against white */
const LEVEL_COLOURS = ['#1a7f37', '#2e8540', '#1d5fa8', '#c05600', '#a4000f'];

export function levelsChart(s: Satisfaction): string {
  return renderSvgChart(720, 300, {
    title: { text: t('ratings.public.chartLevels'), left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 48, right: 24, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: LEVELS.map((l) => t(`ratings.level.${l}` as MessageKey)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('ratings.public.count'),
        type: 'bar',
        label: { show: true, position: 'top' },
        data: LEVELS.map((l, i) => ({ value: s.figures.levels[l], itemStyle: { color: LEVEL_COLOURS[i] } })),
      },
    ],
  });
}

const pct = (rate: number | null) => (rate === null ? 0 : Math.round(rate * 1000) / 10);

export function departmentsChart(s: Satisfaction): string {
  const top = s.departments.slice(0, 12).reverse();
  return renderSvgChart(720, 120 + top.length * 36, {
    title: { text: t('ratings.public.chartDepartments'), left: 'center', textStyle: { fontSize: 14 } },
    legend: { bottom: 0 },
    grid: { left: 200, right: 48, top: 40, bottom: 48 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: top.map((d) => d.department) },
    series: [
      { name: t('ratings.public.satisfiedRate'), type: 'bar', data: top.map((d) => pct(d.satisfiedRate)), itemStyle: { color: '#1d5fa8' } },
      { name: t('ratings.public.rectifiedOnTimeRate'), type: 'bar', data: top.map((d) => pct(d.rectifiedOnTimeRate)), itemStyle: { color: '#c05600' } },
    ],
  });
}
