/**
 * The demo's definitions (data/demo/applications/): every item's form, route and automation
 * rules (definitions.json) and the 一件事一次办 bundles (bundles.json). Loading checks them all
 * first, exactly as publishing does, then publishes a new version only of what changed, so the
 * seed can run again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Problem } from '../../../lib/validation.js';
import { SYSTEM } from '../../audit/index.js';
import { type BundleDefinition, type KnownItems, checkBundle } from '../automation/bundles.js';
import type { FormDefinition } from '../form-notation.js';
import type { CatalogueBundle } from '../../catalog/index.js';
import { type ItemFacts, catalogFromBundle, checkRecord } from './check.js';
import type { DefinitionRecord } from './notation.js';
import * as repo from './repo.js';
import { type SectionDeps, publishRecord, recordOf } from './section.js';

/** A demo definition as data/demo/applications/definitions.json writes it. */
export interface DemoDefinition {
  item: string;
  form: unknown;
  route: unknown;
  automation?: unknown | null;
}

const asRecord = (d: DemoDefinition): DefinitionRecord => ({ slug: d.item, form: d.form, route: d.route, automation: d.automation ?? null });

export interface DemoDefinitions {
  definitions: DemoDefinition[];
  bundles: BundleDefinition[];
}

export function hasDemoDefinitions(dir: string): boolean {
  return existsSync(join(dir, 'applications', 'definitions.json'));
}

export function readDemoDefinitions(dir: string): DemoDefinitions {
  const read = (name: string) => {
    const file = join(dir, 'applications', name);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  };
  return { definitions: read('definitions.json'), bundles: read('bundles.json') };
}

/** Every problem of the demo's definitions and bundles against the catalogue; writes nothing. */
export async function checkDemoDefinitions(deps: Pick<SectionDeps, 'catalog'>, demo: DemoDefinitions): Promise<Problem[] & { items?: Map<string, ItemFacts> }> {
  const departments = new Set((await deps.catalog.listDepartments()).map((d) => d.slug));
  const problems: Problem[] = [];
  const known = new Map<string, { name: string; form: FormDefinition | null; item: ItemFacts }>();
  const seen = new Set<string>();
  for (const [i, record] of demo.definitions.entries()) {
    const where = `definitions[${i}] ${record.item}`;
    if (seen.has(record.item)) problems.push({ where, field: 'item', message: t('auto.bundle.duplicatePart', { key: record.item }) });
    seen.add(record.item);
    const { problems: found, item } = await checkRecord(asRecord(record), deps.catalog, {}, departments);
    problems.push(...found.map((p) => ({ ...p, where })));
    if (item && !found.length) known.set(record.item, { name: item.name, form: record.form as FormDefinition, item });
  }
  for (const [i, bundle] of demo.bundles.entries()) problems.push(...checkBundle(bundle, known as KnownItems, `bundles[${i}] ${bundle.slug ?? ''}`));
  return Object.assign(problems, { items: new Map([...known].map(([code, k]) => [code, k.item])) });
}

/** JSON with object keys sorted (jsonb keeps its own key order). */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
}

/**
 * Check a demo-style folder's definitions and bundles against its own catalogue files, without a
 * database (`yimen validate DIR`): the same checks as loading.
 */
export async function validateDemoDefinitions(dir: string, bundle: Pick<CatalogueBundle, 'items' | 'departments'>): Promise<Problem[]> {
  if (!hasDemoDefinitions(dir)) return [];
  return [...(await checkDemoDefinitions({ catalog: catalogFromBundle(bundle) }, readDemoDefinitions(dir)))];
}

/** Load the demo's definitions and bundles: all checked first, then published where they changed. */
export async function loadDemoDefinitions(deps: SectionDeps, dir: string): Promise<{ published: number; unchanged: number; bundles: number }> {
  const demo = readDemoDefinitions(dir);
  const problems = await checkDemoDefinitions(deps, demo);
  if (problems.length) throw new ValidationError(t('appdef.invalid', { count: problems.length }), problems);
  let published = 0;
  let unchanged = 0;
  for (const demoRecord of demo.definitions) {
    const record = asRecord(demoRecord);
    const row = await repo.latestByCode(deps.db, record.slug);
    if (row && canonical(recordOf(row)) === canonical(record)) {
      unchanged++;
      continue;
    }
    await publishRecord({ ...deps, changes: undefined }, record, { actor: SYSTEM, audit: [] }, {}, problems.items?.get(record.slug));
    published++;
  }
  await deps.db.transaction(async (tx) => {
    for (const b of demo.bundles) {
      const row = await repo.findBundle(tx, b.slug);
      if (!row || canonical(row.definition) !== canonical(b)) await repo.upsertBundle(tx, { slug: b.slug, title: b.title, definition: b });
    }
  });
  if (published) await deps.changes?.publish('catalog');
  return { published, unchanged, bundles: demo.bundles.length };
}
