/** Back office: the audit log (/admin/audit), and its card on the work desk. */
import { adminLayout, formatTime } from '../../../web/admin-layout.js';
import { filterFold } from '../../../web/components.js';
import { errorSummary, input, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { pager } from '../../../web/paging.js';
import type { Principal } from '../../../lib/principal.js';
import { KNOWN_ACTIONS, actionLabel, entityLabel } from '../labels.js';
import type { AuditRow } from '../present.js';

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
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

/** The work desk's "recent changes" list. */
export function recentChangesList(entries: AuditRow[], timeZone: string) {
  return html`<ul class="plain">${entries.map(
    (a) => html`<li><span class="muted">${formatTime(a.at, timeZone)}</span> ${a.actorName} · ${actionLabel(a.action)} · ${entityLabel(a.entity)} ${a.entityId}</li>`,
  )}</ul>`;
}
