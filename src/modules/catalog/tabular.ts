/**
 * The catalogue as tables, for CSV and XLSX: one row per record, nested parts written in a
 * compact text notation a clerk can read and edit in a spreadsheet (docs/import-format.md):
 *   - a list of texts: one entry per line in the cell;
 *   - a list of records (materials, steps, fees, FAQ …): one entry per line, fields separated
 *     by " | " (a literal | is written \|, a line break \n, a backslash \\);
 *   - yes/no: 是 / 否; a map point: "lat,lng".
 * Decoding reports every cell it cannot read, by sheet, row and column, and the bundle
 * validator then checks the decoded records as it checks any import.
 */
import { t } from '../../lib/i18n/index.js';
import type { Problem } from './bundle.js';
import type { CatalogueBundle } from './model.js';

type Section = keyof CatalogueBundle;
type Kind =
  | { type: 'text' }
  | { type: 'optional' }
  | { type: 'int' }
  | { type: 'bool' }
  | { type: 'lines' }
  | { type: 'point' }
  | { type: 'records'; fields: FieldSpec[] }
  | { type: 'record'; fields: FieldSpec[] };
interface FieldSpec {
  key: string;
  type: 'text' | 'optional' | 'int' | 'optionalInt' | 'bool' | 'list';
}
interface Column {
  key: string;
  header: string;
  kind: Kind;
}

const text: Kind = { type: 'text' };
const optional: Kind = { type: 'optional' };
const int: Kind = { type: 'int' };
const bool: Kind = { type: 'bool' };
const lines: Kind = { type: 'lines' };
const records = (...fields: FieldSpec[]): Kind => ({ type: 'records', fields });
const f = (key: string, type: FieldSpec['type'] = 'text'): FieldSpec => ({ key, type });

export const SHEETS: Record<Section, { title: string; columns: Column[] }> = {
  items: {
    title: '事项',
    columns: [
      { key: 'code', header: '基本编码', kind: text },
      { key: 'implCode', header: '实施编码', kind: text },
      { key: 'name', header: '事项名称', kind: text },
      { key: 'aliases', header: '日常叫法', kind: lines },
      { key: 'type', header: '事项类型', kind: text },
      { key: 'parent', header: '上级事项实施编码', kind: optional },
      { key: 'department', header: '主管部门', kind: text },
      { key: 'implementingBody', header: '实施主体', kind: text },
      { key: 'legalBasis', header: '设定依据', kind: lines },
      { key: 'targets', header: '服务对象', kind: lines },
      { key: 'summary', header: '事项简介', kind: text },
      { key: 'conditions', header: '受理条件', kind: lines },
      {
        key: 'materials',
        header: '申请材料',
        kind: records(f('name'), f('form'), f('medium'), f('copies', 'int'), f('source'), f('required', 'bool'), f('note', 'optional'), f('formSlug', 'optional')),
      },
      { key: 'steps', header: '办理流程', kind: records(f('title'), f('description'), f('daysLimit', 'optionalInt')) },
      { key: 'legalLimitDays', header: '法定时限', kind: int },
      { key: 'promisedLimitDays', header: '承诺时限', kind: int },
      { key: 'limitKind', header: '办件类型', kind: text },
      { key: 'limitNote', header: '时限说明', kind: optional },
      { key: 'fees', header: '收费', kind: records(f('name'), f('standard'), f('basis')) },
      { key: 'halls', header: '办理地点', kind: lines },
      { key: 'consultPhone', header: '咨询电话', kind: text },
      { key: 'complaintPhone', header: '投诉电话', kind: text },
      { key: 'handlingForms', header: '办理形式', kind: lines },
      { key: 'visits', header: '到现场次数', kind: int },
      { key: 'onlineDepth', header: '网办深度', kind: int },
      { key: 'appointment', header: '支持预约', kind: bool },
      { key: 'results', header: '办理结果', kind: { type: 'record', fields: [f('name'), f('kind'), f('delivery', 'list')] } },
      { key: 'faq', header: '常见问题', kind: records(f('q'), f('a')) },
      { key: 'policies', header: '相关政策', kind: records(f('title'), f('number', 'optional')) },
      { key: 'themes', header: '主题', kind: lines },
      { key: 'specialGroups', header: '特殊群体', kind: lines },
    ],
  },
  departments: {
    title: '部门',
    columns: [
      { key: 'slug', header: '部门代号', kind: text },
      { key: 'name', header: '部门名称', kind: text },
      { key: 'shortName', header: '简称', kind: text },
      { key: 'kind', header: '机构类别', kind: text },
      { key: 'functions', header: '主要职责', kind: lines },
      { key: 'units', header: '内设机构', kind: records(f('name'), f('duties')) },
      { key: 'leaders', header: '领导', kind: records(f('name'), f('title'), f('portfolio')) },
      { key: 'address', header: '地址', kind: text },
      { key: 'postcode', header: '邮编', kind: text },
      { key: 'officeHours', header: '办公时间', kind: text },
      { key: 'phones', header: '电话', kind: records(f('label'), f('number')) },
      { key: 'website', header: '网站', kind: text },
      { key: 'location', header: '坐标', kind: { type: 'point' } },
      { key: 'transit', header: '乘车路线', kind: text },
      { key: 'sort', header: '排序', kind: int },
    ],
  },
  halls: {
    title: '办事大厅',
    columns: [
      { key: 'slug', header: '大厅代号', kind: text },
      { key: 'name', header: '大厅名称', kind: text },
      { key: 'department', header: '所属部门', kind: optional },
      { key: 'address', header: '地址', kind: text },
      { key: 'hours', header: '办公时间', kind: text },
      { key: 'phone', header: '电话', kind: text },
      { key: 'location', header: '坐标', kind: { type: 'point' } },
      { key: 'transit', header: '乘车路线', kind: text },
      { key: 'windows', header: '窗口数', kind: int },
    ],
  },
  themes: {
    title: '主题',
    columns: [
      { key: 'slug', header: '主题代号', kind: text },
      { key: 'name', header: '主题名称', kind: text },
      { key: 'audience', header: '服务对象', kind: text },
      { key: 'description', header: '说明', kind: text },
      { key: 'icon', header: '图标', kind: text },
      { key: 'sort', header: '排序', kind: int },
    ],
  },
  specialGroups: {
    title: '特殊群体',
    columns: [
      { key: 'slug', header: '群体代号', kind: text },
      { key: 'name', header: '群体名称', kind: text },
      { key: 'description', header: '说明', kind: text },
      { key: 'arrangements', header: '优先安排', kind: lines },
      { key: 'hotline', header: '服务专线', kind: text },
      { key: 'sort', header: '排序', kind: int },
    ],
  },
  forms: {
    title: '表格',
    columns: [
      { key: 'slug', header: '表格代号', kind: text },
      { key: 'title', header: '表格名称', kind: text },
      { key: 'department', header: '制表部门', kind: text },
      { key: 'note', header: '填表说明', kind: optional },
      { key: 'fields', header: '栏目', kind: records(f('label'), f('example'), f('wide', 'bool')) },
    ],
  },
};

/** Order of sheets in a workbook: things referred to come before what refers to them. */
export const SECTION_ORDER: Section[] = ['departments', 'halls', 'themes', 'specialGroups', 'forms', 'items'];

const YES = '是';
const NO = '否';

const escapePart = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '\\n');

/** Split one line on unescaped " | " and unescape each part. */
function splitParts(line: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      const n = line[++i];
      cur += n === 'n' ? '\n' : n;
    } else if (c === '|') {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  parts.push(cur.trim());
  return parts;
}

const splitLines = (cell: string) =>
  cell
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

function encodeField(spec: FieldSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (spec.type === 'bool') return value ? YES : NO;
  if (spec.type === 'list') return (value as string[]).join('、');
  return escapePart(String(value));
}

function encodeCell(kind: Kind, value: unknown): string | number {
  if (value === undefined || value === null) return '';
  switch (kind.type) {
    case 'text':
    case 'optional':
      return String(value);
    case 'int':
      return value as number;
    case 'bool':
      return value ? YES : NO;
    case 'lines':
      return (value as string[]).join('\n');
    case 'point': {
      const p = value as { lat: number; lng: number };
      return `${p.lat},${p.lng}`;
    }
    case 'record': {
      const r = value as Record<string, unknown>;
      return trimTrailing(kind.fields.map((fs) => encodeField(fs, r[fs.key]))).join(' | ');
    }
    case 'records':
      return (value as Record<string, unknown>[])
        .map((r) => trimTrailing(kind.fields.map((fs) => encodeField(fs, r[fs.key]))).join(' | '))
        .join('\n');
  }
}

function trimTrailing(parts: string[]): string[] {
  const out = [...parts];
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}

/** Header cell text: the Chinese name with the field key, e.g. "事项名称(name)". */
export const headerOf = (c: Column) => `${c.header}(${c.key})`;

export function toRows(section: Section, records: unknown[]): (string | number)[][] {
  const cols = SHEETS[section].columns;
  return [cols.map(headerOf), ...records.map((r) => cols.map((c) => encodeCell(c.kind, (r as Record<string, unknown>)[c.key])))];
}

interface DecodeContext {
  where: string;
  problems: Problem[];
}

function decodeField(spec: FieldSpec, raw: string | undefined, ctx: DecodeContext, field: string): unknown {
  const v = (raw ?? '').trim();
  switch (spec.type) {
    case 'text':
      return v;
    case 'optional':
      return v === '' ? undefined : v;
    case 'int':
    case 'optionalInt': {
      if (v === '' && spec.type === 'optionalInt') return undefined;
      if (!/^-?\d+$/.test(v)) {
        ctx.problems.push({ where: ctx.where, field, message: t('import.integer') });
        return undefined;
      }
      return Number(v);
    }
    case 'bool':
      if (v === '') return undefined;
      if (v === NO || v.toLowerCase() === 'false') return false;
      if (v === YES || v.toLowerCase() === 'true') return true;
      ctx.problems.push({ where: ctx.where, field, message: t('import.yesNo') });
      return undefined;
    case 'list':
      return v
        .split(/[、,，]/)
        .map((s) => s.trim())
        .filter(Boolean);
  }
}

function decodeRecord(fields: FieldSpec[], line: string, ctx: DecodeContext, field: string): Record<string, unknown> {
  const parts = splitParts(line);
  if (parts.length > fields.length) {
    ctx.problems.push({ where: ctx.where, field, message: t('import.tooManyParts', { line: line.slice(0, 30), n: fields.length }) });
  }
  const out: Record<string, unknown> = {};
  fields.forEach((fs, i) => {
    const value = decodeField(fs, parts[i], ctx, `${field}/${fs.key}`);
    if (value !== undefined) out[fs.key] = value;
  });
  return out;
}

function decodeCell(kind: Kind, raw: unknown, ctx: DecodeContext, field: string): unknown {
  const cell = raw === null || raw === undefined ? '' : typeof raw === 'number' ? String(raw) : String(raw);
  const v = cell.trim();
  switch (kind.type) {
    case 'text':
      return v;
    case 'optional':
      return v === '' ? undefined : v;
    case 'int':
      if (!/^-?\d+$/.test(v)) {
        ctx.problems.push({ where: ctx.where, field, message: v === '' ? t('validation.required') : t('import.integer') });
        return undefined;
      }
      return Number(v);
    case 'bool':
      if (v === YES || v.toLowerCase() === 'true') return true;
      if (v === NO || v.toLowerCase() === 'false') return false;
      ctx.problems.push({ where: ctx.where, field, message: t('import.yesNo') });
      return undefined;
    case 'lines':
      return splitLines(cell);
    case 'point': {
      const m = /^(-?\d+(?:\.\d+)?)\s*[,，]\s*(-?\d+(?:\.\d+)?)$/.exec(v);
      if (!m) {
        ctx.problems.push({ where: ctx.where, field, message: t('import.point') });
        return undefined;
      }
      return { lat: Number(m[1]), lng: Number(m[2]) };
    }
    case 'record':
      return v === '' ? undefined : decodeRecord(kind.fields, v, ctx, field);
    case 'records':
      return splitLines(cell).map((line, i) => decodeRecord(kind.fields, line, ctx, `${field}/${i}`));
  }
}

export interface SheetRows {
  section: Section;
  /** sheet name, used in problems */
  name: string;
  rows: unknown[][];
}

/**
 * Rows (header first) back into records. Columns are found by their key in the header, so their
 * order does not matter and a header of just the key ("name") works too.
 */
export function fromRows(sheet: SheetRows, problems: Problem[]): { records: unknown[]; origins: string[] } {
  const cols = SHEETS[sheet.section].columns;
  const [header, ...body] = sheet.rows;
  const records: unknown[] = [];
  const origins: string[] = [];
  if (!header) return { records, origins };
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const s = String(h ?? '').trim();
    const key = /\(([A-Za-z]+)\)\s*$/.exec(s)?.[1] ?? s;
    index.set(key, i);
  });
  const missing = cols.filter((c) => !index.has(c.key) && c.kind.type !== 'optional');
  if (missing.length) {
    problems.push({
      where: t('import.headerRow', { sheet: sheet.name }),
      field: '/',
      message: t('import.missingColumns', { columns: missing.map(headerOf).join('、') }),
    });
    return { records, origins };
  }
  body.forEach((row, r) => {
    if (!row || row.every((c) => c === null || c === undefined || String(c).trim() === '')) return; // blank line
    const where = t('import.row', { sheet: sheet.name, row: r + 2 });
    const ctx = { where, problems };
    const record: Record<string, unknown> = {};
    for (const c of cols) {
      const i = index.get(c.key);
      const value = decodeCell(c.kind, i === undefined ? '' : row[i], ctx, `/${c.key}`);
      if (value !== undefined) record[c.key] = value;
    }
    records.push(record);
    origins.push(where);
  });
  return { records, origins };
}
