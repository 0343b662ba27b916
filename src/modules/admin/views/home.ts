/** Back office: staff sign-in and the dashboard of the signed-in person's work. */
import { adminLayout, adminLoginLayout, roleLabel } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import type { DeskCard, DeskTodo } from '../desk.js';

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
  unread: number;
  /** 我的待办: the counts the modules on the desk gave, in order */
  todo: DeskTodo[];
  /** the modules' cards, in order (the message box is one of them) */
  cards: DeskCard[];
}

export function dashboardPage(p: Principal, csrf: string, d: Dashboard) {
  return adminLayout(
    { title: t('admin.nav.dashboard'), principal: p, csrf, current: '/admin' },
    html`<p class="lead">${t('admin.welcome', { name: p.name, role: roleLabel(p.role), department: d.departmentName ?? t('admin.portalWide') })}</p>
<div class="cards">
${todoCard(d.todo)}
${d.cards.map((c) => html`${card(c)}
`)}</div>`,
  );
}

const card = (c: DeskCard) => html`<section class="card"><h2>${c.href ? html`<a href="${c.href}">${c.title}</a>` : c.title}</h2>${c.body}</section>`;

/** The message box's card: what is unread. */
export const inboxCard = (unread: number): DeskCard => ({
  order: 10,
  title: t('admin.inbox'),
  href: '/admin/messages',
  body: html`<p><a href="/admin/messages">${unread ? t('me.unread', { n: unread }) : t('me.noUnread')}</a></p>`,
});

/** 我的待办: each count of work waiting on the person's role, linking to the list it counts. */
function todoCard(rows: DeskTodo[]) {
  if (!rows.length) return '';
  return html`<section class="card todo"><h2>${t('todo.title')}</h2><ul class="stats">${rows.map(
    (r) => html`<li class="${r.alert ? 'alert' : ''}"><a href="${r.href}"><strong>${r.n}</strong> ${r.label}</a></li>`,
  )}</ul></section>`;
}
