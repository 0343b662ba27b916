/** `yimen import FILE` and `yimen export [--out FILE]`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { createServices } from '../app.js';
import { ValidationError } from '../lib/errors.js';
import { type FileFormat, formatOf, readCatalogueFile, writeCatalogueFile } from '../modules/catalog/index.js';
import type { CatalogService } from '../modules/catalog/index.js';
import { t } from '../lib/i18n/index.js';
import { progressBar } from './progress.js';

export async function importCommand(config: Config, database: Database, file: string): Promise<number> {
  const format = formatOf(file);
  if (!format) {
    console.error(t('import.cliFormat'));
    return 2;
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    console.error(t('import.cliUnreadable', { file, detail: (e as NodeJS.ErrnoException).code ?? (e as Error).message }));
    return 2;
  }
  const services = await createServices(config, database, { search: 'write' });
  try {
    return await importFile(services.catalog, data, format);
  } finally {
    await services.close();
  }
}

async function importFile(catalog: CatalogService, data: Buffer, format: FileFormat): Promise<number> {
  const { bundle, origins, problems } = await readCatalogueFile(data, format);
  const report = (list: { where: string; field: string; message: string }[]) => {
    console.error(t('import.cliFailed', { count: list.length }));
    for (const p of list.slice(0, 200)) console.error(`  ${p.where}  ${p.field}  ${p.message}`);
    if (list.length > 200) console.error(`  ${t('import.cliMore', { count: list.length - 200 })}`);
  };
  if (problems.length) {
    report(problems);
    return 1;
  }
  const bar = progressBar(t('import.cliProgress'));
  try {
    const result = await catalog.importBundle(bundle, { onProgress: bar.update, origins, actor: { id: 'cli', name: `命令行 (${userInfo().username})` } });
    bar.done();
    if (!(await catalog.datasetKind())) await catalog.setDatasetKind('imported');
    console.log(
      t('import.cliDone', { ...result }),
    );
    return 0;
  } catch (e) {
    bar.done();
    if (e instanceof ValidationError) {
      report(e.problems);
      return 1;
    }
    throw e;
  }
}

export async function exportCommand(config: Config, database: Database, out: string | undefined): Promise<number> {
  const format = out ? formatOf(out) : 'json';
  if (!format) {
    console.error(t('export.cliFormat'));
    return 2;
  }
  const services = await createServices(config, database, { search: 'write' });
  const bundle = await services.catalog.exportBundle().finally(() => services.close());
  const data = await writeCatalogueFile(bundle, format);
  if (!out) {
    process.stdout.write(data);
    return 0;
  }
  writeFileSync(out, data);
  console.error(t(format === 'csv' ? 'export.cliDoneCsv' : 'export.cliDone', { count: bundle.items.length, file: out }));
  return 0;
}
