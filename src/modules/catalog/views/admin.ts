/** Back office pages of the catalogue: record lists, the edit form, drafts with their diff, versions. */
import { adminLayout, formatTime } from '../../../web/admin-layout.js';
import { pager } from '../../../web/paging.js';
import { csrfField, errorSummary, type FieldProblem, input, notice, problemsByField } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { FieldDiff } from '../diff.js';
import type { DraftView } from '../present.js';
import { type EditableSection, isEditableSection, type SectionSpec } from '../sections.js';
import { SHEETS } from '../tabular.js';

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
}

const statusBadge = (s: DraftView['status']) => html`<span class="badge status-${s}">${t(`draft.status.${s}` as MessageKey)}</span>`;

function sectionTabs(tabs: SectionSpec[], current: string): Renderable {
  return html`<nav class="kind-tabs" aria-label="${t('catalogAdmin.sections')}"><ul>${tabs.map(
    (s) => html`<li><a href="/admin/catalog/${s.name}"${s.name === current ? html` aria-current="page"` : ''}>${s.label}</a></li>`,
  )}</ul></nav>`;
}

export function recordsPage(
  c: Common & {
    section: string;
    spec: SectionSpec;
    tabs: SectionSpec[];
    records: { key: string; title: string; department: string; url: string; note?: string }[];
    total: number;
    page: number;
    size: number;
    q: string;
    canCreate: boolean;
  },
) {
  const notes = c.records.some((r) => r.note);
  return adminLayout(
    { title: c.spec.group, principal: c.principal, csrf: c.csrf, current: c.spec.menu },
    html`${notice(c.flash)}${sectionTabs(c.tabs, c.section)}
<div class="toolbar">${
      c.section === 'items'
        ? html`<form method="get" action="/admin/catalog/items" class="inline-search" role="search"><label for="cq" class="visually-hidden">${t('catalogAdmin.searchItems')}</label><input id="cq" name="q" type="search" value="${c.q}" maxlength="100" placeholder="${t('catalogAdmin.searchItems')}"><button type="submit">${t('search.button')}</button></form>`
        : ''
    }
${c.canCreate ? html`<a class="button primary" href="/admin/catalog/${c.section}/new">${t('catalogAdmin.new', { kind: c.spec.label })}</a>` : ''}</div>
${
  c.records.length
    ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${c.spec.label}"><table class="table"><caption class="visually-hidden">${c.spec.label}</caption>
<thead><tr><th scope="col">${t('catalogAdmin.name')}</th><th scope="col">${t('catalogAdmin.key')}</th>${c.section === 'items' ? html`<th scope="col">${t('admin.department')}</th>` : ''}${notes ? html`<th scope="col">${t('catalogAdmin.figures')}</th>` : ''}<th scope="col">${t('admin.actions')}</th></tr></thead>
<tbody>${c.records.map(
        (r) => html`<tr><td>${r.title}</td><td><code>${r.key}</code></td>${c.section === 'items' ? html`<td>${r.department}</td>` : ''}${notes ? html`<td>${r.note ?? ''}</td>` : ''}
<td class="actions"><a href="/admin/catalog/${c.section}/${encodeURIComponent(r.key)}/edit">${t('catalogAdmin.edit')}</a> <a href="/admin/catalog/${c.section}/${encodeURIComponent(r.key)}/versions">${t('catalogAdmin.versions')}</a>${r.url ? html` <a href="${r.url}">${t('catalogAdmin.view')}</a>` : ''}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('catalogAdmin.none')}</p>`
}
${pager(`/admin/catalog/${c.section}${c.q ? `?q=${encodeURIComponent(c.q)}` : ''}`, c.page, c.size, c.total)}`,
  );
}

function hintFor(section: string, key: string): string {
  if (!isEditableSection(section)) return '';
  const col = SHEETS[section as EditableSection].columns.find((x) => x.key === key);
  if (!col) return '';
  const k = col.kind;
  if (k.type === 'lines') return t('catalogAdmin.hintLines');
  if (k.type === 'records' || k.type === 'record')
    return t(k.type === 'records' ? 'catalogAdmin.hintRecords' : 'catalogAdmin.hintRecord', {
      parts: k.fields.map((f) => t(`part.${f.key}` as MessageKey)).join(' | '),
    });
  if (k.type === 'bool') return t('catalogAdmin.hintBool');
  if (k.type === 'int') return t('catalogAdmin.hintInt');
  if (k.type === 'point') return t('catalogAdmin.hintPoint');
  if (k.type === 'optional') return ''; // the label says （选填）
  return '';
}

/** The edit form: one field per column of the import format, in the same text notation. */
export function editPage(
  c: Common & {
    section: string;
    spec: SectionSpec;
    key?: string;
    draft?: DraftView;
    title: string;
    cells: Record<string, string>;
    error?: string;
    problems?: string[];
    /** the problems by field label, to show each beside its field */
    fields?: FieldProblem[];
  },
) {
  const action = c.draft ? `/admin/drafts/${c.draft.id}` : `/admin/catalog/${c.section}/drafts`;
  const heading = c.draft
    ? t('catalogAdmin.editDraft', { title: c.draft.title })
    : c.key
      ? t('catalogAdmin.editRecord', { title: c.title })
      : t('catalogAdmin.new', { kind: c.spec.label });
  const keyField = c.spec.keyField;
  const fixed = c.key ?? c.draft?.key;
  const byField = problemsByField(c.fields ?? [], Object.fromEntries(c.spec.columns.map((col) => [col.header, col.key])));
  return adminLayout(
    {
      title: heading,
      principal: c.principal,
      csrf: c.csrf,
      current: c.spec.menu,
      crumbs: [{ label: c.spec.label, href: `/admin/catalog/${c.section}` }, { label: heading }],
    },
    html`${errorSummary(c.error, byField.summary.some((x) => typeof x !== 'string' && x.field) ? byField.summary : c.problems)}
<p class="lead">${t('catalogAdmin.editIntro')}</p>
<form method="post" action="${action}" class="form edit-form" novalidate>${csrfField(c.csrf)}
${c.key ? html`<input type="hidden" name="_key" value="${c.key}">` : ''}${c.draft ? html`<input type="hidden" name="_version" value="${c.draft.version}">` : ''}
${c.spec.columns.map((col) => {
  const value = c.cells[col.key] ?? '';
  const long = col.long;
  if (col.key === keyField && fixed) return html`<div class="field"><span class="label">${col.header}</span> <code>${fixed}</code><input type="hidden" name="${col.key}" value="${fixed}"></div>`;
  return input({
    name: col.key,
    label: col.header,
    value,
    hint: col.hint ?? hintFor(c.section, col.key),
    rows: long ? Math.min(24, Math.max(3, value.split('\n').length + 1)) : undefined,
    maxlength: 20_000,
    required: !col.optional,
    optional: !!col.optional,
    error: byField.errors[col.key],
  });
})}
<div class="form-actions"><button type="submit" class="primary">${t('catalogAdmin.saveDraft')}</button> <a href="/admin/catalog/${c.section}">${t('catalogAdmin.cancel')}</a></div>
</form>`,
  );
}

function diffTable(diff: FieldDiff[], onlyChanged: boolean): Renderable {
  const rows = onlyChanged ? diff.filter((d) => d.changed) : diff;
  if (!rows.length) return html`<p>${t('catalogAdmin.noChanges')}</p>`;
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${t('catalogAdmin.diff')}"><table class="table diff"><caption class="visually-hidden">${t('catalogAdmin.diff')}</caption>
<thead><tr><th scope="col">${t('catalogAdmin.field')}</th><th scope="col">${t('catalogAdmin.change')}</th></tr></thead>
<tbody>${rows.map(
    (d) => html`<tr${d.changed ? html` class="changed"` : ''}><th scope="row">${d.label}</th><td>${d.lines.map(
      (l) =>
        l.op === 'same'
          ? html`<div class="same">${l.text}</div>`
          : l.op === 'add'
            ? html`<ins><span class="visually-hidden">${t('catalogAdmin.added')}</span>${l.text}</ins>`
            : html`<del><span class="visually-hidden">${t('catalogAdmin.removed')}</span>${l.text}</del>`,
    )}</td></tr>`,
  )}</tbody></table></div>`;
}

export function draftPage(
  c: Common & {
    draft: DraftView;
    diff: FieldDiff[];
    isNew: boolean;
    latestVersion: number;
    canEdit: boolean;
    canReview: boolean;
    error?: string;
  },
) {
  const d = c.draft;
  const title = t('catalogAdmin.draftTitle', { id: d.id, title: d.title });
  const v = html`<input type="hidden" name="_version" value="${d.version}">`;
  const outdated = d.status !== 'published' && d.baseVersion !== c.latestVersion;
  return adminLayout(
    { title, principal: c.principal, csrf: c.csrf, current: '/admin/drafts', crumbs: [{ label: t('admin.nav.drafts'), href: '/admin/drafts' }, { label: title }] },
    html`${notice(c.flash)}${errorSummary(c.error)}
<dl class="facts">
<dt>${t('admin.status')}</dt><dd>${statusBadge(d.status)}</dd>
<dt>${t('catalogAdmin.record')}</dt><dd>${d.label} · <code>${d.key}</code>${c.isNew ? html` · ${t('catalogAdmin.newRecord')}` : html` · <a href="/admin/catalog/${d.section}/${encodeURIComponent(d.key)}/versions">${t('catalogAdmin.versions')}</a>`}</dd>
<dt>${t('catalogAdmin.author')}</dt><dd>${d.author} · ${formatTime(d.updatedAt, c.timeZone)}</dd>
${d.reviewer ? html`<dt>${t('catalogAdmin.reviewer')}</dt><dd>${d.reviewer} · ${formatTime(d.decidedAt, c.timeZone)}</dd>` : ''}
${d.reviewNote ? html`<dt>${t('catalogAdmin.reviewNote')}</dt><dd class="review-note">${d.reviewNote}</dd>` : ''}
</dl>
${outdated ? html`<p class="warning" role="alert">${t('draft.outdated')}</p>` : ''}
<div class="actions-bar">
${c.canEdit ? html`<a class="button" href="/admin/drafts/${d.id}/edit">${t('catalogAdmin.edit')}</a>
<form method="post" action="/admin/drafts/${d.id}/submit" class="inline">${csrfField(c.csrf)}${v}<button type="submit" class="primary">${t('catalogAdmin.submit')}</button></form>` : ''}
${['draft', 'review', 'rejected'].includes(d.status) && (c.canEdit || d.authorId === c.principal.userId) ? html`<form method="post" action="/admin/drafts/${d.id}/withdraw" class="inline">${csrfField(c.csrf)}${v}<button type="submit" class="link danger">${t('catalogAdmin.withdraw')}</button></form>` : ''}
</div>
${
  c.canReview
    ? html`<section class="card review"><h2>${t('catalogAdmin.review')}</h2>
<form method="post" action="/admin/drafts/${d.id}/approve" class="form">${csrfField(c.csrf)}${v}
${input({ name: 'note', label: t('catalogAdmin.approveNote'), rows: 2, maxlength: 1000 })}
<button type="submit" class="primary">${t('catalogAdmin.approve')}</button></form>
<form method="post" action="/admin/drafts/${d.id}/reject" class="form">${csrfField(c.csrf)}${v}
${input({ name: 'note', label: t('catalogAdmin.rejectNote'), rows: 2, maxlength: 1000, required: true, hint: t('catalogAdmin.rejectHint') })}
<button type="submit" class="danger">${t('catalogAdmin.reject')}</button></form></section>`
    : ''
}
<h2>${c.isNew ? t('catalogAdmin.contentNew') : t('catalogAdmin.diff')}</h2>
${diffTable(c.diff, !c.isNew)}
${c.isNew ? '' : html`<details><summary>${t('catalogAdmin.allFields')}</summary>${diffTable(c.diff, false)}</details>`}`,
  );
}

export function draftsPage(c: Common & { drafts: DraftView[]; total: number; page: number; size: number; status: string; mine: boolean }) {
  const filters: { status: string; label: MessageKey }[] = [
    { status: 'review', label: 'draft.status.review' },
    { status: 'draft', label: 'draft.status.draft' },
    { status: 'rejected', label: 'draft.status.rejected' },
    { status: 'published', label: 'draft.status.published' },
    { status: 'all', label: 'catalogAdmin.all' },
  ];
  const base = `/admin/drafts?status=${c.status}${c.mine ? '&mine=1' : ''}`;
  return adminLayout(
    { title: t('admin.nav.drafts'), principal: c.principal, csrf: c.csrf, current: '/admin/drafts' },
    html`${notice(c.flash)}<nav class="kind-tabs" aria-label="${t('catalogAdmin.statusFilter')}"><ul>${filters.map(
      (f) => html`<li><a href="/admin/drafts?status=${f.status}${c.mine ? '&mine=1' : ''}"${f.status === c.status ? html` aria-current="page"` : ''}>${t(f.label)}</a></li>`,
    )}<li><a href="/admin/drafts?status=${c.status}${c.mine ? '' : '&mine=1'}">${c.mine ? t('catalogAdmin.everyone') : t('catalogAdmin.onlyMine')}</a></li></ul></nav>
${
  c.drafts.length
    ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${t('admin.nav.drafts')}"><table class="table"><caption class="visually-hidden">${t('admin.nav.drafts')}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${t('catalogAdmin.name')}</th><th scope="col">${t('catalogAdmin.kind')}</th><th scope="col">${t('admin.status')}</th><th scope="col">${t('catalogAdmin.author')}</th><th scope="col">${t('catalogAdmin.updated')}</th></tr></thead>
<tbody>${c.drafts.map(
        (d) => html`<tr><td>${d.id}</td><td><a href="/admin/drafts/${d.id}">${d.title}</a></td><td>${d.label}</td><td>${statusBadge(d.status)}</td><td>${d.author}</td><td>${formatTime(d.updatedAt, c.timeZone)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('catalogAdmin.noDrafts')}</p>`
}
${pager(base, c.page, c.size, c.total)}`,
  );
}

export function versionsPage(
  c: Common & {
    section: string;
    label: string;
    menu: string;
    key: string;
    title: string;
    openDrafts: DraftView[];
    versions: { version: number; publishedBy: string; publishedAt: Date; draftId: number | null; diff: FieldDiff[] }[];
  },
) {
  const title = t('catalogAdmin.versionsOf', { title: c.title });
  return adminLayout(
    { title, principal: c.principal, csrf: c.csrf, current: c.menu, crumbs: [{ label: c.label, href: `/admin/catalog/${c.section}` }, { label: title }] },
    html`<p><a class="button" href="/admin/catalog/${c.section}/${encodeURIComponent(c.key)}/edit">${t('catalogAdmin.edit')}</a></p>
${c.openDrafts.length ? html`<h2>${t('catalogAdmin.openDrafts')}</h2><ul class="plain">${c.openDrafts.map((d) => html`<li><a href="/admin/drafts/${d.id}">#${d.id} ${d.title}</a> ${statusBadge(d.status)} · ${d.author}</li>`)}</ul>` : ''}
<h2>${t('catalogAdmin.versionList')}</h2>
${
  c.versions.length
    ? html`<ol class="versions">${c.versions.map(
        (v) => html`<li><details${v === c.versions[0] ? html` open` : ''}><summary>${t('catalogAdmin.versionLine', { version: v.version, by: v.publishedBy, at: formatTime(v.publishedAt, c.timeZone) })}${v.draftId ? html` · <a href="/admin/drafts/${v.draftId}">#${v.draftId}</a>` : ''}</summary>
${v.version === 1 ? html`<p>${t('catalogAdmin.firstVersion')}</p>` : v.diff.length ? diffTable(v.diff, true) : html`<p>${t('catalogAdmin.noChanges')}</p>`}</details></li>`,
      )}</ol>`
    : html`<p>${t('catalogAdmin.noVersions')}</p>`
}`,
  );
}
