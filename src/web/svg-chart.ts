/**
 * Charts drawn on the server as SVG by ECharts: no script in the page, no third-party request.
 * Pages put the same figures in a table beside each chart.
 */
import { createRequire } from 'node:module';

// ECharts' type declarations do not resolve under NodeNext; the part used here is small
export type EChartsOption = Record<string, unknown>;
interface Chart {
  setOption(option: EChartsOption): void;
  renderToSVGString(): string;
  dispose(): void;
}
type ECharts = { init(dom: null, theme: null, opts: { renderer: 'svg'; ssr: true; width: number; height: number }): Chart };
// loaded on the first chart, not with the app: the CLI and most requests never draw one
let echarts: ECharts | undefined;

/** One chart as an SVG string, in the portal's CJK font, without animation. */
export function renderSvgChart(width: number, height: number, option: EChartsOption): string {
  echarts ??= createRequire(import.meta.url)('echarts') as ECharts;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, textStyle: { fontFamily: 'Noto Sans CJK SC, Noto Sans SC, sans-serif' }, ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
