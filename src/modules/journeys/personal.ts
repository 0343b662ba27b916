/**
 * The personal space of a signed-in citizen or enterprise person: progress through journeys,
 * items done, subscriptions, recently viewed services, recommendations — and the proactive
 * reminders that follow from what they did ("after X, remind about Y"). Everything here is the
 * person's own: every operation takes the principal and touches only their rows.
 *
 * Reminders go through the notification outbox in the same transaction as the change that
 * causes them, to the channels the person chose; `push_sends` keeps one row per rule and person,
 * so nothing is ever sent twice. A reminder with a delay waits there until the notify worker
 * releases it (`releaseDue`, registered as a source of the worker).
 */
import type { Database, Runner } from '../../db/client.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../web/i18n/index.js';
import type { Principal } from '../../lib/principal.js';
import type { PushRuleInput } from './model.js';
import { progressOf } from './model.js';
import { journeyUrl, toInput } from './present.js';
import { recommendJourneys } from './recommend.js';
import * as repo from './repo.js';
import type { JourneyDeps } from './service.js';

type Names = Map<string, { name: string; url: string }>;

export const SUBSCRIPTION_KINDS = ['theme', 'department', 'journey'] as const;
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number];

const DAY_MS = 86_400_000;

/** Only citizens and enterprise people have a personal space; staff and strangers are refused. */
function owner(p: Principal | undefined): number {
  if (!p || p.kind === 'staff') throw new ForbiddenError(t('journeys.citizensOnly'));
  return p.userId;
}

export function createPersonalSpace(
  database: Database,
  deps: JourneyDeps & {
    itemNames: (rules: PushRuleInput[]) => Promise<Names>;
  },
) {
  const { db } = database;
  const { catalog, accounts, notify } = deps;

  async function journeyOrThrow(slug: string) {
    const row = /^[a-z0-9-]{1,64}$/.test(slug) ? await repo.findJourney(db, slug) : undefined;
    if (!row) throw new NotFoundError(t('journeys.notFound'));
    return row;
  }

  /** The rules and the names of their items, read before a transaction (PGlite has one connection). */
  async function reminderContext() {
    const rules = await repo.listPushRules(db);
    return { rules, names: await deps.itemNames(rules.map(toInput.pushRule)) };
  }
  type Context = Awaited<ReturnType<typeof reminderContext>>;

  async function deliver(tx: Runner, send: repo.PushSendRow, rule: repo.PushRuleRow, names: Names) {
    const link = `/me/reminders/${send.id}/open`;
    await accounts.notifyAccount(tx, send.userId, 'journey-reminder', {
      trigger: names.get(rule.trigger)?.name ?? rule.trigger,
      items: rule.remind.map((c) => names.get(c)?.name ?? c).join('、'),
      message: rule.message,
      link,
      url: `${deps.publicUrl}${link}`,
    });
  }

  /** Remind the person of what follows these items, once per rule, unless they stopped it. */
  async function fire(tx: Runner, userId: number, codes: string[], ctx: Context) {
    const rules = ctx.rules.filter((r) => codes.includes(r.trigger));
    if (!rules.length) return 0;
    const stops = await repo.stopsOf(tx, userId);
    if (stops.includes(0)) return 0;
    let fired = 0;
    for (const rule of rules) {
      if (stops.includes(rule.id)) continue;
      const delayed = rule.delayDays > 0;
      const now = new Date();
      const send = await repo.insertSend(tx, {
        ruleId: rule.id,
        userId,
        status: delayed ? 'scheduled' : 'sent',
        dueAt: new Date(now.getTime() + rule.delayDays * DAY_MS),
        sentAt: delayed ? null : now,
      });
      if (!send) continue;
      fired++;
      if (!delayed) await deliver(tx, send, rule, ctx.names);
    }
    return fired;
  }

  /** Items done (by a step, by hand, by an application): recorded, and their reminders fired. */
  async function itemsDone(userId: number, codes: string[], source: 'step' | 'item' | 'application', also?: (tx: Runner) => Promise<void>) {
    const ctx = await reminderContext();
    return db.transaction(async (tx) => {
      await also?.(tx);
      await repo.markItems(tx, userId, codes, source);
      return fire(tx, userId, codes, ctx);
    });
  }

  async function itemOrThrow(code: string) {
    const [item] = /^[0-9A-Za-z-]{1,40}$/.test(code) ? await catalog.itemRefs({ codes: [code] }) : [];
    if (!item) throw new NotFoundError(t('error.itemNotFound'));
    return item;
  }

  const space = {
    /** A person's state on a journey page: steps done, progress, whether they follow it. */
    async progress(p: Principal, slug: string) {
      const userId = owner(p);
      const row = await journeyOrThrow(slug);
      const [titles, subs] = await Promise.all([repo.stepsDone(db, userId, row.id), repo.subscriptionsOf(db, userId)]);
      const done = new Set(titles);
      return {
        done: row.steps.map((s) => done.has(s.title)),
        ...progressOf(row.steps, done),
        subscribed: subs.some((s) => s.kind === 'journey' && s.ref === slug),
      };
    },

    /**
     * Mark a step done (or not done again). Done marks the step's items done too and fires their
     * reminders; undoing a step keeps what was sent — a reminder cannot be unsent.
     */
    async markStep(p: Principal, slug: string, stepNumber: number, done: boolean) {
      const userId = owner(p);
      const row = await journeyOrThrow(slug);
      const step = row.steps[stepNumber - 1];
      if (!step) throw new NotFoundError(t('journeys.stepNotFound'));
      if (!done) return repo.unmarkStep(db, userId, row.id, step.title).then(() => 0);
      return itemsDone(userId, step.items, 'step', (tx) => repo.markStep(tx, userId, row.id, step.title));
    },

    /** Codes of the items the person has done. */
    async doneItems(p: Principal) {
      return repo.doneItems(db, owner(p));
    },

    /** Mark one item done by hand (from a life event or an answer list), or not done again. */
    async markItem(p: Principal, code: string, done: boolean) {
      const userId = owner(p);
      const item = await itemOrThrow(code);
      if (!done) return repo.unmarkItem(db, userId, item.implCode).then(() => 0);
      return itemsDone(userId, [item.implCode], 'item');
    },

    /**
     * An application of this person for this item concluded (for the applications module): the
     * item counts as done and its reminders fire. Call it after the conclusion commits; calling
     * it twice reminds once.
     */
    async applicationConcluded(userId: number, implCode: string) {
      await itemOrThrow(implCode);
      return itemsDone(userId, [implCode], 'application');
    },

    /** Release reminders whose delay is over into the outbox; the notify worker calls this before each round. */
    async releaseDue(limit = 100) {
      if (!(await repo.hasDue(db))) return 0;
      const ctx = await reminderContext();
      return db.transaction(async (tx) => {
        const due = await repo.claimDue(tx, limit);
        for (const send of due) {
          const rule = ctx.rules.find((r) => r.id === send.ruleId);
          const stops = await repo.stopsOf(tx, send.userId);
          if (!rule || stops.includes(0) || stops.includes(send.ruleId)) {
            await repo.stopScheduled(tx, send.userId, send.ruleId);
            continue;
          }
          await repo.markSent(tx, send.id);
          await deliver(tx, send, rule, ctx.names);
        }
        return due.length;
      });
    },

    /** The person's reminders, newest first, and what they stopped. */
    async reminders(p: Principal) {
      const userId = owner(p);
      const [rows, stops] = await Promise.all([repo.sendsOf(db, userId, 100), repo.stopsOf(db, userId)]);
      const names = await deps.itemNames(rows.map((r) => toInput.pushRule(r.rule)));
      const ref = (code: string) => ({ code, name: names.get(code)?.name ?? code, url: names.get(code)?.url ?? '' });
      return {
        allStopped: stops.includes(0),
        reminders: rows.map(({ send, rule }) => ({
          id: send.id,
          ruleId: rule.id,
          status: send.status,
          dueAt: send.dueAt,
          sentAt: send.sentAt,
          openedAt: send.openedAt,
          trigger: ref(rule.trigger),
          remind: rule.remind.map(ref),
          message: rule.message,
          stopped: stops.includes(rule.id),
        })),
      };
    },

    /** The person opened a reminder (from the message box, an e-mail or SMS): counted once, for the operators' figures. */
    async openReminder(p: Principal, id: number) {
      const userId = owner(p);
      if (!(await repo.markOpened(db, id, userId))) throw new NotFoundError(t('journeys.reminderNotFound'));
    },

    /** Stop one rule's reminders (ruleId) or all of them (undefined); what waits is stopped too. */
    async stopReminders(p: Principal, ruleId?: number) {
      const userId = owner(p);
      if (ruleId !== undefined && !(await repo.sendsOf(db, userId, 500)).some((r) => r.rule.id === ruleId))
        throw new NotFoundError(t('journeys.reminderNotFound'));
      await db.transaction(async (tx) => {
        await repo.addStop(tx, userId, ruleId ?? 0);
        await repo.stopScheduled(tx, userId, ruleId);
      });
    },

    async resumeReminders(p: Principal, ruleId?: number) {
      await repo.removeStop(db, owner(p), ruleId ?? 0);
    },

    async subscribe(p: Principal, kind: string, ref: string) {
      const userId = owner(p);
      const k = SUBSCRIPTION_KINDS.find((x) => x === kind);
      if (!k) throw new BadRequestError(t('journeys.badSubscription'));
      if (!(await subscribable(k, ref))) throw new BadRequestError(t('journeys.badSubscription'));
      await repo.subscribe(db, userId, k, ref);
    },

    async unsubscribe(p: Principal, kind: string, ref: string) {
      const userId = owner(p);
      const k = SUBSCRIPTION_KINDS.find((x) => x === kind);
      if (!k || !(await repo.unsubscribe(db, userId, k, ref))) throw new NotFoundError(t('journeys.subscriptionNotFound'));
    },

    /** A guide or journey a signed-in person opened (history is statistics: a failure is ignored). */
    async noteView(p: Principal, kind: 'item' | 'journey', refId: number) {
      if (p.kind === 'staff') return;
      await repo.touchView(db, p.userId, kind, refId).catch(() => {});
    },

    /** The personal homepage: journeys in progress, follows, history, recommendations, next steps, messages. */
    async home(p: Principal) {
      const userId = owner(p);
      const [progress, subs, recent, done, all, themes, departments, inbox, ctx] = await Promise.all([
        repo.progressOf(db, userId),
        repo.subscriptionsOf(db, userId),
        repo.recentOf(db, userId, 10),
        repo.doneItems(db, userId),
        repo.allJourneys(db),
        catalog.listThemes(),
        catalog.listDepartments(),
        notify.inbox(userId, 3, 0),
        reminderContext(),
      ]);
      const bySlug = new Map(all.map((j) => [j.slug, j]));
      const byId = new Map(all.map((j) => [j.id, j]));
      const started = progress.flatMap((pr) => {
        const j = byId.get(pr.journeyId);
        if (!j) return [];
        const titles = new Set(pr.titles);
        const state = progressOf(j.steps, titles);
        const next = j.steps.find((s) => !s.optional && !titles.has(s.title));
        return [{ title: j.title, url: journeyUrl(j.slug), ...state, next: next?.title ?? null }];
      });
      const themeBySlug = new Map(themes.map((th) => [th.slug, th]));
      const deptBySlug = new Map(departments.map((d) => [d.slug, d]));
      const follows = subs.flatMap((s) => {
        const target =
          s.kind === 'theme'
            ? themeBySlug.get(s.ref) && { title: themeBySlug.get(s.ref)?.name ?? '', url: `/themes/${s.ref}` }
            : s.kind === 'department'
              ? deptBySlug.get(s.ref) && { title: deptBySlug.get(s.ref)?.name ?? '', url: deptBySlug.get(s.ref)?.url ?? '' }
              : bySlug.get(s.ref) && { title: bySlug.get(s.ref)?.title ?? '', url: journeyUrl(s.ref) };
        return target ? [{ kind: s.kind, ref: s.ref, ...target }] : [];
      });
      const viewedIds = recent.filter((r) => r.kind === 'item').map((r) => r.refId);
      const viewedItems = await catalog.itemRefs({ ids: viewedIds });
      const itemById = new Map(viewedItems.map((i) => [i.id, i]));
      const history = recent.flatMap((r): { kind: 'item' | 'journey'; title: string; url: string; viewedAt: Date }[] => {
        if (r.kind === 'item') {
          const it = itemById.get(r.refId);
          return it ? [{ kind: 'item', title: it.name, url: it.url, viewedAt: r.viewedAt }] : [];
        }
        const j = byId.get(r.refId);
        return j ? [{ kind: 'journey', title: j.title, url: journeyUrl(j.slug), viewedAt: r.viewedAt }] : [];
      });
      const themeItems = new Map<string, string>();
      for (const s of subs.filter((x) => x.kind === 'theme' && themeBySlug.has(x.ref)).slice(0, 10)) {
        const { theme, items } = await catalog.getTheme(s.ref);
        for (const it of items) for (const x of [it, ...it.subItems]) themeItems.set(x.implCode, theme.name);
      }
      const doneSet = new Set(done);
      const recommendations = recommendJourneys(all, {
        audience: p.kind === 'enterprise' ? 'enterprise' : 'citizen',
        viewedItems: new Map(viewedItems.map((i) => [i.implCode, i.name])),
        themeItems,
        departments: new Map(subs.filter((s) => s.kind === 'department').flatMap((s) => (deptBySlug.has(s.ref) ? [[s.ref, deptBySlug.get(s.ref)?.name ?? '']] : []))),
        doneItems: doneSet,
        known: new Set([...progress.map((pr) => pr.journeyId), ...subs.filter((s) => s.kind === 'journey').flatMap((s) => (bySlug.has(s.ref) ? [bySlug.get(s.ref)?.id ?? 0] : []))]),
      }).map((r) => ({ title: r.journey.title, url: journeyUrl(r.journey.slug), summary: r.journey.summary, reason: r.reason }));
      // what usually follows the items the person has done and they have not done yet
      const seen = new Set<string>();
      const nextItems = ctx.rules
        .filter((r) => doneSet.has(r.trigger))
        .flatMap((r) => r.remind.filter((c) => !doneSet.has(c)).map((c) => ({ code: c, after: ctx.names.get(r.trigger)?.name ?? '' })))
        .filter((x) => !seen.has(x.code) && seen.add(x.code) && ctx.names.has(x.code))
        .map((x) => ({ ...x, name: ctx.names.get(x.code)?.name ?? '', url: ctx.names.get(x.code)?.url ?? '' }));
      return {
        inProgress: started.filter((s) => !s.finished),
        finished: started.filter((s) => s.finished),
        follows,
        history,
        recommendations,
        nextItems,
        inbox: { unread: inbox.unread, latest: inbox.rows.map((m) => ({ title: m.title, createdAt: m.createdAt, read: !!m.readAt })) },
        themes: themes.filter((th) => th.audience === (p.kind === 'enterprise' ? 'enterprise' : 'citizen')).map((th) => ({ slug: th.slug, name: th.name })),
        departments: departments.filter((d) => d.itemCount > 0).map((d) => ({ slug: d.slug, name: d.name })),
      };
    },
  };

  async function subscribable(kind: SubscriptionKind, ref: string): Promise<boolean> {
    if (!/^[a-z0-9-]{1,64}$/.test(ref)) return false;
    if (kind === 'theme') return (await catalog.listThemes()).some((th) => th.slug === ref);
    if (kind === 'department') return (await catalog.listDepartments()).some((d) => d.slug === ref);
    return !!(await repo.findJourney(db, ref));
  }

  return space;
}
