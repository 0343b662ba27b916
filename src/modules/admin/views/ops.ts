/** Back office: the audit log, notification delivery (dead letters), and search settings. */
import { adminLayout, formatTime } from '../../../web/admin-layout.js';
import { filterFold } from '../../../web/components.js';
import { pager } from '../../../web/paging.js';
import { csrfField, errorSummary, input, notice, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../web/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { actionLabel, entityLabel, KNOWN_ACTIONS } from '../../audit/index.js';

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  actorName: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  note: string | null;
}

const json = (v: unknown) => (v === null || v === undefined ? '' : JSON.stringify(v, null, 1));

export function auditPage(c: Common & { entries: AuditRow[]; total: number; page: number; size: number; filters: Record<string, string>; error?: string }) {
  const f = c.filters;
  const qs = new URLSearchParams(Object.entries(f).filter(([, v]) => v)).toString();
  return adminLayout(
    { title: t('admin.nav.audit'), principal: c.principal, csrf: c.csrf, current: '/admin/audit' },
    html`<p class="lead">${t('audit.intro')}</p>${errorSummary(c.error)}
<div class="list-layout"><div class="list-main">
<p>${t('audit.count', { n: c.total })}</p>
<ol class="audit-list">${c.entries.map(
      (e) => html`<li><details><summary><span class="muted">${formatTime(e.at, c.timeZone)}</span> <strong>${e.actorName}</strong> <span class="audit-action" title="${e.action}">${actionLabel(e.action)}</span> ${entityLabel(e.entity)} ${e.entityId}${e.note ? html` · ${e.note}` : ''}</summary>
<div class="before-after"><div><h3>${t('audit.before')}</h3><pre>${json(e.before) || '—'}</pre></div><div><h3>${t('audit.after')}</h3><pre>${json(e.after) || '—'}</pre></div></div>
<p class="muted">${t('audit.actorId')}：${e.actor} · <code>${e.action}</code> · #${e.id}</p></details></li>`,
    )}</ol>
${pager(`/admin/audit${qs ? `?${qs}` : ''}`, c.page, c.size, c.total)}
</div>
<aside class="list-filters" aria-label="${t('audit.filter')}">${filterFold(html`<form method="get" action="/admin/audit" class="filter-form">
${input({ name: 'actor', label: t('audit.actor'), value: f.actor, maxlength: 40, hint: t('audit.actorHint') })}
${select({
  name: 'action',
  label: t('audit.action'),
  value: f.action,
  options: [
    { value: '', label: t('audit.anyAction') },
    ...[...KNOWN_ACTIONS, ...(f.action && !KNOWN_ACTIONS.includes(f.action) ? [f.action] : [])].map((a) => ({ value: a, label: actionLabel(a) })),
  ],
})}
${input({ name: 'entity', label: t('audit.entity'), value: f.entity, maxlength: 40 })}
${input({ name: 'entityId', label: t('audit.entityId'), value: f.entityId, maxlength: 80 })}
${input({ name: 'from', label: t('audit.from'), value: f.from, type: 'date' })}
${input({ name: 'to', label: t('audit.to'), value: f.to, type: 'date' })}
<button type="submit" class="primary">${t('audit.filter')}</button>
</form>`, { active: Object.values(f).filter(Boolean).length, open: !!qs })}</aside>
</div>`,
  );
}

export interface OutboxView {
  id: number;
  channel: string;
  recipient: string;
  template: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
}

export function notificationsPage(c: Common & { dead: OutboxView[]; pending: OutboxView[] }) {
  const table = (rows: OutboxView[], caption: string, retry: boolean) =>
    rows.length
      ? html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}"><table class="table"><caption>${caption}</caption>
<thead><tr><th scope="col">#</th><th scope="col">${t('outbox.channel')}</th><th scope="col">${t('outbox.recipient')}</th><th scope="col">${t('outbox.template')}</th><th scope="col">${t('outbox.attempts')}</th><th scope="col">${t('outbox.error')}</th><th scope="col">${t('outbox.created')}</th>${retry ? html`<th scope="col">${t('admin.actions')}</th>` : html`<th scope="col">${t('outbox.next')}</th>`}</tr></thead>
<tbody>${rows.map(
          (r) => html`<tr><td>${r.id}</td><td>${t(`channel.${r.channel}` as 'channel.sms')}</td><td>${r.recipient}</td><td>${r.template}</td><td>${r.attempts}</td><td class="error-text">${r.lastError ?? ''}</td><td>${formatTime(r.createdAt, c.timeZone)}</td>
${retry ? html`<td><form method="post" action="/admin/notifications/${r.id}/retry" class="inline">${csrfField(c.csrf)}<button type="submit" class="link">${t('outbox.retry')}</button></form></td>` : html`<td>${formatTime(r.nextAttemptAt, c.timeZone)}</td>`}</tr>`,
        )}</tbody></table></div>`
      : html`<h2>${caption}</h2><p>${t('outbox.none')}</p>`;
  return adminLayout(
    { title: t('admin.nav.notifications'), principal: c.principal, csrf: c.csrf, current: '/admin/notifications' },
    html`${notice(c.flash)}<p class="lead">${t('outbox.intro')}</p>
${table(c.dead, t('admin.deadLetters'), true)}
${table(c.pending, t('admin.pendingMessages'), false)}`,
  );
}

export function searchAdminPage(
  c: Common & {
    zero: { query: string; count: number }[];
    hot: { query: string; count: number }[];
    synonyms: { id: number; terms: string[]; targets: string[] | null }[];
    bestBets: { query: string; docKeys: string[] }[];
    filter: string;
    error?: string;
    form?: 'synonym' | 'bestBet';
    values?: Record<string, string>;
  },
) {
  const shown = c.filter ? c.synonyms.filter((s) => [...s.terms, ...(s.targets ?? [])].some((x) => x.includes(c.filter))) : c.synonyms.slice(-50).reverse();
  const counts = (rows: { query: string; count: number }[]) =>
    rows.length ? html`<ol>${rows.map((z) => html`<li><a href="/search?q=${encodeURIComponent(z.query)}">${z.query}</a> <span class="muted">× ${z.count}</span></li>`)}</ol>` : html`<p>${t('admin.noZeroResults')}</p>`;
  return adminLayout(
    { title: t('admin.nav.search'), principal: c.principal, csrf: c.csrf, current: '/admin/search' },
    html`${notice(c.flash)}
<div class="cards"><section class="card"><h2>${t('admin.zeroResults')}</h2><p class="hint">${t('searchAdmin.zeroHint')}</p>${counts(c.zero)}</section>
<section class="card"><h2>${t('searchAdmin.hot')}</h2>${counts(c.hot)}</section></div>
<section class="card"><h2>${t('searchAdmin.synonyms')}</h2><p class="hint">${t('searchAdmin.synonymsHint', { n: c.synonyms.length })}</p>
${c.form === 'synonym' ? errorSummary(c.error) : ''}
<form method="post" action="/admin/search/synonyms" class="form inline-form" novalidate>${csrfField(c.csrf)}
${input({ name: 'terms', label: t('searchAdmin.terms'), value: c.values?.terms, required: true, maxlength: 400, hint: t('searchAdmin.termsHint') })}
${input({ name: 'targets', label: t('searchAdmin.targets'), value: c.values?.targets, maxlength: 400, hint: t('searchAdmin.targetsHint') })}
<button type="submit" class="primary">${t('searchAdmin.add')}</button></form>
<form method="get" action="/admin/search" class="inline-search" role="search"><label for="sf" class="visually-hidden">${t('searchAdmin.filter')}</label><input id="sf" name="filter" type="search" value="${c.filter}" maxlength="40" placeholder="${t('searchAdmin.filter')}"><button type="submit">${t('search.button')}</button></form>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t('searchAdmin.synonyms')}"><table class="table"><caption class="visually-hidden">${t('searchAdmin.synonyms')}</caption>
<thead><tr><th scope="col">${t('searchAdmin.terms')}</th><th scope="col">${t('searchAdmin.targets')}</th><th scope="col">${t('admin.actions')}</th></tr></thead>
<tbody>${shown.map(
      (s) => html`<tr><td>${s.terms.join('、')}</td><td>${s.targets?.join('、') ?? t('searchAdmin.equivalent')}</td>
<td><form method="post" action="/admin/search/synonyms/${s.id}/delete" class="inline">${csrfField(c.csrf)}<button type="submit" class="link danger">${t('searchAdmin.remove')}</button></form></td></tr>`,
    )}</tbody></table></div></section>
<section class="card"><h2>${t('searchAdmin.bestBets')}</h2><p class="hint">${t('searchAdmin.bestBetsHint')}</p>
${c.form === 'bestBet' ? errorSummary(c.error) : ''}
<form method="post" action="/admin/search/best-bets" class="form inline-form" novalidate>${csrfField(c.csrf)}
${input({ name: 'query', label: t('searchAdmin.query'), value: c.values?.query, required: true, maxlength: 40 })}
${input({ name: 'docKeys', label: t('searchAdmin.docKeys'), value: c.values?.docKeys, maxlength: 200, hint: t('searchAdmin.docKeysHint') })}
<button type="submit" class="primary">${t('form.save')}</button></form>
<ul class="plain">${c.bestBets.map((b) => html`<li><strong>${b.query}</strong> → ${b.docKeys.map((k) => html`<code>${k}</code> `)}</li>`)}</ul></section>`,
  );
}
