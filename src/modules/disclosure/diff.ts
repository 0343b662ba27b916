/**
 * What changed between two versions of an article: each metadata field that differs (before →
 * after), and the body line by line (a longest-common-subsequence diff; bodies are a few hundred
 * lines at most, and a longer one is compared as a whole).
 */
import { t } from '../../lib/i18n/index.js';
import type { ArticleContent } from './model.js';

const FIELDS: (keyof ArticleContent)[] = ['title', 'kind', 'orgId', 'indexNo', 'topic', 'issuer', 'docNo', 'writtenOn', 'category', 'validity', 'validityDate', 'openMode', 'openScope', 'keywords', 'summary', 'policyId', 'interpretForm', 'videoUrl', 'publishAt'];

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}
export type LineChange = { op: ' ' | '+' | '-'; text: string };

const show = (v: unknown) => (Array.isArray(v) ? v.join('、') : v === null || v === undefined ? '' : String(v));

export function diffContent(before: ArticleContent | null | undefined, after: ArticleContent): { fields: FieldChange[]; body: LineChange[] } {
  const fields = FIELDS.filter((f) => show(before?.[f]) !== show(after[f])).map((f) => ({ field: t(`disclosure.field.${f === 'orgId' ? 'org' : f === 'policyId' ? 'policy' : f}` as never), before: show(before?.[f]), after: show(after[f]) }));
  return { fields, body: diffLines(before?.body ?? '', after.body) };
}

export function diffLines(a: string, b: string): LineChange[] {
  const x = a ? a.split('\n') : [];
  const y = b ? b.split('\n') : [];
  if (x.length * y.length > 250_000) return [...x.map((text) => ({ op: '-' as const, text })), ...y.map((text) => ({ op: '+' as const, text }))];
  const m = x.length;
  const n = y.length;
  const L: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = m - 1; i >= 0; i--) for (let j = n - 1; j >= 0; j--) (L[i] as number[])[j] = x[i] === y[j] ? (L[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(L[i + 1]?.[j] ?? 0, L[i]?.[j + 1] ?? 0);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < m && j < n) {
    if (x[i] === y[j]) {
      out.push({ op: ' ', text: x[i] as string });
      i++;
      j++;
    } else if ((L[i + 1]?.[j] ?? 0) >= (L[i]?.[j + 1] ?? 0)) out.push({ op: '-', text: x[i++] as string });
    else out.push({ op: '+', text: y[j++] as string });
  }
  while (i < m) out.push({ op: '-', text: x[i++] as string });
  while (j < n) out.push({ op: '+', text: y[j++] as string });
  return out;
}
