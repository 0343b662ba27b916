/**
 * The demo (data/demo/appointments.json): queues, windows and hours for a few of 示范市's halls,
 * a week of slots from today, bookings of demo citizens, and a queue for today that looks live
 * (served, being served, called and waiting numbers, relative to now). Loads once: a database
 * that already has queues is left as it is.
 */
import { randomBytes } from 'node:crypto';
import type { AppointmentsContext } from '../context.js';
import type { AccountService } from '../faces.js';
import * as repo from '../repo.js';
import { generateSlots, setupHall } from './halls.js';
import { newCode } from './booking.js';

export interface DemoAppointments {
  halls: {
    hall: string;
    hours: Record<string, [string, string][]>;
    queues: { prefix: string; name: string; departments?: string[]; match?: string; slotMinutes: number; seats: number }[];
    windows: { number: number; name: string; queues: string[] }[];
  }[];
  staff: { username: string; hall: string }[];
  citizens: { displayName: string; phone: string; group?: string }[];
}

export interface SeedPeople {
  accounts: Pick<AccountService, 'ensureDemoAccounts' | 'signIn' | 'signInStaff'>;
  password: string;
  data: DemoAppointments;
}

const MINUTE = 60_000;

export async function seedDemo(ctx: AppointmentsContext, people?: SeedPeople): Promise<{ halls: number; slots: number; bookings: number; tickets: number } | undefined> {
  if (!people) return undefined;
  if ((await repo.allQueues(ctx.db)).length) return undefined;
  const { data } = people;
  const directory = await ctx.catalog.hallDirectory();
  const departments = await ctx.catalog.departmentNames();
  const deptId = new Map([...departments.values()].map((d) => [d.slug, d.id]));
  const queuesByHall = new Map<string, repo.QueueRow[]>();
  const windowsByHall = new Map<string, repo.WindowRow[]>();
  let halls = 0;
  for (const h of data.halls) {
    const hall = directory.find((d) => d.slug === h.hall);
    if (!hall) continue;
    halls++;
    const made = await setupHall(ctx, h.hall, {
      hours: Object.entries(h.hours).flatMap(([weekday, periods]) => periods.map(([opens, closes]) => ({ weekday: Number(weekday), opens, closes }))),
      queues: h.queues.map((q) => {
        const ids = new Set((q.departments ?? []).map((s) => deptId.get(s)).filter((x): x is number => x !== undefined));
        const match = q.match ? new RegExp(q.match) : undefined;
        const itemIds = hall.items.filter((it) => it.appointment && (match ? match.test(it.name) : ids.has(it.departmentId))).map((it) => it.itemId);
        return { prefix: q.prefix, name: q.name, itemIds, slotMinutes: q.slotMinutes, seats: q.seats, horizonDays: 7, releaseTime: '08:00', minNoticeMinutes: 60, cancelCutoffMinutes: 120 };
      }),
      windows: h.windows,
    });
    queuesByHall.set(h.hall, made.queues);
    windowsByHall.set(h.hall, made.windows);
  }
  const slots = await generateSlots(ctx);

  // people: the demo citizens, and the hall managers assigned to their halls
  await people.accounts.ensureDemoAccounts({
    password: people.password,
    staff: [],
    citizens: data.citizens.map((c) => ({ displayName: c.displayName, phone: c.phone, note: '' })),
    enterprises: [],
  });
  const citizens: { userId: number; group?: string }[] = [];
  for (const c of data.citizens) {
    const p = await people.accounts.signIn(c.phone, people.password).catch(() => undefined);
    if (p) citizens.push({ userId: p.userId, group: c.group });
  }
  for (const s of data.staff) {
    const p = await people.accounts.signInStaff(s.username, people.password).catch(() => undefined);
    const hall = directory.find((d) => d.slug === s.hall);
    if (p && hall) await repo.assignStaff(ctx.db, p.userId, hall.id);
  }

  // bookings over the coming days: each citizen one item of the first hall, spread over slots
  const now = ctx.clock.now();
  let bookings = 0;
  const first = data.halls[0] ? directory.find((d) => d.slug === data.halls[0]?.hall) : undefined;
  const firstQueues = first ? (queuesByHall.get(first.slug) ?? []) : [];
  for (const [i, c] of citizens.entries()) {
    const queue = firstQueues[i % Math.max(1, firstQueues.length)];
    if (!first || !queue) break;
    const itemId = queue.itemIds[0] ?? first.items.find((it) => it.appointment && !firstQueues.some((q) => q.itemIds.includes(it.itemId)))?.itemId;
    if (!itemId) continue;
    const future = (await repo.slotsOf(ctx.db, queue.id, futureDays(ctx, 6))).filter((s) => s.startsAt.getTime() > now.getTime() + 2 * 60 * MINUTE);
    const slot = future[(i * 7) % Math.max(1, future.length)];
    if (!slot || !(await repo.takeSeat(ctx.db, slot.id))) continue;
    await repo.insertBooking(ctx.db, { code: newCode(), slotId: slot.id, queueId: queue.id, hallId: first.id, itemId, userId: c.userId, status: 'booked' });
    bookings++;
  }

  // today's queue in the first hall, relative to now
  let tickets = 0;
  if (first && firstQueues.length) {
    const day = ctx.calendar.localDate(now);
    const windows = windowsByHall.get(first.slug) ?? [];
    const open = windows.slice(0, 6);
    for (const w of open) await repo.setWindowOpen(ctx.db, w.id, true);
    const counters = new Map<number, number>();
    const take = async (queue: repo.QueueRow, o: { minutesAgo: number; status: 'done' | 'serving' | 'called' | 'waiting'; window?: repo.WindowRow; group?: string; kind?: 'booked' | 'walkin' }) => {
      const n = await repo.nextNumber(ctx.db, queue.id, day);
      counters.set(queue.id, n);
      const created = new Date(now.getTime() - o.minutesAgo * MINUTE);
      const called = o.status === 'waiting' ? null : new Date(created.getTime() + Math.min(o.minutesAgo - 1, 12) * MINUTE);
      const started = o.status === 'done' || o.status === 'serving' ? new Date((called as Date).getTime() + MINUTE) : null;
      const finished = o.status === 'done' ? new Date((started as Date).getTime() + 7 * MINUTE) : null;
      await repo.insertTicket(ctx.db, {
        hallId: first.id,
        queueId: queue.id,
        day,
        label: `${queue.prefix}${String(n).padStart(3, '0')}`,
        token: randomBytes(16).toString('base64url'),
        kind: o.kind ?? 'walkin',
        priorityGroup: o.group ?? null,
        status: o.status,
        queuedAt: created,
        createdAt: created,
        calledAt: called,
        startedAt: started,
        finishedAt: finished,
        windowId: o.window?.id ?? null,
      });
      tickets++;
    };
    const windowFor = (q: repo.QueueRow) => open.find((w) => w.queueIds.includes(q.id)) ?? open.find((w) => w.queueIds.length === 0);
    for (const [qi, queue] of firstQueues.entries()) {
      for (let k = 0; k < 4; k++) await take(queue, { minutesAgo: 90 - k * 15 - qi * 3, status: 'done', window: windowFor(queue), kind: k % 2 ? 'booked' : 'walkin' });
      await take(queue, { minutesAgo: 25 - qi, status: qi % 2 ? 'called' : 'serving', window: windowFor(queue) });
      for (let k = 0; k < 3 + qi; k++) await take(queue, { minutesAgo: 20 - k * 3, status: 'waiting', kind: k === 0 ? 'booked' : 'walkin', group: k === 1 && qi === 1 ? 'laonian' : undefined });
    }
  }
  ctx.queueChanged(first?.id ?? -1);
  return { halls, slots, bookings, tickets };
}

function futureDays(ctx: AppointmentsContext, n: number): string[] {
  const today = ctx.calendar.localDate(ctx.clock.now());
  return Array.from({ length: n + 1 }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10));
}
