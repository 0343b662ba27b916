/**
 * 专题: pages editors assemble from articles, items, journeys and links, in sections, open from
 * one day (and closed after another): a closed or not yet open topic is "not found" to citizens.
 */
import { NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { DisclosureContext } from '../context.js';
import type { TopicSection } from '../model.js';
import { presentListRow } from '../present.js';
import * as repo from '../repo.js';

const isOpen = (tp: { opensOn: string; closesOn: string | null }, today: string) => tp.opensOn <= today && (!tp.closesOn || tp.closesOn >= today);

export async function openTopics(ctx: DisclosureContext) {
  const today = ctx.today();
  return (await repo.allTopics(ctx.db)).filter((tp) => isOpen(tp, today)).map((tp) => ({ slug: tp.slug, title: tp.title, summary: tp.summary, url: `/topics/${tp.slug}` }));
}

export async function getTopic(ctx: DisclosureContext, slug: string) {
  const tp = /^[a-z0-9-]{1,60}$/.test(slug) ? await repo.findTopic(ctx.db, slug) : undefined;
  if (!tp || !isOpen(tp, ctx.today())) throw new NotFoundError(t('disclosure.topicNotFound'));
  const l = await ctx.lookups();
  const articleIds = tp.sections.flatMap((s) => s.entries.filter((e) => e.kind === 'article').map((e) => Number(e.ref)));
  const codes = tp.sections.flatMap((s) => s.entries.filter((e) => e.kind === 'item').map((e) => e.ref));
  const [articles, items] = await Promise.all([
    repo.listPublic(ctx.db, { ids: articleIds.filter(Number.isSafeInteger) }, { limit: 100, offset: 0 }, ctx.clock()),
    codes.length ? ctx.catalog.itemRefs({ codes }) : Promise.resolve([]),
  ]);
  const resolve = (e: TopicSection['entries'][number]) => {
    if (e.kind === 'article') {
      const a = articles.rows.find((r) => r.id === Number(e.ref));
      return a ? { title: e.title || a.title, url: presentListRow(a, l, ctx.timeZone).url, kind: e.kind } : undefined;
    }
    if (e.kind === 'item') {
      const it = items.find((i) => i.implCode === e.ref && !i.outdated);
      return it ? { title: e.title || it.name, url: it.url, kind: e.kind } : undefined;
    }
    if (e.kind === 'journey') return /^[a-z0-9-]{1,80}$/.test(e.ref) ? { title: e.title || e.ref, url: `/journeys/${e.ref}`, kind: e.kind } : undefined;
    return /^(https:\/\/|\/)[^\s"<>]*$/.test(e.ref) ? { title: e.title || e.ref, url: e.ref, kind: e.kind } : undefined;
  };
  return {
    slug: tp.slug,
    title: tp.title,
    summary: tp.summary,
    opensOn: tp.opensOn,
    closesOn: tp.closesOn,
    sections: tp.sections.map((s) => ({ title: s.title, entries: s.entries.map(resolve).filter((x) => !!x) })),
  };
}
