/** 我的证照: what a signed-in person (and their enterprise) holds, with its PDF and its verification page. */
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { type Account, meFrame } from '../faces.js';
import { dayText, type FullCertificate } from '../present.js';

export function myCertificatesPage(a: Account, rows: (FullCertificate & { verifyUrl: string })[], csrf: string, when: (d: Date) => string) {
  return meFrame(
    t('certificates.me.title'),
    '/me/certificates',
    a,
    csrf,
    html`<p class="hint">${t('certificates.me.note')}</p>
${
  rows.length
    ? html`<div class="table-wrap"><table class="table my-certificates"><caption class="visually-hidden">${t('certificates.me.title')}</caption>
<thead><tr><th scope="col">${t('certificates.field.title')}</th><th scope="col">${t('certificates.field.status')}</th><th scope="col">${t('certificates.field.department')}</th><th scope="col">${t('certificates.field.issuedAt')}</th><th scope="col">${t('certificates.field.validUntil')}</th><th scope="col">${t('certificates.me.actions')}</th></tr></thead>
<tbody>${rows.map(
        (r) => html`<tr><td>${r.title}<br><small class="muted">${r.kindLabel} · ${r.holder.name} · <code>${r.code}</code></small></td>
<td><span class="badge">${r.statusLabel}</span>${r.status === 'revoked' && r.revokedAt ? html`<br><small>${t('certificates.me.revokedOn', { date: when(r.revokedAt) })}：${r.revokedReason}</small>` : ''}</td>
<td>${r.department.name}</td><td>${when(r.issuedAt)}</td><td>${dayText(r.validUntil)}</td>
<td><a href="/me/certificates/${r.code}.pdf">${t('certificates.me.download')}<span class="visually-hidden">${r.title} ${r.code}</span></a> · <a href="/verify/${r.code}">${t('certificates.me.verify')}<span class="visually-hidden">${r.title} ${r.code}</span></a></td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('certificates.me.empty')}</p>`
}`,
  );
}
