/** The back office of 预约挂号: my hospitals; a hospital's release rule, doctors' weekly clinics, the coming half-days (号源, 停诊). */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import type { DepartmentRow, DoctorRow, HospitalRow, SessionRow } from '../hospital-repo.js';
import { halfLabel, titleLabel } from '../hospital-present.js';
import { timeFormats } from '../present.js';

interface StaffBase {
  principal: Principal;
  csrf: string;
  timeZone: string;
  notice?: string;
  error?: string;
}

export const hospitalAdminBase = '/admin/hospitals';
const base = hospitalAdminBase;

export function hospitalsHomePage(o: StaffBase & { hospitals: HospitalRow[] }): string {
  return adminLayout(
    { title: t('hosp.admin.title'), principal: o.principal, csrf: o.csrf, current: base },
    html`<h1>${t('hosp.admin.title')}</h1>${notice(o.notice)}
${o.hospitals.length ? html`<ul>${o.hospitals.map((h) => html`<li><a href="${base}/${h.id}">${h.name}</a></li>`)}</ul>` : html`<p>${t('hosp.admin.none')}</p>`}`,
  );
}

const weeklyText = (w: Record<string, number>) =>
  Object.entries(w)
    .map(([k, q]) => `${k}=${q}`)
    .join('\n');

export function hospitalAdminPage(o: StaffBase & { hospital: HospitalRow; departments: DepartmentRow[]; doctors: DoctorRow[]; sessions: SessionRow[] }): string {
  const f = timeFormats(o.timeZone);
  const h = o.hospital;
  const doctor = (id: number) => o.doctors.find((d) => d.id === id);
  const dept = (id: number) => o.departments.find((d) => d.id === id)?.name ?? '';
  return adminLayout(
    { title: h.name, principal: o.principal, csrf: o.csrf, current: base, crumbs: [{ label: t('hosp.admin.title'), href: base }, { label: h.name }] },
    html`<h1>${h.name}</h1>${errorSummary(o.error)}${notice(o.notice)}
<section class="card" aria-labelledby="h-rule"><h2 id="h-rule">${t('hosp.admin.rule')}</h2>
<form method="post" action="${base}/${h.id}/rule">${csrfField(o.csrf)}
${input({ name: 'releaseDays', label: t('hosp.admin.releaseDays'), value: String(h.releaseDays), type: 'number', inputmode: 'numeric' })}
${input({ name: 'releaseTime', label: t('hosp.admin.releaseTime'), value: h.releaseTime, maxlength: 5 })}
${input({ name: 'cancelCutoffMinutes', label: t('hosp.admin.cutoff'), value: String(h.cancelCutoffMinutes), type: 'number', inputmode: 'numeric' })}
<button type="submit" class="primary">${t('hosp.admin.save')}</button></form></section>
<section aria-labelledby="h-sessions"><h2 id="h-sessions">${t('hosp.admin.sessions')}</h2>
${scrollTable(
  t('hosp.admin.sessions'),
  html`<table class="table"><thead><tr><th scope="col">${t('hosp.doctor.day')}</th><th scope="col">${t('hosp.reg.doctor')}</th><th scope="col">${t('hosp.admin.booked')}</th><th scope="col">${t('hosp.admin.quota')}</th><th scope="col">${t('hosp.admin.suspend')}</th></tr></thead><tbody>
${o.sessions.map((s) => {
  const d = doctor(s.doctorId);
  const what = `${f.dayOf(s.day)}${halfLabel(s.half)} ${d?.name ?? ''}`;
  return html`<tr><td>${f.dayOf(s.day)} ${halfLabel(s.half)}</td><td>${d?.name ?? ''}（${dept(s.departmentId)}）</td><td class="num">${s.booked}</td>
<td>${
    s.status === 'open'
      ? html`<form method="post" action="${base}/sessions/${s.id}/quota" class="inline">${csrfField(o.csrf)}<label class="visually-hidden" for="q-${s.id}">${t('hosp.admin.quota')} ${what}</label><input id="q-${s.id}" name="quota" type="number" inputmode="numeric" value="${s.quota}" min="0" max="500" size="4"> <button type="submit" class="secondary small">${t('hosp.admin.setQuota')}<span class="visually-hidden"> ${what}</span></button></form>`
      : html`${s.quota}`
  }</td>
<td>${
    s.status === 'open'
      ? html`<form method="post" action="${base}/sessions/${s.id}/suspend" class="inline">${csrfField(o.csrf)}<label class="visually-hidden" for="n-${s.id}">${t('hosp.admin.notice')} ${what}</label><input id="n-${s.id}" name="notice" maxlength="200" size="14" placeholder="${t('hosp.admin.notice')}"> <button type="submit" class="danger small">${t('hosp.admin.suspend')}<span class="visually-hidden"> ${what}</span></button></form>`
      : html`<span class="tag danger">${t('hosp.state.suspended')}</span> ${s.notice ?? ''}`
  }</td></tr>`;
})}</tbody></table>`,
)}</section>
<section aria-labelledby="h-weekly"><h2 id="h-weekly">${t('hosp.admin.weekly')}</h2><p class="hint">${t('hosp.admin.weeklyHint')}</p>
${o.doctors.map(
  (d) => html`<form method="post" action="${base}/doctors/${d.id}/weekly" class="card">${csrfField(o.csrf)}
${input({ name: `weekly-${d.id}`, label: `${d.name}（${titleLabel(d.title)}，${dept(d.departmentId)}）`, value: weeklyText(d.weekly), rows: 3 })}
<button type="submit" class="secondary small">${t('hosp.admin.save')}<span class="visually-hidden"> ${d.name}</span></button></form>`,
)}</section>`,
  );
}
