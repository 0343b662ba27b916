/**
 * The hall managers' back office on the real database, through the operations and over HTTP:
 * windows (add, change queues, close; a taken number refused), weekly hours (slots follow; bad
 * input refused in Chinese, nothing changed), exceptions removed, the holiday calendar, the day's
 * bookings filtered with their check-in state, seats never below those booked (the database
 * refuses too), and the report (by day, item, window; CSV; charts). Another hall is "not found".
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Services, createApp, createServices } from '../../app.js';
import { buildBookableHall, buildCitizens, buildStaff } from '../../../test/factories/index.js';
import { testConfig, testDatabase } from '../../../test/helpers.js';
import { staffWeb } from '../../../test/web.js';
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

async function managedHall() {
  const h = await buildBookableHall({ catalog: services.catalog, appointments: appt() }, { seats: 10, minNoticeMinutes: 0, cancelCutoffMinutes: 0 });
  const manager = await buildStaff(services, { role: 'hall_manager', department: h.department });
  return { ...h, manager };
}

describe('windows, hours and exceptions', () => {
  it('adds a window for some queues, changes it, closes it; a taken number or another hall is refused', async () => {
    const h = await managedHall();
    const w = await appt().addWindow(h.manager.principal, h.hall.slug, { number: 5, name: '社保专窗', queueIds: [h.queue.id] });
    expect(w).toMatchObject({ number: 5, name: '社保专窗', queueIds: [h.queue.id], open: false });
    await expect(appt().addWindow(h.manager.principal, h.hall.slug, { number: 5, name: '重复', queueIds: [] })).rejects.toMatchObject({ status: 400, code: 'number_taken' });
    const changed = await appt().editWindow(h.manager.principal, w.id, { number: 6, name: '综合窗口', queueIds: [] });
    expect(changed).toMatchObject({ number: 6, queueIds: [] });
    await appt().setWindowOpen(h.manager.principal, w.id, true);
    await appt().closeWindow(h.manager.principal, w.id);
    expect((await appt().hallWindows(h.manager.principal, h.hall.slug)).windows.find((x) => x.id === w.id)?.open).toBe(false);

    const other = await managedHall();
    await expect(appt().editWindow(other.manager.principal, w.id, { number: 7, name: 'x', queueIds: [] })).rejects.toMatchObject({ status: 404 });
    await expect(appt().addWindow(other.manager.principal, h.hall.slug, { number: 9, name: 'x', queueIds: [] })).rejects.toMatchObject({ status: 404 });
    // another hall's queue cannot be given to this hall's window
    await expect(appt().editWindow(h.manager.principal, w.id, { number: 6, name: '综合窗口', queueIds: [other.queue.id] })).rejects.toMatchObject({ status: 400 });
    const clerk = await buildStaff(services, { role: 'handler', department: h.department });
    await expect(appt().hallWindows(clerk.principal, h.hall.slug)).rejects.toMatchObject({ status: 404 });
  });

  it('sets the weekly hours (slots follow), removes an exception, and shows the holiday calendar', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await managedHall();
    const saturday = '2026-03-07';
    expect((await appt().slotsForItem(h.hall.slug, h.itemIds[0] as number, saturday)).days).not.toContain(saturday);
    await appt().setHours(h.manager.principal, h.hall.slug, {
      hours: [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '12:00' })),
    });
    const week = await appt().slotsForItem(h.hall.slug, h.itemIds[0] as number, saturday);
    expect(week.days).toContain(saturday);
    expect(week.slots.length).toBe(6);

    await appt().addException(h.manager.principal, h.hall.slug, { day: '2026-03-09', kind: 'closed', note: '设备检修' });
    const view = await appt().hallHoursView(h.manager.principal, h.hall.slug);
    const ex = view.exceptions.find((e) => e.day === '2026-03-09')!;
    await appt().removeException(h.manager.principal, h.hall.slug, ex.id);
    expect((await appt().hallHoursView(h.manager.principal, h.hall.slug)).exceptions.some((e) => e.day === '2026-03-09')).toBe(false);
    await expect(appt().removeException(h.manager.principal, h.hall.slug, ex.id)).rejects.toMatchObject({ status: 404 });
    // 清明节 2026 (April 4–6) is within 90 days of March 4
    expect(view.calendar.some((c) => c.kind === 'holiday' && c.day === '2026-04-06')).toBe(true);
  });

  it('keeps seats at or above those booked: the operation refuses, and so does the database', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await managedHall();
    const [c] = await buildCitizens(services, services.database, 1);
    const slot = (await appt().slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-05')).slots[0]!.slot;
    await appt().book(c!.principal, { slotId: slot.id, itemId: h.itemIds[0] as number });
    await expect(appt().setSlotSeats(h.manager.principal, slot.id, 0)).rejects.toMatchObject({ status: 409 });
    await expect(services.database.db.execute(sql`update appt_slots set capacity = 0 where id = ${slot.id}`)).rejects.toThrow();
    expect((await appt().setSlotSeats(h.manager.principal, slot.id, 1)).capacity).toBe(1);
  });
});

describe('the day and the report', () => {
  it('lists the day\'s bookings with their check-in state and reports bookings, no-shows, wait and service time', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await managedHall();
    const people = await buildCitizens(services, services.database, 3);
    const slot = (await appt().slotsForItem(h.hall.slug, h.itemIds[0] as number, '2026-03-04')).slots.find((s) => s.slot.startsAt.getTime() >= now.getTime())!.slot;
    const bookings: Awaited<ReturnType<Services['appointments']['book']>>['booking'][] = [];
    for (const c of people) bookings.push((await appt().book(c.principal, { slotId: slot.id, itemId: h.itemIds[0] as number })).booking);
    const [a, b] = [await appt().checkIn(people[0]!.principal, { code: bookings[0]!.code }, 'phone'), await appt().checkIn(people[1]!.principal, { code: bookings[1]!.code }, 'phone')];
    await appt().cancel(people[2]!.principal, bookings[2]!.code);
    const w = h.windows[0]!.id;
    now = new Date('2026-03-04T02:10:00Z');
    await appt().callNext(h.manager.principal, w); // a
    await appt().counterAction(h.manager.principal, w, a.id, 'start');
    now = new Date('2026-03-04T02:16:00Z');
    await appt().counterAction(h.manager.principal, w, a.id, 'finish', { itemId: h.itemIds[0] as number });
    await appt().callNext(h.manager.principal, w); // b
    await appt().counterAction(h.manager.principal, w, b.id, 'skip');
    await appt().callNext(h.manager.principal, w);
    await appt().counterAction(h.manager.principal, w, b.id, 'skip'); // missed → no-show

    const day = await appt().hallDay(h.manager.principal, h.hall.slug, '2026-03-04');
    const all = await appt().dayBookings(h.hall.id, day.slots, {});
    expect(all.total).toBe(3);
    expect(all.bookings.find((x) => x.booking.id === bookings[0]!.id)?.ticket?.label).toBe('A001');
    expect(all.bookings.find((x) => x.booking.id === bookings[2]!.id)?.ticket).toBeUndefined();
    const noShows = await appt().dayBookings(h.hall.id, day.slots, { status: 'no_show' });
    expect(noShows.bookings.map((x) => x.booking.code)).toEqual([bookings[1]!.code]);

    const r = await appt().hallReport(h.manager.principal, h.hall.slug, { from: '2026-03-02', to: '2026-03-06' });
    expect(r.days.map((d) => d.key)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    const wed = r.days[2]!;
    expect(wed).toMatchObject({ bookings: 2, served: 1, noShows: 1, cancelled: 1, noShowRate: 50, tickets: 2, serviceMinutes: 6 });
    expect(r.total).toMatchObject({ bookings: 2, served: 1, noShows: 1 });
    expect(r.items[0]).toMatchObject({ key: String(h.itemIds[0]), bookings: 2 });
    expect(r.windows.find((x) => x.key === String(w))).toMatchObject({ served: 1, noShows: 1 });
    await expect(appt().hallReport(h.manager.principal, h.hall.slug, { from: '2026-03-06', to: '2026-03-02' })).rejects.toMatchObject({ status: 400 });
    await expect(appt().hallReport(h.manager.principal, h.hall.slug, { from: '2025-01-01', to: '2026-03-02' })).rejects.toMatchObject({ status: 400 });
    const other = await managedHall();
    await expect(appt().hallReport(other.manager.principal, h.hall.slug, { from: '2026-03-02', to: '2026-03-06' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('over HTTP', () => {
  it('serves the pages, the charts and the CSV to the hall\'s manager; bad input is a Chinese 4xx, nothing changed; another hall is "not found"', async () => {
    now = new Date('2026-03-04T02:00:00Z');
    const h = await managedHall();
    const web = await staffWeb(app, h.manager.username, h.manager.password);
    const office = `/admin/appointments/halls/${h.hall.slug}`;
    for (const url of [office, `${office}/windows`, `${office}/hours`, `${office}/reports`, `${office}/reports?from=2026-03-01&to=2026-03-04`, `${office}?day=2026-03-04&item=${h.itemIds[0]}&status=booked`]) {
      const r = await web.get(url);
      expect(r.status, url).toBe(200);
    }
    expect((await web.get(`${office}/hours`)).body).toContain('清明节');
    const report = await web.get(`${office}/reports?from=2026-03-01&to=2026-03-04`);
    expect(report.body).toContain('按窗口');
    expect(report.body).toContain('reports/bookings.svg?from=2026-03-01&amp;to=2026-03-04');
    const svg = await web.get(`${office}/reports/bookings.svg?from=2026-03-01&to=2026-03-04`);
    expect(svg.status).toBe(200);
    expect(svg.body).toContain('<svg');
    const csv = await web.get(`${office}/reports.csv?from=2026-03-01&to=2026-03-04`);
    expect(csv.status).toBe(200);
    expect(csv.body).toContain('维度,名称,预约数');
    expect(csv.body).toContain('2026-03-04');

    const badPeriod = await web.get(`${office}/reports?from=2026-03-09&to=2026-03-01`);
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body).toContain('开始日期不能晚于结束日期');
    const noSuchDay = await web.get(`${office}/reports?from=2026-02-30&to=2026-03-01`);
    expect(noSuchDay.status).toBe(400);
    expect(noSuchDay.body).toContain('日期不存在');
    expect((await web.get(`${office}/reports?from=x`)).status).toBe(400);

    await web.get(`${office}/windows`);
    await web.post(`${office}/windows`, { number: '8', name: '不动产专窗', queueIds: [String(h.queue.id)] });
    expect(web.last.status).toBe(303);
    await web.get(`${office}/windows`);
    await web.post(`${office}/windows`, { number: '8', name: '重复的窗口', queueIds: [] });
    expect(web.last.status).toBe(400);
    expect(web.last.body).toContain('本厅已有 8 号窗口');
    await web.get(`${office}/windows`);
    await web.post(`${office}/windows`, { number: 'x', name: '', queueIds: [] });
    expect(web.last.status).toBe(400);
    await web.get(`${office}/windows`);
    await web.post(`${office}/windows`, { number: '9', name: '\u0000', queueIds: [] });
    expect(web.last.status).toBe(400);
    expect((await appt().hallWindows(h.manager.principal, h.hall.slug)).windows.map((w) => w.number)).toEqual([1, 2, 8]);

    const before = (await appt().hallHoursView(h.manager.principal, h.hall.slug)).hours.length;
    await web.get(`${office}/hours`);
    await web.post(`${office}/hours`, { day1: '09:00-12:00, 11:00-17:00', day2: '09:00-17:00' });
    expect(web.last.status).toBe(400);
    expect(web.last.body).toContain('星期一的时间段有误');
    await web.get(`${office}/hours`);
    await web.post(`${office}/hours`, { day1: '九点到五点' });
    expect(web.last.status).toBe(400);
    expect(web.last.body).toContain('看不懂');
    expect((await appt().hallHoursView(h.manager.principal, h.hall.slug)).hours.length).toBe(before);
    await web.get(`${office}/hours`);
    await web.post(`${office}/hours`, { day1: '09:00－12:00，13:30-17:00', day2: '9:00-12:00' });
    expect(web.last.status).toBe(303);
    expect((await appt().hallHoursView(h.manager.principal, h.hall.slug)).hours.map((x) => `${x.weekday} ${x.opens}-${x.closes}`)).toEqual(['1 09:00-12:00', '1 13:30-17:00', '2 09:00-12:00']);

    // another hall's manager: every page and change is "not found"
    const other = await managedHall();
    const stranger = await staffWeb(app, other.manager.username, other.manager.password);
    for (const url of [`${office}/windows`, `${office}/hours`, `${office}/reports`, `${office}/reports.csv`, `${office}/reports/times.svg`]) expect((await stranger.get(url)).status, url).toBe(404);
    await stranger.get(`/admin/appointments/halls/${other.hall.slug}/windows`);
    await stranger.post(`/admin/appointments/windows/${h.windows[0]!.id}/edit`, { number: '1', name: 'x' });
    expect(stranger.last.status).toBe(404);
    await stranger.post(`${office}/hours`, { day1: '' });
    expect(stranger.last.status).toBe(404);
  });
});
