/**
 * The public verification page (/verify/<code>), what the QR code opens: mobile first, the answer
 * (valid / revoked / expired) first and in words, then what the document certifies. The holder
 * appears only as a masked name. A code that finds nothing gets its own page, with a form to
 * type the code again.
 */
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { layout } from '../../../web/layout.js';
import { dayText, type PublicCertificate } from '../present.js';

const crumbs = (last: string) => [{ label: t('certificates.verify.title'), href: '/verify' }, { label: last }];

function lookupForm(value = '') {
  return html`<form method="get" action="/verify" class="form verify-form">
<div class="field"><label for="f-code">${t('certificates.verify.codeLabel')}</label>
<p class="hint" id="f-code-hint">${t('certificates.verify.codeHint')}</p>
<input id="f-code" name="code" type="text" value="${value}" maxlength="64" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="f-code-hint"></div>
<button type="submit" class="button">${t('certificates.verify.submit')}</button>
</form>`;
}

export function verifyPage(c: PublicCertificate, when: (iso: string) => string) {
  const noun = t(c.kind === 'certificate' ? 'certificates.noun.certificate' : 'certificates.noun.letter');
  const verdict =
    c.status === 'valid'
      ? html`<div class="notice" role="status"><strong>${t('certificates.verify.valid', { noun })}</strong></div>`
      : c.status === 'revoked'
        ? html`<div class="warning" role="status"><strong>${t('certificates.verify.revoked', { noun })}</strong>
<p>${t('certificates.verify.revokedOn', { date: when(c.revokedAt as string) })}</p>
<p>${t('certificates.field.revokedReason')}：${c.revokedReason}</p></div>`
        : html`<div class="warning" role="status"><strong>${t('certificates.verify.expired', { noun })}</strong>
<p>${t('certificates.verify.expiredOn', { date: dayText(c.validUntil) })}</p></div>`;
  return layout(
    { title: `${c.title} - ${t('certificates.verify.title')}`, crumbs: crumbs(c.title) },
    html`<h1>${c.title}</h1>
<p class="lead">${c.kindLabel} · <span class="badge">${c.statusLabel}</span></p>
${verdict}
<section class="card"><h2>${t('certificates.verify.certifies')}</h2>
<dl class="facts">
<dt>${t('certificates.field.holder')}</dt><dd>${c.holder}</dd>
${c.facts.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}
<dt>${t('certificates.field.item')}</dt><dd><a href="/items/${c.item.id}">${c.item.name}</a></dd>
</dl></section>
<section class="card"><h2>${t('certificates.verify.issuer')}</h2>
<dl class="facts">
<dt>${t('certificates.field.department')}</dt><dd>${c.department.name}</dd>
<dt>${t('certificates.field.issuedAt')}</dt><dd>${when(c.issuedAt)}</dd>
<dt>${t('certificates.field.validFrom')}</dt><dd>${dayText(c.validFrom)}</dd>
<dt>${t('certificates.field.validUntil')}</dt><dd>${dayText(c.validUntil)}</dd>
<dt>${t('certificates.field.code')}</dt><dd><code>${c.code}</code></dd>
</dl></section>
<p class="hint">${t('certificates.verify.privacy')}</p>`,
  );
}

export function notFoundPage(typed: string) {
  return layout(
    { title: t('certificates.verify.notFoundTitle'), crumbs: crumbs(t('certificates.verify.notFoundTitle')) },
    html`<h1>${t('certificates.verify.notFoundTitle')}</h1>
<div class="warning" role="alert"><p>${t('certificates.verify.notFoundBody')}</p></div>
${lookupForm(typed)}`,
  );
}

export function lookupPage() {
  return layout(
    { title: t('certificates.verify.title'), crumbs: [{ label: t('certificates.verify.title') }] },
    html`<h1>${t('certificates.verify.title')}</h1>
<p class="lead">${t('certificates.verify.intro')}</p>
${lookupForm()}`,
  );
}
