/**
 * The public side: published letters (masked), one published letter, the departments' figures
 * per month, and — before writing — what may already answer the question.
 */
import { cleanText } from '../../../lib/text.js';
import type { WorkCalendar } from '../../../lib/workdays.js';
import { departmentsOf, type LettersContext, nameIn } from '../context.js';
import { TRACKING_CODE } from '../model.js';
import { publicLetter, type StatRow, statRow } from '../present.js';
import * as repo from '../repo.js';
import { notFound } from './case.js';

/** how long the public statistics are reused before they are computed again */
const STATS_CACHE_MS = 5 * 60_000;

/** a month ('YYYY-MM') as instants in the portal's time zone */
function monthRange(calendar: WorkCalendar, month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: calendar.startOfDay(`${month}-01`), to: calendar.startOfDay(`${next}-01`) };
}

const publishedReplies = async (ctx: LettersContext, letterId: number) => (await repo.replies(ctx.db, letterId)).filter((r) => r.status === 'published');

/** Published letters, masked; `q` goes through the search index. */
export async function publicList(ctx: LettersContext, q: { q?: string; departmentId?: number; type?: string; month?: string; limit: number; offset: number }) {
  const names = await departmentsOf(ctx);
  let ids: number[] | undefined;
  if (q.q?.trim()) {
    await ctx.search.whenReady();
    const found = ctx.search.search({ q: q.q, kind: 'letter', limit: 500, offset: 0, noLog: true });
    ids = found.results.map((r) => r.id);
  }
  const month = q.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month) ? monthRange(ctx.calendar, q.month) : undefined;
  const { total, rows } = await repo.listPublic(ctx.db, { ids, departmentId: q.departmentId, type: q.type, month, limit: q.limit, offset: q.offset });
  const list = [];
  for (const letter of rows) list.push(publicLetter(letter, nameIn(names, letter.departmentId), await publishedReplies(ctx, letter.id)));
  return { total, letters: list };
}

export async function publicLetterOf(ctx: LettersContext, trackingCode: string) {
  const names = await departmentsOf(ctx);
  const code = (trackingCode ?? '').toUpperCase();
  const letter = TRACKING_CODE.test(code) ? await repo.findByTrackingCode(ctx.db, code) : undefined;
  if (!letter?.isPublic || !letter.repliedAt || letter.status === 'merged') throw notFound();
  return publicLetter(letter, nameIn(names, letter.departmentId), await publishedReplies(ctx, letter.id));
}

/** Department figures per month for a year: received, replied, on time, days to reply, satisfaction. */
export async function statistics(ctx: LettersContext, year: number): Promise<StatRow[]> {
  const cached = ctx.statsCache.get(year);
  const now = ctx.clock.now();
  if (cached && cached.until > now.getTime()) return cached.rows;
  const names = await departmentsOf(ctx);
  const { calendar } = ctx;
  const figures = await repo.monthlyStats(ctx.db, calendar.startOfDay(`${year}-01-01`), calendar.startOfDay(`${year + 1}-01-01`), calendar.timeZone, now);
  const rows = figures
    // a department no longer in the catalogue has no row to show
    .filter((r) => r.departmentId !== null && names.has(r.departmentId))
    .map((r) => statRow(r, nameIn(names, r.departmentId)))
    .sort((a, b) => (a.month === b.month ? a.department.localeCompare(b.department, 'zh-Hans-CN') : a.month < b.month ? -1 : 1));
  ctx.statsCache.set(year, { rows, until: now.getTime() + STATS_CACHE_MS });
  return rows;
}

/** Before writing: public letters and guides that may already answer the question. */
export async function similar(ctx: LettersContext, text: string) {
  const q = cleanText(text, { max: 60 });
  if (q.length < 2) return [];
  await ctx.search.whenReady();
  const seen = new Set<string>();
  const out: { kind: string; title: string; url: string; snippet: string }[] = [];
  for (const kind of ['letter', 'item', 'faq']) {
    for (const r of ctx.search.search({ q, kind, limit: 3, offset: 0, noLog: true }).results) {
      if (seen.has(r.url)) continue;
      seen.add(r.url);
      out.push({ kind: r.kind, title: r.title, url: r.url, snippet: r.snippet });
    }
  }
  return out.slice(0, 8);
}

/** The departments a letter may be addressed to, by name. */
export async function departmentList(ctx: LettersContext) {
  const names = await departmentsOf(ctx);
  return [...names.values()].map((d) => ({ id: d.id, name: d.name, slug: d.slug })).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}
