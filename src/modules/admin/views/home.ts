/** Back office: staff sign-in and the dashboard of the signed-in person's work. */
import { adminLayout, adminLoginLayout, formatTime, roleLabel } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../web/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { actionLabel, entityLabel } from '../../audit/index.js';
import type { LetterTodo } from '../../letters/index.js';

export function staffLoginPage(s: { csrf: string; next: string; error?: string; username?: string; notice?: string }) {
  return adminLoginLayout(
    t('admin.loginTitle'),
    html`${notice(s.notice)}${errorSummary(s.error)}
<form method="post" action="/admin/login" class="form" novalidate>${csrfField(s.csrf)}<input type="hidden" name="next" value="${s.next}">
${input({ name: 'username', label: t('admin.username'), value: s.username, required: true, autocomplete: 'username', maxlength: 60 })}
${input({ name: 'password', label: t('auth.password'), type: 'password', required: true, autocomplete: 'current-password', maxlength: 200 })}
<button type="submit" class="primary">${t('auth.loginButton')}</button>
</form>
<p class="hint">${t('admin.loginHint')}</p>
<p><a href="/">${t('admin.nav.site')}</a></p>`,
  );
}

export interface Dashboard {
  departmentName: string | null;
  drafts?: { mine: number; waiting: number; rejected: number };
  /** the letters waiting on this person's role */
  letters?: LetterTodo;
  /** whether the person reviews catalogue drafts (their waiting count is a to-do) */
  reviewsDrafts?: boolean;
  outbox?: { dead: number; pending: number };
  zeroResults?: { query: string; count: number }[];
  audit?: { at: Date; actorName: string; action: string; entity: string; entityId: string }[];
  unread: number;
}

export function dashboardPage(p: Principal, csrf: string, d: Dashboard, timeZone: string) {
  const card = (title: string, body: unknown, href?: string) =>
    html`<section class="card"><h2>${href ? html`<a href="${href}">${title}</a>` : title}</h2>${body as string}</section>`;
  return adminLayout(
    { title: t('admin.nav.dashboard'), principal: p, csrf, current: '/admin' },
    html`<p class="lead">${t('admin.welcome', { name: p.name, role: roleLabel(p.role), department: d.departmentName ?? t('admin.portalWide') })}</p>
<div class="cards">
${todoCard(d)}
${card(t('admin.inbox'), html`<p><a href="/admin/messages">${d.unread ? t('me.unread', { n: d.unread }) : t('me.noUnread')}</a></p>`, '/admin/messages')}
${
  d.drafts
    ? card(
        t('admin.nav.drafts'),
        html`<ul class="stats">
<li><a href="/admin/drafts?status=review"><strong>${d.drafts.waiting}</strong> ${t('admin.draftsWaiting')}</a></li>
<li><a href="/admin/drafts?mine=1&status=draft"><strong>${d.drafts.mine}</strong> ${t('admin.draftsMine')}</a></li>
<li><a href="/admin/drafts?mine=1&status=rejected"><strong>${d.drafts.rejected}</strong> ${t('admin.draftsRejected')}</a></li>
</ul>`,
        '/admin/drafts',
      )
    : ''
}
${
  d.outbox
    ? card(
        t('admin.nav.notifications'),
        html`<ul class="stats"><li class="${d.outbox.dead ? 'alert' : ''}"><strong>${d.outbox.dead}</strong> ${t('admin.deadLetters')}</li><li><strong>${d.outbox.pending}</strong> ${t('admin.pendingMessages')}</li></ul>`,
        '/admin/notifications',
      )
    : ''
}
${
  d.zeroResults
    ? card(
        t('admin.zeroResults'),
        d.zeroResults.length
          ? html`<ol>${d.zeroResults.map((z) => html`<li>${z.query} <span class="muted">× ${z.count}</span></li>`)}</ol>`
          : html`<p>${t('admin.noZeroResults')}</p>`,
        '/admin/search',
      )
    : ''
}
${
  d.audit
    ? card(
        t('admin.recentChanges'),
        html`<ul class="plain">${d.audit.map(
          (a) => html`<li><span class="muted">${formatTime(a.at, timeZone)}</span> ${a.actorName} · ${actionLabel(a.action)} · ${entityLabel(a.entity)} ${a.entityId}</li>`,
        )}</ul>`,
        '/admin/audit',
      )
    : ''
}
</div>`,
  );
}

/** 我的待办: each count of work waiting on the person's role, linking to the list it counts. */
function todoCard(d: Dashboard) {
  const l = d.letters;
  const rows: { n: number; label: string; href: string; alert?: boolean }[] = [];
  if (l?.dispatch !== undefined) rows.push({ n: l.dispatch, label: t('todo.dispatch'), href: '/admin/letters?status=dispatching' });
  if (l?.handle !== undefined) rows.push({ n: l.handle, label: t('todo.handle'), href: '/admin/letters?status=handling' });
  if (l?.review !== undefined) rows.push({ n: l.review, label: t('todo.review'), href: '/admin/letters?status=reviewing' });
  if (d.reviewsDrafts && d.drafts) rows.push({ n: d.drafts.waiting, label: t('todo.reviewDrafts'), href: '/admin/drafts?status=review' });
  if (l) {
    rows.push({ n: l.dueSoon, label: t('todo.dueSoon'), href: '/admin/letters?status=all&due=soon', alert: l.dueSoon > 0 });
    rows.push({ n: l.overdue, label: t('todo.overdue'), href: '/admin/letters?status=all&overdue=1', alert: l.overdue > 0 });
  }
  if (!rows.length) return '';
  return html`<section class="card todo"><h2>${t('todo.title')}</h2><ul class="stats">${rows.map(
    (r) => html`<li class="${r.alert ? 'alert' : ''}"><a href="${r.href}"><strong>${r.n}</strong> ${r.label}</a></li>`,
  )}</ul></section>`;
}
