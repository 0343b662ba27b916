/** The back office: the department's proposals with their due days, the registration form, and a case with the actions the principal may take. */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { scrollTable } from '../../../web/components.js';
import { checkboxes, csrfField, errorSummary, type FormError, input, notice, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { GRADES, KINDS, OPENNESS } from '../model.js';
import { allows, type ProposalAction, TRANSITIONS } from '../policy.js';
import type { Deadline, ProposalView } from '../present.js';

const fieldError = (e: FormError | undefined, key: string) => e?.fields.find((f) => f.field === t(key as never))?.message;

export function deadlineText(d: Deadline): string {
  if (d.daysLeft === null) return d.late ? t('proposals.deadline.late', { due: d.dueOn }) : t('proposals.deadline.inTime', { due: d.dueOn });
  if (d.overdue) return t('proposals.deadline.overdue', { due: d.dueOn, n: -d.daysLeft });
  return t('proposals.deadline.left', { due: d.dueOn, n: d.daysLeft });
}

export function listPage(p: Principal, csrf: string, list: { total: number; proposals: ProposalView[] }, open: boolean, mayRegister: boolean, flash?: string) {
  return adminLayout(
    { title: t('proposals.staff.title'), principal: p, csrf, current: '/admin/proposals' },
    html`<h1>${t('proposals.staff.title')}</h1>
${notice(flash)}
<p><a href="/admin/proposals"${open ? html` aria-current="page"` : ''}>${t('proposals.staff.open')}</a> · <a href="/admin/proposals?done=1"${open ? '' : html` aria-current="page"`}>${t('proposals.staff.closed')}</a>${mayRegister ? html` · <a href="/admin/proposals/new">${t('proposals.staff.new')}</a>` : ''}</p>
${
  list.proposals.length
    ? scrollTable(
        t('proposals.staff.title'),
        html`<table class="table"><caption class="visually-hidden">${t('proposals.staff.title')}</caption>
<thead><tr><th scope="col">${t('proposals.field.number')}</th><th scope="col">${t('proposals.field.title')}</th><th scope="col">${t('proposals.field.mainDepartmentId')}</th><th scope="col">${t('proposals.status')}</th><th scope="col">${t('proposals.deadline')}</th></tr></thead>
<tbody>${list.proposals.map(
          (r) =>
            html`<tr${r.deadline.overdue ? html` class="overdue"` : ''}><td>${r.year} ${r.kindLabel} ${r.numberLabel}</td><td><a href="/admin/proposals/${r.id}">${r.title}</a></td><td>${r.mainDepartment.name}</td><td>${r.statusLabel}</td><td>${r.deadline.overdue ? html`<strong>${deadlineText(r.deadline)}</strong>` : deadlineText(r.deadline)}</td></tr>`,
        )}</tbody></table>`,
      )
    : html`<p>${t('proposals.staff.empty')}</p>`
}`,
  );
}

export function registerPage(p: Principal, csrf: string, departments: { id: number; name: string }[], values: Record<string, string | string[]>, error?: FormError) {
  const v = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const co = Array.isArray(values.coDepartmentIds) ? values.coDepartmentIds : [];
  const own = p.departmentId ? String(p.departmentId) : '';
  return adminLayout(
    { title: t('proposals.staff.new'), principal: p, csrf, current: '/admin/proposals', crumbs: [{ label: t('proposals.staff.title'), href: '/admin/proposals' }, { label: t('proposals.staff.new') }] },
    html`<h1>${t('proposals.staff.new')}</h1>
${errorSummary(error?.message, error?.problems)}
<form method="post" action="/admin/proposals/new" class="form">${csrfField(csrf)}
${select({ name: 'kind', label: t('proposals.field.kind'), value: v('kind') || 'npc', options: KINDS.map((k) => ({ value: k, label: t(`proposals.kind.${k}`) })), error: fieldError(error, 'proposals.field.kind') })}
${input({ name: 'year', label: t('proposals.field.year'), value: v('year'), type: 'number', inputmode: 'numeric', required: true, maxlength: 4, error: fieldError(error, 'proposals.field.year') })}
${input({ name: 'number', label: t('proposals.field.number'), value: v('number'), required: true, maxlength: 12, hint: t('proposals.hint.number'), error: fieldError(error, 'proposals.field.number') })}
${input({ name: 'title', label: t('proposals.field.title'), value: v('title'), required: true, maxlength: 200, error: fieldError(error, 'proposals.field.title') })}
${input({ name: 'authors', label: t('proposals.field.authors'), value: v('authors'), rows: 3, required: true, hint: t('proposals.hint.authors'), error: fieldError(error, 'proposals.field.authors') })}
${input({ name: 'content', label: t('proposals.field.content'), value: v('content'), rows: 8, required: true, maxlength: 20000, error: fieldError(error, 'proposals.field.content') })}
${select({ name: 'mainDepartmentId', label: t('proposals.field.mainDepartmentId'), value: v('mainDepartmentId') || own, options: [{ value: '', label: t('proposals.choose') }, ...departments.map((d) => ({ value: String(d.id), label: d.name }))], error: fieldError(error, 'proposals.field.mainDepartmentId') })}
<details><summary>${t('proposals.field.coDepartmentIds')}</summary>
${checkboxes({ name: 'coDepartmentIds', legend: t('proposals.field.coDepartmentIds'), values: co, options: departments.map((d) => ({ value: String(d.id), label: d.name })) })}
</details>
${input({ name: 'assignedOn', label: t('proposals.field.assignedOn'), value: v('assignedOn'), type: 'date', optional: true, hint: t('proposals.hint.assignedOn'), error: fieldError(error, 'proposals.field.assignedOn') })}
<button type="submit" class="button">${t('proposals.action.register')}</button>
</form>`,
  );
}

export function casePage(p: Principal, csrf: string, r: ProposalView, o: { error?: FormError; flash?: string } = {}) {
  const reach = { mainDepartmentId: r.mainDepartment.id, coDepartmentIds: r.coHandlers.map((c) => c.departmentId) };
  const can = (a: ProposalAction) => !!TRANSITIONS[r.status][a] && allows(p, a, reach);
  const form = (action: ProposalAction, body: unknown) =>
    html`<form method="post" action="/admin/proposals/${r.id}/${action}" class="form">${csrfField(csrf)}<input type="hidden" name="version" value="${r.version}">${body as never}<button type="submit" class="button">${t(`proposals.action.${action}`)}</button></form>`;
  const actions = [
    can('opinion') ? form('opinion', input({ name: 'opinion', label: t('proposals.field.opinion'), rows: 4, required: true })) : '',
    can('reply')
      ? form(
          'reply',
          html`${select({ name: 'grade', label: t('proposals.field.grade'), value: r.grade ?? '', options: [{ value: '', label: t('proposals.choose') }, ...GRADES.map((g) => ({ value: g, label: t(`proposals.grade.${g}`) }))], hint: t('proposals.grades.explained') })}
${input({ name: 'body', label: t('proposals.field.replyBody'), value: r.replyBody ?? '', rows: 10, required: true })}`,
        )
      : '',
    can('publish')
      ? form(
          'publish',
          html`${select({ name: 'openness', label: t('proposals.field.openness'), options: OPENNESS.map((x) => ({ value: x, label: t(`proposals.openness.${x}`) })) })}
${input({ name: 'reason', label: t('proposals.field.withheldReason'), rows: 2, optional: true, hint: t('proposals.hint.withheld') })}`,
        )
      : '',
  ].filter(Boolean);
  return adminLayout(
    { title: r.title, principal: p, csrf, current: '/admin/proposals', crumbs: [{ label: t('proposals.staff.title'), href: '/admin/proposals' }, { label: r.numberLabel }] },
    html`<h1>${r.title}</h1>
${notice(o.flash)}
${errorSummary(o.error?.message, o.error?.problems)}
<dl class="facts">
<dt>${t('proposals.field.kind')}</dt><dd>${r.year} ${r.kindLabel} ${r.numberLabel}</dd>
<dt>${t('proposals.status')}</dt><dd>${r.statusLabel}</dd>
<dt>${t('proposals.field.authors')}</dt><dd>${r.authors.map((a, i) => html`${i ? '、' : ''}${a.name}（${a.group}）`)}</dd>
<dt>${t('proposals.field.mainDepartmentId')}</dt><dd>${r.mainDepartment.name}</dd>
<dt>${t('proposals.field.assignedOn')}</dt><dd>${r.assignedOn}</dd>
<dt>${t('proposals.deadline')}</dt><dd>${r.deadline.overdue ? html`<strong>${deadlineText(r.deadline)}</strong>` : deadlineText(r.deadline)}</dd>
${r.grade ? html`<dt>${t('proposals.field.grade')}</dt><dd>${r.gradeLabel}（${r.repliedOn} ${r.repliedBy ?? ''}）</dd>` : ''}
${r.openness ? html`<dt>${t('proposals.field.openness')}</dt><dd>${t(`proposals.openness.${r.openness}`)}${r.withheldReason ? html`：${r.withheldReason}` : ''}（${r.publishedOn}）</dd>` : ''}
</dl>
<section aria-labelledby="pr-c-h"><h2 id="pr-c-h">${t('proposals.field.content')}</h2><div class="pre">${r.content}</div></section>
${
  r.coHandlers.length
    ? html`<section aria-labelledby="pr-co-h"><h2 id="pr-co-h">${t('proposals.field.coDepartmentIds')}</h2><ul>${r.coHandlers.map(
        (c) => html`<li><strong>${c.name}</strong>：${c.opinion ? html`<span class="pre">${c.opinion}</span>（${c.opinionOn} ${c.opinionBy ?? ''}）` : t('proposals.opinion.pending')}</li>`,
      )}</ul></section>`
    : ''
}
${r.replyBody ? html`<section aria-labelledby="pr-r-h"><h2 id="pr-r-h">${t('proposals.reply.title')}</h2><div class="pre">${r.replyBody}</div></section>` : ''}
${actions.length ? html`<section aria-labelledby="pr-act-h"><h2 id="pr-act-h">${t('proposals.staff.actions')}</h2>${actions}</section>` : ''}
${r.status === 'published' && r.openness === 'public' ? html`<p><a href="/proposals/${r.id}">${t('proposals.staff.publicPage')}</a></p>` : ''}`,
  );
}
