import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../../test/helpers.js';
import { staffWeb } from '../../../../test/web.js';
import type { Principal } from '../../../lib/principal.js';
import { SYSTEM } from '../../audit/index.js';
import { readBundleDir } from '../../catalog/index.js';
import {
  BUNDLE_SECTION,
  SECTION,
  checkDemoDefinitions,
  createDefinitionSource,
  loadDemoDefinitions,
  publishRecord,
  readDemoDefinitions,
  recordCells,
  type DefinitionRecord,
  type Definitions,
} from './index.js';

let t: Awaited<ReturnType<typeof testApp>>;
let source: Definitions;
const PASSWORD = 'backoffice2026';
/** 居住证签注: online, no demo definition */
const RESIDENCE = '11360108MB000808007000';
/** 居民身份证办理: window only */
const ID_CARD = '11360108MB000808001000';
const HIGH_AGE = '11360109MB000409008000';

const signIn = (u: string) => t.services.accounts.signInStaff(u, PASSWORD) as Promise<Principal>;
const idOf = async (code: string) => ((await t.services.catalog.itemRefs({ codes: [code] }))[0] as { id: number }).id;

const record = (o: Partial<DefinitionRecord> = {}): DefinitionRecord => ({
  slug: RESIDENCE,
  form: {
    intro: '居住证每年签注一次，网上签注无需到窗口。',
    fields: [
      { key: 'name', type: 'text', label: '持证人姓名', required: true, prefill: 'name' },
      { key: 'idNumber', type: 'idNumber', label: '公民身份号码', required: true, prefill: 'idNumber' },
      { key: 'card', type: 'file', label: '居住证', accept: ['image'], material: '居住证', required: true },
    ],
  },
  route: { stages: [{ key: 'review', name: '签注审核', mode: 'all', participants: [{ department: 'gaj' }] }] },
  automation: null,
  ...o,
});

beforeAll(async () => {
  t = await testApp();
  // the demo's departments and the items the tests and demo definitions use (the whole catalogue is slow to import)
  const { bundle } = readBundleDir('data/demo');
  const used = new Set([...readDemoDefinitions('data/demo').definitions.map((d) => d.item), RESIDENCE, ID_CARD, '11360108MB000808006000', '11360108MB000808016000']);
  for (const i of bundle.items) if (used.has(i.implCode) && i.parent) used.add(i.parent);
  await t.services.catalog.importBundle({ ...bundle, items: bundle.items.filter((i) => used.has(i.implCode)) });
  for (const username of ['editor-a', 'reviewer-b']) await t.services.accounts.staff.createStaff({ username, displayName: username, role: 'admin', password: PASSWORD });
  // the app registers both sections and the 在线办理 aside itself (app.ts createServices)
  source = createDefinitionSource(t.db.database.db, t.services.catalog);
}, 180_000);
afterAll(() => t.close());

/** Draft → review → publish, by two people. */
async function publish(cells: Record<string, string>, key?: string, section = SECTION) {
  const author = await signIn('editor-a');
  const draft = await t.services.drafts.save(author, { section, key, cells });
  await t.services.drafts.submit(author, draft.id, draft.version);
  const reviewer = await signIn('reviewer-b');
  const seen = await t.services.drafts.get(reviewer, draft.id);
  return t.services.drafts.approve(reviewer, draft.id, seen.draft.version, '同意发布');
}

describe('the demo definitions', () => {
  it('are all valid against the catalogue in the database', async () => {
    expect([...(await checkDemoDefinitions({ catalog: t.services.catalog }, readDemoDefinitions('data/demo')))]).toEqual([]);
  });

  it('load once, and again without new versions', async () => {
    const deps = { db: t.db.database.db, catalog: t.services.catalog };
    const first = await loadDemoDefinitions(deps, 'data/demo');
    expect(first.published).toBeGreaterThanOrEqual(15);
    expect(await loadDemoDefinitions(deps, 'data/demo')).toMatchObject({ published: 0, unchanged: first.published, bundles: 2 });
    const def = await source.definitionOf(await idOf(HIGH_AGE));
    expect(def).toMatchObject({ version: 1, automation: { proactive: { trigger: { kind: 'age', years: 80 } } } });
    const automated = await source.automated();
    expect(automated.filter((d) => d.automation.proactive).length).toBeGreaterThanOrEqual(3);
    expect((await source.bundleOf('newborn'))?.parts.map((p) => p.key)).toEqual(['birthCert', 'hukou', 'insurance', 'card']);
    expect(await source.bundleOf('../etc')).toBeNull();
  });

  it('edits a bundle through the same workflow, checked against the linked items’ published forms', async () => {
    const author = await signIn('editor-a');
    const { cells } = await t.services.drafts.editForm(author, BUNDLE_SECTION, 'newborn');
    expect(cells.order).toBe('birthCert → hukou → insurance → card');
    expect(cells.audience).toBe('个人');
    const save = (c: Record<string, string>) => t.services.drafts.save(author, { section: BUNDLE_SECTION, key: 'newborn', cells: c }).then(() => [], (e: { problems?: { message: string }[] }) => (e.problems ?? []).map((p) => p.message));
    expect(await save({ ...cells, order: 'birthCert → hukou → insurance' })).toContain('办理顺序“birthCert → hukou → insurance”有误：事项“card”未写入办理顺序');
    const parts = JSON.parse(cells.parts as string);
    parts[0].answers.noSuchField = 'childName';
    expect(await save({ ...cells, parts: JSON.stringify(parts) })).toContain('事项“出生医学证明”的申请表中没有字段“noSuchField”');
    await publish({ ...cells, order: 'birthCert → (hukou ‖ insurance) → card' }, 'newborn', BUNDLE_SECTION);
    expect(await source.bundleOf('newborn')).toMatchObject({ version: 2, order: 'birthCert → (hukou ‖ insurance) → card' });
  });
});

describe('the draft → review → publish workflow', () => {
  it('publishes a definition as version 1; a later draft changes nothing until published, then makes version 2', async () => {
    const id = await idOf(RESIDENCE);
    expect(await source.definitionOf(id)).toBeNull();
    expect((await t.app.inject(`/items/${id}`)).body).not.toContain(`/items/${id}/apply`);
    await publish(recordCells(record()));
    const v1 = await source.definitionOf(id);
    expect(v1).toMatchObject({ itemId: id, version: 1, route: { stages: [{ key: 'review' }] }, automation: null });
    const page = await t.app.inject(`/items/${id}`);
    expect(page.body).toContain(`href="/items/${id}/apply"`);
    expect(page.body).toContain('在线办理');

    // a second draft, saved and sent for review, is not live
    const author = await signIn('editor-a');
    const { cells } = await t.services.drafts.editForm(author, SECTION, RESIDENCE);
    expect(cells.route).toBe('review | 签注审核 | 会签 | gaj');
    const changed = { ...cells, route: 'review | 签注审核 | 会签 | gaj\ndecide | 签注决定 | 或签 | gaj, zwfw' };
    const draft = await t.services.drafts.save(author, { section: SECTION, key: RESIDENCE, cells: changed });
    await t.services.drafts.submit(author, draft.id, draft.version);
    expect((await source.definitionOf(id))?.version).toBe(1);

    const reviewer = await signIn('reviewer-b');
    const seen = await t.services.drafts.get(reviewer, draft.id);
    await t.services.drafts.approve(reviewer, draft.id, seen.draft.version, '同意');
    const v2 = await source.definitionOf(id);
    expect(v2?.version).toBe(2);
    expect(v2?.route.stages.map((s) => [s.key, s.mode, s.participants.map((p) => p.department)])).toEqual([
      ['review', 'all', ['gaj']],
      ['decide', 'any', ['gaj', 'zwfw']],
    ]);
    // the case submitted under version 1 still reads version 1
    expect((await source.definitionVersion(id, 1))?.route.stages).toHaveLength(1);
    expect(await source.definitionVersion(id, 3)).toBeNull();
    expect(await source.definitionVersion(id, 1e20)).toBeNull();
    const audit = await t.services.audit.search({ action: 'catalog.publish', entityId: RESIDENCE, limit: 5, offset: 0 });
    expect(audit.entries[0]).toMatchObject({ actorName: 'reviewer-b', entity: SECTION });
  });

  it('checks a draft on saving exactly as on publishing, in Chinese, and saves nothing that is wrong', async () => {
    const author = await signIn('editor-a');
    const attempt = async (r: Partial<DefinitionRecord>, raw: Record<string, string> = {}) => {
      try {
        await t.services.drafts.save(author, { section: SECTION, cells: { ...recordCells(record(r)), ...raw } });
        return [];
      } catch (e) {
        return ((e as { problems?: { field: string; message: string }[] }).problems ?? [{ field: '', message: (e as Error).message }]).map((p) => `${p.field}: ${p.message}`);
      }
    };
    const notOnline = await attempt({ slug: ID_CARD });
    expect(notOnline.join('\n')).toContain('事项“居民身份证办理”的办事指南未写明可以网上办理，不能开通在线办理');
    expect((await attempt({ slug: 'NOSUCHCODE0000' })).join('\n')).toContain('事项编码“NOSUCHCODE0000”不存在');
    const wrongMaterial = await attempt({
      slug: '11360108MB000808006000',
      form: { fields: [{ key: 'proof', type: 'file', label: '证明', accept: ['pdf'], material: '不存在的证明' }] },
    });
    expect(wrongMaterial.join('\n')).toContain('申请材料');
    expect((await attempt({ slug: '11360108MB000808006000', route: { stages: [{ key: 'a', name: '审核', mode: 'all', participants: [{ department: 'nosuch' }] }] } })).join('\n')).toContain(
      '部门“nosuch”不存在',
    );
    expect((await attempt({}, { slug: '11360108MB000808006000', route: 'review | 审核 | 全部 | gaj' })).join('\n')).toContain('第 1 行的审批方式“全部”应为“会签”或“或签”');
    expect((await attempt({}, { slug: '11360108MB000808006000', route: 'review | 审核 | 会签' })).join('\n')).toContain('第 1 行应写作');
    expect((await attempt({}, { slug: '11360108MB000808006000', route: 'review | 审核 | 会签 | gaj:chief' })).join('\n')).toContain('岗位“chief”不存在');
    expect((await attempt({}, { slug: '11360108MB000808006000', form: '{"fields": [' })).join('\n')).toContain('不是有效的 JSON');
    const dup = await attempt({
      slug: '11360108MB000808006000',
      form: { fields: [{ key: 'a', type: 'text', label: '甲' }, { key: 'a', type: 'text', label: '乙' }] },
    });
    expect(dup.join('\n')).toContain('字段标识“a”重复');
    const autoWrong = await attempt({
      slug: '11360108MB000808006000',
      form: { fields: [{ key: 'a', type: 'text', label: '甲' }] },
      automation: { instant: { basis: '某办法', sample: { oneIn: 3 }, conditions: [{ label: '选项', fact: 'answer', field: 'zzz', op: 'eq', value: '1' }] } },
    });
    expect(autoWrong.join('\n')).toContain('条件“选项”引用的申请表字段“zzz”不存在');
    const drafts = await t.services.drafts.list(author, { limit: 100, offset: 0 });
    expect(drafts.drafts.filter((d) => d.section === SECTION && d.key !== RESIDENCE)).toEqual([]);
  });

  it('shows no 在线办理 for an item whose guide no longer says 网上办理, and gives it no definition', async () => {
    const code = '11360108MB000808006000';
    await publish(recordCells(record({ slug: code, form: { fields: [{ key: 'name', type: 'text', label: '姓名', required: true }] } })));
    const id = await idOf(code);
    expect(await source.definitionOf(id)).not.toBeNull();
    const item = readBundleDir('data/demo').bundle.items.find((i) => i.implCode === code);
    await t.services.catalog.importBundle({ departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [{ ...item!, handlingForms: ['窗口办理'] }] });
    expect(await source.definitionOf(id)).toBeNull();
    expect((await t.app.inject(`/items/${id}`)).body).not.toContain(`/items/${id}/apply`);
    expect(await source.definitionOf(-1)).toBeNull();
    expect(await source.definitionOf(Number.NaN)).toBeNull();
  });

  it('is edited in the back office without JavaScript: the form, errors shown again with 400, a saved draft', async () => {
    const web = await staffWeb(t.app, 'editor-a', PASSWORD);
    const form = await web.get(`/admin/catalog/${SECTION}/new`);
    expect(form.status).toBe(200);
    expect(form.body).toContain('事项编码');
    expect(form.body).toContain('审批流程');
    const code = '11360108MB000808016000';
    const bad = await web.post(`/admin/catalog/${SECTION}/drafts`, {
      slug: code,
      form: '{"fields": [{"key": "a", "type": "text", "label": "甲"}]}',
      route: 'review | 审核 | 会签 | nosuch',
      automation: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('部门“nosuch”不存在');
    const good = await web.post(`/admin/catalog/${SECTION}/drafts`, {
      slug: code,
      form: '{"fields": [{"key": "a", "type": "text", "label": "甲"}]}',
      route: 'review | 审核 | 会签 | gaj',
      automation: '',
    });
    expect(good.status, good.body.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]).toBe(303);
    const draft = await web.get(good.location);
    expect(draft.body).toContain('出入境记录查询');
  });

  it('never gives two publications racing on one item the same version', async () => {
    const code = '11360108MB000808006000';
    const deps = { db: t.db.database.db, catalog: t.services.catalog };
    const before = (await source.definitionVersion(await idOf(code), 1)) ? ((await source.published()).find((p) => p.itemCode === code)?.version ?? 0) : 0;
    const r = record({ slug: code, form: { fields: [{ key: 'name', type: 'text', label: '姓名', required: true }] } });
    // the guide of this item was set to window-only above: put 网上办理 back
    const item = readBundleDir('data/demo').bundle.items.find((i) => i.implCode === code);
    await t.services.catalog.importBundle({ departments: [], halls: [], themes: [], specialGroups: [], forms: [], items: [item!] });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => publishRecord(deps, r, { actor: SYSTEM, audit: [] })));
    const versions = results.flatMap((x) => (x.status === 'fulfilled' ? [x.value.version] : []));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.length, String(results.find((x) => x.status === 'rejected') && (results.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason)).toBeGreaterThan(0);
    for (const x of results) if (x.status === 'rejected') expect((x.reason as Error).message).toBe('该事项的在线办理定义刚刚已由他人发布，请刷新后查看最新版本再操作');
    expect((await source.published()).find((p) => p.itemCode === code)?.version).toBe(before + versions.length);
  });
});
