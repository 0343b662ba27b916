/**
 * The patient's side of 预约挂号: hospitals → a hospital (departments, 床位) → a department
 * (doctors) → a doctor's week by half-day → a registration (code, QR, .ics, 退号, 停诊 改约) and
 * my registrations.
 */
import { t } from '../../../lib/i18n/index.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, notice } from '../../../web/forms.js';
import { html, type Renderable, raw } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import type { DepartmentRow, DoctorRow, HospitalRow, RegistrationRow, SessionRow } from '../hospital-repo.js';
import { departmentUrl, doctorUrl, halfLabel, hospitalUrl, regStatusLabel, registrationUrl, titleLabel, yuan } from '../hospital-present.js';
import type { SessionView } from '../operations/hospitals.js';
import { timeFormats } from '../present.js';

export interface PageBase {
  timeZone: string;
  csrf?: string;
  notice?: string;
  error?: string;
}

const crumbsTo = (extra: { label: string; href?: string }[]) => [{ label: t('hosp.list.title'), href: '/hospitals' }, ...extra];

function hospNav(current: string): Renderable {
  const links = [
    { href: '/hospitals', label: t('hosp.list.title') },
    { href: '/hospitals/mine', label: t('hosp.mine.title') },
  ];
  return html`<nav class="sub-nav" aria-label="${t('hosp.list.title')}"><ul>${links.map(
    (l) => html`<li><a href="${l.href}"${l.href === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
  )}</ul></nav>`;
}

const stamp = (timeZone: string, d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone, month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);

/** A photo-free avatar: the doctor's surname in a circle (decorative; the name is beside it). */
const avatar = (name: string) => html`<span class="hosp-avatar" aria-hidden="true">${name.slice(0, 1)}</span>`;

export function hospitalsPage(o: PageBase & { hospitals: { hospital: HospitalRow; departments: number; bedsFree: number; bedsTotal: number }[] }): string {
  return layout(
    { title: t('hosp.list.title'), crumbs: [{ label: t('hosp.list.title') }] },
    html`<h1>${t('hosp.list.title')}</h1>${hospNav('/hospitals')}${errorSummary(o.error)}<p class="lead">${t('hosp.list.lead')}</p>
<ul class="cards hosp-list">${o.hospitals.map(
      (h) => html`<li class="card"><h2><a href="${hospitalUrl(h.hospital.slug)}">${h.hospital.name}</a></h2>
<p class="meta">${h.hospital.grade} · ${h.hospital.address} · ${h.hospital.phone}</p>
<p>${t('hosp.list.departments', { n: h.departments })} · ${t('hosp.beds.title')}：${t('hosp.list.beds', { free: h.bedsFree, total: h.bedsTotal })}</p></li>`,
    )}</ul>`,
  );
}

export function hospitalPage(o: PageBase & { hospital: HospitalRow; departments: { department: DepartmentRow; doctors: number }[] }): string {
  const h = o.hospital;
  return layout(
    { title: h.name, crumbs: crumbsTo([{ label: h.name }]) },
    html`<h1>${h.name}</h1>${hospNav('')}
<p class="meta">${h.grade} · ${h.address} · ${h.phone}</p>
<p class="hint">${t('hosp.hospital.rule', { time: h.releaseTime, days: h.releaseDays, hours: Math.round((h.cancelCutoffMinutes / 60) * 10) / 10 })}</p>
<h2 id="beds">${t('hosp.hospital.departments')}</h2>
${scrollTable(
  t('hosp.beds.title'),
  html`<table class="table hosp-beds"><caption>${t('hosp.beds.title')}</caption><thead><tr><th scope="col">${t('hosp.beds.department')}</th><th scope="col">${t('hosp.dept.doctors')}</th><th scope="col">${t('hosp.beds.free')}</th><th scope="col">${t('hosp.beds.total')}</th><th scope="col">${t('hosp.beds.updated')}</th></tr></thead><tbody>
${o.departments.map(
  ({ department: d, doctors }) => html`<tr><th scope="row"><a href="${departmentUrl(h.slug, d.id)}">${d.name}</a></th><td>${t('hosp.hospital.doctors', { n: doctors })}</td><td>${d.bedsFree}</td><td>${d.bedsTotal}</td><td>${d.bedsUpdatedAt ? stamp(o.timeZone, d.bedsUpdatedAt) : t('hosp.beds.never')}</td></tr>`,
)}
</tbody></table>`,
)}`,
  );
}

export function departmentPage(o: PageBase & { hospital: HospitalRow; department: DepartmentRow; doctors: { doctor: DoctorRow; placesLeft: number }[] }): string {
  const { hospital: h, department: d } = o;
  return layout(
    { title: `${d.name} · ${h.name}`, crumbs: crumbsTo([{ label: h.name, href: hospitalUrl(h.slug) }, { label: d.name }]) },
    html`<h1>${d.name}</h1>${hospNav('')}<p class="meta">${h.name}</p><p>${d.intro}</p>
<p>${t('hosp.beds.title')}：${t('hosp.list.beds', { free: d.bedsFree, total: d.bedsTotal })}${d.bedsUpdatedAt ? html`（${t('hosp.beds.updated')} ${stamp(o.timeZone, d.bedsUpdatedAt)}）` : ''}</p>
<h2>${t('hosp.dept.doctors')}</h2>
<ul class="cards hosp-doctors">${o.doctors.map(
      ({ doctor, placesLeft }) => html`<li class="card">${avatar(doctor.name)}<h3><a href="${doctorUrl(doctor.id)}">${doctor.name}</a></h3>
<p class="meta">${titleLabel(doctor.title)} · ${t('hosp.fee', { yuan: yuan(doctor.feeFen) })}</p><p>${doctor.speciality}</p>
<p>${t('hosp.dept.left', { n: placesLeft })} · <a href="${doctorUrl(doctor.id)}">${t('hosp.dept.schedule')}<span class="visually-hidden">：${doctor.name}</span></a></p></li>`,
    )}</ul>`,
  );
}

function cell(o: PageBase & { signedIn: boolean; path: string; doctor: DoctorRow }, v: SessionView | undefined, dayLabel: string): Renderable {
  if (!v) return html`<span class="hint">${t('hosp.state.none')}</span>`;
  const s = v.session;
  switch (v.state) {
    case 'unreleased':
      return html`<span class="tag">${t('hosp.state.unreleased')}</span><br><span class="hint">${t('hosp.doctor.releaseAt', { at: stamp(o.timeZone, v.releaseAt) })}</span>`;
    case 'past':
      return html`<span class="hint">${t('hosp.state.past')}</span>`;
    case 'suspended':
      return html`<span class="tag danger">${t('hosp.state.suspended')}</span>${s.notice ? html`<br><span class="hint">${s.notice}</span>` : ''}`;
    case 'full':
      return html`<span>${t('hosp.state.full')}</span>`;
    default:
      if (!o.signedIn) return html`${t('hosp.state.open', { n: v.left })}<br><a href="/login?next=${encodeURIComponent(o.path)}">${t('hosp.doctor.signInToBook')}</a>`;
      return html`${t('hosp.state.open', { n: v.left })}<form method="post" action="/hospitals/registrations" class="inline">${csrfField(o.csrf ?? '')}<input type="hidden" name="sessionId" value="${s.id}"><button type="submit" class="primary small" aria-label="${t('hosp.doctor.bookAria', { day: dayLabel, half: halfLabel(s.half), doctor: o.doctor.name })}">${t('hosp.doctor.book')}</button></form>`;
  }
}

export function doctorPage(
  o: PageBase & {
    signedIn: boolean;
    path: string;
    doctor: DoctorRow;
    department: DepartmentRow;
    hospital: HospitalRow;
    days: { day: string; am?: SessionView; pm?: SessionView }[];
  },
): string {
  const f = timeFormats(o.timeZone);
  const { doctor: d, hospital: h, department: dept } = o;
  return layout(
    { title: `${d.name} · ${dept.name}`, crumbs: crumbsTo([{ label: h.name, href: hospitalUrl(h.slug) }, { label: dept.name, href: departmentUrl(h.slug, dept.id) }, { label: d.name }]) },
    html`<h1>${avatar(d.name)} ${d.name}</h1>${hospNav('')}${errorSummary(o.error)}${notice(o.notice)}
<p class="meta">${h.name} · ${dept.name} · ${titleLabel(d.title)} · ${t('hosp.fee', { yuan: yuan(d.feeFen) })}</p><p>${d.speciality}</p>
<h2>${t('hosp.doctor.schedule')}</h2><p class="hint">${t('hosp.hospital.rule', { time: h.releaseTime, days: h.releaseDays, hours: Math.round((h.cancelCutoffMinutes / 60) * 10) / 10 })} ${t('hosp.doctor.scheduleHint')}</p>
${scrollTable(
  t('hosp.doctor.schedule'),
  html`<table class="table hosp-schedule"><thead><tr><th scope="col">${t('hosp.doctor.day')}</th><th scope="col">${t('hosp.half.am')}</th><th scope="col">${t('hosp.half.pm')}</th></tr></thead><tbody>
${o.days.map((x) => {
  const label = f.dayOf(x.day);
  return html`<tr><th scope="row">${label}</th><td>${cell(o, x.am, label)}</td><td>${cell(o, x.pm, label)}</td></tr>`;
})}
</tbody></table>`,
)}`,
  );
}

export interface RegistrationView {
  registration: RegistrationRow;
  session: SessionRow;
  doctor: DoctorRow;
  department: DepartmentRow;
  hospital: HospitalRow;
}

export function registrationPage(
  o: PageBase & RegistrationView & { qrSvg: string; canCancel: boolean; offers: (SessionView & { doctor: DoctorRow; sameDoctor: boolean })[]; rebookedTo?: string },
): string {
  const f = timeFormats(o.timeZone);
  const r = o.registration;
  const title = t('hosp.reg.title');
  return layout(
    { title, crumbs: crumbsTo([{ label: t('hosp.mine.title'), href: '/hospitals/mine' }, { label: r.code }]) },
    html`<h1>${title}</h1>${hospNav('')}${errorSummary(o.error)}${notice(o.notice)}
${r.status === 'suspended' && o.session.notice ? html`<p class="notice" role="status">${t('hosp.reg.suspendedNotice', { notice: o.session.notice })}</p>` : ''}
<div class="card appt-code"><p>${t('hosp.reg.code')}</p><p class="code" data-registration-code>${r.code}</p>
${r.status === 'booked' ? html`<figure class="appt-qr">${raw(o.qrSvg)}<figcaption>${t('hosp.reg.qr')}</figcaption></figure>` : ''}</div>
<dl class="facts"><dt>${t('hosp.reg.status')}</dt><dd>${regStatusLabel(r.status)}</dd>
<dt>${t('hosp.reg.when')}</dt><dd>${f.span(o.session.startsAt, o.session.endsAt)}（${halfLabel(o.session.half)}）</dd>
<dt>${t('hosp.reg.where')}</dt><dd>${o.hospital.name} ${o.department.name}（${o.hospital.address}）</dd>
<dt>${t('hosp.reg.doctor')}</dt><dd><a href="${doctorUrl(o.doctor.id)}">${o.doctor.name}</a>（${titleLabel(o.doctor.title)}）</dd></dl>
${r.status === 'booked' ? html`<p><a href="/api/v1/registrations/${r.code}/calendar.ics" download="registration-${r.code}.ics">${t('hosp.reg.ics')}</a></p>` : ''}
${
  o.canCancel
    ? html`<p class="hint">${t('hosp.reg.cancelHint', { hours: Math.round((o.hospital.cancelCutoffMinutes / 60) * 10) / 10 })}</p><form method="post" action="${registrationUrl(r.code)}/cancel">${csrfField(o.csrf ?? '')}<button type="submit" class="danger">${t('hosp.reg.cancel')}</button></form>`
    : ''
}
${o.rebookedTo ? html`<p><a href="${registrationUrl(o.rebookedTo)}">${t('hosp.reg.rebooked', { code: o.rebookedTo })}</a></p>` : ''}
${
  r.status === 'suspended' && !r.rebookedTo
    ? html`<section class="card" aria-labelledby="rebook"><h2 id="rebook">${t('hosp.reg.rebookTitle')}</h2>
${
  o.offers.length
    ? html`<p>${t('hosp.reg.rebookLead')}</p><ul class="plain">${o.offers.map(
        (x) => html`<li><form method="post" action="${registrationUrl(r.code)}/rebook" class="inline">${csrfField(o.csrf ?? '')}<input type="hidden" name="sessionId" value="${x.session.id}"><button type="submit" class="${x.sameDoctor ? 'primary' : 'secondary'} small">${t('hosp.reg.rebookButton', { day: f.dayOf(x.session.day), half: halfLabel(x.session.half), doctor: x.doctor.name, title: titleLabel(x.doctor.title) })}</button></form> <span class="hint">${t('hosp.state.open', { n: x.left })}</span></li>`,
      )}</ul>`
    : html`<p>${t('hosp.reg.rebookNone')}</p>`
}</section>`
    : ''
}`,
  );
}

export function myRegistrationsPage(o: PageBase & { registrations: RegistrationView[] }): string {
  const f = timeFormats(o.timeZone);
  return layout(
    { title: t('hosp.mine.title'), crumbs: crumbsTo([{ label: t('hosp.mine.title') }]) },
    html`<h1>${t('hosp.mine.title')}</h1>${hospNav('/hospitals/mine')}${errorSummary(o.error)}${notice(o.notice)}
${
  o.registrations.length
    ? html`<ul class="cards">${o.registrations.map(
        (x) => html`<li class="card"><h2><a href="${registrationUrl(x.registration.code)}">${x.hospital.name} ${x.department.name} · ${x.doctor.name}</a></h2>
<p class="meta">${f.span(x.session.startsAt, x.session.endsAt)}（${halfLabel(x.session.half)}）</p><p><span class="tag">${regStatusLabel(x.registration.status)}</span> ${t('hosp.reg.code')} <span class="code">${x.registration.code}</span></p></li>`,
      )}</ul>`
    : html`<p>${t('hosp.mine.none')}</p>`
}`,
  );
}
