/** `yimen import FILE` and `yimen export [--out FILE]`. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { localChangeBus } from '../lib/changes.js';
import { ValidationError } from '../lib/errors.js';
import { formatOf, readCatalogueFile, writeCatalogueFile } from '../modules/catalog/files.js';
import { createCatalogService } from '../modules/catalog/service.js';
import { progressBar } from './progress.js';

export async function importCommand(config: Config, database: Database, file: string): Promise<number> {
  const format = formatOf(file);
  if (!format) {
    console.error('导入失败：只支持 .csv、.xlsx 或 .json 文件');
    return 2;
  }
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    console.error(`导入失败：无法读取文件 ${file}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
    return 2;
  }
  const catalog = createCatalogService(database, localChangeBus(), config.timeZone);
  const { bundle, origins, problems } = await readCatalogueFile(data, format);
  const report = (list: { where: string; field: string; message: string }[]) => {
    console.error(`导入失败：发现 ${list.length} 处问题，未导入任何内容。`);
    for (const p of list.slice(0, 200)) console.error(`  ${p.where}  ${p.field}  ${p.message}`);
    if (list.length > 200) console.error(`  ……另有 ${list.length - 200} 处问题`);
  };
  if (problems.length) {
    report(problems);
    return 1;
  }
  const bar = progressBar('导入事项');
  try {
    const result = await catalog.importBundle(bundle, { onProgress: bar.update, origins });
    bar.done();
    if (!(await catalog.datasetKind())) await catalog.setDatasetKind('imported');
    console.log(
      `导入完成：部门 ${result.departments}，大厅 ${result.halls}，主题 ${result.themes}，特殊群体 ${result.specialGroups}，表格 ${result.forms}，事项 ${result.items}`,
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
    console.error('导出失败：文件名应以 .csv、.xlsx 或 .json 结尾');
    return 2;
  }
  const catalog = createCatalogService(database, localChangeBus(), config.timeZone);
  const bundle = await catalog.exportBundle();
  const data = await writeCatalogueFile(bundle, format);
  if (!out) {
    process.stdout.write(data);
    return 0;
  }
  writeFileSync(out, data);
  console.error(`已导出 ${bundle.items.length} 个事项到 ${out}${format === 'csv' ? '（CSV 只含事项表）' : ''}`);
  return 0;
}
