/**
 * Halls as appointments sees them: the catalogue's halls (through its face) with their queues,
 * windows, hours and exceptions; the slots the rules make; and what hall managers change —
 * a queue's rules, a slot's seats, a closure or an extra day.
 */
import { BadRequestError, ConflictError, NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { AppointmentsContext } from '../context.js';
import { type DirectoryHall, actorOf, recordAudit } from '../faces.js';
import type { ExceptionInput, RulesInput } from '../forms.js';
import { LIMITS } from '../model.js';
import { hallAbilities, requireHall } from '../policy.js';
import * as repo from '../repo.js';
import { type HallHours, addDays, bookableDays, dayOf, generationDays, slotsOfDay } from '../schedule.js';

export async function hallBySlug(ctx: AppointmentsContext, slug: string): Promise<DirectoryHall> {
  const hall = (await ctx.catalog.hallDirectory()).find((h) => h.slug === slug);
  if (!hall) throw new NotFoundError(t('appt.error.hallNotFound'));
  return hall;
}

export async function hallById(ctx: AppointmentsContext, id: number): Promise<DirectoryHall> {
  const hall = (await ctx.catalog.hallDirectory()).find((h) => h.id === id);
  if (!hall) throw new NotFoundError(t('appt.error.hallNotFound'));
  return hall;
}

export async function hallHours(ctx: AppointmentsContext, hallId: number): Promise<HallHours> {
  const today = ctx.calendar.localDate(ctx.clock.now());
  const [hours, exceptions] = await Promise.all([repo.hoursOf(ctx.db, hallId), repo.exceptionsOf(ctx.db, hallId, addDays(today, -1))]);
  const weekly = new Map<number, { opens: string; closes: string }[]>();
  for (const h of hours) weekly.set(h.weekday, [...(weekly.get(h.weekday) ?? []), { opens: h.opens, closes: h.closes }]);
  return { weekly, exceptions: new Map(exceptions.map((e) => [e.day, { kind: e.kind, opens: e.opens, closes: e.closes }])) };
}

const SETUP_MS = 5_000;

/**
 * A hall's queues and hours as the booking path reads them: kept 5 seconds (a rule or closure
 * changed in another process applies within that; in this one at once).
 */
export function hallSetupOf(ctx: AppointmentsContext, hallId: number): Promise<{ queues: repo.QueueRow[]; hours: HallHours }> {
  const now = Date.now();
  const hit = ctx.hallCache.get(hallId);
  if (hit && hit.until > now) return hit.value as Promise<{ queues: repo.QueueRow[]; hours: HallHours }>;
  const value = Promise.all([repo.queuesOf(ctx.db, hallId), hallHours(ctx, hallId)]).then(([queues, hours]) => ({ queues, hours }));
  value.catch(() => ctx.hallCache.delete(hallId));
  if (ctx.hallCache.size > 500) ctx.hallCache.clear();
  ctx.hallCache.set(hallId, { until: now + SETUP_MS, value });
  return value;
}

/** The queue that serves an item in a hall: the one listing it, else the hall's 综合 queue (no items listed). */
export const queueForItem = (queues: readonly repo.QueueRow[], itemId: number) =>
  queues.find((q) => q.itemIds.includes(itemId)) ?? queues.find((q) => q.itemIds.length === 0);

/** The items one can book in a hall: those the catalogue marks bookable that a queue serves. */
export function bookableItems(hall: DirectoryHall, queues: readonly repo.QueueRow[]) {
  return hall.items.filter((i) => i.appointment && queueForItem(queues, i.itemId));
}

/** Halls that take appointments (have a queue), for the public list. */
export async function appointmentHalls(ctx: AppointmentsContext) {
  const [directory, queues] = await Promise.all([ctx.catalog.hallDirectory(), repo.allQueues(ctx.db)]);
  return directory
    .map((hall) => ({ hall, queues: queues.filter((q) => q.hallId === hall.id) }))
    .filter((h) => h.queues.length > 0);
}

/** A hall's queues, windows, hours and the week ahead. */
export async function hallDetail(ctx: AppointmentsContext, slug: string) {
  const hall = await hallBySlug(ctx, slug);
  const [queues, windows, hours] = await Promise.all([repo.queuesOf(ctx.db, hall.id), repo.windowsOf(ctx.db, hall.id), hallHours(ctx, hall.id)]);
  const today = ctx.calendar.localDate(ctx.clock.now());
  const week = Array.from({ length: 14 }, (_, i) => addDays(today, i)).map((day) => ({ day, ...dayOf(ctx.calendar, hours, day) }));
  return { hall, queues, windows, hours, week, items: bookableItems(hall, queues) };
}

/** A slot and its hall, or undefined. */
export async function slotWithHall(ctx: AppointmentsContext, slotId: number) {
  const slot = await repo.findSlot(ctx.db, slotId);
  if (!slot) return undefined;
  return { slot, hall: await hallById(ctx, slot.hallId) };
}

export interface SlotChoice {
  slot: repo.SlotRow;
  seatsLeft: number;
  /** may be booked now (not past the minimum notice) */
  open: boolean;
}

/** The days and slots one may book for an item in a hall, with seats left. */
export async function slotsForItem(ctx: AppointmentsContext, slug: string, itemId: number, day?: string) {
  const hall = await hallBySlug(ctx, slug);
  const queues = await repo.queuesOf(ctx.db, hall.id);
  const item = bookableItems(hall, queues).find((i) => i.itemId === itemId);
  const queue = item && queueForItem(queues, itemId);
  if (!item || !queue) throw new NotFoundError(t('appt.error.itemNotHere'));
  const now = ctx.clock.now();
  const days = bookableDays(ctx.calendar, await hallHours(ctx, hall.id), queue, now);
  const chosen = day && days.includes(day) ? day : days[0];
  const slots = chosen ? await repo.slotsOf(ctx.db, queue.id, [chosen]) : [];
  const earliest = now.getTime() + queue.minNoticeMinutes * 60_000;
  const choices: SlotChoice[] = slots.map((slot) => ({ slot, seatsLeft: Math.max(0, slot.capacity - slot.booked), open: slot.startsAt.getTime() >= earliest }));
  return { hall, queue, item, days, day: chosen, slots: choices };
}

/**
 * Make the slots the rules call for, from today to the horizon (existing slots are kept as they
 * are, seats edited by hand included). Runs on the scheduler and after a rule changes.
 */
export async function generateSlots(ctx: AppointmentsContext, onlyHall?: number): Promise<number> {
  const now = ctx.clock.now();
  const queues = (await repo.allQueues(ctx.db)).filter((q) => onlyHall === undefined || q.hallId === onlyHall);
  const hoursOf = new Map<number, HallHours>();
  let made = 0;
  for (const q of queues) {
    let hours = hoursOf.get(q.hallId);
    if (!hours) {
      hours = await hallHours(ctx, q.hallId);
      hoursOf.set(q.hallId, hours);
    }
    const rows = generationDays(ctx.calendar, hours, q, now).flatMap((day) =>
      slotsOfDay(ctx.calendar, hours, day, q).map((s) => ({ queueId: q.id, hallId: q.hallId, day, startsAt: s.startsAt, endsAt: s.endsAt, capacity: q.seats })),
    );
    made += await repo.insertSlots(ctx.db, rows);
  }
  return made;
}

/** What a hall is set up with: weekly hours, its queues (with rules) and windows. */
export interface HallSetup {
  hours: { weekday: number; opens: string; closes: string }[];
  queues: (Partial<Omit<repo.QueueRow, 'id' | 'hallId' | 'version'>> & { prefix: string; name: string; itemIds: number[] })[];
  windows: { number: number; name: string; queues: string[]; open?: boolean }[];
}

/** Set a hall up (the demo, tests, an operator's script): hours replaced, queues and windows added. */
export async function setupHall(ctx: AppointmentsContext, slug: string, setup: HallSetup) {
  const hall = await hallBySlug(ctx, slug);
  return ctx.db.transaction(async (tx) => {
    await repo.replaceHours(tx, hall.id, setup.hours);
    const queues: repo.QueueRow[] = [];
    for (const [i, q] of setup.queues.entries()) queues.push(await repo.insertQueue(tx, { sort: i, ...q, hallId: hall.id }));
    const windows: repo.WindowRow[] = [];
    for (const w of setup.windows) {
      const queueIds = w.queues.map((p) => queues.find((q) => q.prefix === p)?.id).filter((x): x is number => x !== undefined);
      windows.push(await repo.insertWindow(tx, { hallId: hall.id, number: w.number, name: w.name, queueIds, open: w.open ?? false }));
    }
    return { hall, queues, windows };
  }).finally(() => ctx.hallCache.delete(hall.id));
}

export async function assignStaff(ctx: AppointmentsContext, userId: number, slug: string) {
  await repo.assignStaff(ctx.db, userId, (await hallBySlug(ctx, slug)).id);
}

// ---- staff ---------------------------------------------------------------------------------------

export async function assignedHalls(ctx: AppointmentsContext, p: Principal): Promise<number[]> {
  return repo.hallsOfStaff(ctx.db, p.userId);
}

/** Check the principal may `ability` in the hall; anything else is "not found". */
export async function guardHall(ctx: AppointmentsContext, p: Principal | undefined, hall: DirectoryHall, ability: 'manage' | 'counter') {
  const assigned = p ? await assignedHalls(ctx, p) : [];
  requireHall(p, hall, assigned, ability);
}

/** The halls the principal works in, and what they may do there. */
export async function staffHalls(ctx: AppointmentsContext, p: Principal) {
  const assigned = await assignedHalls(ctx, p);
  return (await appointmentHalls(ctx))
    .map((h) => ({ ...h, abilities: hallAbilities(p, h.hall, assigned) }))
    .filter((h) => h.abilities.manage || h.abilities.counter);
}

function checkRules(input: RulesInput) {
  const range = (v: number, r: { min: number; max: number }) => Number.isInteger(v) && v >= r.min && v <= r.max;
  if (!range(input.slotMinutes, LIMITS.slotMinutes)) throw new BadRequestError(t('appt.error.rules.slotMinutes'));
  if (!range(input.seats, LIMITS.seats)) throw new BadRequestError(t('appt.error.rules.seats'));
  if (!range(input.horizonDays, LIMITS.horizonDays)) throw new BadRequestError(t('appt.error.rules.horizon'));
  if (!range(input.minNoticeMinutes, LIMITS.minutes) || !range(input.cancelCutoffMinutes, LIMITS.minutes)) throw new BadRequestError(t('appt.error.rules.minutes'));
}

/** A hall manager changes a queue's rules; new slots follow them, booked ones keep theirs. */
export async function updateRules(ctx: AppointmentsContext, p: Principal, queueId: number, input: RulesInput) {
  const queue = await repo.findQueue(ctx.db, queueId);
  if (!queue) throw new NotFoundError(t('appt.error.hallNotFound'));
  await guardHall(ctx, p, await hallById(ctx, queue.hallId), 'manage');
  checkRules(input);
  const { version, ...set } = input;
  const updated = await ctx.db.transaction(async (tx) => {
    const row = await repo.updateQueueRules(tx, queueId, version, set);
    if (!row) throw new ConflictError(t('appt.error.changedMeanwhile'));
    await recordAudit(tx, actorOf(p), [
      { action: 'appointments.rules', entity: 'appt_queue', entityId: queueId, before: rulesOf(queue), after: rulesOf(row), departmentId: p.departmentId },
    ]);
    return row;
  });
  ctx.hallCache.delete(queue.hallId);
  await generateSlots(ctx, queue.hallId);
  return updated;
}

const rulesOf = (q: repo.QueueRow) => ({
  slotMinutes: q.slotMinutes,
  seats: q.seats,
  horizonDays: q.horizonDays,
  releaseTime: q.releaseTime,
  minNoticeMinutes: q.minNoticeMinutes,
  cancelCutoffMinutes: q.cancelCutoffMinutes,
});

/** The hall of a queue or a slot the principal manages (for the page to go back to); else "not found". */
export async function slugOfQueue(ctx: AppointmentsContext, p: Principal, queueId: number) {
  const queue = await repo.findQueue(ctx.db, queueId);
  if (!queue) throw new NotFoundError(t('appt.error.hallNotFound'));
  const hall = await hallById(ctx, queue.hallId);
  await guardHall(ctx, p, hall, 'manage');
  return hall.slug;
}

export async function slugOfSlot(ctx: AppointmentsContext, p: Principal, slotId: number) {
  const slot = await repo.findSlot(ctx.db, slotId);
  if (!slot) throw new NotFoundError(t('appt.error.slotNotFound'));
  const hall = await hallById(ctx, slot.hallId);
  await guardHall(ctx, p, hall, 'manage');
  return hall.slug;
}

/** A hall manager sets a slot's seats; never below the seats already booked. */
export async function setSlotSeats(ctx: AppointmentsContext, p: Principal, slotId: number, capacity: number) {
  const slot = await repo.findSlot(ctx.db, slotId);
  if (!slot) throw new NotFoundError(t('appt.error.slotNotFound'));
  await guardHall(ctx, p, await hallById(ctx, slot.hallId), 'manage');
  if (!Number.isInteger(capacity) || capacity < LIMITS.seats.min || capacity > LIMITS.seats.max) throw new BadRequestError(t('appt.error.rules.seats'));
  return ctx.db.transaction(async (tx) => {
    const row = await repo.setCapacity(tx, slotId, capacity);
    if (!row) throw new ConflictError(t('appt.error.belowBooked', { booked: (await repo.findSlot(tx, slotId))?.booked ?? 0 }));
    await recordAudit(tx, actorOf(p), [
      { action: 'appointments.seats', entity: 'appt_slot', entityId: slotId, before: { capacity: slot.capacity }, after: { capacity }, departmentId: p.departmentId },
    ]);
    return row;
  });
}

/** A closure or an extra opening day of a hall. */
export async function addException(ctx: AppointmentsContext, p: Principal, slug: string, input: ExceptionInput) {
  const hall = await hallBySlug(ctx, slug);
  await guardHall(ctx, p, hall, 'manage');
  const today = ctx.calendar.localDate(ctx.clock.now());
  if (input.day < today) throw new BadRequestError(t('appt.error.dayPast'));
  if (input.kind === 'open' && (!input.opens || !input.closes || input.opens >= input.closes)) throw new BadRequestError(t('appt.error.hoursOrder'));
  await ctx.db.transaction(async (tx) => {
    await repo.upsertException(tx, { hallId: hall.id, day: input.day, kind: input.kind, opens: input.kind === 'open' ? input.opens : null, closes: input.kind === 'open' ? input.closes : null, note: input.note });
    await recordAudit(tx, actorOf(p), [{ action: 'appointments.exception', entity: 'hall', entityId: hall.id, after: input, departmentId: p.departmentId }]);
  });
  ctx.hallCache.delete(hall.id);
  if (input.kind === 'open') await generateSlots(ctx, hall.id);
}

/** The day's slots and bookings of a hall, for its managers. */
export async function hallDay(ctx: AppointmentsContext, p: Principal, slug: string, day: string) {
  const hall = await hallBySlug(ctx, slug);
  await guardHall(ctx, p, hall, 'manage');
  const [queues, slots, exceptions] = await Promise.all([repo.queuesOf(ctx.db, hall.id), repo.slotsOfHallDay(ctx.db, hall.id, day), repo.exceptionsOf(ctx.db, hall.id, ctx.calendar.localDate(ctx.clock.now()))]);
  const bookings = await repo.bookingsOfSlots(ctx.db, slots.map((s) => s.id));
  return { hall, queues, slots, bookings, exceptions };
}
