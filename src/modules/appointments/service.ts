/**
 * The appointments' face: the operations bound to one context, the live hub, the scheduler's
 * work (slots ahead, reminders, no-shows) and the demo.
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { type AppointmentServiceDeps, createAppointmentsContext } from './context.js';
import type { HoursInput, ReportQuery, WindowInput } from './office-forms.js';
import type { BookingInput, CheckInInput, ExceptionInput, RulesInput, TransferInput, WalkInInput } from './forms.js';
import { createLiveHub } from './live.js';
import * as booking from './operations/booking.js';
import * as halls from './operations/halls.js';
import * as office from './operations/office.js';
import * as queue from './operations/queue.js';
import { type SeedPeople, seedDemo } from './operations/seed.js';

export type { AppointmentServiceDeps } from './context.js';

export function createAppointmentService(database: Database, deps: AppointmentServiceDeps) {
  const ctx = createAppointmentsContext(database, deps);
  const live = createLiveHub(ctx);
  return {
    ctx,
    live,
    calendar: deps.calendar,
    // halls
    appointmentHalls: () => halls.appointmentHalls(ctx),
    hallDetail: (slug: string) => halls.hallDetail(ctx, slug),
    hallBySlug: (slug: string) => halls.hallBySlug(ctx, slug),
    slotWithHall: (slotId: number) => halls.slotWithHall(ctx, slotId),
    slotsForItem: (slug: string, itemId: number, day?: string) => halls.slotsForItem(ctx, slug, itemId, day),
    generateSlots: (hallId?: number) => halls.generateSlots(ctx, hallId),
    setupHall: (slug: string, setup: halls.HallSetup) => halls.setupHall(ctx, slug, setup),
    assignStaff: (userId: number, slug: string) => halls.assignStaff(ctx, userId, slug),
    staffHalls: (p: Principal) => halls.staffHalls(ctx, p),
    updateRules: (p: Principal, queueId: number, input: RulesInput) => halls.updateRules(ctx, p, queueId, input),
    setSlotSeats: (p: Principal, slotId: number, capacity: number) => halls.setSlotSeats(ctx, p, slotId, capacity),
    addException: (p: Principal, slug: string, input: ExceptionInput) => halls.addException(ctx, p, slug, input),
    hallDay: (p: Principal, slug: string, day: string) => halls.hallDay(ctx, p, slug, day),
    slugOfQueue: (p: Principal, queueId: number) => halls.slugOfQueue(ctx, p, queueId),
    slugOfSlot: (p: Principal, slotId: number) => halls.slugOfSlot(ctx, p, slotId),
    // the back office (hall managers)
    hallWindows: (p: Principal, slug: string) => office.hallWindowsView(ctx, p, slug),
    addWindow: (p: Principal, slug: string, input: WindowInput) => office.addWindow(ctx, p, slug, input),
    editWindow: (p: Principal, windowId: number, input: WindowInput) => office.editWindow(ctx, p, windowId, input),
    closeWindow: (p: Principal, windowId: number) => office.closeWindow(ctx, p, windowId),
    slugOfWindow: (p: Principal, windowId: number) => office.slugOfWindow(ctx, p, windowId),
    hallHoursView: (p: Principal, slug: string) => office.hallHoursView(ctx, p, slug),
    setHours: (p: Principal, slug: string, input: HoursInput) => office.setHours(ctx, p, slug, input),
    removeException: (p: Principal, slug: string, id: number) => office.removeException(ctx, p, slug, id),
    dayBookings: (hallId: number, slots: Parameters<typeof office.dayBookings>[2], filter: office.BookingFilter) => office.dayBookings(ctx, hallId, slots, filter),
    hallReport: (p: Principal, slug: string, period: ReportQuery) => office.hallReport(ctx, p, slug, period),
    defaultPeriod: () => office.defaultPeriod(ctx),
    // bookings
    book: (p: Principal | undefined, input: BookingInput, idempotencyKey?: string) => booking.bookSlot(ctx, p, input, idempotencyKey),
    cancel: (p: Principal | undefined, code: string) => booking.cancelBooking(ctx, p, code),
    reschedule: (p: Principal | undefined, code: string, slotId: number) => booking.rescheduleBooking(ctx, p, code, slotId),
    joinWaitlist: (p: Principal | undefined, input: BookingInput) => booking.joinWaitlist(ctx, p, input),
    leaveWaitlist: (p: Principal | undefined, waitId: number) => booking.leaveWaitlist(ctx, p, waitId),
    myBookings: (p: Principal | undefined) => booking.myBookings(ctx, p),
    myBooking: (p: Principal | undefined, code: string) => booking.myBooking(ctx, p, code),
    bookingForCalendar: (code: string) => booking.bookingForCalendar(ctx, code),
    blockedUntil: (userId: number) => booking.blockedUntil(ctx, userId),
    // the hall's day
    checkIn: (p: Principal | undefined, input: CheckInInput, via: 'phone' | 'kiosk', atHall?: number) => queue.checkIn(ctx, p, input, via, atHall),
    walkIn: (slug: string, input: WalkInInput) => queue.walkIn(ctx, slug, input),
    hallBoard: async (slug: string) => queue.hallBoard(ctx, await halls.hallBySlug(ctx, slug)),
    ticketView: (token: string) => queue.ticketView(ctx, token),
    ticketByToken: (token: string) => queue.ticketByToken(ctx, token),
    ratableUrlOf: (ticket: Parameters<typeof queue.ratableUrlOf>[1]) => queue.ratableUrlOf(ctx, ticket),
    counterView: (p: Principal | undefined, windowId: number) => queue.counterView(ctx, p, windowId),
    myWindows: (p: Principal) => queue.myWindows(ctx, p),
    setWindowOpen: (p: Principal | undefined, windowId: number, open: boolean) => queue.setWindowOpen(ctx, p, windowId, open),
    callNext: (p: Principal | undefined, windowId: number) => queue.callNext(ctx, p, windowId),
    counterAction: (p: Principal | undefined, windowId: number, ticketId: number, action: 'recall' | 'skip' | 'start' | 'finish', extra?: { itemId?: number }) =>
      queue.counterAction(ctx, p, windowId, ticketId, action, extra),
    transfer: (p: Principal | undefined, windowId: number, ticketId: number, input: TransferInput) => queue.transferTicket(ctx, p, windowId, ticketId, input),
    // the scheduler's work
    sendReminders: () => booking.sendReminders(ctx),
    markNoShows: () => booking.markNoShows(ctx),
    /** every few minutes: slots up to the horizon, reminders for tomorrow, no-shows of the past */
    async runPeriodic() {
      await halls.generateSlots(ctx);
      await booking.sendReminders(ctx);
      await booking.markNoShows(ctx);
    },
    seedDemo: (people: SeedPeople) => seedDemo(ctx, people),
  };
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;
