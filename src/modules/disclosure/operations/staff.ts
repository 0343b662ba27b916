/** What staff read in the back office: their department's articles, one with its draft, versions and diffs. */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { DisclosureContext } from '../context.js';
import { diffContent } from '../diff.js';
import { abilities, articleNotFound, isDisclosureStaff, staffScope } from '../policy.js';
import { presentAttachment, ymd } from '../present.js';
import * as repo from '../repo.js';
import { staffArticle } from './edit.js';

export async function staffList(ctx: DisclosureContext, p: Principal, f: { draftStatus?: string; status?: string; q?: string; limit: number; offset: number }) {
  if (!isDisclosureStaff(p)) throw articleNotFound();
  const l = await ctx.lookups();
  const draftStatus = ['draft', 'review', 'rejected', 'none'].includes(f.draftStatus ?? '') ? f.draftStatus : undefined;
  const status = ['unpublished', 'scheduled', 'published', 'withdrawn'].includes(f.status ?? '') ? f.status : undefined;
  const { total, rows } = await repo.listForStaff(ctx.db, { departmentId: staffScope(p), draftStatus, status, q: f.q?.slice(0, 100) || undefined }, f);
  return {
    total,
    articles: rows.map((r) => ({
      id: r.id,
      title: r.draft?.title ?? r.title,
      kind: l.kinds.get(r.kind)?.name ?? r.kind,
      org: l.orgRows.get(r.orgId)?.name ?? '',
      status: r.status,
      draftStatus: r.draftStatus,
      updatedOn: ymd(r.updatedAt, ctx.timeZone),
      publishedOn: ymd(r.publishedAt, ctx.timeZone),
    })),
  };
}

export async function staffView(ctx: DisclosureContext, p: Principal, id: number) {
  const row = await staffArticle(ctx, p, id);
  const [files, links, versions] = await Promise.all([repo.attachmentsOf(ctx.db, id), repo.linksOfArticle(ctx.db, id), repo.versionsOf(ctx.db, id)]);
  const items = links.length ? await ctx.catalog.itemRefs({ codes: links.map((k) => k.implCode) }) : [];
  return {
    row,
    abilities: abilities(p, row),
    attachments: files.map((a) => ({ ...presentAttachment(a), url: `/admin/disclosure/articles/${id}/files/${a.id}` })),
    links: links.map((k) => {
      const it = items.find((i) => i.implCode === k.implCode);
      return { implCode: k.implCode, name: it?.name ?? k.implCode, url: it?.url, broken: !it || it.outdated };
    }),
    /** the draft against what is live (for the reviewer) */
    pending: row.draft ? diffContent(row.content, row.draft) : undefined,
    versions: versions.map((v, i) => ({ version: v.version, publishedBy: v.publishedBy, on: ymd(v.createdAt, ctx.timeZone), note: v.note, diff: diffContent(versions[i + 1]?.content, v.content) })),
    lookups: await ctx.lookups(),
    noDraft: t('disclosure.admin.noDraft'),
  };
}

export async function staffAttachment(ctx: DisclosureContext, p: Principal, articleId: number, id: number) {
  await staffArticle(ctx, p, articleId);
  const a = Number.isSafeInteger(id) ? await repo.findAttachment(ctx.db, articleId, id) : undefined;
  if (!a) throw articleNotFound();
  return a;
}
