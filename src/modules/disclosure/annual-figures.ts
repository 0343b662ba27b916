/**
 * The figures of table 二 of the annual report (主动公开政府信息情况) that the catalogue holds: for
 * one organisation and year, the 规范性文件 and 政策文件 made (成文日期 in the year), repealed or
 * expired (their validity date in the year) and in force at the year's end. Published and
 * withdrawn-for-a-reason articles are counted from their live content; drafts never.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { disclosureArticles } from '../../db/schema/disclosure.js';
import type { DisclosureContext } from './context.js';

export interface DocumentFigures {
  made: number;
  repealed: number;
  inForce: number;
}

export interface ActiveDisclosureFigures {
  orgId: number;
  year: number;
  normative: DocumentFigures;
  policy: DocumentFigures;
  /** every piece of information published in the year (主动公开 total) */
  published: number;
}

export async function annualFigures(ctx: DisclosureContext, orgId: number, year: number): Promise<ActiveDisclosureFigures> {
  const from = `${year}-01-01`;
  const end = `${year}-12-31`;
  const a = disclosureArticles;
  const written = sql<string>`(${a.content}->>'writtenOn')`;
  const validity = sql<string>`(${a.content}->>'validity')`;
  const validityDate = sql<string>`coalesce(${a.content}->>'validityDate', '')`;
  const rows = await ctx.db
    .select({
      kind: a.kind,
      made: sql<number>`count(*) filter (where ${written} between ${from} and ${end})::int`,
      repealed: sql<number>`count(*) filter (where ${validity} <> 'valid' and ${validityDate} between ${from} and ${end})::int`,
      inForce: sql<number>`count(*) filter (where ${written} <= ${end} and (${validity} = 'valid' or ${validityDate} > ${end}))::int`,
    })
    .from(a)
    .where(and(eq(a.orgId, orgId), inArray(a.status, ['published', 'withdrawn']), inArray(a.kind, ['normative', 'policy'])))
    .groupBy(a.kind);
  const [total] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(a)
    .where(and(eq(a.orgId, orgId), inArray(a.status, ['published', 'withdrawn']), sql`${a.publishedAt} >= ${`${from}T00:00:00+08:00`}::timestamptz and ${a.publishedAt} < ${`${year + 1}-01-01T00:00:00+08:00`}::timestamptz`));
  const of = (kind: string): DocumentFigures => {
    const r = rows.find((x) => x.kind === kind);
    return { made: r?.made ?? 0, repealed: r?.repealed ?? 0, inForce: r?.inForce ?? 0 };
  };
  return { orgId, year, normative: of('normative'), policy: of('policy'), published: total?.n ?? 0 };
}
