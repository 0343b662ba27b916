import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle, buildItem } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { ValidationError } from '../../lib/errors.js';
import { readCatalogueFile, writeCatalogueFile } from './files.js';
import type { CatalogueBundle } from './model.js';

let t: Awaited<ReturnType<typeof testApp>>;
let bundle: CatalogueBundle;

beforeAll(async () => {
  t = await testApp();
  bundle = buildBundle(3);
  const refs = { department: bundle.departments[0]!.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug };
  // text that tests the notation: separators, line breaks and backslashes inside values
  bundle.items[0]!.materials = [
    { name: '申请表 | 含附件', form: '原件', medium: '纸质', copies: 2, source: '窗口领取\\网上下载', required: true, note: '第一行\n第二行', formSlug: bundle.forms[0]!.slug },
    { name: '身份证', form: '复印件', medium: '纸质或电子', copies: 0, source: '申请人自备', required: false },
  ];
  bundle.items[0]!.steps = [{ title: '申请', description: '提交', daysLimit: 0 }, { title: '审核', description: '审核通过后发证' }];
  bundle.items[0]!.limitNote = '不含公示时间';
  bundle.items[0]!.policies = [{ title: '某某办法', number: '示政发〔2025〕1号' }, { title: '无文号的政策' }];
  bundle.items.push(buildItem(refs, { parent: bundle.items[0]!.implCode, name: '子项' }));
  await t.services.catalog.importBundle(bundle);
});
afterAll(() => t.close());

const sorted = (b: CatalogueBundle) => ({ ...b, items: [...b.items].sort((x, y) => x.implCode.localeCompare(y.implCode)) });

describe('catalogue files', () => {
  for (const format of ['xlsx', 'json'] as const) {
    it(`${format}: export → read gives back the same catalogue`, async () => {
      const exported = await t.services.catalog.exportBundle();
      const file = await writeCatalogueFile(exported, format);
      const back = await readCatalogueFile(file, format);
      expect(back.problems).toEqual([]);
      expect(sorted(back.bundle)).toEqual(sorted(exported));
    });
  }

  it('csv: export → read gives back the same items', async () => {
    const exported = await t.services.catalog.exportBundle();
    const file = await writeCatalogueFile(exported, 'csv');
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf])); // BOM for spreadsheet programs
    const back = await readCatalogueFile(file, 'csv');
    expect(back.problems).toEqual([]);
    expect(back.bundle.items).toEqual(exported.items);
  });

  it('an edited CSV re-imported restores the catalogue (round trip through the database)', async () => {
    const before = await t.services.catalog.exportBundle();
    const csv = await writeCatalogueFile(before, 'csv');
    const edited = structuredClone(before);
    edited.items[1]!.summary = '临时修改';
    await t.services.catalog.importBundle({ ...edited, departments: [], halls: [], themes: [], specialGroups: [], forms: [] });
    const { bundle: fromCsv } = await readCatalogueFile(csv, 'csv');
    await t.services.catalog.importBundle(fromCsv);
    expect(sorted(await t.services.catalog.exportBundle())).toEqual(sorted(before));
  });

  it('an XLSX imported into an empty database gives the same catalogue', async () => {
    const exported = await t.services.catalog.exportBundle();
    const xlsx = await writeCatalogueFile(exported, 'xlsx');
    const other = await testApp();
    try {
      const { bundle: read } = await readCatalogueFile(xlsx, 'xlsx');
      await other.services.catalog.importBundle(read);
      expect(sorted(await other.services.catalog.exportBundle())).toEqual(sorted(exported));
    } finally {
      await other.close();
    }
  });

  it('reports broken cells row by row, in Chinese, and imports nothing', async () => {
    const exported = await t.services.catalog.exportBundle();
    const csv = (await writeCatalogueFile(exported, 'csv')).toString('utf8');
    const lines = csv.split('\r\n');
    // row 2: legal time limit not a number; row 3: unknown hall
    lines[1] = lines[1]!.replace(/,10,5,/, ',十天,5,');
    const brokenHall = exported.items[1]!.halls[0]!;
    lines[2] = lines[2]!.replace(`,${brokenHall},`, ',no-such-hall,');
    const { bundle: read, problems, origins } = await readCatalogueFile(Buffer.from(lines.join('\r\n')), 'csv');
    expect(problems).toContainEqual({ where: '事项 第 2 行', field: '/legalLimitDays', message: '应为整数' });
    const err = await t.services.catalog.importBundle(read, { origins }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const found = (err as ValidationError).problems;
    expect(found.some((p) => p.where.startsWith('事项 第 3 行') && p.message.includes('no-such-hall'))).toBe(true);
    expect(sorted(await t.services.catalog.exportBundle())).toEqual(sorted(exported));
  });

  it('names a file that is not what it claims to be', async () => {
    const junk = Buffer.from('MZ\x90\x00 this is not a spreadsheet');
    expect((await readCatalogueFile(junk, 'xlsx')).problems[0]?.message).toContain('无法读取 Excel 文件');
    expect((await readCatalogueFile(Buffer.from('{"items": 5}'), 'json')).problems[0]?.message).toBe('应为列表');
    expect((await readCatalogueFile(Buffer.from('{not json'), 'json')).problems[0]?.message).toContain('不是有效的 JSON');
    const noHeader = await readCatalogueFile(Buffer.from('a,b\n1,2\n'), 'csv');
    expect(noHeader.problems[0]?.message).toContain('缺少列');
  });
});
