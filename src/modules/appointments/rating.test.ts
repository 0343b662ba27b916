/**
 * 好差评 after a hall service (issue 15 point 10): a booking served at the counter is opened for
 * rating in the same transaction, through the ratings face; a walk-in or a no-show is not. The
 * citizen's ticket, booking and "my bookings" pages link to the rating page; a bad rating opens
 * 整改 for the hall's department, as for applications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Services, createApp, createServices } from '../../app.js';
import { buildBookableHall, buildCitizens, buildStaff } from '../../../test/factories/index.js';
import { testConfig, testDatabase } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';
import { createAppointmentService } from './index.js';

let now = new Date('2026-03-04T02:00:00Z'); // Wednesday 10:00 in Shanghai
let services: Services;
let app: Awaited<ReturnType<typeof createApp>>;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await testDatabase();
  services = await createServices(testConfig({ loginRateLimit: 0 }, db.databaseUrl), db.database);
  services.appointments = createAppointmentService(db.database, {
    catalog: services.catalog,
    accounts: services.accounts,
    notify: services.notify,
    changes: services.changes,
    calendar: services.letters.calendar,
    publicUrl: 'http://localhost:3000',
    clock: { now: () => now },
    ratings: services.ratings,
  });
  app = await createApp(services);
  await app.ready();
  drop = async () => {
    await app.close();
    await services.close();
    await db.drop();
  };
}, 120_000);
afterAll(() => drop());

const appt = () => services.appointments;

/** A hall, two citizens booked into the 10:00 slot and checked in, a walk-in, and a hall manager. */
async function servedDay() {
  const h = await buildBookableHall({ catalog: services.catalog, appointments: appt() }, { seats: 10, minNoticeMinutes: 0 });
  const people = await buildCitizens(services, services.database, 2);
  const slot = (await appt().slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-04')).slots.find((s) => s.slot.startsAt.getTime() >= now.getTime())!.slot;
  const bookings = [];
  for (const c of people) bookings.push((await appt().book(c.principal, { slotId: slot.id, itemId: h.itemIds[0] as number })).booking);
  const tickets = [];
  for (const [i, c] of people.entries()) tickets.push(await appt().checkIn(c.principal, { code: bookings[i]!.code }, 'phone'));
  const walk = await appt().walkIn(h.hall.slug, { queueId: h.queue.id });
  const staff = await buildStaff(services, { role: 'hall_manager', department: h.department });
  return { ...h, people, bookings, tickets, walk, staff };
}

/** Call the next ticket at window 1 and finish it, or skip it (a second skip leaves it missed). */
async function serveNext(d: Awaited<ReturnType<typeof servedDay>>, how: 'finish' | 'skip') {
  const w = d.windows[0]!.id;
  const called = await appt().callNext(d.staff.principal, w);
  if (how === 'skip') return appt().counterAction(d.staff.principal, w, called.id, 'skip');
  await appt().counterAction(d.staff.principal, w, called.id, 'start');
  return appt().counterAction(d.staff.principal, w, called.id, 'finish', { itemId: d.itemIds[0] as number });
}

describe('rating a hall service', () => {
  it('opens a served booking for rating, only its citizen; a bad rating opens 整改 for the hall\'s department', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const d = await servedDay();
    const [first, second] = d.people;
    // the first booked ticket is called first
    const served = await serveNext(d, 'finish');
    expect(served.id).toBe(d.tickets[0]!.id);
    const view = await services.ratings.view(first!.principal, 'booking', d.bookings[0]!.code);
    expect(JSON.stringify(view)).toContain(d.bookings[0]!.code);
    // nobody else sees it; the second citizen's booking is not served yet, so not ratable
    await expect(services.ratings.view(second!.principal, 'booking', d.bookings[0]!.code)).rejects.toMatchObject({ status: 404 });
    await expect(services.ratings.view(second!.principal, 'booking', d.bookings[1]!.code)).rejects.toMatchObject({ status: 404 });

    // a bad rating: a rectification case for the hall's department, due in 15 working days
    await services.ratings.rate(first!.principal, { kind: 'booking', subjectRef: d.bookings[0]!.code, level: 'unsatisfied', reasons: ['rude'], comment: '窗口人员态度冷淡' });
    const handler = await buildStaff(services, { role: 'handler', department: d.department });
    const queue = await services.ratings.queue(handler.principal, 'open', { limit: 50, offset: 0 });
    expect(JSON.stringify(queue.rectifications)).toContain(d.bookings[0]!.code);
    // another department does not see it
    const other = await buildBookableHall({ catalog: services.catalog, appointments: appt() });
    const stranger = await buildStaff(services, { role: 'handler', department: other.department });
    expect(JSON.stringify((await services.ratings.queue(stranger.principal, 'open', { limit: 50, offset: 0 })).rectifications)).not.toContain(d.bookings[0]!.code);
  });

  it('offers no rating for a no-show or a walk-in', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const d = await servedDay();
    // the first booked ticket is not there: skipped, back behind the others; then missed
    await serveNext(d, 'skip');
    await serveNext(d, 'finish');
    const walk = await serveNext(d, 'finish');
    expect(walk.id).toBe(d.walk.id);
    const missed = await serveNext(d, 'skip');
    expect(missed.status).toBe('missed');
    const [owner] = d.people;
    expect((await appt().myBooking(owner!.principal, d.bookings[0]!.code)).booking.status).toBe('no_show');
    await expect(services.ratings.view(owner!.principal, 'booking', d.bookings[0]!.code)).rejects.toMatchObject({ status: 404 });
    expect((await appt().ticketView(d.walk.token)).rateUrl).toBeNull();
  });

  it('links the phone ticket, the booking and my bookings to the rating page once served', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const d = await servedDay();
    const [first] = d.people;
    const before = await app.inject({ url: `/queue/tickets/${d.tickets[0]!.token}` });
    expect(before.body).not.toContain('评价本次服务');
    await serveNext(d, 'finish');
    const rateUrl = `/me/ratings/booking/${d.bookings[0]!.code}`;
    const ticket = await app.inject({ url: `/queue/tickets/${d.tickets[0]!.token}` });
    expect(ticket.body).toContain('评价本次服务');
    expect(ticket.body).toContain(`href="${rateUrl}"`);

    const web = new WebClient(app);
    await web.get('/login');
    await web.post('/login', { identifier: first!.phone, password: 'factory2026' });
    expect(web.last.location).toBe('/me');
    expect((await web.get('/appointments/mine')).body).toContain(`href="${rateUrl}"`);
    expect((await web.get(`/appointments/bookings/${d.bookings[0]!.code}`)).body).toContain(`href="${rateUrl}"`);
    const page = await web.get(rateUrl);
    expect(page.status).toBe(200);
    expect(page.body).toContain(d.hall.name);
    // rate on the page, without JavaScript
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    await web.post(rateUrl, { _csrf: csrf, level: 'very_satisfied', reasons: ['courteous'], comment: '' });
    expect(web.last.status).toBe(303);
    expect((await web.get(rateUrl)).body).toContain('非常满意');
  });
});
