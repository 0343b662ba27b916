/** The back-office pages of 政务公开: the list, the editor's form, one article with its actions, links and history. */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, type FormError, input, notice, select } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import type { Lookups } from '../context.js';
import type { FieldChange, LineChange } from '../diff.js';
import { INTERPRET_FORMS, OPEN_MODES, VALIDITIES, interpretFormLabel, openModeLabel, stageLabel, validityLabel } from '../model.js';
import type { Proposal } from '../operations/links.js';
import type { staffList, staffView } from '../operations/staff.js';
import { renderBody } from '../markup.js';

const frame = (p: Principal, csrf: string, title: string, body: Renderable, crumbs: { label: string; href?: string }[] = []) =>
  adminLayout({ title, principal: p, csrf, current: '/admin/disclosure', crumbs: [{ label: t('disclosure.admin.title'), href: '/admin/disclosure' }, ...crumbs] }, body);

const stateLabel = (s: string) => t(`disclosure.state.${s}` as never);

export function listPage(p: Principal, csrf: string, d: Awaited<ReturnType<typeof staffList>>, o: { flash?: string; filter: string; broken: number; portal?: boolean }) {
  const filters = ['', 'draft', 'review', 'rejected'];
  return frame(p, csrf, t('disclosure.admin.title'), html`<h1>${t('disclosure.admin.title')}</h1>${notice(o.flash)}
<p><a class="button" href="/admin/disclosure/new">${t('disclosure.admin.new')}</a> <a href="/admin/disclosure/broken">${t('disclosure.admin.broken', { n: o.broken })}</a>${o.portal ? html` <a href="/admin/disclosure/gazette">${t('disclosure.admin.gazette')}</a> <a href="/admin/disclosure/topics">${t('disclosure.admin.topics')}</a>` : ''}</p>
<nav aria-label="${t('disclosure.admin.filters')}"><p>${filters.map((f) => (f === o.filter ? html`<strong>${f ? stateLabel(f) : t('disclosure.admin.all')}</strong> ` : html`<a href="/admin/disclosure${f ? `?draft=${f}` : ''}">${f ? stateLabel(f) : t('disclosure.admin.all')}</a> `))}</p></nav>
<table class="data-table"><caption>${t('disclosure.admin.count', { n: d.total })}</caption>
<thead><tr><th scope="col">${t('disclosure.field.title')}</th><th scope="col">${t('disclosure.field.org')}</th><th scope="col">${t('disclosure.field.kind')}</th><th scope="col">${t('disclosure.admin.live')}</th><th scope="col">${t('disclosure.admin.draftState')}</th><th scope="col">${t('disclosure.admin.updated')}</th></tr></thead>
<tbody>${d.articles.map((a) => html`<tr><td><a href="/admin/disclosure/articles/${a.id}">${a.title}</a></td><td>${a.org}</td><td>${a.kind}</td><td>${stateLabel(a.status)}</td><td>${stateLabel(a.draftStatus)}</td><td>${a.updatedOn}</td></tr>`)}</tbody></table>`);
}

export function editPage(p: Principal, csrf: string, l: Lookups, o: { id?: number; version?: number; values: Record<string, string>; error?: FormError; orgIds: number[] }) {
  const v = o.values;
  const errors = new Map((o.error?.fields ?? []).map((f) => [f.field, f.message]));
  const err = (key: string) => errors.get(t(`disclosure.field.${key}` as never));
  const f = (name: string, extra: Partial<Parameters<typeof input>[0]> = {}) => input({ name, label: t(`disclosure.field.${name}` as never), value: v[name] ?? '', error: err(name), ...extra });
  const title = o.id ? t('disclosure.admin.edit') : t('disclosure.admin.new');
  return frame(p, csrf, title, html`<h1>${title}</h1>
${errorSummary(o.error?.message, o.error?.problems ?? [])}
<form method="post" action="${o.id ? `/admin/disclosure/articles/${o.id}/edit` : '/admin/disclosure/new'}" novalidate>
${csrfField(csrf)}${o.version ? html`<input type="hidden" name="version" value="${o.version}">` : ''}
${f('title', { maxlength: 200 })}
${select({ name: 'kind', label: t('disclosure.field.kind'), value: v.kind, options: [{ value: '', label: t('disclosure.choose') }, ...l.kindList.map((k) => ({ value: k.slug, label: k.name }))], error: err('kind') })}
${select({ name: 'orgId', label: t('disclosure.field.org'), value: v.orgId, options: [{ value: '', label: t('disclosure.choose') }, ...l.orgList.filter((x) => o.orgIds.includes(x.id)).map((x) => ({ value: String(x.id), label: x.name }))], error: err('org') })}
${select({ name: 'category', label: t('disclosure.field.category'), value: v.category, hint: t('disclosure.hint.category'), options: [{ value: '', label: t('disclosure.choose') }, ...l.categoryList.map((c) => ({ value: c.slug, label: `${stageLabel(c.stage)} · ${c.name}` }))], error: err('category') })}
${f('indexNo', { optional: true, hint: t('disclosure.hint.indexNo') })}
${f('topic', { hint: t('disclosure.hint.topic') })}
${f('issuer')}
${f('docNo', { optional: true, hint: t('disclosure.hint.docNo') })}
${f('writtenOn', { type: 'date' })}
${select({ name: 'validity', label: t('disclosure.field.validity'), value: v.validity || 'valid', options: VALIDITIES.map((x) => ({ value: x, label: validityLabel(x) })), error: err('validity') })}
${f('validityDate', { type: 'date', optional: true, hint: t('disclosure.hint.validityDate') })}
${select({ name: 'openMode', label: t('disclosure.field.openMode'), value: v.openMode || 'active', options: OPEN_MODES.map((x) => ({ value: x, label: openModeLabel(x) })), error: err('openMode') })}
${f('openScope', { hint: t('disclosure.hint.openScope') })}
${f('keywords', { optional: true, hint: t('disclosure.hint.keywords') })}
${f('summary', { optional: true, rows: 3 })}
${f('body', { rows: 16, hint: t('disclosure.hint.body') })}
<fieldset><legend>${t('disclosure.admin.interpretation')}</legend>
${f('policyId', { optional: true, inputmode: 'numeric', hint: t('disclosure.hint.policy') })}
${select({ name: 'interpretForm', label: t('disclosure.field.interpretForm'), value: v.interpretForm, optional: true, options: [{ value: '', label: t('disclosure.none') }, ...INTERPRET_FORMS.map((x) => ({ value: x, label: interpretFormLabel(x) }))], error: err('interpretForm') })}
${f('videoUrl', { optional: true, hint: t('disclosure.hint.videoUrl') })}
</fieldset>
${f('publishAt', { optional: true, hint: t('disclosure.hint.publishAt') })}
<button type="submit">${t('disclosure.admin.save')}</button>
</form>`, [{ label: title }]);
}

function diffBlock(d: { fields: FieldChange[]; body: LineChange[] }) {
  const changed = d.body.filter((x) => x.op !== ' ');
  return html`${d.fields.length ? html`<table class="data-table"><thead><tr><th scope="col">${t('disclosure.admin.field')}</th><th scope="col">${t('disclosure.admin.before')}</th><th scope="col">${t('disclosure.admin.after')}</th></tr></thead><tbody>${d.fields.map((c) => html`<tr><td>${c.field}</td><td><del>${c.before}</del></td><td><ins>${c.after}</ins></td></tr>`)}</tbody></table>` : ''}
${changed.length ? html`<pre class="diff">${changed.slice(0, 200).map((x) => html`${x.op === '+' ? html`<ins>+ ${x.text}</ins>` : html`<del>- ${x.text}</del>`}\n`)}</pre>` : ''}`;
}

export function articleAdminPage(p: Principal, csrf: string, d: Awaited<ReturnType<typeof staffView>>, o: { flash?: string; error?: FormError; proposals: Proposal[] }) {
  const { row, abilities: can } = d;
  const c = row.draft ?? row.content;
  const id = row.id;
  const action = (path: string, label: string, extra: Renderable = '') =>
    html`<form method="post" action="/admin/disclosure/articles/${id}/${path}" class="inline-form">${csrfField(csrf)}<input type="hidden" name="version" value="${row.version}">${extra}<button type="submit">${label}</button></form>`;
  return frame(p, csrf, c?.title ?? row.title, html`<h1>${c?.title ?? row.title}</h1>${notice(o.flash)}
${errorSummary(o.error?.message, o.error?.problems ?? [])}
<p>${t('disclosure.admin.live')}：<strong>${stateLabel(row.status)}</strong> · ${t('disclosure.admin.draftState')}：<strong>${stateLabel(row.draftStatus)}</strong>
${row.status === 'published' || row.status === 'scheduled' ? html` · <a href="/xxgk/articles/${id}">${t('disclosure.admin.view')}</a>` : ''}</p>
${row.draftNote ? html`<p class="notice notice-warn">${t('disclosure.admin.rejectedNote', { note: row.draftNote })}</p>` : ''}
${row.withdrawnReason ? html`<p class="notice notice-warn">${t('disclosure.withdrawnNotice', { reason: row.withdrawnReason })}</p>` : ''}
<div class="actions-row">
${can.canEdit ? html`<a class="button" href="/admin/disclosure/articles/${id}/edit">${t('disclosure.admin.edit')}</a>` : ''}
${can.canSubmit ? action('submit', t('disclosure.admin.submit')) : ''}
${can.canReview ? action('approve', t('disclosure.admin.approve'), input({ name: 'note', label: t('disclosure.admin.note'), optional: true })) : ''}
${can.canReview ? action('reject', t('disclosure.admin.reject'), input({ name: 'note', label: t('disclosure.admin.rejectNote') })) : ''}
${can.canWithdraw ? action('withdraw', t('disclosure.admin.withdraw'), input({ name: 'reason', label: t('disclosure.admin.reason') })) : ''}
</div>
${d.pending && (d.pending.fields.length || d.pending.body.some((x) => x.op !== ' ')) ? html`<h2>${t('disclosure.admin.pending')}</h2>${diffBlock(d.pending)}` : ''}
${c ? html`<h2>${t('disclosure.admin.content')}</h2><p class="meta">${c.docNo} ${c.issuer} ${c.writtenOn} · ${t('disclosure.field.indexNo')} ${c.indexNo || row.indexNo}</p><div class="article-body">${renderBody(c.body)}</div>` : ''}
<h2>${t('disclosure.field.attachments')}</h2>
<ul>${d.attachments.map((a) => html`<li><a href="${a.url}">${a.filename}</a> ${a.format.toUpperCase()} ${can.canEdit ? html`<form method="post" action="/admin/disclosure/articles/${id}/files/${a.id}/delete" class="inline-form">${csrfField(csrf)}<button type="submit">${t('disclosure.admin.remove')}</button></form>` : ''}</li>`)}</ul>
${can.canEdit ? html`<form method="post" action="/admin/disclosure/articles/${id}/files?_csrf=${encodeURIComponent(csrf)}" enctype="multipart/form-data">
<div class="field"><label for="f-files">${t('disclosure.admin.addFiles')}</label><p class="hint" id="f-files-hint">${t('disclosure.hint.files')}</p><input id="f-files" type="file" name="files" multiple accept=".pdf,.docx,.xlsx" aria-describedby="f-files-hint"></div>
<button type="submit">${t('disclosure.admin.upload')}</button></form>` : ''}
<h2>${t('disclosure.itemsHeading')}</h2>
<ul>${d.links.map((k) => html`<li>${k.url ? html`<a href="${k.url}">${k.name}</a>` : k.name} <code>${k.implCode}</code>${k.broken ? html` <span class="tag tag-warn">${t('disclosure.broken.retired')}</span>` : ''}
${can.canLink ? html`<form method="post" action="/admin/disclosure/articles/${id}/links/delete" class="inline-form">${csrfField(csrf)}<input type="hidden" name="code" value="${k.implCode}"><button type="submit">${t('disclosure.admin.unlink')}</button></form>` : ''}</li>`)}</ul>
${can.canLink ? html`<form method="post" action="/admin/disclosure/articles/${id}/links">${csrfField(csrf)}${input({ name: 'codes', label: t('disclosure.admin.linkCodes'), hint: t('disclosure.hint.codes') })}<button type="submit">${t('disclosure.admin.link')}</button></form>` : ''}
${can.canLink && o.proposals.length ? html`<h2>${t('disclosure.admin.proposals')}</h2><p class="hint">${t('disclosure.hint.proposals')}</p>
<form method="post" action="/admin/disclosure/proposals">${csrfField(csrf)}<input type="hidden" name="back" value="${id}">
<fieldset class="field checks"><legend>${t('disclosure.admin.proposalsLegend')}</legend>
${o.proposals.map((x) => html`<label class="check"><input type="checkbox" name="pair" value="${x.articleId}:${x.implCode}" checked> ${x.itemName} <small class="hint">${t('disclosure.admin.because', { score: x.score, words: x.shared.join('、') })}</small></label>`)}</fieldset>
<button type="submit">${t('disclosure.admin.confirm')}</button></form>` : ''}
<h2>${t('disclosure.admin.versions')}</h2>
${d.versions.length ? d.versions.map((v) => html`<details><summary>${t('disclosure.admin.versionLine', { n: v.version, by: v.publishedBy, on: v.on })}</summary>${v.note ? html`<p>${v.note}</p>` : ''}${diffBlock(v.diff)}</details>`) : html`<p>${t('disclosure.admin.noVersions')}</p>`}`, [{ label: c?.title ?? row.title }]);
}

export function brokenPage(p: Principal, csrf: string, list: { articleId: number; title: string; implCode: string; itemName: string; why: string }[]) {
  return frame(p, csrf, t('disclosure.admin.brokenTitle'), html`<h1>${t('disclosure.admin.brokenTitle')}</h1>
${list.length ? html`<table class="data-table"><thead><tr><th scope="col">${t('disclosure.field.title')}</th><th scope="col">${t('disclosure.admin.item')}</th><th scope="col">${t('disclosure.admin.why')}</th></tr></thead><tbody>
${list.map((b) => html`<tr><td><a href="/admin/disclosure/articles/${b.articleId}">${b.title}</a></td><td>${b.itemName} <code>${b.implCode}</code></td><td>${b.why}</td></tr>`)}</tbody></table>` : html`<p>${t('disclosure.admin.noBroken')}</p>`}`, [{ label: t('disclosure.admin.brokenTitle') }]);
}

export function gazetteAdminPage(p: Principal, csrf: string, issues: { year: number; number: number; serial: number; publishedOn: string; url: string; documents: number }[], o: { values: Record<string, string>; error?: FormError; flash?: string }) {
  const v = o.values;
  return frame(p, csrf, t('disclosure.admin.gazette'), html`<h1>${t('disclosure.admin.gazette')}</h1>${notice(o.flash)}
${errorSummary(o.error?.message, o.error?.problems ?? [])}
<ul>${issues.map((i) => html`<li><a href="${i.url}">${t('disclosure.gazette.issueTitle', { year: i.year, number: i.number })}</a> <span class="meta">${t('disclosure.gazette.serial', { n: i.serial })} · ${i.publishedOn} · ${t('disclosure.gazette.docs', { n: i.documents })}</span></li>`)}</ul>
<h2>${t('disclosure.admin.gazetteEdit')}</h2>
<form method="post" action="/admin/disclosure/gazette">${csrfField(csrf)}
${input({ name: 'year', label: t('disclosure.admin.gazetteYear'), value: v.year ?? '', inputmode: 'numeric' })}
${input({ name: 'number', label: t('disclosure.admin.gazetteNumber'), value: v.number ?? '', inputmode: 'numeric' })}
${input({ name: 'publishedOn', label: t('disclosure.admin.gazetteDate'), value: v.publishedOn ?? '', type: 'date' })}
${input({ name: 'articles', label: t('disclosure.admin.gazetteArticles'), value: v.articles ?? '', hint: t('disclosure.hint.gazetteArticles') })}
<button type="submit">${t('disclosure.admin.gazetteSave')}</button></form>`, [{ label: t('disclosure.admin.gazette') }]);
}

export function topicsAdminPage(p: Principal, csrf: string, topics: { slug: string; title: string; opensOn: string; closesOn: string | null }[], o: { values: Record<string, string>; error?: FormError; flash?: string }) {
  const v = o.values;
  const errors = new Map((o.error?.fields ?? []).map((f) => [f.field, f.message]));
  const f = (name: string, extra: Partial<Parameters<typeof input>[0]> = {}) => input({ name, label: t(`disclosure.topic.${name}` as never), value: v[name] ?? '', error: errors.get(t(`disclosure.topic.${name}` as never)), ...extra });
  return frame(p, csrf, t('disclosure.admin.topics'), html`<h1>${t('disclosure.admin.topics')}</h1>${notice(o.flash)}
${errorSummary(o.error?.message, o.error?.problems ?? [])}
<ul>${topics.map((tp) => html`<li><a href="/topics/${tp.slug}">${tp.title}</a> <span class="meta">${t('disclosure.topic.window', { opens: tp.opensOn, closes: tp.closesOn ?? t('disclosure.topic.open') })}</span> <a href="/admin/disclosure/topics?slug=${tp.slug}">${t('disclosure.admin.topicEdit')}</a></li>`)}</ul>
<form method="post" action="/admin/disclosure/topics">${csrfField(csrf)}
${f('slug', { hint: t('disclosure.topic.slugForm') })}${f('title')}${f('summary', { optional: true, rows: 2 })}
${f('opensOn', { type: 'date' })}${f('closesOn', { type: 'date', optional: true })}
${f('sections', { rows: 12, hint: t('disclosure.topic.sectionsHint') })}
<button type="submit">${t('disclosure.admin.topicSave')}</button></form>`, [{ label: t('disclosure.admin.topics') }]);
}
