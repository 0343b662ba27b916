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
import { checkRecord } from './check.js';
import type { DefinitionRecord } from './notation.js';
import * as repo from './repo.js';
import { type SectionDeps, publishRecord, recordOf } from './section.js';

export interface DemoDefinitions {
  definitions: DefinitionRecord[];
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
export async function checkDemoDefinitions(deps: Pick<SectionDeps, 'catalog'>, demo: DemoDefinitions): Promise<Problem[]> {
  const departments = new Set((await deps.catalog.listDepartments()).map((d) => d.slug));
  const problems: Problem[] = [];
  const known = new Map<string, { name: string; form: FormDefinition | null }>();
  const seen = new Set<string>();
  for (const [i, record] of demo.definitions.entries()) {
    const where = `definitions[${i}] ${record.item}`;
    if (seen.has(record.item)) problems.push({ where, field: 'item', message: t('auto.bundle.duplicatePart', { key: record.item }) });
    seen.add(record.item);
    const { problems: found, item } = await checkRecord(record, deps.catalog, {}, departments);
    problems.push(...found.map((p) => ({ ...p, where })));
    if (item && !found.length) known.set(record.item, { name: item.name, form: record.form as FormDefinition });
  }
  for (const [i, bundle] of demo.bundles.entries()) problems.push(...checkBundle(bundle, known as KnownItems, `bundles[${i}] ${bundle.slug ?? ''}`));
  return problems;
}

/** Load the demo's definitions and bundles: all checked first, then published where they changed. */
export async function loadDemoDefinitions(deps: SectionDeps, dir: string): Promise<{ published: number; unchanged: number; bundles: number }> {
  const demo = readDemoDefinitions(dir);
  const problems = await checkDemoDefinitions(deps, demo);
  if (problems.length) throw new ValidationError(t('appdef.invalid', { count: problems.length }), problems);
  let published = 0;
  let unchanged = 0;
  for (const record of demo.definitions) {
    const row = await repo.latestByCode(deps.db, record.item);
    if (row && JSON.stringify(recordOf(row)) === JSON.stringify({ ...record, automation: record.automation ?? null })) {
      unchanged++;
      continue;
    }
    await publishRecord({ ...deps, changes: undefined }, { ...record, automation: record.automation ?? null }, { actor: SYSTEM, audit: [] });
    published++;
  }
  await deps.db.transaction(async (tx) => {
    for (const b of demo.bundles) await repo.upsertBundle(tx, { slug: b.slug, title: b.title, definition: b });
  });
  if (published) await deps.changes?.publish('catalog');
  return { published, unchanged, bundles: demo.bundles.length };
}
