/**
 * The query mix of bench:disclosure-search (and its in-process profile): what people type at a
 * disclosure catalogue and a service portal — the synthetic topics, with kind, year, validity and
 * organisation filters, 繁體, typos, pinyin, common words, and judged queries of the demo.
 */
import { SYNTHETIC_TOPICS, readJudgedQueries } from '../src/modules/search/index.js';

/** Query strings (without limit) for /api/v1/search. */
export function queryMix(): string[] {
  const judged = readJudgedQueries();
  const byKind = (k: string) => judged.filter((j) => j.kind === k).map((j) => j.q);
  const topics = SYNTHETIC_TOPICS;
  return [
    ...topics.map((t) => `q=${encodeURIComponent(t)}`),
    ...topics.slice(0, 12).map((t, i) => `q=${encodeURIComponent(`${t}政策解读`)}&kind=${i % 2 ? 'interpretation' : 'article'}`),
    ...topics.slice(10, 22).map((t, i) => `q=${encodeURIComponent(t)}&year=${2015 + (i % 10)}&validity=valid`),
    ...topics.slice(20, 30).map((t, i) => `q=${encodeURIComponent(`${t}管理办法`)}&organisation=${1000 + (i % 22)}`),
    ...['營商環境', '老舊小區改造', '養老服務補貼', '創業擔保貸款', '垃圾分類'].map((q) => `q=${encodeURIComponent(q)}`),
    ...['营商环镜', '老旧小区改照', '养老服物补贴', '垃圾分内', '创业担宝贷款'].map((q) => `q=${encodeURIComponent(q)}`),
    ...['gjj', 'yingshanghuanjing', 'laojiuxiaoqu', 'ylbx', 'shebao'].map((q) => `q=${q}`),
    ...['住房租赁补贴 废止', '2023年 预算公开', '人大代表建议 停车', '公报 2024年第3期', '示建规〔2021〕'].map((q) => `q=${encodeURIComponent(q)}`),
    ...[...byKind('everyday'), ...byKind('pinyin'), ...byKind('traditional'), ...byKind('typo')].slice(0, 80).map((q) => `q=${encodeURIComponent(q)}`),
  ];
}
