/**
 * A catalogue bundle: every department, hall, theme, special group, form and item that enters
 * Yimen at once (demo data, an import file). It is checked whole — each record against its
 * schema, then every reference between records — before anything is written, so an import is
 * all-or-nothing and its errors come back together, record by record, in Chinese.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { t } from '../../lib/i18n/index.js';
import { type Problem, checkSchema } from '../../lib/validation.js';
import {
  type CatalogueBundle,
  DepartmentInput,
  FormInput,
  HallInput,
  ItemInput,
  SpecialGroupInput,
  ThemeInput,
} from './model.js';

export type { Problem } from '../../lib/validation.js';

type Section = keyof CatalogueBundle;
const SCHEMAS: Record<Section, TSchema> = {
  departments: DepartmentInput,
  halls: HallInput,
  themes: ThemeInput,
  specialGroups: SpecialGroupInput,
  forms: FormInput,
  items: ItemInput,
};

/** Where each record came from (file and position), so problems can name the file to fix. */
export type Origins = Partial<Record<Section, string[]>>;

/** Read a demo-style directory: one JSON file per section, or a folder of JSON files. */
export function readBundleDir(dir: string): { bundle: CatalogueBundle; origins: Origins } {
  const origins: Origins = {};
  const section = (file: string, key: Section): unknown[] => {
    const asFile = join(dir, `${file}.json`);
    const asDir = join(dir, file);
    const out: unknown[] = [];
    for (const path of [asFile, asDir]) {
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(path);
      } catch {
        continue;
      }
      const files = st.isDirectory()
        ? readdirSync(path)
            .filter((f) => f.endsWith('.json'))
            .sort()
            .map((f) => join(path, f))
        : [path];
      for (const f of files) {
        const parsed = JSON.parse(readFileSync(f, 'utf8')) as unknown;
        if (!Array.isArray(parsed)) throw new Error(`${f}: expected a JSON array`);
        parsed.forEach((_, i) => {
          origins[key] ??= [];
          origins[key].push(`${f}#${i}`);
        });
        out.push(...parsed);
      }
    }
    return out;
  };
  const bundle: CatalogueBundle = {
    departments: section('departments', 'departments') as CatalogueBundle['departments'],
    halls: section('halls', 'halls') as CatalogueBundle['halls'],
    themes: section('themes', 'themes') as CatalogueBundle['themes'],
    specialGroups: section('special-groups', 'specialGroups') as CatalogueBundle['specialGroups'],
    forms: section('forms', 'forms') as CatalogueBundle['forms'],
    items: section('items', 'items') as CatalogueBundle['items'],
  };
  return { bundle, origins };
}

export function validateRecord(section: Section, record: unknown, where: string): Problem[] {
  return checkSchema(SCHEMAS[section], record, where);
}

/** Check every record and every reference between records. An empty list means it may be loaded. */
export interface ValidateOptions {
  /** where each record came from, to name it in problems */
  origins?: Origins;
  /** keys that already exist outside the bundle (e.g. in the database) and may be referred to */
  known?: Partial<Record<Section, Iterable<string>>>;
}

export function validateBundle(bundle: CatalogueBundle, { origins = {}, known = {} }: ValidateOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const label = (section: Section, index: number, record: unknown): string => {
    const r = record as { name?: unknown; title?: unknown; slug?: unknown };
    const name = typeof r?.name === 'string' ? r.name : typeof r?.title === 'string' ? r.title : r?.slug;
    const at = origins[section]?.[index] ?? `${section}[${index}]`;
    return `${at}${typeof name === 'string' ? ` ${name}` : ''}`;
  };
  const sections = Object.keys(SCHEMAS) as Section[];
  // References are checked only from records that passed their schema, so one broken record
  // yields its own messages, not a cascade about everything that points at it.
  const broken = new Set<string>();
  for (const section of sections) {
    bundle[section].forEach((record, i) => {
      const found = validateRecord(section, record, label(section, i, record));
      problems.push(...found);
      if (found.length) broken.add(`${section}:${i}`);
    });
  }
  const ok = (section: Section, i: number) => !broken.has(`${section}:${i}`);

  /** Keys of a section; a key used twice is a problem. Broken records still lend their key. */
  const unique = <R>(section: Section, rows: R[], key: (r: R) => unknown) => {
    const seen = new Map<string, number>();
    rows.forEach((r, i) => {
      const k = r && typeof r === 'object' ? key(r) : undefined;
      if (typeof k !== 'string') return;
      const first = seen.get(k);
      if (first === undefined) seen.set(k, i);
      else if (ok(section, i))
        problems.push({
          where: label(section, i, r),
          field: '/',
          message: t('validation.duplicateKey', { key: k, first: label(section, first, rows[first]) }),
        });
    });
    for (const k of known[section] ?? []) if (!seen.has(k)) seen.set(k, -1);
    return seen;
  };
  const departments = unique('departments', bundle.departments, (d) => d.slug);
  const names = new Map<string, number>();
  bundle.departments.forEach((d, i) => {
    if (!ok('departments', i)) return;
    const first = names.get(d.name);
    if (first === undefined) names.set(d.name, i);
    else
      problems.push({
        where: label('departments', i, d),
        field: '/name',
        message: t('validation.duplicateKey', { key: d.name, first: label('departments', first, bundle.departments[first]) }),
      });
  });
  const halls = unique('halls', bundle.halls, (h) => h.slug);
  const themes = unique('themes', bundle.themes, (th) => th.slug);
  const groups = unique('specialGroups', bundle.specialGroups, (g) => g.slug);
  const forms = unique('forms', bundle.forms, (f) => f.slug);
  const items = unique('items', bundle.items, (it) => it.implCode);

  const ref = (where: string, field: string, kind: string, key: string, known: Map<string, number>) => {
    if (!known.has(key)) problems.push({ where, field, message: t('validation.unknownRef', { kind, key }) });
  };
  bundle.halls.forEach((h, i) => {
    if (ok('halls', i) && h.department) ref(label('halls', i, h), '/department', t('kind.department'), h.department, departments);
  });
  bundle.forms.forEach((f, i) => {
    if (ok('forms', i)) ref(label('forms', i, f), '/department', t('kind.department'), f.department, departments);
  });
  bundle.items.forEach((it, i) => {
    if (!ok('items', i)) return;
    const where = label('items', i, it);
    ref(where, '/department', t('kind.department'), it.department, departments);
    it.halls.forEach((h, j) => {
    ref(where, `/halls/${j}`, t('kind.hall'), h, halls);
  });
    it.themes.forEach((th, j) => {
    ref(where, `/themes/${j}`, t('kind.theme'), th, themes);
  });
    it.specialGroups.forEach((g, j) => {
    ref(where, `/specialGroups/${j}`, t('kind.specialGroup'), g, groups);
  });
    it.materials.forEach((m, j) => {
      if (m.formSlug) ref(where, `/materials/${j}/formSlug`, t('kind.form'), m.formSlug, forms);
    });
    if (it.parent !== undefined) {
      if (it.parent === it.implCode)
        problems.push({ where, field: '/parent', message: t('validation.selfParent') });
      else ref(where, '/parent', t('kind.item'), it.parent, items);
    }
    if (it.promisedLimitDays > it.legalLimitDays)
      problems.push({ where, field: '/promisedLimitDays', message: t('validation.promisedOverLegal') });
    if (it.limitKind === '即办件' && it.promisedLimitDays !== 0)
      problems.push({ where, field: '/promisedLimitDays', message: t('validation.immediateHasDays') });
    if (it.onlineDepth === 4 && it.visits > 0)
      problems.push({ where, field: '/visits', message: t('validation.fullyOnlineVisits') });
  });
  // A parent chain must end: a sub-item of a sub-item of itself would never render.
  const parentOf = new Map(bundle.items.filter((_, i) => ok('items', i)).map((it) => [it.implCode, it.parent]));
  bundle.items.forEach((it, i) => {
    if (!ok('items', i)) return;
    let hops = 0;
    for (let p = it.parent; p !== undefined; p = parentOf.get(p)) {
      if (p === it.implCode || ++hops > 5) {
        problems.push({ where: label('items', i, it), field: '/parent', message: t('validation.parentCycle') });
        break;
      }
    }
  });
  return problems;
}
