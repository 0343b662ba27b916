/**
 * 一件事一次办 pages: the combined form of a bundle (/bundles/<slug>/apply: its fields drawn as an
 * item's apply page draws them, its file fields as upload boxes, one submit for every part) and
 * one bundle of the applicant (/me/bundles/<ref>: the combined status and each member linked).
 */
import { t } from '../../../lib/i18n/index.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import type { BundleDefinition } from '../automation/bundles.js';
import type { BundleView } from '../operations/bundles.js';
import { type FormFailure, statusTag } from './citizen.js';
import { ACCEPT, formFields, type PostedAnswers } from './form.js';

export const uploadName = (key: string) => `upload_${key}`;

export function bundleApplyPage(o: { bundle: BundleDefinition; answers: PostedAnswers; csrf: string; failure?: FormFailure }): string {
  const b = o.bundle;
  const title = t('lifeBundle.title', { title: b.title });
  const errors = o.failure?.errors ?? {};
  const files = b.form.fields.filter((f) => f.type === 'file');
  return layout(
    { title, crumbs: [{ label: title }], scripts: ['application-form.js'] },
    html`<h1>${title}</h1>
${errorSummary(o.failure?.message, o.failure?.summary)}
<p class="lead">${b.summary}</p>
${b.form.intro ? html`<p>${b.form.intro}</p>` : ''}
<section aria-labelledby="h-parts"><h2 id="h-parts">${t('lifeBundle.members')}</h2>
<ol>${b.parts.map((p) => html`<li>${p.title}</li>`)}</ol></section>
<form method="post" action="/bundles/${b.slug}/apply?_csrf=${o.csrf}" enctype="multipart/form-data" class="form application-form" novalidate>
${csrfField(o.csrf)}
${formFields(b.form, o.answers, errors)}
${files.map((f) => {
  const name = uploadName(f.key);
  const error = errors[`slot.${f.key}`];
  const accept = (f.type === 'file' ? (f.accept ?? ['pdf', 'image']) : []).map((k) => ACCEPT[k]).join(',');
  return html`<div class="field${error ? ' has-error' : ''}"><label for="u-${f.key}">${f.label}${f.required ? html` <span class="req" aria-hidden="true">*</span>` : ''}</label>
${error ? html`<p class="error" id="u-${f.key}-error">${error}</p>` : ''}<input type="file" id="u-${f.key}" name="${name}" accept="${accept}" multiple${f.required ? html` required` : ''}${error ? html` aria-invalid="true" aria-describedby="u-${f.key}-error"` : ''}></div>`;
})}
<div class="form-actions"><button type="submit" class="primary">${t('lifeBundle.submit')}</button></div>
</form>`,
  );
}

export function myBundlePage(v: BundleView, timeZone: string): string {
  const title = t('lifeBundle.title', { title: v.title });
  return layout(
    { title, crumbs: [{ label: t('applications.page.mine.title'), href: '/me/applications' }, { label: v.ref }] },
    html`<h1>${title}</h1>
<dl class="facts"><dt>${t('lifeBundle.ref')}</dt><dd>${v.ref}</dd><dt>${t('lifeBundle.status')}</dt><dd>${statusTag({ status: v.status.status, statusLabel: v.status.label })}</dd>
<dt>${t('applications.page.col.updated')}</dt><dd>${new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(v.submittedAt))}</dd></dl>
${scrollTable(
  t('lifeBundle.members'),
  html`<table class="table"><caption>${t('lifeBundle.members')}</caption>
<thead><tr><th scope="col">${t('lifeBundle.part')}</th><th scope="col">${t('lifeBundle.no')}</th><th scope="col">${t('lifeBundle.partStatus')}</th><th scope="col">${t('lifeBundle.waitsFor')}</th></tr></thead>
<tbody>${v.members.map(
    (m) => html`<tr><td><a href="${m.url}">${m.title}</a></td><td>${m.no ?? t('lifeBundle.noNo')}</td><td>${statusTag(m)}</td><td>${m.waitsFor.join('、')}</td></tr>`,
  )}</tbody></table>`,
)}`,
  );
}

/** 我的办件: each 一件事 as one entry, its combined status and its members linked. */
export function bundlesSection(list: readonly BundleView[]): Renderable {
  if (!list.length) return '';
  return html`<section aria-labelledby="h-bundles"><h2 id="h-bundles">${t('lifeBundle.section')}</h2>
<ul class="plain">${list.map(
    (v) => html`<li><a href="${v.url}">${v.title}</a>（${v.ref}） ${statusTag({ status: v.status.status, statusLabel: v.status.label })}
<ul>${v.members.map((m) => html`<li><a href="${m.url}">${m.title}</a> ${statusTag(m)}</li>`)}</ul></li>`,
  )}</ul></section>`;
}
