/** Factories: a hall that takes appointments, made through the catalogue's and appointments' faces. */
import type { CatalogService } from '../../src/modules/catalog/index.js';
import type { AppointmentService } from '../../src/modules/appointments/index.js';
import { buildDepartment, buildHall, buildItem, buildTheme } from './catalog.js';

export interface BookableHallOptions {
  seats?: number;
  slotMinutes?: number;
  horizonDays?: number;
  minNoticeMinutes?: number;
  cancelCutoffMinutes?: number;
  checkInEarlyMinutes?: number;
  /** weekly hours; default Monday to Friday 09:00–12:00 and 13:30–17:00 */
  hours?: { weekday: number; opens: string; closes: string }[];
  /** an existing department (slug) to put the hall under */
  department?: string;
  items?: number;
}

const weekdays = (periods: [string, string][]) => [1, 2, 3, 4, 5].flatMap((weekday) => periods.map(([opens, closes]) => ({ weekday, opens, closes })));

/** A department, its hall with bookable items, one 综合 queue (prefix A) and two windows, and its slots. */
export async function buildBookableHall(services: { catalog: CatalogService; appointments: AppointmentService }, o: BookableHallOptions = {}) {
  const department = o.department ? undefined : buildDepartment();
  const deptSlug = o.department ?? (department?.slug as string);
  const hallInput = buildHall({ department: deptSlug });
  const theme = buildTheme();
  const refs = { department: deptSlug, hall: hallInput.slug, theme: theme.slug };
  const items = Array.from({ length: o.items ?? 2 }, () => buildItem(refs, { appointment: true }));
  await services.catalog.importBundle({ departments: department ? [department] : [], halls: [hallInput], themes: [theme], specialGroups: [], forms: [], items });
  const made = await services.appointments.setupHall(hallInput.slug, {
    hours: o.hours ?? weekdays([['09:00', '12:00'], ['13:30', '17:00']]),
    queues: [
      {
        prefix: 'A',
        name: '综合受理',
        itemIds: [],
        slotMinutes: o.slotMinutes ?? 30,
        seats: o.seats ?? 4,
        horizonDays: o.horizonDays ?? 5,
        releaseTime: '08:00',
        minNoticeMinutes: o.minNoticeMinutes ?? 60,
        cancelCutoffMinutes: o.cancelCutoffMinutes ?? 120,
        checkInEarlyMinutes: o.checkInEarlyMinutes ?? 30,
      },
    ],
    windows: [
      { number: 1, name: '综合窗口', queues: [] },
      { number: 2, name: '综合窗口', queues: [] },
    ],
  });
  await services.appointments.generateSlots(made.hall.id);
  return { hall: made.hall, queue: made.queues[0] as (typeof made.queues)[number], windows: made.windows, itemIds: made.hall.items.map((i) => i.itemId), department: deptSlug };
}

let citizenSeq = 0;

/**
 * Many citizens at once, for tests of many people booking: one password hash for all (the demo
 * path of the accounts' face) and their principals read back by phone, instead of a sign-in each.
 */
export async function buildCitizens(
  services: { accounts: import('../../src/modules/accounts/index.js').AccountService },
  database: import('../../src/db/client.js').Database,
  n: number,
) {
  const { sql } = await import('drizzle-orm');
  const stem = `137${String(process.pid % 1000).padStart(3, '0')}`;
  const citizens = Array.from({ length: n }, () => {
    const k = ++citizenSeq;
    return { displayName: `预约市民${k}`, phone: `${stem}${String(k).padStart(5, '0')}`, note: '' };
  });
  await services.accounts.ensureDemoAccounts({ password: 'factory2026', staff: [], citizens, enterprises: [] });
  const result = await database.db.execute(sql`select id, phone, display_name as name from users where phone in ${sql.raw(`(${citizens.map((c) => `'${c.phone}'`).join(',')})`)}`);
  const rows = ((result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as { id: number; phone: string; name: string }[];
  const byPhone = new Map(rows.map((r) => [r.phone, r]));
  return citizens.map((c) => {
    const row = byPhone.get(c.phone) as { id: number; name: string };
    const principal: import('../../src/lib/principal.js').Principal = {
      userId: Number(row.id),
      kind: 'citizen',
      name: row.name,
      username: null,
      role: null,
      departmentId: null,
      enterpriseId: null,
      enterpriseRole: null,
    };
    return { id: Number(row.id), phone: c.phone, principal };
  });
}
