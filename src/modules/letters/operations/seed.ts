/** The demo's letters: dispatch rules, reply templates and answered letters, without notifications; once only. */
import { randomInt } from 'node:crypto';
import { t } from '../../../lib/i18n/index.js';
import type { SearchDocInput } from '../faces.js';
import { departmentsOf, type LettersContext, nameIn } from '../context.js';
import { DISPATCH_DAYS, type LetterType, newTrackingCode, type Rating, REPLY_DAYS } from '../model.js';
import { searchDoc } from '../present.js';
import * as repo from '../repo.js';
import { checkRule, type RuleInput } from '../rules.js';

/** data/demo/letters/*.json */
export interface DemoLetters {
  rules: (Omit<RuleInput, 'departmentId'> & { department: string })[];
  templates: { department: string | null; title: string; body: string }[];
  letters: {
    channel: string;
    type: string;
    department: string;
    title: string;
    body: string;
    name: string;
    phone: string;
    address: string | null;
    isPublic: boolean;
    receivedAt: string;
    reply: { body: string; workingDays: number } | null;
    rating: string | null;
  }[];
}

export async function seedLetters(ctx: LettersContext, content: DemoLetters) {
  const { db, calendar } = ctx;
  if ((await repo.countLetters(db)) > 0 || (await repo.rules(db)).length > 0) return undefined;
  const known = await departmentsOf(ctx);
  const bySlug = new Map([...known.values()].map((d) => [d.slug, d.id]));
  const dept = (slug: string) => {
    const id = bySlug.get(slug);
    if (!id) throw new Error(`letters demo: unknown department ${slug}`);
    return id;
  };
  const name = (id: number) => nameIn(known, id);
  const docs: SearchDocInput[] = [];
  await db.transaction(async (tx) => {
    for (const r of content.rules) await repo.insertRule(tx, checkRule({ ...r, departmentId: dept(r.department) }, known));
    for (const tpl of content.templates) await repo.insertTemplate(tx, { departmentId: tpl.department ? dept(tpl.department) : null, title: tpl.title, body: tpl.body });
    for (const l of content.letters) {
      const receivedAt = new Date(l.receivedAt);
      const departmentId = dept(l.department);
      const type = l.type as LetterType;
      const dueAt = calendar.addWorkingDays(receivedAt, REPLY_DAYS[type]);
      const repliedAt = l.reply ? calendar.addWorkingDays(receivedAt, l.reply.workingDays) : null;
      if (repliedAt) repliedAt.setTime(repliedAt.getTime() - 6 * 3_600_000); // late afternoon, not midnight
      const letter = await repo.insertLetter(tx, {
        trackingCode: newTrackingCode(calendar.localDate(receivedAt), randomInt),
        queryCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
        channel: l.channel,
        type,
        title: l.title,
        body: l.body,
        name: l.name,
        phone: l.phone,
        phoneVerified: true,
        address: l.address,
        isPublic: l.isPublic && !['discipline', 'supervision'].includes(l.channel),
        addressedDepartmentId: l.channel === 'department' ? departmentId : null,
        status: !l.reply ? 'handling' : l.rating ? 'closed' : 'replied',
        departmentId,
        receivedAt,
        dispatchDueAt: calendar.addWorkingDays(receivedAt, DISPATCH_DAYS),
        dispatchedAt: receivedAt,
        dueAt,
        repliedAt,
        replyWorkingDays: l.reply?.workingDays ?? null,
        repliedOnTime: repliedAt ? repliedAt <= dueAt : null,
        closedAt: l.rating ? repliedAt : null,
        rating: l.rating,
      });
      if (!letter) continue;
      await repo.setDepartments(tx, letter.id, departmentId, []);
      await repo.insertEvents(tx, [
        { letterId: letter.id, kind: 'received', actorName: t('letters.actor.system'), at: receivedAt, note: t(`letters.channel.${l.channel as 'mayor'}`) },
        { letterId: letter.id, kind: 'assigned', actorName: t('letters.actor.system'), at: receivedAt, departmentId, note: name(departmentId) },
        ...(repliedAt ? [{ letterId: letter.id, kind: 'replied', actorName: name(departmentId), at: repliedAt, departmentId }] : []),
        ...(l.rating && repliedAt ? [{ letterId: letter.id, kind: 'rated', actorName: t('letters.actor.writer'), at: repliedAt, note: t(`letters.rating.${l.rating as Rating}`) }] : []),
      ]);
      if (l.reply && repliedAt) {
        await repo.insertReply(tx, { letterId: letter.id, departmentId, body: l.reply.body, status: 'published', authorName: name(departmentId), publishedAt: repliedAt });
        if (letter.isPublic) docs.push(searchDoc(letter, name(departmentId), l.reply.body));
      }
    }
    await ctx.search.indexer.upsert(tx, docs);
  });
  await ctx.changes.publish('letters-rules');
  await ctx.changes.publish('search');
  return { letters: content.letters.length, rules: content.rules.length, templates: content.templates.length };
}
