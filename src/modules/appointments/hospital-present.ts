/**
 * Hospital rows → what pages and the API show (never a row), and a registration as an
 * iCalendar file (stable UID, SEQUENCE rising with 退号 and 停诊).
 */
import { t } from '../../lib/i18n/index.js';
import type { DepartmentRow, DoctorRow, HospitalRow, RegistrationRow, SessionRow } from './hospital-repo.js';
import type { SessionView } from './operations/hospitals.js';
import { fold, stamp, text } from './ics.js';

export const hospitalUrl = (slug: string) => `/hospitals/${slug}`;
export const departmentUrl = (slug: string, id: number) => `/hospitals/${slug}/departments/${id}`;
export const doctorUrl = (id: number) => `/hospitals/doctors/${id}`;
export const registrationUrl = (code: string) => `/hospitals/registrations/${code}`;

export const titleLabel = (title: string) => t(`hosp.title.${title}` as never);
export const halfLabel = (half: string) => t(`hosp.half.${half}` as never);
export const regStatusLabel = (status: string) => t(`hosp.status.${status}` as never);
export const yuan = (fen: number) => (fen / 100).toFixed(fen % 100 ? 2 : 0);

export const presentHospital = (h: HospitalRow, extra: { departments?: number; bedsFree?: number; bedsTotal?: number } = {}) => ({
  id: h.id,
  slug: h.slug,
  name: h.name,
  grade: h.grade,
  address: h.address,
  phone: h.phone,
  release: { daysAhead: h.releaseDays, time: h.releaseTime, cancelCutoffMinutes: h.cancelCutoffMinutes },
  ...extra,
  url: hospitalUrl(h.slug),
});

export const presentDepartment = (d: DepartmentRow, doctors?: number) => ({
  id: d.id,
  name: d.name,
  intro: d.intro,
  beds: { total: d.bedsTotal, free: d.bedsFree, updatedAt: d.bedsUpdatedAt?.toISOString() ?? null },
  ...(doctors !== undefined ? { doctors } : {}),
});

export const presentDoctor = (d: DoctorRow) => ({
  id: d.id,
  name: d.name,
  title: d.title,
  titleLabel: titleLabel(d.title),
  speciality: d.speciality,
  fee: Number(yuan(d.feeFen)),
  departmentId: d.departmentId,
  url: doctorUrl(d.id),
});

export const presentSession = (v: SessionView) => ({
  id: v.session.id,
  day: v.session.day,
  half: v.session.half,
  halfLabel: halfLabel(v.session.half),
  startsAt: v.session.startsAt.toISOString(),
  endsAt: v.session.endsAt.toISOString(),
  quota: v.session.quota,
  left: v.left,
  state: v.state,
  releaseAt: v.releaseAt.toISOString(),
  notice: v.session.notice ?? null,
});

export const presentRegistration = (r: { registration: RegistrationRow; session: SessionRow; doctor: DoctorRow; department: DepartmentRow; hospital: HospitalRow }) => ({
  code: r.registration.code,
  status: r.registration.status,
  statusLabel: regStatusLabel(r.registration.status),
  hospital: { slug: r.hospital.slug, name: r.hospital.name, address: r.hospital.address },
  department: { id: r.department.id, name: r.department.name },
  doctor: { id: r.doctor.id, name: r.doctor.name, title: titleLabel(r.doctor.title) },
  day: r.session.day,
  half: r.session.half,
  startsAt: r.session.startsAt.toISOString(),
  endsAt: r.session.endsAt.toISOString(),
  notice: r.registration.status === 'suspended' ? (r.session.notice ?? null) : null,
  sequence: r.registration.sequence,
  url: registrationUrl(r.registration.code),
  calendarUrl: `/api/v1/registrations/${r.registration.code}/calendar.ics`,
});

export function registrationIcs(o: { registration: RegistrationRow; session: SessionRow; doctor: DoctorRow; department: DepartmentRow; hospital: HospitalRow; host: string; url: string }): string {
  const { registration: r, session: s } = o;
  const summary = `${o.hospital.name}${o.department.name} ${o.doctor.name}（${titleLabel(o.doctor.title)}）`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Yimen//hospitals//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:registration-${r.id}@${o.host}`,
    `SEQUENCE:${r.sequence}`,
    `DTSTAMP:${stamp(r.updatedAt)}`,
    `DTSTART:${stamp(s.startsAt)}`,
    `DTEND:${stamp(s.endsAt)}`,
    `SUMMARY:${text(summary)}`,
    `LOCATION:${text(`${o.hospital.name}（${o.hospital.address}）`)}`,
    `DESCRIPTION:${text(`${t('hosp.reg.code')}：${r.code}`)}`,
    `URL:${o.url}`,
    `STATUS:${r.status === 'booked' ? 'CONFIRMED' : 'CANCELLED'}`,
  ];
  if (r.status === 'booked') lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(summary)}`, 'TRIGGER:-PT1H', 'END:VALARM');
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
