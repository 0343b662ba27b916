/** The demo's definitions checked against the demo catalogue's files, without a database (as `yimen validate` can). */
import { describe, expect, it } from 'vitest';
import { readBundleDir } from '../../catalog/index.js';
import type { RouteDefinition } from '../approval.js';
import { checkBundle } from '../automation/bundles.js';
import { automationOf } from '../automation/notation.js';
import { bundleCells, catalogFromBundle, readBundleCells, checkDemoDefinitions, readDemoDefinitions, validateDemoDefinitions } from './index.js';

const { bundle } = readBundleDir('data/demo');
const demo = readDemoDefinitions('data/demo');

describe('the demo definitions', () => {
  it('are all valid against the demo catalogue', async () => {
    expect(await validateDemoDefinitions('data/demo', bundle)).toEqual([]);
  });

  it('cover what the issue asks: 15 items in 8 departments, parallel stages, 秒批, 免证办, 免申即享, two bundles', () => {
    expect(demo.definitions.length).toBeGreaterThanOrEqual(15);
    const items = new Map(bundle.items.map((i) => [i.implCode, i]));
    const departments = new Set(demo.definitions.map((d) => items.get(d.item)?.department));
    expect(departments.size).toBeGreaterThanOrEqual(8);
    for (const d of demo.definitions) expect(items.get(d.item)?.handlingForms).toContain('网上办理');
    const routes = demo.definitions.map((d) => d.route as RouteDefinition);
    const parallel = (mode: 'all' | 'any') => routes.filter((r) => r.stages.some((s) => s.mode === mode && s.participants.length > 1)).length;
    expect(parallel('all')).toBeGreaterThanOrEqual(3);
    expect(parallel('any')).toBeGreaterThanOrEqual(3);
    const auto = demo.definitions.map((d) => automationOf(d.automation));
    expect(auto.filter((a) => a?.instant).length).toBeGreaterThanOrEqual(3);
    expect(auto.filter((a) => a?.exemptions).length).toBeGreaterThanOrEqual(3);
    expect(auto.filter((a) => a?.proactive).length).toBeGreaterThanOrEqual(3);
    expect(demo.bundles.map((b) => [b.slug, b.order])).toEqual([
      ['newborn', 'birthCert → hukou → insurance → card'],
      ['company-startup', 'register ‖ seal ‖ invoice ‖ social'],
    ]);
    for (const b of demo.bundles) expect(checkBundle(b)).toEqual([]);
    // every bundle part is an item with a demo definition
    const defined = new Set(demo.definitions.map((d) => d.item));
    for (const b of demo.bundles) for (const p of b.parts) expect(defined.has(p.item)).toBe(true);
  });

  it('are refused when the guide does not say 网上办理 or a part names a field its item lacks', async () => {
    const items = bundle.items.map((i) => (i.implCode === demo.definitions[0]?.item ? { ...i, handlingForms: ['窗口办理' as const] } : i));
    const problems = await checkDemoDefinitions({ catalog: catalogFromBundle({ ...bundle, items }) }, demo);
    expect(problems.map((p) => p.message)).toContain('事项“出生医学证明办理”的办事指南未写明可以网上办理，不能开通在线办理；请先在办事指南的“办理形式”中加入“网上办理”');
    // the newborn bundle's first part no longer has a published form
    expect(problems.some((p) => p.where.startsWith('bundles[0]') && p.message.includes('不存在或未开通在线办理'))).toBe(true);
  });

  it('read back from the back office’s cells exactly as they were', () => {
    for (const b of demo.bundles) expect(readBundleCells(bundleCells(b), {})).toEqual({ record: b, problems: [] });
  });
});
