/** Sign-up, sign-in (password or code), password reset and the identity-platform button. */
import { csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { layout } from '../../../web/layout.js';
import { devInboxNotice } from '../../../web/dev-notice.js';

export interface FormState {
  csrf: string;
  values?: Record<string, string>;
  error?: string;
  /** the error's code, which tells the field it belongs to */
  code?: string;
  problems?: string[];
  notice?: string;
  /** outside production: the code went to the development inbox by this channel */
  devInbox?: 'sms' | 'email';
}

const v = (s: FormState, name: string) => s.values?.[name] ?? '';

/** The field a refused form's error belongs to, by the error's code. */
const FIELD_OF: Record<string, string> = {
  bad_code: 'code',
  bad_contact: 'contact',
  weak_password: 'password',
  bad_credit_code: 'creditCode',
  bad_id_number: 'idNumber',
};
const errorField = (s: FormState) => (s.error && s.code && Object.hasOwn(FIELD_OF, s.code) ? FIELD_OF[s.code] : undefined);
/** The error beside the field it belongs to, if it is this one. */
const errorOn = (s: FormState, name: string) => (errorField(s) === name ? s.error : undefined);
/** The summary at the top, linking to the field when the error belongs to one. */
const summary = (s: FormState) => {
  const name = errorField(s);
  return errorSummary(s.error, name && s.error ? [{ text: s.error, field: name }] : s.problems);
};

function authFrame(title: string, body: Renderable, crumbs = true) {
  return layout(
    { title, crumbs: crumbs ? [{ label: title }] : undefined, bodyClass: 'auth' },
    html`<div class="auth-box"><h1>${title}</h1>${body}</div>`,
  );
}

const contactField = (s: FormState, label = t('auth.contact')) =>
  input({ name: 'contact', label, value: v(s, 'contact'), required: true, autocomplete: 'username', maxlength: 254, hint: t('auth.contactHint'), error: errorOn(s, 'contact') });

export function loginPage(s: FormState & { next: string; oidc?: string }) {
  return authFrame(
    t('auth.loginTitle'),
    html`${notice(s.notice)}${summary(s)}
<form method="post" action="/login" class="form" novalidate>
${csrfField(s.csrf)}<input type="hidden" name="next" value="${s.next}">
${input({ name: 'identifier', label: t('auth.contact'), value: v(s, 'identifier'), required: true, autocomplete: 'username', maxlength: 254, hint: t('auth.contactHint') })}
${input({ name: 'password', label: t('auth.password'), type: 'password', required: true, autocomplete: 'current-password', maxlength: 200 })}
<button type="submit" class="primary">${t('auth.loginButton')}</button>
</form>
<ul class="auth-links">
<li><a href="/login/code?next=${encodeURIComponent(s.next)}">${t('auth.loginWithCode')}</a></li>
<li><a href="/reset">${t('auth.forgot')}</a></li>
<li>${t('auth.noAccount')} <a href="/signup">${t('auth.signupLink')}</a></li>
</ul>
${s.oidc ? html`<div class="oidc"><p>${t('auth.or')}</p><a class="button" href="/login/oidc?next=${encodeURIComponent(s.next)}">${t('auth.oidcButton', { name: s.oidc })}</a></div>` : ''}
<p class="hint">${t('auth.staffHint')} <a href="/admin/login">${t('auth.staffLink')}</a></p>`,
  );
}

/** Step one of sign-up, code sign-in and reset: where to send the code. */
export function codeRequestPage(s: FormState & { purpose: 'signup' | 'login' | 'reset'; next?: string }) {
  const title = t(s.purpose === 'signup' ? 'auth.signupTitle' : s.purpose === 'login' ? 'auth.codeLoginTitle' : 'auth.resetTitle');
  const action = s.purpose === 'signup' ? '/signup' : s.purpose === 'login' ? '/login/code' : '/reset';
  return authFrame(
    title,
    html`${summary(s)}
<p class="lead">${t(s.purpose === 'signup' ? 'auth.signupIntro' : s.purpose === 'login' ? 'auth.codeLoginIntro' : 'auth.resetIntro')}</p>
<form method="post" action="${action}" class="form" novalidate>
${csrfField(s.csrf)}${s.next ? html`<input type="hidden" name="next" value="${s.next}">` : ''}
${contactField(s)}
<button type="submit" class="primary">${t('auth.sendCode')}</button>
</form>
<p><a href="/login">${t('auth.backToLogin')}</a></p>`,
  );
}

/** Step two: the code arrived; finish sign-up with a name and password (and an enterprise's details). */
export function signupVerifyPage(s: FormState & { contact: string; masked: string }) {
  const kind = v(s, 'kind') || 'citizen';
  return authFrame(
    t('auth.signupTitle'),
    html`${notice(t('auth.codeSent', { to: s.masked }))}${devInboxNotice(s.devInbox)}${summary(s)}
<form method="post" action="/signup/verify" class="form" novalidate>
${csrfField(s.csrf)}<input type="hidden" name="contact" value="${s.contact}">
${codeField(s)}
<fieldset class="field checks"><legend>${t('auth.accountKind')}</legend>
<label class="check"><input type="radio" name="kind" value="citizen"${kind === 'citizen' ? html` checked` : ''}> <span>${t('auth.kindCitizen')}</span></label>
<label class="check"><input type="radio" name="kind" value="enterprise"${kind === 'enterprise' ? html` checked` : ''}> <span>${t('auth.kindEnterprise')}</span></label>
</fieldset>
${input({ name: 'name', label: t('auth.name'), value: v(s, 'name'), required: true, autocomplete: 'name', maxlength: 40 })}
${input({ name: 'password', label: t('auth.newPassword'), type: 'password', required: true, autocomplete: 'new-password', maxlength: 200, hint: t('auth.passwordHint'), error: errorOn(s, 'password') })}
<fieldset class="fieldset enterprise-fields"><legend>${t('auth.enterpriseFields')}</legend>
${input({ name: 'enterpriseName', label: t('auth.enterpriseName'), value: v(s, 'enterpriseName'), maxlength: 100, autocomplete: 'organization', hint: t('auth.enterpriseOnly') })}
${input({ name: 'creditCode', label: t('auth.creditCode'), value: v(s, 'creditCode'), maxlength: 18, hint: t('auth.creditCodeHint'), error: errorOn(s, 'creditCode') })}
</fieldset>
<button type="submit" class="primary">${t('auth.signupButton')}</button>
</form>
<p><a href="/signup">${t('auth.resend')}</a></p>`,
  );
}

const codeField = (s: FormState) =>
  input({ name: 'code', label: t('auth.code'), required: true, autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 6, hint: t('auth.codeHint'), error: errorOn(s, 'code') });

export function codeLoginVerifyPage(s: FormState & { contact: string; masked: string; next: string }) {
  return authFrame(
    t('auth.codeLoginTitle'),
    html`${notice(t('auth.codeSentIfAccount', { to: s.masked }))}${devInboxNotice(s.devInbox)}${summary(s)}
<form method="post" action="/login/code/verify" class="form" novalidate>
${csrfField(s.csrf)}<input type="hidden" name="contact" value="${s.contact}"><input type="hidden" name="next" value="${s.next}">
${codeField(s)}
<button type="submit" class="primary">${t('auth.loginButton')}</button>
</form>
<p><a href="/login/code">${t('auth.resend')}</a></p>`,
  );
}

export function resetVerifyPage(s: FormState & { contact: string; masked: string }) {
  return authFrame(
    t('auth.resetTitle'),
    html`${notice(t('auth.codeSentIfAccount', { to: s.masked }))}${devInboxNotice(s.devInbox)}${summary(s)}
<form method="post" action="/reset/verify" class="form" novalidate>
${csrfField(s.csrf)}<input type="hidden" name="contact" value="${s.contact}">
${codeField(s)}
${input({ name: 'password', label: t('auth.newPassword'), type: 'password', required: true, autocomplete: 'new-password', maxlength: 200, hint: t('auth.passwordHint'), error: errorOn(s, 'password') })}
<button type="submit" class="primary">${t('auth.resetButton')}</button>
</form>
<p><a href="/reset">${t('auth.resend')}</a></p>`,
  );
}

export function messagePage(title: string, message: string, link?: { href: string; label: string }) {
  return authFrame(title, html`<p class="lead">${message}</p>${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ''}`);
}
