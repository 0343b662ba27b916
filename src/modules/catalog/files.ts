/**
 * Catalogue files: CSV (items only, UTF-8 with BOM so spreadsheet programs read Chinese),
 * XLSX (one sheet per kind of record) and JSON (the bundle as the demo data holds it).
 * Reading never throws on bad content: every problem comes back, by sheet, row and column.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type ExcelJSModule from 'exceljs';

// exceljs is loaded on the first spreadsheet, not with the app
const loadExcel = async (): Promise<typeof ExcelJSModule> => (await import('exceljs')).default;
import { t } from '../../lib/i18n/index.js';
import type { Origins, Problem } from './bundle.js';
import type { CatalogueBundle } from './model.js';
import { SECTION_ORDER, SHEETS, fromRows, toRows } from './tabular.js';

export type FileFormat = 'csv' | 'xlsx' | 'json';

export function formatOf(fileName: string): FileFormat | undefined {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return ext === 'csv' || ext === 'xlsx' || ext === 'json' ? ext : undefined;
}

export interface ReadResult {
  bundle: CatalogueBundle;
  origins: Origins;
  /** problems found while reading the file itself (cells that could not be decoded) */
  problems: Problem[];
}

const empty = (): CatalogueBundle => ({ departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [] });

export async function readCatalogueFile(data: Buffer, format: FileFormat): Promise<ReadResult> {
  const problems: Problem[] = [];
  const bundle = empty();
  const origins: Origins = {};
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString('utf8'));
    } catch (e) {
      problems.push({ where: 'JSON', field: '/', message: t('import.badJson', { detail: (e as Error).message }) });
      return { bundle, origins, problems };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      problems.push({ where: 'JSON', field: '/', message: t('import.jsonShape') });
      return { bundle, origins, problems };
    }
    for (const section of SECTION_ORDER) {
      const list = (parsed as Record<string, unknown>)[section];
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        problems.push({ where: 'JSON', field: `/${section}`, message: t('import.notList') });
        continue;
      }
      (bundle[section] as unknown[]) = list;
      origins[section] = list.map((_, i) => `${section}[${i}]`);
    }
    return { bundle, origins, problems };
  }
  if (format === 'csv') {
    let rows: unknown[][];
    try {
      rows = parseCsv(data, { bom: true, relax_column_count: true, skip_empty_lines: false }) as unknown[][];
    } catch (e) {
      problems.push({ where: 'CSV', field: '/', message: t('import.badCsv', { detail: (e as Error).message }) });
      return { bundle, origins, problems };
    }
    const { records, origins: o } = fromRows({ section: 'items', name: SHEETS.items.title, rows }, problems);
    bundle.items = records as CatalogueBundle['items'];
    origins.items = o;
    return { bundle, origins, problems };
  }
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (e) {
    problems.push({ where: 'XLSX', field: '/', message: t('import.badXlsx', { detail: (e as Error).message }) });
    return { bundle, origins, problems };
  }
  let found = 0;
  for (const section of SECTION_ORDER) {
    const sheet = workbook.getWorksheet(SHEETS[section].title);
    if (!sheet) continue;
    found++;
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const values = (row.values as unknown[]).slice(1).map(cellValue);
      rows[n - 1] = values;
    });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const { records, origins: o } = fromRows({ section, name: SHEETS[section].title, rows }, problems);
    (bundle[section] as unknown[]) = records;
    origins[section] = o;
  }
  if (!found)
    problems.push({
      where: 'XLSX',
      field: '/',
      message: t('import.noSheets', { names: SECTION_ORDER.map((s) => SHEETS[s].title).join('、') }),
    });
  return { bundle, origins, problems };
}

/** A cell's plain value: rich text, formulas and hyperlinks reduce to their text. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'object') return v;
  const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if ('result' in o) return o.result ?? '';
  if ('text' in o) return o.text;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export async function writeCatalogueFile(bundle: CatalogueBundle, format: FileFormat): Promise<Buffer> {
  if (format === 'json') return Buffer.from(`${JSON.stringify(bundle, null, 2)}\n`);
  if (format === 'csv') return Buffer.from(`\uFEFF${stringifyCsv(toRows('items', bundle.items), { record_delimiter: '\r\n' })}`);
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = 'Yimen';
  for (const section of SECTION_ORDER) {
    const sheet = workbook.addWorksheet(SHEETS[section].title);
    const rows = toRows(section, bundle[section]);
    sheet.addRows(rows);
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.columns.forEach((col) => {
      col.width = 24;
      col.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
