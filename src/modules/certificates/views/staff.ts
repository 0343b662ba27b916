/**
 * 证照管理 in the back office: what the department issued, filtered by status or searched, each
 * with its PDF and, for whoever may revoke, a revocation form (reason required) that works
 * without JavaScript.
 */
import type { Principal } from '../../../lib/principal.js';
import { adminLayout, formatTime } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { pager } from '../../../web/paging.js';
import { STAFF_FILTERS, type StaffFilter } from '../forms.js';
import { dayText, type FullCertificate } from '../present.js';

export interface StaffListPage {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
  error?: { message: string; problems?: string[] };
  /** what the failed form held, by certificate code */
  posted?: { code: string; reason: string };
  certificates: (FullCertificate & { canRevoke: boolean })[];
  total: number;
  page: number;
  size: number;
  status: StaffFilter;
  q: string;
}

const filterLabel = (s: StaffFilter) => t(`certificates.filter.${s}`);

export function staffListPage(c: StaffListPage) {
  const query = new URLSearchParams({ ...(c.status !== 'all' ? { status: c.status } : {}), ...(c.q ? { q: c.q } : {}) }).toString();
  return adminLayout(
    { title: t('certificates.staff.title'), principal: c.principal, csrf: c.csrf, current: '/admin/certificates', crumbs: [{ label: t('certificates.staff.title') }] },
    html`${notice(c.flash)}${errorSummary(c.error?.message, c.error?.problems)}
<p class="hint">${t('certificates.staff.note')}</p>
<form method="get" action="/admin/certificates" class="filter-form">
<div class="field"><label for="f-status">${t('certificates.field.status')}</label>
<select id="f-status" name="status">${STAFF_FILTERS.map((s) => html`<option value="${s}"${s === c.status ? html` selected` : ''}>${filterLabel(s)}</option>`)}</select></div>
<div class="field"><label for="f-q">${t('certificates.staff.search')}</label><input id="f-q" name="q" type="search" value="${c.q}" maxlength="60"></div>
<button type="submit" class="button">${t('certificates.staff.filter')}</button>
</form>
<p>${t('certificates.staff.total', { n: c.total })}</p>
${
  c.certificates.length
    ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${t('certificates.staff.title')}</caption>
<thead><tr><th scope="col">${t('certificates.field.title')}</th><th scope="col">${t('certificates.field.holder')}</th><th scope="col">${t('certificates.field.sourceNo')}</th><th scope="col">${t('certificates.field.issuedAt')}</th><th scope="col">${t('certificates.field.validUntil')}</th><th scope="col">${t('certificates.field.status')}</th><th scope="col">${t('certificates.me.actions')}</th></tr></thead>
<tbody>${c.certificates.map((r) => {
        const failed = c.posted?.code === r.code;
        return html`<tr><td>${r.title}<br><small><code>${r.code}</code> · ${r.kindLabel}</small></td><td>${r.holder.name}</td><td>${r.sourceNo}</td>
<td>${formatTime(r.issuedAt, c.timeZone)}</td><td>${dayText(r.validUntil)}</td>
<td><span class="badge">${r.statusLabel}</span>${r.revokedAt ? html`<br><small>${formatTime(r.revokedAt, c.timeZone)} ${r.revokedBy ?? ''}：${r.revokedReason}</small>` : ''}</td>
<td><a href="/admin/certificates/${r.code}.pdf">${t('certificates.me.download')}<span class="visually-hidden">${r.code}</span></a> · <a href="/verify/${r.code}">${t('certificates.me.verify')}<span class="visually-hidden">${r.code}</span></a>
${
  r.canRevoke
    ? html`<details${failed ? html` open` : ''}><summary>${t('certificates.staff.revoke')}<span class="visually-hidden">${r.code}</span></summary>
<form method="post" action="/admin/certificates/${r.code}/revoke">${csrfField(c.csrf)}<input type="hidden" name="version" value="${r.version}">
<div class="field"><label for="f-reason-${r.code}">${t('certificates.field.revokeReason')}</label>
<p class="hint" id="f-reason-${r.code}-hint">${t('certificates.staff.reasonHint')}</p>
<textarea id="f-reason-${r.code}" name="reason" rows="3" maxlength="500" required aria-describedby="f-reason-${r.code}-hint">${failed ? c.posted?.reason : ''}</textarea></div>
<button type="submit" class="button">${t('certificates.staff.revokeSubmit')}</button></form></details>`
    : ''
}</td></tr>`;
      })}</tbody></table></div>`
    : html`<p>${t('certificates.staff.empty')}</p>`
}
${pager(`/admin/certificates${query ? `?${query}` : ''}`, c.page, c.size, c.total)}`,
  );
}
