/**
 * A portal with one item online for the applications pages' tests (page tests with app.inject and
 * the browser spec): 食品经营许可 of department A, its published form (the factory's: every field
 * type) and a route of one parallel stage (会签 of departments B and C); the applications context
 * with an in-memory DefinitionSource; a 综合窗口 clerk, a reviewer of A (who concludes), of B, of C
 * and of D (a department with no part in the case); a citizen.
 */
import { sql } from 'drizzle-orm';
import { createApp, createServices } from '../src/app.js';
import type { Config } from '../src/config.js';
import { createApplications, type DefinitionSource, type ItemDefinition, type RouteDefinition } from '../src/modules/applications/index.js';
import { buildCitizen, buildStaff } from './factories/accounts.js';
import { buildFormDefinition } from './factories/applications.js';
import { buildBundle, buildDepartment, buildItem } from './factories/catalog.js';
import { testConfig, testDatabase } from './helpers.js';

/** the smallest valid PDF and PNG the content check recognises */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

export async function applicationsWorld(overrides: Partial<Config> = {}) {
  const db = await testDatabase();
  const config = testConfig({ loginRateLimit: 0, letterRateLimit: 0, ...overrides }, db.databaseUrl);
  const services = await createServices(config, db.database);

  const bundle = buildBundle(0);
  const a = bundle.departments[0]!;
  a.name = '示范市市场监督管理局';
  const b = buildDepartment({ name: '示范市卫生健康委员会', shortName: '市卫健委' });
  const c = buildDepartment({ name: '示范市消防救援支队', shortName: '市消防支队' });
  const d = buildDepartment({ name: '示范市教育局', shortName: '市教育局' });
  bundle.departments.push(b, c, d);
  const item = buildItem(
    { department: a.slug, hall: bundle.halls[0]!.slug, theme: bundle.themes[0]!.slug },
    {
      name: '食品经营许可证核发',
      handlingForms: ['窗口办理', '网上办理'],
      promisedLimitDays: 10,
      materials: [
        { name: '营业执照副本', form: '复印件', medium: '电子', copies: 1, source: '申请人自备', required: true },
        { name: '居民身份证', form: '原件', medium: '电子', copies: 1, source: '部门间共享获取', note: '免提交', required: true },
      ],
    },
  );
  bundle.items.push(item);
  await services.catalog.importBundle(bundle);
  const found = (await db.database.db.execute(sql`select id from items where impl_code = ${item.implCode}`)) as unknown as { rows: { id: number }[] };
  const itemId = Number(found.rows[0]!.id);

  const route: RouteDefinition = {
    stages: [{ key: 'joint', name: '联合审查', mode: 'all', participants: [{ department: b.slug }, { department: c.slug }] }],
  };
  const published: ItemDefinition = { itemId, version: 1, form: buildFormDefinition(), route, automation: null };
  const definitions: DefinitionSource = { definitionOf: async (id) => (id === itemId ? published : null) };
  services.applications = createApplications(db.database, {
    catalog: services.catalog,
    accounts: services.accounts,
    notify: services.notify,
    changes: services.changes,
    calendar: services.letters.calendar,
    files: services.files,
    definitions,
    publicUrl: config.publicUrl,
    // 准予 issues the certificate (its QR page verifies); a conclusion opens 好差评
    certificates: services.certificates,
    ratings: services.ratings,
  });
  const app = await createApp(services);
  await app.ready();

  // accounts in parallel: their password hashes are most of the setup's time
  const [clerk, reviewerA, reviewerB, reviewerC, reviewerD, citizen] = await Promise.all([
    buildStaff(services, { role: 'window_clerk', department: a.slug, displayName: '窗口刘敏' }),
    buildStaff(services, { role: 'handler', department: a.slug, displayName: '审批科陈立' }),
    buildStaff(services, { role: 'handler', department: b.slug, displayName: '卫健委张华' }),
    buildStaff(services, { role: 'handler', department: c.slug, displayName: '消防支队李强' }),
    buildStaff(services, { role: 'handler', department: d.slug, displayName: '教育局王芳' }),
    buildCitizen(services, { displayName: '周文博' }),
  ]);
  const staff = { clerk, a: reviewerA, b: reviewerB, c: reviewerC, d: reviewerD };
  return {
    app,
    services,
    db,
    itemId,
    published,
    staff,
    citizen,
    close: async () => {
      await app.close();
      await services.close();
      await db.drop();
    },
  };
}
