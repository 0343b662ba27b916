/**
 * 专题: pages editors assemble from articles, items, journeys and links, in sections, open from
 * one day (and closed after another): a closed or not yet open topic is "not found" to citizens.
 */
import { NotFoundError, ValidationError } from '../../../lib/errors.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { type Principal, requirePermission } from '../../../lib/principal.js';
import { cleanText } from '../../../lib/text.js';
import type { Problem } from '../../../lib/validation.js';
import { actorOf } from '../../accounts/index.js';
import { recordAudit } from '../../audit/index.js';
import type { DisclosureContext } from '../context.js';
import { type TopicSection, isDate } from '../model.js';
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

/** The sections of a topic in the editor's notation: `## 标题` starts a section; each line below is `article 12`, `item 编码`, `journey slug` or `link 地址`, with an optional title after it. */
export function readSections(text: string): { sections: TopicSection[]; problems: string[] } {
  const sections: TopicSection[] = [];
  const problems: string[] = [];
  text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const heading = /^##\s*(.{1,60})$/.exec(line);
      if (heading) {
        sections.push({ title: heading[1] as string, entries: [] });
        return;
      }
      const m = /^(article|item|journey|link)\s+(\S{1,300})(?:\s+(.{1,100}))?$/.exec(line);
      const section = sections.at(-1);
      if (!m || !section) {
        problems.push(t('disclosure.topic.badLine', { n: i + 1 }));
        return;
      }
      section.entries.push({ kind: m[1] as TopicSection['entries'][number]['kind'], ref: m[2] as string, ...(m[3] ? { title: m[3] } : {}) });
    });
  return { sections, problems };
}

export const sectionsText = (sections: TopicSection[]) =>
  sections.map((s) => [`## ${s.title}`, ...s.entries.map((e) => `${e.kind} ${e.ref}${e.title ? ` ${e.title}` : ''}`)].join('\n')).join('\n\n');

export async function allTopicsForStaff(ctx: DisclosureContext, p: Principal) {
  requirePermission(p, 'disclosure.portal');
  return repo.allTopics(ctx.db);
}

/** Save a topic (portal editors): every entry checked — a published article, an item of the catalogue, a journey's address, a link on this site or https. */
export async function saveTopic(ctx: DisclosureContext, p: Principal, input: { slug: string; title: string; summary: string; opensOn: string; closesOn: string; sections: string }) {
  requirePermission(p, 'disclosure.portal');
  const problems: Problem[] = [];
  const bad = (field: MessageKey, message: string) => problems.push({ where: '', field: t(field), message });
  const slug = input.slug.trim();
  const title = cleanText(input.title, { max: 120 });
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) bad('disclosure.topic.slug', t('disclosure.topic.slugForm'));
  if (!title) bad('disclosure.topic.title', t('disclosure.error.required'));
  if (!isDate(input.opensOn)) bad('disclosure.topic.opensOn', t('disclosure.error.date'));
  if (input.closesOn && (!isDate(input.closesOn) || input.closesOn < input.opensOn)) bad('disclosure.topic.closesOn', t('disclosure.error.date'));
  const { sections, problems: lines } = readSections(input.sections.slice(0, 20_000));
  for (const l of lines) bad('disclosure.topic.sections', l);
  if (!sections.length) bad('disclosure.topic.sections', t('disclosure.error.required'));
  const entries = sections.flatMap((s) => s.entries);
  const ids = entries.filter((e) => e.kind === 'article').map((e) => Number(e.ref));
  const live = await repo.listPublic(ctx.db, { ids: ids.filter((n) => Number.isSafeInteger(n)) }, { limit: 100, offset: 0 }, ctx.clock());
  for (const id of ids) if (!live.rows.some((r) => r.id === id)) bad('disclosure.topic.sections', t('disclosure.topic.noArticle', { ref: String(id) }));
  const codes = entries.filter((e) => e.kind === 'item').map((e) => e.ref);
  const found = codes.length ? await ctx.catalog.itemRefs({ codes }) : [];
  for (const c of codes) if (!found.some((f) => f.implCode === c)) bad('disclosure.topic.sections', t('disclosure.error.itemUnknown', { codes: c }));
  for (const e of entries) {
    if (e.kind === 'journey' && !/^[a-z0-9-]{1,80}$/.test(e.ref)) bad('disclosure.topic.sections', t('disclosure.topic.badRef', { ref: e.ref }));
    if (e.kind === 'link' && !/^(https:\/\/|\/)[^\s"<>]*$/.test(e.ref)) bad('disclosure.topic.sections', t('disclosure.topic.badRef', { ref: e.ref }));
  }
  if (problems.length) throw new ValidationError(t('disclosure.invalid', { count: problems.length }), problems.slice(0, 50));
  await ctx.db.transaction(async (tx) => {
    const row = await repo.upsertTopic(tx, { slug, title, summary: cleanText(input.summary, { max: 500 }), opensOn: input.opensOn, closesOn: input.closesOn || null, sections });
    await recordAudit(tx, actorOf(p), [{ action: 'disclosure.topic', entity: 'topic', entityId: slug, after: row.sections }]);
  });
  await ctx.changes.publish('disclosure');
}
