/**
 * The hall's day on the real database, through the operations and over HTTP: check-in rules
 * (today only, within the window, forged codes), call order (green channel, booked, walk-in),
 * skip once then missed, transfer, finish; isolation between halls; the API's refusals (never a
 * 5xx); the pages; and a live event reaching a listener. The app runs on a clock of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Services, createApp, createServices } from '../../app.js';
import { buildBookableHall, buildCitizens, buildStaff } from '../../../test/factories/index.js';
import { testConfig, testDatabase } from '../../../test/helpers.js';
import { createAppointmentService } from './index.js';

let now = new Date('2026-03-04T02:00:00Z'); // Wednesday 10:00 in Shanghai
let services: Services;
let app: Awaited<ReturnType<typeof createApp>>;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await testDatabase();
  services = await createServices(testConfig({}, db.databaseUrl), db.database);
  // the composition root's one-line swap: appointments on the test's clock
  services.appointments = createAppointmentService(db.database, {
    catalog: services.catalog,
    accounts: services.accounts,
    notify: services.notify,
    changes: services.changes,
    calendar: services.letters.calendar,
    publicUrl: 'http://localhost:3000',
    clock: { now: () => now },
  });
  app = await createApp(services);
  await app.ready();
  drop = async () => {
    await app.close();
    await services.close();
    await db.drop();
  };
});
afterAll(() => drop());

const appt = () => services.appointments;

async function hallWithBookings(n: number, o: Parameters<typeof buildBookableHall>[1] = {}) {
  const h = await buildBookableHall({ catalog: services.catalog, appointments: appt() }, { seats: 10, minNoticeMinutes: 0, ...o });
  const people = await buildCitizens(services, services.database, n);
  const slot = (await appt().slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-04')).slots.find((s) => s.slot.startsAt.getTime() >= now.getTime())!.slot;
  const bookings = [];
  for (const c of people) bookings.push((await appt().book(c.principal, { slotId: slot.id, itemId: h.itemIds[0] as number })).booking);
  return { ...h, people, slot, bookings };
}

describe('taking a ticket', () => {
  it('checks in on the phone within the slot window, once; refuses too early, another day, a forged code', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await hallWithBookings(1);
    const [c] = h.people;
    // the slot starts at 10:00 (now): check-in opens 30 minutes before
    const ticket = await appt().checkIn(c!.principal, { code: h.bookings[0]!.code }, 'phone');
    expect(ticket.label).toBe('A001');
    expect((await appt().checkIn(c!.principal, { code: h.bookings[0]!.code }, 'phone')).id).toBe(ticket.id);
    await expect(appt().checkIn(c!.principal, { code: 'ABCDEFGHJK' }, 'phone')).rejects.toMatchObject({ status: 404 });
    const [stranger] = await buildCitizens(services, services.database, 1);
    await expect(appt().checkIn(stranger!.principal, { code: h.bookings[0]!.code }, 'phone')).rejects.toMatchObject({ status: 404 });

    const tomorrow = (await appt().slotsForItem(h.hall.slug, h.itemIds[1] as number, '2026-03-05')).slots[0]!.slot;
    const later = await appt().book(c!.principal, { slotId: tomorrow.id, itemId: h.itemIds[1] as number });
    await expect(appt().checkIn(c!.principal, { code: later.booking.code }, 'phone')).rejects.toMatchObject({ status: 400, code: 'not_today' });
    const afternoon = (await appt().slotsForItem(h.hall.slug, h.itemIds[1] as number, '2026-03-04')).slots.at(-1)!.slot;
    const [d] = await buildCitizens(services, services.database, 1);
    const pm = await appt().book(d!.principal, { slotId: afternoon.id, itemId: h.itemIds[1] as number });
    await expect(appt().checkIn(d!.principal, { code: pm.booking.code }, 'phone')).rejects.toMatchObject({ status: 400, code: 'too_early' });
    // at another hall's kiosk the code is "not found"
    const other = await buildBookableHall({ catalog: services.catalog, appointments: appt() });
    await expect(appt().checkIn(undefined, { code: pm.booking.code }, 'kiosk', other.hall.id)).rejects.toMatchObject({ status: 404 });
  });

  it('calls the green channel first, then booked, then walk-ins; a skipped number comes back once', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await hallWithBookings(2);
    const staff = await buildStaff(services, { role: 'hall_manager', department: h.department });
    const walk1 = await appt().walkIn(h.hall.slug, { queueId: h.queue.id });
    const booked = await appt().checkIn(h.people[0]!.principal, { code: h.bookings[0]!.code }, 'phone');
    const elder = await appt().walkIn(h.hall.slug, { queueId: h.queue.id, priorityGroup: 'laonian' });
    const booked2 = await appt().checkIn(undefined, { code: h.bookings[1]!.code }, 'kiosk', h.hall.id);
    const view = await appt().ticketView(walk1.token);
    expect(view.position).toBe(4);

    const w = h.windows[0]!.id;
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const called = await appt().callNext(staff.principal, w);
      order.push(called.label);
      await expect(appt().callNext(staff.principal, w)).rejects.toMatchObject({ status: 409 });
      if (called.id === booked.id) {
        // not there: skipped once, back in the queue behind those waiting
        await appt().counterAction(staff.principal, w, called.id, 'skip');
        continue;
      }
      await appt().counterAction(staff.principal, w, called.id, 'start');
      await appt().counterAction(staff.principal, w, called.id, 'finish', { itemId: h.itemIds[0] as number });
    }
    expect(order).toEqual([elder.label, booked.label, booked2.label, walk1.label]);
    // the skipped one is called again last; a second skip leaves it missed and the booking a no-show
    const again = await appt().callNext(staff.principal, w);
    expect(again.id).toBe(booked.id);
    expect((await appt().counterAction(staff.principal, w, again.id, 'skip')).status).toBe('missed');
    expect((await appt().myBooking(h.people[0]!.principal, h.bookings[0]!.code)).booking.status).toBe('no_show');
    expect((await appt().myBooking(h.people[1]!.principal, h.bookings[1]!.code)).booking.status).toBe('served');
    await expect(appt().callNext(staff.principal, w)).rejects.toMatchObject({ status: 400, code: 'queue_empty' });
  });

  it('keeps staff to their hall: another hall\'s window or ticket is "not found"', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const a = await buildBookableHall({ catalog: services.catalog, appointments: appt() });
    const b = await buildBookableHall({ catalog: services.catalog, appointments: appt() });
    const ofA = await buildStaff(services, { role: 'hall_manager', department: a.department });
    const handler = await buildStaff(services, { role: 'handler', department: a.department });
    const ticket = await appt().walkIn(a.hall.slug, { queueId: a.queue.id });
    await expect(appt().callNext(ofA.principal, b.windows[0]!.id)).rejects.toMatchObject({ status: 404 });
    await expect(appt().callNext(handler.principal, a.windows[0]!.id)).rejects.toMatchObject({ status: 404 });
    const called = await appt().callNext(ofA.principal, a.windows[0]!.id);
    expect(called.id).toBe(ticket.id);
    // a ticket of hall A acted on through a window of hall B, by B's own manager
    const ofB = await buildStaff(services, { role: 'hall_manager', department: b.department });
    await expect(appt().counterAction(ofB.principal, b.windows[0]!.id, ticket.id, 'start')).rejects.toMatchObject({ status: 404 });
    await expect(appt().transfer(ofA.principal, a.windows[0]!.id, ticket.id, { queueId: b.queue.id })).rejects.toMatchObject({ status: 404 });
    await expect(appt().setSlotSeats(ofB.principal, (await appt().slotsForItem(a.hall.slug, a.itemIds[0] as number)).slots[0]!.slot.id, 9)).rejects.toMatchObject({ status: 404 });
    // an assignment narrows a manager to that hall even within the department
    await appt().assignStaff(ofA.id, a.hall.slug);
    const sibling = await buildBookableHall({ catalog: services.catalog, appointments: appt() }, { department: a.department });
    await expect(appt().callNext(ofA.principal, sibling.windows[0]!.id)).rejects.toMatchObject({ status: 404 });
  });

  it('lets a manager change seats but never below those booked', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await hallWithBookings(3);
    const m = await buildStaff(services, { role: 'hall_manager', department: h.department });
    await expect(appt().setSlotSeats(m.principal, h.slot.id, 2)).rejects.toMatchObject({ status: 409 });
    expect((await appt().setSlotSeats(m.principal, h.slot.id, 3)).capacity).toBe(3);
  });
});

describe('over HTTP', () => {
  it('serves the hall pages, the board, the kiosk, the status and the API; bad input is a 4xx, never a 5xx', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await hallWithBookings(1);
    for (const url of ['/appointments', `/appointments/halls/${h.hall.slug}`, `/appointments/halls/${h.hall.slug}/items/${h.itemIds[0]}`, `/appointments/halls/${h.hall.slug}/kiosk`, `/appointments/halls/${h.hall.slug}/board`, `/appointments/halls/${h.hall.slug}/status`]) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
    }
    const status = await app.inject({ url: `/api/v1/halls/${h.hall.slug}/status` });
    expect(status.json()).toMatchObject({ hall: { slug: h.hall.slug }, queues: [{ prefix: 'A' }] });
    const slots = await app.inject({ url: `/api/v1/halls/${h.hall.slug}/slots?item=${h.itemIds[0]}&day=2026-03-05` });
    expect(slots.json().slots[0]).toMatchObject({ seats: 10, seatsLeft: 10, bookable: true });
    expect((await app.inject({ url: '/api/v1/halls' })).json().total).toBeGreaterThan(0);
    const ics = await app.inject({ url: `/api/v1/bookings/${h.bookings[0]!.code}/calendar.ics` });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('BEGIN:VEVENT');

    const bad = [
      { method: 'GET' as const, url: `/api/v1/halls/${h.hall.slug}/slots?item=abc` },
      { method: 'GET' as const, url: `/api/v1/halls/${h.hall.slug}/slots?item=99999999999999999999` },
      { method: 'GET' as const, url: '/api/v1/halls/no-such-hall/status' },
      { method: 'GET' as const, url: '/api/v1/bookings/<script>/calendar.ics' },
      { method: 'GET' as const, url: '/api/v1/tickets/forged-token-000000' },
      { method: 'POST' as const, url: '/api/v1/bookings', payload: { slotId: h.slot.id, itemId: h.itemIds[0] } },
      { method: 'POST' as const, url: `/api/v1/halls/${h.hall.slug}/tickets`, payload: { queueId: 'x' } },
      { method: 'POST' as const, url: `/api/v1/halls/${h.hall.slug}/tickets`, payload: { queueId: 99999999 } },
      { method: 'POST' as const, url: '/api/v1/staff/windows/1/call', payload: {} },
    ];
    for (const b of bad) {
      const r = await app.inject(b);
      expect(r.statusCode, b.url).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, b.url).toBeLessThan(500);
      expect(r.json().error.message, b.url).toMatch(/[\u4e00-\u9fff]/);
    }
    const page = await app.inject({ url: '/appointments/halls/no-such/kiosk' });
    expect(page.statusCode).toBe(404);
    const docs = await app.inject({ url: '/api/docs/json' });
    if (docs.statusCode === 200) expect(JSON.stringify(docs.json())).toContain('/api/v1/bookings');
  });

  it('takes a walk-in ticket at the kiosk without JavaScript and shows it; the live stream hears the call', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await buildBookableHall({ catalog: services.catalog, appointments: appt() });
    const form = await app.inject({ url: `/appointments/halls/${h.hall.slug}/kiosk` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] as string;
    const cookie = String(form.headers['set-cookie']).split(';')[0] as string;
    const taken = await app.inject({ method: 'POST', url: `/appointments/halls/${h.hall.slug}/kiosk/walk-in`, headers: { cookie }, payload: { _csrf: csrf, queueId: String(h.queue.id) } });
    expect(taken.statusCode).toBe(303);
    const ticketPage = await app.inject({ url: taken.headers.location as string });
    expect(ticketPage.body).toContain('A001');
    expect(ticketPage.body).toContain('下一个就是您');
    const forged = await app.inject({ method: 'POST', url: `/appointments/halls/${h.hall.slug}/kiosk/check-in`, headers: { cookie }, payload: { _csrf: csrf, code: 'ZZZZZZZZZZ' } });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('预约码不正确');

    const token = (taken.headers.location as string).split('/').pop() as string;
    const heard: string[] = [];
    const stop = appt().live.watch(h.hall.id, (b) => heard.push(b.calls.map((c) => `${c.label}@${c.window}`).join(',')));
    const staff = await buildStaff(services, { role: 'hall_manager', department: h.department });
    await appt().callNext(staff.principal, h.windows[1]!.id);
    for (let i = 0; i < 50 && !heard.some((x) => x.includes('A001@2')); i++) await new Promise((r) => setTimeout(r, 20));
    stop();
    expect(heard.some((x) => x.includes('A001@2'))).toBe(true);
    expect((await appt().ticketView(token)).window).toBe(2);
  });
});
