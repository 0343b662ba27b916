/**
 * Booking on the real database (PGlite, or PostgreSQL with DATABASE_URL): exactly N bookings for
 * N seats under concurrent attempts, one active booking per person and item, the waiting list in
 * order, the no-show rule, the cut-off, and the .ics's stable UID and rising SEQUENCE.
 * The service runs on a clock of its own (a Wednesday, 10:00 in Shanghai) that the tests move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildBookableHall, buildCitizens } from '../../../test/factories/index.js';
import { testApp } from '../../../test/helpers.js';
import { createAppointmentService } from './index.js';
import { bookingIcs } from './ics.js';

let t: Awaited<ReturnType<typeof testApp>>;
let now = new Date('2026-03-04T02:00:00Z'); // Wednesday 10:00 Asia/Shanghai
let appt: ReturnType<typeof createAppointmentService>;

beforeAll(async () => {
  t = await testApp();
  const s = t.services;
  appt = createAppointmentService(t.db.database, {
    catalog: s.catalog,
    accounts: s.accounts,
    notify: s.notify,
    changes: s.changes,
    calendar: s.letters.calendar,
    publicUrl: 'http://localhost:3000',
    clock: { now: () => now },
  });
});
afterAll(() => t.close());

const slotsOf = async (slug: string, itemId: number, day?: string) => (await appt.slotsForItem(slug, itemId, day)).slots;

async function outbox(template: string) {
  const rows = await t.db.database.db.execute(sql`select recipient from outbox where template = ${template}`);
  return ((rows as unknown as { rows?: { recipient: string }[] }).rows ?? (rows as unknown as { recipient: string }[])).map((r) => r.recipient);
}

describe('seats', () => {
  it('gives exactly N bookings for N seats to concurrent attempts; the rest hear "full"', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt }, { seats: 5 });
    const people = await buildCitizens(t.services, t.db.database, 16);
    const [slot] = (await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05')).map((s) => s.slot);
    const results = await Promise.allSettled(people.map((c) => appt.book(c.principal, { slotId: slot!.id, itemId: h.itemIds[0] as number })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(5);
    expect(lost.every((r) => r.reason.code === 'slot_full' && r.reason.message.includes('已约满'))).toBe(true);
    const after = (await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05')).find((s) => s.slot.id === slot!.id);
    expect(after?.slot.booked).toBe(5);
    expect(after?.seatsLeft).toBe(0);
  });

  it('keeps one active booking per person and item; another item is fine', async () => {
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const slots = await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05');
    await appt.book(c.principal, { slotId: slots[0]!.slot.id, itemId: h.itemIds[0] as number });
    await expect(appt.book(c.principal, { slotId: slots[1]!.slot.id, itemId: h.itemIds[0] as number })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('同一事项只能保留一个预约') });
    await expect(appt.book(c.principal, { slotId: slots[1]!.slot.id, itemId: h.itemIds[1] as number })).resolves.toMatchObject({ created: true });
    expect((await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05'))[1]?.slot.booked).toBe(1);
  });

  it('refuses a slot in the past or within the minimum notice, and a day not yet released; changes nothing', async () => {
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt, }, { minNoticeMinutes: 60 });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const today = await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-04');
    const soon = today.find((s) => s.slot.startsAt.getTime() < now.getTime() + 3_600_000);
    expect(soon?.open).toBe(false);
    await expect(appt.book(c.principal, { slotId: soon!.slot.id, itemId: h.itemIds[0] as number })).rejects.toMatchObject({ status: 400, code: 'slot_past' });
    expect((await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-04')).find((s) => s.slot.id === soon!.slot.id)?.slot.booked).toBe(0);
    await expect(appt.book(c.principal, { slotId: 99_999_999, itemId: h.itemIds[0] as number })).rejects.toMatchObject({ status: 404 });
    await expect(appt.book(c.principal, { slotId: today.at(-1)!.slot.id, itemId: 99_999_999 })).rejects.toMatchObject({ status: 400, code: 'item_not_here' });
  });

  it('replays a booking for the same Idempotency-Key and refuses the key for another slot', async () => {
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const slots = await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05');
    const input = { slotId: slots[2]!.slot.id, itemId: h.itemIds[0] as number };
    const [a, b] = await Promise.all([appt.book(c.principal, input, 'key-1'), appt.book(c.principal, input, 'key-1')]);
    expect(a.booking.code).toBe(b.booking.code);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    await expect(appt.book(c.principal, { ...input, slotId: slots[3]!.slot.id }, 'key-1')).rejects.toMatchObject({ status: 422 });
  });
});

describe('the waiting list', () => {
  it('fills a freed seat in the order people joined, and tells that person', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt }, { seats: 1 });
    const [a, b, c] = await buildCitizens(t.services, t.db.database, 3);
    const slot = (await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-06'))[0]!.slot;
    const input = { slotId: slot.id, itemId: h.itemIds[0] as number };
    const first = await appt.book(a!.principal, input);
    await appt.joinWaitlist(b!.principal, input);
    await appt.joinWaitlist(c!.principal, input);
    await expect(appt.joinWaitlist(b!.principal, input)).rejects.toMatchObject({ status: 409 });
    await expect(appt.book(b!.principal, input)).rejects.toMatchObject({ code: 'slot_full' });

    await appt.cancel(a!.principal, first.booking.code);
    const bMine = await appt.myBookings(b!.principal);
    expect(bMine.bookings).toHaveLength(1);
    expect(bMine.bookings[0]?.booking).toMatchObject({ status: 'booked', fromWaitlist: true, slotId: slot.id });
    expect(await outbox('booking-from-waitlist')).toContain(String(b!.id));
    const cMine = await appt.myBookings(c!.principal);
    expect(cMine.bookings).toHaveLength(0);
    expect(cMine.waits[0]?.place).toBe(1);

    await appt.cancel(b!.principal, bMine.bookings[0]!.booking.code);
    expect((await appt.myBookings(c!.principal)).bookings[0]?.booking.status).toBe('booked');
    expect((await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-06'))[0]?.slot.booked).toBe(1);
  });
});

describe('cancel, reschedule and the calendar file', () => {
  it('bumps the SEQUENCE on each change and keeps the UID; refuses after the cut-off', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt }, { cancelCutoffMinutes: 120 });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const slots = await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05');
    const booked = await appt.book(c.principal, { slotId: slots[0]!.slot.id, itemId: h.itemIds[0] as number });
    const ics = (code: string) => appt.bookingForCalendar(code).then((x) => bookingIcs({ ...x, host: 'yimen.test', url: 'u', summary: 's', description: 'd' }));
    const before = await ics(booked.booking.code);
    expect(before).toContain(`UID:booking-${booked.booking.id}@yimen.test`);
    expect(before).toContain('SEQUENCE:0');
    await appt.reschedule(c.principal, booked.booking.code, slots[1]!.slot.id);
    const after = await ics(booked.booking.code);
    expect(after).toContain(`UID:booking-${booked.booking.id}@yimen.test`);
    expect(after).toContain('SEQUENCE:1');
    expect((await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05'))[0]?.slot.booked).toBe(0);

    now = new Date(slots[1]!.slot.startsAt.getTime() - 60 * 60_000); // an hour before: past the 2-hour cut-off
    await expect(appt.cancel(c.principal, booked.booking.code)).rejects.toMatchObject({ status: 400, code: 'past_cutoff' });
    now = new Date('2026-03-04T02:00:00Z');
    await appt.cancel(c.principal, booked.booking.code);
    expect(await ics(booked.booking.code)).toMatch(/SEQUENCE:2[\s\S]*STATUS:CANCELLED/);
    // a forged code or someone else's booking: not found
    const other = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    await expect(appt.cancel(other.principal, booked.booking.code)).rejects.toMatchObject({ status: 404 });
    await expect(appt.cancel(c.principal, 'ZZZZZZZZZZ')).rejects.toMatchObject({ status: 404 });
  });
});

describe('the no-show rule', () => {
  it('blocks new bookings for 30 days after 3 no-shows within 90 days', async () => {
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt }, { horizonDays: 10 });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const item = h.itemIds[0] as number;
    const missed = ['2026-03-05', '2026-03-10', '2026-03-16'];
    for (const day of missed) {
      now = new Date(`${day}T00:00:00Z`); // 08:00 local, same day
      const slot = (await slotsOf(h.hall.slug, item, day)).find((s) => s.open)!.slot;
      await appt.book(c.principal, { slotId: slot.id, itemId: item });
      now = new Date(slot.endsAt.getTime() + 31 * 60_000);
      expect(await appt.markNoShows()).toBeGreaterThanOrEqual(1);
    }
    await appt.generateSlots(h.hall.id);
    const slot = (await slotsOf(h.hall.slug, item)).find((s) => s.open)!.slot;
    await expect(appt.book(c.principal, { slotId: slot.id, itemId: item })).rejects.toMatchObject({ status: 403, code: 'blocked' });
    const until = await appt.blockedUntil(c.id);
    expect(until && t.services.letters.calendar.localDate(until)).toBe('2026-04-15');

    now = new Date('2026-04-16T01:00:00Z'); // the block is over
    await appt.generateSlots(h.hall.id);
    const later = (await slotsOf(h.hall.slug, item)).find((s) => s.open)!.slot;
    await expect(appt.book(c.principal, { slotId: later.id, itemId: item })).resolves.toMatchObject({ created: true });
  });

  it('a configured rule counts its own way: 1 no-show blocks 2 days', async () => {
    const s = t.services;
    const strict = createAppointmentService(t.db.database, {
      catalog: s.catalog,
      accounts: s.accounts,
      notify: s.notify,
      changes: s.changes,
      calendar: s.letters.calendar,
      publicUrl: 'http://localhost:3000',
      clock: { now: () => now },
      noShowRule: { limit: 1, windowDays: 90, blockDays: 2 },
    });
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: strict });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const slot = (await strict.slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-04')).slots.find((x) => x.open)!.slot;
    await strict.book(c.principal, { slotId: slot.id, itemId: h.itemIds[0] as number });
    now = new Date(slot.endsAt.getTime() + 31 * 60_000);
    await strict.markNoShows();
    expect(await strict.blockedUntil(c.id)).toBeInstanceOf(Date);
    now = new Date(slot.startsAt.getTime() + 3 * 86_400_000);
    expect(await strict.blockedUntil(c.id)).toBeUndefined();
  });
});

describe('reminders', () => {
  it('reminds each booking of tomorrow once', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildBookableHall({ catalog: t.services.catalog, appointments: appt });
    const c = (await buildCitizens(t.services, t.db.database, 1))[0]!;
    const slot = (await slotsOf(h.hall.slug, h.itemIds[0] as number, '2026-03-05'))[4]!.slot;
    await appt.book(c.principal, { slotId: slot.id, itemId: h.itemIds[0] as number });
    expect(await appt.sendReminders()).toBeGreaterThanOrEqual(1);
    expect(await appt.sendReminders()).toBe(0);
    expect(await outbox('booking-reminder')).toContain(String(c.id));
  });
});
