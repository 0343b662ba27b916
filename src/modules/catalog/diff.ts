/**
 * What changed between two states of a catalogue record, field by field, in the same text form
 * an editor types (one line per entry, parts separated by " | "), so a reviewer reads the diff
 * exactly as the change was made.
 */
import { SHEETS, toRows } from './tabular.js';
import type { EditableSection } from './sections.js';

export interface LineChange {
  op: 'same' | 'add' | 'del';
  text: string;
}

export interface FieldDiff {
  key: string;
  label: string;
  changed: boolean;
  lines: LineChange[];
}

/** The record as form cells: field key → text. */
export function toCells(section: EditableSection, record: Record<string, unknown> | undefined): Record<string, string> {
  if (!record) return {};
  const [, row] = toRows(section, [record]) as [string[], (string | number)[]];
  const cols = SHEETS[section].columns;
  return Object.fromEntries(cols.map((c, i) => [c.key, String(row[i] ?? '')])) as Record<string, string>;
}

/** Longest-common-subsequence line diff; fields are short, so the quadratic table is small. */
export function diffLines(before: string[], after: string[]): LineChange[] {
  const n = before.length;
  const m = after.length;
  if (n * m > 250_000) return [...before.map((text) => ({ op: 'del' as const, text })), ...after.map((text) => ({ op: 'add' as const, text }))];
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      (lcs[i] as number[])[j] = before[i] === after[j] ? ((lcs[i + 1] as number[])[j + 1] as number) + 1 : Math.max((lcs[i + 1] as number[])[j] as number, (lcs[i] as number[])[j + 1] as number);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ op: 'same', text: before[i] as string });
      i++;
      j++;
    } else if (((lcs[i + 1] as number[])[j] as number) >= ((lcs[i] as number[])[j + 1] as number)) out.push({ op: 'del', text: before[i++] as string });
    else out.push({ op: 'add', text: after[j++] as string });
  }
  while (i < n) out.push({ op: 'del', text: before[i++] as string });
  while (j < m) out.push({ op: 'add', text: after[j++] as string });
  return out;
}

const splitCell = (s: string) => (s === '' ? [] : s.split('\n'));

export function diffRecords(section: EditableSection, before: Record<string, unknown> | undefined, after: Record<string, unknown>): FieldDiff[] {
  return diffCells(SHEETS[section].columns, toCells(section, before), toCells(section, after));
}

/** Field by field, line by line, between two records given as form cells. */
export function diffCells(columns: readonly { key: string; header: string }[], a: Record<string, string>, b: Record<string, string>): FieldDiff[] {
  return columns.map((c) => {
    const from = a[c.key] ?? '';
    const to = b[c.key] ?? '';
    return { key: c.key, label: c.header, changed: from !== to, lines: diffLines(splitCell(from), splitCell(to)) };
  });
}
