/**
 * `yimen seed --scale-articles N`: N synthetic published articles (synthetic.ts) for benchmarks,
 * written in batches. Each batch is one transaction of two statements — the articles as arrays
 * (`unnest`, ids taken from the sequence beforehand so 解读 can name their policy) and their search
 * documents through search's bulk path, made by `articleDoc` exactly as a published article's are —
 * so the catalogue and the search hold the same things. No version rows: a published article
 * reads its live content; its history starts at the next edit.
 */
import { sql } from 'drizzle-orm';
import { ValidationError } from '../../../lib/errors.js';
import type { SearchDocInput } from '../../search/index.js';
import type { DisclosureContext } from '../context.js';
import * as repo from '../repo.js';
import { articleDoc } from '../search-docs.js';
import { type PolicyRef, SCALE_AUTHOR, type ScaleArticle, cycleOf, scaleArticle, scaleOrgs } from '../synthetic.js';
const rowsOf = <T>(r: unknown): T[] => (r as { rows?: T[] }).rows ?? (r as T[]);

/**
 * Add `n` synthetic published articles (after those a previous seed made), `batch` per
 * transaction, each batch with its search documents. Refused on a database holding the demo's
 * government information.
 */
export async function seedScale(ctx: DisclosureContext, n: number, onProgress?: (done: number) => void, batch = 5000) {
  const demo = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from disclosure_articles where author_name <> ${SCALE_AUTHOR}`));
  if ((demo[0]?.n ?? 0) > 0) throw new ValidationError('synthetic articles go into a database of their own: this one holds other government information', []);
  // the organisation tree, made once
  const tree = scaleOrgs();
  let rows = await repo.allOrgs(ctx.db);
  if (!rows.some((o) => o.slug === 'szf')) {
    const ids = new Map<string, number>();
    for (const [sort, o] of tree.entries()) {
      const [row] = await repo.upsertOrgs(ctx.db, [{ slug: o.slug, name: o.name, level: o.level, parentId: o.parent ? (ids.get(o.parent) ?? null) : null, guide: `${o.name}主动公开的政府信息在本栏目发布（合成数据，仅用于性能测试）。`, sort }]);
      if (row) ids.set(row.slug, row.id);
    }
    ctx.forget();
    rows = await repo.allOrgs(ctx.db);
  }
  const bySlug = new Map(rows.map((o) => [o.slug, o]));
  const orgs = tree.filter((o) => bySlug.has(o.slug));
  const orgRows = orgs.map((o) => bySlug.get(o.slug) as repo.OrgRow);
  const cycle = cycleOf(orgs);
  const l = await ctx.lookups();
  const made = rowsOf<{ n: number }>(await ctx.db.execute(sql`select count(*)::int as n from disclosure_articles where author_name = ${SCALE_AUTHOR}`));
  const first = made[0]?.n ?? 0;
  // the 索引号 of an article: its organisation's code, its year and its number in that organisation
  const perOrg = new Map<number, number>();
  for (const o of cycle) perOrg.set(o, (perOrg.get(o) ?? 0) + 1);
  const slotInOrg = cycle.map((o, j) => cycle.slice(0, j).filter((x) => x === o).length);
  // each organisation's latest policy, which its next 解读 explains (read back when resuming)
  const policies = new Map<number, PolicyRef>();
  if (first > 0) {
    const latest = rowsOf<{ id: number; title: string; written_on: string; org_id: number }>(
      await ctx.db.execute(
        sql`select distinct on (org_id) id, title, content->>'writtenOn' as written_on, org_id from disclosure_articles where author_name = ${SCALE_AUTHOR} and kind in ('policy', 'normative') order by org_id, id desc`,
      ),
    );
    for (const p of latest) {
      const at = orgRows.findIndex((o) => o.id === p.org_id);
      if (at >= 0) policies.set(at, { id: p.id, title: p.title, writtenOn: p.written_on });
    }
  }
  const policyOf = (org: number) => policies.get(org);
  // four runs through the years whatever the size (a resumed seed of the same size makes the same articles)
  const pass = Math.max(1, Math.ceil((first + n) / 4));
  const seq = rowsOf<{ s: string }>(await ctx.db.execute(sql`select pg_get_serial_sequence('disclosure_articles', 'id') as s`))[0]?.s as string;
  // two batches are written at once (on PostgreSQL on two connections; PGlite takes them in
  // turn); each commits only after the one before it, so a seed stopped midway leaves no gap
  const inFlight = 2;
  const writing: Promise<void>[] = [];
  let committed: Promise<void> = Promise.resolve();
  for (let done = 0; done < n; ) {
    const size = Math.min(batch, n - done);
    const ids = rowsOf<{ id: number }>(await ctx.db.execute(sql`select nextval(${seq}::regclass)::int as id from generate_series(1, ${size})`)).map((x) => x.id);
    const articles: { id: number; a: ScaleArticle; indexNo: string }[] = [];
    const docs: SearchDocInput[] = [];
    for (let i = 0; i < size; i++) {
      const k = first + done + i;
      const a = scaleArticle(k, orgs, cycle, policyOf, pass);
      const id = ids[i] as number;
      const row = orgRows[a.org] as repo.OrgRow;
      const slot = k % cycle.length;
      const ordinal = Math.floor(k / cycle.length) * (perOrg.get(a.org) ?? 1) + (slotInOrg[slot] ?? 0) + 1;
      const code = `SF-${row.slug.toUpperCase()}${ordinal > 99_999 ? `-${Math.floor(ordinal / 100_000)}` : ''}`.slice(0, 24);
      a.content.orgId = row.id;
      a.content.indexNo = `${code}/${a.content.writtenOn.slice(0, 4)}-${String(ordinal % 100_000).padStart(5, '0')}`;
      a.content.stage = l.categories.get(a.content.category)?.stage ?? 'result';
      if (a.content.kind === 'policy' || a.content.kind === 'normative') policies.set(a.org, { id, title: a.content.title, writtenOn: a.content.writtenOn });
      articles.push({ id, a, indexNo: a.content.indexNo });
      docs.push(articleDoc({ id, orgId: row.id, content: a.content, year: a.year, validity: a.content.validity }, row.name, l.kinds.get(a.content.kind)?.name ?? ''));
    }
    // the next batch is made while this one is written
    if (writing.length >= inFlight) await writing.shift();
    done += size;
    const reached = done;
    committed = writeBatch(ctx, articles, orgRows, docs, committed).then(() => onProgress?.(reached));
    // a failed batch is reported at the next await, not as an unhandled rejection meanwhile
    committed.catch(() => {});
    writing.push(committed);
  }
  await Promise.all(writing);
  // fresh statistics for the planner: the catalogue's pages are queried right after a seed
  await ctx.db.execute(sql`analyze disclosure_articles`);
  ctx.forget();
  await ctx.changes.publish('disclosure');
  await ctx.changes.publish('search');
  return n;
}

async function writeBatch(ctx: DisclosureContext, articles: { id: number; a: ScaleArticle; indexNo: string }[], orgRows: repo.OrgRow[], docs: SearchDocInput[], before: Promise<void>) {
  const col = <T>(f: (x: { id: number; a: ScaleArticle; indexNo: string }) => T) => sql.param(articles.map(f));
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      insert into disclosure_articles (id, org_id, department_id, kind, title, index_no, doc_no, stage, category, validity, policy_id,
        status, published_at, year, content, draft_status, author_id, author_name, live_version)
      select id, org_id, department_id, kind, title, index_no, doc_no, stage, category, validity, policy_id,
        'published', published_at::timestamptz, year, content::jsonb, 'none', 0, ${SCALE_AUTHOR}, 1
      from unnest(${col((x) => x.id)}::int[], ${col((x) => x.a.content.orgId)}::int[], ${col((x) => orgRows[x.a.org]?.departmentId ?? null)}::int[],
        ${col((x) => x.a.content.kind)}::text[], ${col((x) => x.a.content.title)}::text[], ${col((x) => x.indexNo)}::text[],
        ${col((x) => x.a.content.docNo)}::text[], ${col((x) => x.a.content.stage)}::text[], ${col((x) => x.a.content.category)}::text[],
        ${col((x) => x.a.content.validity)}::text[], ${col((x) => x.a.content.policyId)}::int[], ${col((x) => x.a.publishedAt)}::text[],
        ${col((x) => x.a.year)}::int[], ${col((x) => JSON.stringify(x.a.content))}::text[])
        as t(id, org_id, department_id, kind, title, index_no, doc_no, stage, category, validity, policy_id, published_at, year, content)`);
    if (ctx.indexer?.bulkUpsert) await ctx.indexer.bulkUpsert(tx, docs);
    await before;
  });
}
