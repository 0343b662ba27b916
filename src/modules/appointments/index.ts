/**
 * The appointments module's public face: the only file other modules, app.ts and the CLI import
 * (docs/decisions/0015-module-shape.md).
 *   service.ts        createAppointmentService: builds the context once, binds the operations
 *   context.ts        AppointmentsContext: db, clock, calendar, the queue-change bus, faces
 *   operations/       halls (rules, slots), booking (book, cancel, waiting list, reminders,
 *                     no-shows), queue (tickets, the counter, the board), seed (the demo)
 *   policy.ts         hall scope, the booking's and the ticket's transition tables
 *   schedule.ts       opening days (holidays, 调休) and the slots rules make: pure functions
 *   forms.ts, present.ts, repo.ts, ics.ts, live.ts (SSE hub)
 *   routes.ts, counter-routes.ts, api.ts, views/   HTTP and pages
 *   hospital-*.ts, operations/hospital*.ts, views/hospital*.ts   预约挂号: hospitals, doctors'
 *                     half-days (号源, release rule), registrations, 停诊, beds (its own face:
 *                     createHospitalService; docs/decisions/0025-hospital-registration.md)
 */
export { appointmentApiRoutes } from './api.js';
export { appointmentRoutes } from './routes.js';
export { appointmentStaffRoutes } from './staff-routes.js';
export { hallStatusAside } from './aside.js';
export { createAppointmentService } from './service.js';
export type { AppointmentService, AppointmentServiceDeps } from './service.js';
export type { DemoAppointments } from './operations/seed.js';
export { DEFAULT_NO_SHOW_RULE, type NoShowRule } from './model.js';
export { createHospitalService } from './hospital-service.js';
export type { DemoHospitals, HospitalService, HospitalServiceDeps, HospitalSetup } from './hospital-service.js';
export { hospitalApiRoutes } from './hospital-api.js';
export { hospitalRoutes } from './hospital-routes.js';
export { hospitalAdminRoutes } from './hospital-admin-routes.js';
export { hospitalsStarted } from './hospital-started.js';
