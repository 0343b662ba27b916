/**
 * The tables' own guards, on the real database (PGlite, or PostgreSQL with DATABASE_URL): a
 * department decides a stage once per round, whatever races; numbers and idempotency keys are
 * unique. Rows are made here directly: the operations that make them come next.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlStateOf } from '../../lib/errors.js';
import { users } from '../../db/schema/accounts.js';
import { applicationNoSeq, applicationOpinions, applications } from '../../db/schema/applications.js';
import { departments, items } from '../../db/schema/catalog.js';
import { sql } from 'drizzle-orm';
import { testDatabase, type TestDb } from '../../../test/helpers.js';

let t: TestDb;
let applicationId: number;
let departmentId: number;
let userId: number;

beforeAll(async () => {
  t = await testDatabase();
  const { db } = t.database;
  const [dept] = await db
    .insert(departments)
    .values({
      slug: 'market',
      name: '示范市市场监督管理局',
      shortName: '市场监管局',
      kind: '政府工作部门',
      functions: [],
      units: [],
      leaders: [],
      address: '示范市东湖区测试路1号',
      postcode: '336000',
      officeHours: '周一至周五',
      phones: [],
      website: 'http://market.shifan.gov.cn',
      lat: 27.6,
      lng: 113.8,
      transit: '公交1路',
    })
    .returning();
  departmentId = dept!.id;
  const [item] = await db
    .insert(items)
    .values({
      code: '11360100MB0000000A',
      implCode: '11360100MB0000000A0001',
      name: '食品经营许可',
      type: '行政许可',
      departmentId,
      implementingBody: '示范市市场监督管理局',
      legalBasis: ['《中华人民共和国食品安全法》'],
      targets: ['enterprise'],
      summary: '从事食品经营活动应当依法取得食品经营许可。',
      conditions: ['有与经营的食品品种、数量相适应的经营场所'],
      materials: [],
      steps: [],
      legalLimitDays: 20,
      promisedLimitDays: 5,
      limitKind: '承诺件',
      fees: [],
      consultPhone: '0799-8200001',
      complaintPhone: '12345',
      handlingForms: ['网上办理'],
      visits: 0,
      onlineDepth: 4,
      appointment: false,
      results: { name: '食品经营许可证', kind: '证照', delivery: ['电子证照'] },
      faq: [],
      policies: [],
    })
    .returning();
  const [user] = await db.insert(users).values({ kind: 'staff', username: 'reviewer1', displayName: '审核员', role: 'reviewer', departmentId }).returning();
  userId = user!.id;
  const [app] = await db
    .insert(applications)
    .values({ itemId: item!.id, departmentId, applicantId: userId, status: 'reviewing', no: 'SQ-1', answers: { name: '张三' } })
    .returning();
  applicationId = app!.id;
});
afterAll(() => t?.drop());

describe('the applications tables', () => {
  it('keeps one decision per department, stage and round, however many approvers race', async () => {
    const { db } = t.database;
    const opinion = { applicationId, stage: 'joint', round: 0, departmentId, userId, kind: 'approve' as const, text: '同意' };
    const results = await Promise.allSettled([db.insert(applicationOpinions).values(opinion), db.insert(applicationOpinions).values({ ...opinion, kind: 'reject', text: '不同意' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = results.find((r) => r.status === 'rejected');
    expect(sqlStateOf((failed as PromiseRejectedResult).reason)).toBe('23505');
    // a send-back, a 加签 and the next round's decision are all kept
    await db.insert(applicationOpinions).values([
      { ...opinion, kind: 'sendBack', text: '退回重审', target: 'review' },
      { ...opinion, kind: 'addDepartment', text: '涉及消防', target: 'fire' },
      { ...opinion, round: 1 },
    ]);
    const rows = await db.select().from(applicationOpinions).where(sql`${applicationOpinions.applicationId} = ${applicationId}`);
    expect(rows).toHaveLength(4);
  });

  it('gives each 受理编号 once and draws running numbers from a sequence', async () => {
    const { db } = t.database;
    const [app] = await db.select().from(applications).where(sql`${applications.id} = ${applicationId}`);
    await expect(db.insert(applications).values({ ...app!, id: undefined, no: 'SQ-1' })).rejects.toSatisfy((e) => sqlStateOf(e) === '23505');
    const first = await db.execute<{ n: string }>(sql`select nextval(${sql.raw(`'${applicationNoSeq.seqName}'`)}) as n`);
    const second = await db.execute<{ n: string }>(sql`select nextval(${sql.raw(`'${applicationNoSeq.seqName}'`)}) as n`);
    const value = (r: unknown) => Number((Array.isArray(r) ? r : (r as { rows: { n: string }[] }).rows)[0]!.n);
    expect(value(second)).toBe(value(first) + 1);
    expect(app!.version).toBe(1);
  });
});
