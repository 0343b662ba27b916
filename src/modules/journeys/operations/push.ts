/**
 * Proactive reminders ("after X, remind about Y"): the push rules with what they sent, firing
 * them when a person's items are done, releasing delayed ones when due, and a person's own
 * reminders — reading, opening, stopping and resuming them.
 *
 * Reminders go through the notification outbox in the same transaction as the change that
 * causes them, to the channels the person chose; `push_sends` keeps one row per rule and person,
 * so nothing is ever sent twice. A reminder with a delay waits there until the notify worker
 * releases it (`releaseDue`, registered as a source of the worker).
 */
import type { Runner } from '../../../db/client.js';
import { NotFoundError } from '../../../lib/errors.js';
import type { Principal } from '../../../lib/principal.js';
import { t } from '../../../lib/i18n/index.js';
import type { JourneysContext } from '../context.js';
import { type ItemNames, itemNames } from '../lookups.js';
import { personalOwner } from '../policy.js';
import { presentReminders, presentRuleFigures, toInput } from '../present.js';
import * as repo from '../repo.js';

const DAY_MS = 86_400_000;

/** Push rules with the names of their items and how many reminders each sent and had opened. */
export async function listPushRules(ctx: JourneysContext) {
  const [rules, stats] = await Promise.all([repo.listPushRules(ctx.db), repo.ruleStats(ctx.db)]);
  const names = await itemNames(ctx, rules.map(toInput.pushRule));
  const byRule = new Map(stats.map((s) => [s.ruleId, s]));
  return rules.map((r) => presentRuleFigures(r, names, byRule.get(r.id)));
}

/** The rules and the names of their items, read before a transaction (PGlite has one connection). */
export async function reminderRules(ctx: JourneysContext) {
  const rules = await repo.listPushRules(ctx.db);
  return { rules, names: await itemNames(ctx, rules.map(toInput.pushRule)) };
}
export type ReminderRules = Awaited<ReturnType<typeof reminderRules>>;

async function deliver(ctx: JourneysContext, tx: Runner, send: repo.PushSendRow, rule: repo.PushRuleRow, names: ItemNames) {
  const link = `/me/reminders/${send.id}/open`;
  await ctx.accounts.notifyAccount(tx, send.userId, 'journey-reminder', {
    trigger: names.get(rule.trigger)?.name ?? rule.trigger,
    items: rule.remind.map((c) => names.get(c)?.name ?? c).join('、'),
    message: rule.message,
    link,
    url: `${ctx.publicUrl}${link}`,
  });
}

/** Remind the person of what follows these items, once per rule, unless they stopped it. */
async function fire(ctx: JourneysContext, tx: Runner, userId: number, codes: string[], known: ReminderRules) {
  const rules = known.rules.filter((r) => codes.includes(r.trigger));
  if (!rules.length) return 0;
  const stops = await repo.stopsOf(tx, userId);
  if (stops.includes(0)) return 0;
  let fired = 0;
  for (const rule of rules) {
    if (stops.includes(rule.id)) continue;
    const delayed = rule.delayDays > 0;
    const now = ctx.clock();
    const send = await repo.insertSend(tx, {
      ruleId: rule.id,
      userId,
      status: delayed ? 'scheduled' : 'sent',
      dueAt: new Date(now.getTime() + rule.delayDays * DAY_MS),
      sentAt: delayed ? null : now,
    });
    if (!send) continue;
    fired++;
    if (!delayed) await deliver(ctx, tx, send, rule, known.names);
  }
  return fired;
}

/** Items done (by a step, by hand, by an application): recorded, and their reminders fired; returns how many fired. */
export async function recordItemsDone(
  ctx: JourneysContext,
  userId: number,
  codes: string[],
  source: 'step' | 'item' | 'application',
  also?: (tx: Runner) => Promise<void>,
) {
  const known = await reminderRules(ctx);
  return ctx.db.transaction(async (tx) => {
    await also?.(tx);
    await repo.markItems(tx, userId, codes, source);
    return fire(ctx, tx, userId, codes, known);
  });
}

/** Release reminders whose delay is over into the outbox; the notify worker calls this before each round. */
export async function releaseDue(ctx: JourneysContext, limit = 100) {
  if (!(await repo.hasDue(ctx.db))) return 0;
  const known = await reminderRules(ctx);
  return ctx.db.transaction(async (tx) => {
    const due = await repo.claimDue(tx, limit);
    for (const send of due) {
      const rule = known.rules.find((r) => r.id === send.ruleId);
      const stops = await repo.stopsOf(tx, send.userId);
      if (!rule || stops.includes(0) || stops.includes(send.ruleId)) {
        await repo.stopScheduled(tx, send.userId, send.ruleId);
        continue;
      }
      await repo.markSent(tx, send.id);
      await deliver(ctx, tx, send, rule, known.names);
    }
    return due.length;
  });
}

/** The person's reminders, newest first, and what they stopped. */
export async function reminders(ctx: JourneysContext, p: Principal) {
  const userId = personalOwner(p);
  const [rows, stops] = await Promise.all([repo.sendsOf(ctx.db, userId, 100), repo.stopsOf(ctx.db, userId)]);
  const names = await itemNames(ctx, rows.map((r) => toInput.pushRule(r.rule)));
  return presentReminders(rows, stops, names);
}

/** The person opened a reminder (from the message box, an e-mail or SMS): counted once, for the operators' figures. */
export async function openReminder(ctx: JourneysContext, p: Principal, id: number) {
  const userId = personalOwner(p);
  if (!(await repo.markOpened(ctx.db, id, userId))) throw new NotFoundError(t('journeys.reminderNotFound'));
}

/** Stop one rule's reminders (ruleId) or all of them (undefined); what waits is stopped too. */
export async function stopReminders(ctx: JourneysContext, p: Principal, ruleId?: number) {
  const userId = personalOwner(p);
  if (ruleId !== undefined && !(await repo.sendsOf(ctx.db, userId, 500)).some((r) => r.rule.id === ruleId))
    throw new NotFoundError(t('journeys.reminderNotFound'));
  await ctx.db.transaction(async (tx) => {
    await repo.addStop(tx, userId, ruleId ?? 0);
    await repo.stopScheduled(tx, userId, ruleId);
  });
}

export async function resumeReminders(ctx: JourneysContext, p: Principal, ruleId?: number) {
  await repo.removeStop(ctx.db, personalOwner(p), ruleId ?? 0);
}
