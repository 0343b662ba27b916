/**
 * Content brought in whole: the demo of 示范市 (data/demo/disclosure: organisations, articles
 * with their 解读 and item links, gazette issues, topics), checked by the same rules as an
 * editor's draft and published in one transaction. Synthetic bulk for benchmarks
 * (`yimen seed --scale-articles N`) is in scale.ts, never mixed into the demo.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { ValidationError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { type Actor, SYSTEM, recordAudit } from '../../audit/index.js';
import type { DisclosureContext } from '../context.js';
import { type ArticleContent, checkContent, contentFrom } from '../model.js';
import * as repo from '../repo.js';
import { articleDoc, issueDoc } from '../search-docs.js';
import { issueTitle } from './gazette.js';

export interface DemoOrg {
  slug: string;
  name: string;
  level: string;
  parent?: string;
  /** the catalogue department (slug) whose staff publish for it */
  department?: string;
  guide: string[];
}
export interface DemoArticle {
  ref: string;
  org: string;
  kind: string;
  title: string;
  docNo?: string;
  writtenOn: string;
  publishedAt: string;
  category: string;
  topic: string;
  issuer?: string;
  keywords?: string[];
  summary?: string;
  body: string;
  validity?: 'valid' | 'expired' | 'repealed';
  validityDate?: string;
  policy?: string;
  form?: 'text' | 'graphic' | 'video';
  videoUrl?: string;
  items?: string[];
}
export interface DemoContent {
  orgs: DemoOrg[];
  articles: DemoArticle[];
  gazette: { year: number; number: number; publishedOn: string; articles: string[] }[];
  topics: { slug: string; title: string; summary: string; opensOn: string; closesOn?: string; sections: { title: string; entries: { kind: 'article' | 'item' | 'journey' | 'link'; ref: string; title?: string }[] }[] }[];
}

export const hasDisclosureContent = (dir: string) => existsSync(join(dir, 'disclosure', 'orgs.json'));

export function readDisclosureDir(dir: string): DemoContent {
  const base = join(dir, 'disclosure');
  const read = <T>(name: string, fallback: T): T => (existsSync(join(base, name)) ? (JSON.parse(readFileSync(join(base, name), 'utf8')) as T) : fallback);
  const articleDir = join(base, 'articles');
  const articles = existsSync(articleDir)
    ? readdirSync(articleDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .flatMap((f) => JSON.parse(readFileSync(join(articleDir, f), 'utf8')) as DemoArticle[])
    : [];
  return { orgs: read('orgs.json', []), articles, gazette: read('gazette.json', []), topics: read('topics.json', []) };
}

/** Load (or reload) the demo: every record checked first; nothing written when one is wrong. */
export async function importDemo(ctx: DisclosureContext, demo: DemoContent, actor: Actor = SYSTEM) {
  const depts = await ctx.catalog.departmentNames();
  const deptBySlug = new Map([...depts.values()].map((d) => [d.slug, d.id]));
  // every item an article names must be in the catalogue (read before the transaction)
  const named = [...new Set(demo.articles.flatMap((a) => a.items ?? []))];
  const known = new Set((named.length ? await ctx.catalog.itemRefs({ codes: named }) : []).map((i) => i.implCode));
  const unknownItems = named.filter((c) => !known.has(c));
  const result = await ctx.db.transaction(async (tx) => {
    // organisations: parents first (the file lists them in order)
    const ids = new Map((await repo.allOrgs(tx)).map((o) => [o.slug, o.id]));
    let sort = 0;
    for (const o of demo.orgs) {
      const [row] = await repo.upsertOrgs(tx, [
        { slug: o.slug, name: o.name, level: o.level, parentId: o.parent ? (ids.get(o.parent) ?? null) : null, departmentId: o.department ? (deptBySlug.get(o.department) ?? null) : null, guide: o.guide.join('\n'), sort: sort++ },
      ]);
      if (row) ids.set(row.slug, row.id);
    }
    ctx.forget();
    const l = await (async () => {
      const [kinds, cats, orgs] = await Promise.all([repo.allKinds(tx), repo.allCategories(tx), repo.allOrgs(tx)]);
      return {
        kinds: new Map(kinds.map((k) => [k.slug, { slug: k.slug, name: k.name, isPolicy: k.isPolicy === 1 }])),
        categories: new Map(cats.map((c) => [c.slug, c])),
        orgs: new Map(orgs.map((o) => [o.id, o])),
      };
    })();
    // articles: checked all first; then written in a few statements (policies before their 解读,
    // which name their policy by ref and need its id)
    const problems = [];
    const byRef = new Map<string, number>();
    const existing = await tx.execute(sql`select id, index_no from disclosure_articles where index_no like 'SF-DEMO/%'`);
    const existingIds = new Map(((existing as unknown as { rows: { id: number; index_no: string }[] }).rows ?? []).map((r) => [r.index_no, r.id]));
    const seen = new Set<string>();
    const rows: { a: DemoArticle; content: ArticleContent; values: repo.ArticleInsert }[] = [];
    let n = 0;
    for (const a of demo.articles) {
      n++;
      const orgId = ids.get(a.org) ?? 0;
      const indexNo = `SF-DEMO/${a.writtenOn.slice(0, 4)}-${String(n).padStart(5, '0')}`;
      const content: ArticleContent = {
        // a 解读's policy id is known once the policy is written: checked here by its ref
        ...contentFrom({ ...a, orgId, indexNo, issuer: a.issuer ?? demo.orgs.find((o) => o.slug === a.org)?.name ?? '', keywords: a.keywords ?? [], summary: a.summary ?? '', interpretForm: a.form ?? '', policyId: a.policy && seen.has(a.policy) ? 1 : 0 }),
        publishAt: '',
      };
      content.stage = l.categories.get(content.category)?.stage ?? '';
      const found = checkContent(content, l, '2100-01-01').map((p) => ({ ...p, where: `${a.ref} ${a.title.slice(0, 20)}` }));
      for (const code of a.items ?? []) if (unknownItems.includes(code)) found.push({ where: a.ref, field: t('disclosure.admin.item'), message: t('disclosure.error.itemUnknown', { codes: code }) });
      if (a.policy && !seen.has(a.policy)) found.push({ where: a.ref, field: t('disclosure.field.policy'), message: t('disclosure.error.policyUnknown') });
      problems.push(...found);
      if (found.length) continue;
      seen.add(a.ref);
      const publishedAt = new Date(a.publishedAt.length === 10 ? `${a.publishedAt}T09:00:00+08:00` : a.publishedAt);
      rows.push({
        a,
        content,
        values: {
          orgId,
          departmentId: l.orgs.get(orgId)?.departmentId ?? null,
          kind: content.kind,
          title: content.title,
          indexNo,
          docNo: content.docNo,
          stage: content.stage,
          category: content.category,
          validity: content.validity,
          policyId: null,
          status: 'published',
          publishedAt,
          year: Number(ctx.calendar.localDate(publishedAt).slice(0, 4)),
          content,
          draft: null,
          draftStatus: 'none',
          authorId: 0,
          authorName: actor.name,
          liveVersion: 1,
        },
      });
    }
    if (problems.length) throw new ValidationError(t('disclosure.invalid', { count: problems.length }), problems.slice(0, 50));
    const docs = [];
    const write = async (wave: typeof rows) => {
      for (const r of wave) {
        if (!r.a.policy) continue;
        r.content.policyId = byRef.get(r.a.policy) ?? null;
        r.values.policyId = r.content.policyId;
      }
      const fresh = wave.filter((r) => !existingIds.has(r.values.indexNo));
      for (const r of wave) {
        const id = existingIds.get(r.values.indexNo);
        if (id) {
          await repo.updateArticle(tx, id, (await repo.findArticle(tx, id))?.version ?? 0, r.values);
          byRef.set(r.a.ref, id);
        }
      }
      for (let i = 0; i < fresh.length; i += 200) {
        const chunk = fresh.slice(i, i + 200);
        const made = new Map((await repo.insertArticlesReturningIds(tx, chunk.map((r) => r.values))).map((x) => [x.indexNo, x.id]));
        for (const r of chunk) byRef.set(r.a.ref, made.get(r.values.indexNo) as number);
      }
    };
    await write(rows.filter((r) => !r.a.policy));
    await write(rows.filter((r) => !!r.a.policy));
    await repo.deleteVersionsOf(tx, [...existingIds.values()]);
    const links: { articleId: number; implCode: string; linkedBy: string }[] = [];
    const versionRows = [];
    for (const r of rows) {
      const id = byRef.get(r.a.ref) as number;
      versionRows.push({ articleId: id, version: 1, content: r.content, publishedBy: actor.name });
      for (const implCode of r.a.items ?? []) links.push({ articleId: id, implCode, linkedBy: actor.name });
      docs.push(articleDoc({ id, orgId: r.values.orgId, content: r.content, year: r.values.year as number, validity: r.content.validity }, l.orgs.get(r.values.orgId)?.name ?? '', l.kinds.get(r.content.kind)?.name ?? ''));
    }
    for (let i = 0; i < versionRows.length; i += 200) await repo.insertVersions(tx, versionRows.slice(i, i + 200));
    for (let i = 0; i < links.length; i += 1000) await repo.insertLinks(tx, links.slice(i, i + 1000));
    let serial = 0;
    const gov = [...l.orgs.values()].find((o) => o.parentId === null && o.level === 'government');
    for (const g of demo.gazette) {
      const articleIds = g.articles.map((r) => byRef.get(r)).filter((x): x is number => !!x);
      const issue = await repo.upsertIssue(tx, { year: g.year, number: g.number, serial: ++serial, publishedOn: g.publishedOn, articleIds });
      docs.push(issueDoc(issue, demo.articles.filter((a) => g.articles.includes(a.ref)).map((a) => a.title), issueTitle(g.year, g.number), gov));
    }
    for (const tp of demo.topics) {
      await repo.upsertTopic(tx, {
        slug: tp.slug,
        title: tp.title,
        summary: tp.summary,
        opensOn: tp.opensOn,
        closesOn: tp.closesOn ?? null,
        sections: tp.sections.map((s) => ({ title: s.title, entries: s.entries.map((e) => ({ ...e, ref: e.kind === 'article' ? String(byRef.get(e.ref) ?? 0) : e.ref })) })),
      });
    }
    if (ctx.indexer) await ctx.indexer.upsert(tx, docs);
    await recordAudit(tx, actor, [{ action: 'disclosure.import', entity: 'article', entityId: 'demo', note: `${byRef.size}` }]);
    return { orgs: demo.orgs.length, articles: byRef.size, issues: demo.gazette.length, topics: demo.topics.length, links: await repo.linkCount(tx) };
  });
  ctx.forget();
  await ctx.changes.publish('disclosure');
  return result;
}

/** Synthetic bulk for benchmarks: see scale.ts. */
export { seedScale } from './scale.js';
