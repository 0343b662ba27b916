/**
 * The personal homepage (我的办事): journeys in progress and finished, what the person follows,
 * what they opened lately, recommendations with their reason, what usually comes next after the
 * items they did, and the latest messages.
 */
import type { Principal } from '../../../lib/principal.js';
import type { JourneysContext } from '../context.js';
import { personalOwner } from '../policy.js';
import { journeyUrl, presentHome } from '../present.js';
import { recommendJourneys } from '../recommend.js';
import * as repo from '../repo.js';
import { reminderRules } from './push.js';

export async function home(ctx: JourneysContext, p: Principal) {
  const userId = personalOwner(p);
  const { db, catalog } = ctx;
  const [progress, subs, recent, done, all, themes, departments, inbox, known] = await Promise.all([
    repo.progressOf(db, userId),
    repo.subscriptionsOf(db, userId),
    repo.recentOf(db, userId, 10),
    repo.doneItems(db, userId),
    repo.allJourneys(db),
    catalog.listThemes(),
    catalog.listDepartments(),
    ctx.notify.inbox(userId, 3, 0),
    reminderRules(ctx),
  ]);
  const bySlug = new Map(all.map((j) => [j.slug, j]));
  const themeBySlug = new Map(themes.map((th) => [th.slug, th]));
  const deptBySlug = new Map(departments.map((d) => [d.slug, d]));
  const viewedItems = await catalog.itemRefs({ ids: recent.filter((r) => r.kind === 'item').map((r) => r.refId) });
  const themeItems = new Map<string, string>();
  for (const s of subs.filter((x) => x.kind === 'theme' && themeBySlug.has(x.ref)).slice(0, 10)) {
    const { theme, items } = await catalog.getTheme(s.ref);
    for (const it of items) for (const x of [it, ...it.subItems]) themeItems.set(x.implCode, theme.name);
  }
  const doneSet = new Set(done);
  const audience = p.kind === 'enterprise' ? 'enterprise' : 'citizen';
  const recommendations = recommendJourneys(all, {
    audience,
    viewedItems: new Map(viewedItems.map((i) => [i.implCode, i.name])),
    themeItems,
    departments: new Map(subs.filter((s) => s.kind === 'department').flatMap((s) => (deptBySlug.has(s.ref) ? [[s.ref, deptBySlug.get(s.ref)?.name ?? '']] : []))),
    doneItems: doneSet,
    known: new Set([...progress.map((pr) => pr.journeyId), ...subs.filter((s) => s.kind === 'journey').flatMap((s) => (bySlug.has(s.ref) ? [bySlug.get(s.ref)?.id ?? 0] : []))]),
  }).map((r) => ({ title: r.journey.title, url: journeyUrl(r.journey.slug), summary: r.journey.summary, reason: r.reason }));
  return presentHome({ audience, progress, subs, recent, done: doneSet, all, themes, departments, inbox, rules: known, viewedItems, recommendations });
}
