/** The applicant's pages: the request form, the list of one's requests, a request with its clock, the 补正 form. */
import { t } from '../../../lib/i18n/index.js';
import { csrfField, errorSummary, type FormError, input, notice, select } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import { APPLICANT_KINDS, DELIVERIES, FORMATS } from '../model.js';
import type { FoiView } from '../present.js';
import { clockSection } from './clock.js';

const crumbs = (label: string, mid?: { label: string; href: string }) => [{ label: t('nav.home'), href: '/' }, ...(mid ? [mid] : []), { label }];
const fieldError = (e: FormError | undefined, key: string) => e?.fields.find((f) => f.field === t(key as never))?.message;

export function requestFormPage(o: { csrf: string; departments: { id: number; name: string }[]; values?: Record<string, string>; error?: FormError }) {
  const v = o.values ?? {};
  const e = o.error;
  return layout(
    { title: t('foi.title'), crumbs: crumbs(t('foi.title')) },
    html`<h1>${t('foi.title')}</h1>
<p>${t('foi.intro')}</p>
${errorSummary(e?.message, e?.problems)}
<form method="post" action="/foi/apply" class="form">
${csrfField(o.csrf)}
${select({ name: 'departmentId', label: t('foi.field.departmentId'), value: v.departmentId, options: o.departments.map((d) => ({ value: String(d.id), label: d.name })), error: fieldError(e, 'foi.field.departmentId') })}
${select({ name: 'applicantKind', label: t('foi.field.applicantKind'), value: v.applicantKind ?? 'citizen', options: APPLICANT_KINDS.map((k) => ({ value: k, label: t(`foi.kind.${k}`) })) })}
${input({ name: 'applicantName', label: t('foi.field.applicantName'), value: v.applicantName, required: true, maxlength: 100, error: fieldError(e, 'foi.field.applicantName') })}
${input({ name: 'applicantIdNo', label: t('foi.field.applicantIdNo'), value: v.applicantIdNo, required: true, maxlength: 30, error: fieldError(e, 'foi.field.applicantIdNo') })}
<fieldset><legend>${t('foi.field.contact')}</legend>
${fieldError(e, 'foi.field.contact') ? html`<p class="field-error">${fieldError(e, 'foi.field.contact')}</p>` : ''}
${input({ name: 'phone', label: t('foi.field.phone'), value: v.phone, type: 'tel', optional: true, maxlength: 30, error: fieldError(e, 'foi.field.phone') })}
${input({ name: 'email', label: t('foi.field.email'), value: v.email, type: 'email', optional: true, maxlength: 200, error: fieldError(e, 'foi.field.email') })}
${input({ name: 'address', label: t('foi.field.address'), value: v.address, optional: true, maxlength: 300, error: fieldError(e, 'foi.field.address') })}
</fieldset>
${input({ name: 'description', label: t('foi.field.description'), value: v.description, required: true, rows: 6, maxlength: 4000, error: fieldError(e, 'foi.field.description') })}
${input({ name: 'purpose', label: t('foi.field.purpose'), value: v.purpose, rows: 3, maxlength: 1000 })}
${select({ name: 'format', label: t('foi.field.format'), value: v.format ?? 'electronic', options: FORMATS.map((k) => ({ value: k, label: t(`foi.format.${k}`) })) })}
${select({ name: 'delivery', label: t('foi.field.delivery'), value: v.delivery ?? 'online', options: DELIVERIES.map((k) => ({ value: k, label: t(`foi.delivery.${k}`) })) })}
<button type="submit" class="button">${t('foi.submit')}</button>
</form>`,
  );
}

export const statusOf = (s: string) => t(`foi.status.${s}` as never);

export function myRequestsPage(list: { total: number; requests: FoiView[] }, flash?: string) {
  return layout(
    { title: t('foi.mine.title'), crumbs: crumbs(t('foi.mine.title'), { label: t('me.title' as never), href: '/me' }) },
    html`<h1>${t('foi.mine.title')}</h1>
${notice(flash)}
<p><a href="/foi/apply">${t('foi.new')}</a></p>
${
  list.requests.length
    ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${t('foi.mine.title')}</caption>
<thead><tr><th scope="col">${t('foi.code')}</th><th scope="col">${t('foi.field.departmentId')}</th><th scope="col">${t('foi.status.received')}</th><th scope="col">${t('foi.due')}</th></tr></thead>
<tbody>${list.requests.map((r) => html`<tr><td><a href="/me/foi/${r.code}">${r.code}</a></td><td>${r.departmentName}</td><td>${statusOf(r.status)}</td><td>${r.clock.due ?? (r.status === 'replied' ? r.repliedOn : t('foi.dueUnknown'))}</td></tr>`)}</tbody></table></div>`
    : html`<p>${t('foi.mine.empty')}</p>`
}`,
  );
}

export function requestDetails(r: FoiView): Renderable {
  return html`<dl class="facts">
<dt>${t('foi.code')}</dt><dd>${r.code}</dd>
<dt>${t('foi.field.departmentId')}</dt><dd>${r.departmentName}</dd>
<dt>${t('foi.field.channel')}</dt><dd>${t(`foi.channel.${r.channel}`)}</dd>
<dt>${t('foi.received')}</dt><dd>${r.receivedOn}</dd>
<dt>${t('foi.field.applicantName')}</dt><dd>${r.applicantName}（${t(`foi.kind.${r.applicantKind}` as never)}）</dd>
<dt>${t('foi.field.description')}</dt><dd class="pre">${r.description}</dd>
${r.purpose ? html`<dt>${t('foi.field.purpose')}</dt><dd>${r.purpose}</dd>` : ''}
<dt>${t('foi.field.format')}</dt><dd>${t(`foi.format.${r.format}` as never)}，${t(`foi.delivery.${r.delivery}` as never)}</dd>
<dt>${t('foi.fee')}</dt><dd>${r.feeApplies ? t('foi.fee.charged', { n: r.monthOrdinal, yuan: r.feeYuan }) : t('foi.fee.free', { n: r.monthOrdinal })}</dd>
${r.correctionNote ? html`<dt>${t('foi.field.correctionNote')}</dt><dd>${r.correctionNote}</dd>` : ''}
${r.correctedText ? html`<dt>${t('foi.field.correctedText')}</dt><dd>${r.correctedText}</dd>` : ''}
${r.extensionReason ? html`<dt>${t('foi.field.extensionReason')}</dt><dd>${r.extensionReason}（${r.extensionApprovedBy ?? ''}）</dd>` : ''}
</dl>
${
  r.replyType
    ? html`<section aria-labelledby="foi-reply-h"><h2 id="foi-reply-h">${t('foi.reply')}</h2>
<p><strong>${t(`foi.replyType.${r.replyType}`)}</strong>（${r.repliedOn}）</p>
${r.replyGround ? html`<p>${t('foi.field.ground')}：${r.replyGround}</p>` : ''}
<p class="pre">${r.replyBody}</p>
${r.replyFile ? html`<p><a href="/foi/${r.code}/document">${t('foi.reply.download')}</a></p>` : ''}
</section>`
    : ''
}
${clockSection(r.clock)}`;
}

export function myRequestPage(r: FoiView, csrf: string, o: { error?: FormError; flash?: string; text?: string } = {}) {
  return layout(
    { title: `${t('foi.title')} ${r.code}`, crumbs: crumbs(r.code, { label: t('foi.mine.title'), href: '/me/foi' }) },
    html`<h1>${t('foi.title')} ${r.code}</h1>
${notice(o.flash)}
<p>${statusOf(r.status)}</p>
${
  r.status === 'awaitingCorrection'
    ? html`<section aria-labelledby="foi-correct-h"><h2 id="foi-correct-h">${t('foi.correction.title')}</h2>
<p>${t('foi.correction.lead')}${r.correctionNote}</p>
${errorSummary(o.error?.message, o.error?.problems)}
<form method="post" action="/me/foi/${r.code}/correct">${csrfField(csrf)}
<input type="hidden" name="version" value="${r.version}">
${input({ name: 'text', label: t('foi.field.correctedText'), value: o.text ?? r.description, rows: 6, required: true, maxlength: 4000 })}
<button type="submit" class="button">${t('foi.correction.submit')}</button></form></section>`
    : ''
}
${requestDetails(r)}`,
  );
}
