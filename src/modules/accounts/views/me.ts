/** The personal space: overview, message box, settings (profile, channels, password), enterprise people. */
import { checkboxes, csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { layout } from '../../../web/layout.js';
import { pager } from '../../../web/paging.js';
import type { presentAccount } from '../present.js';
import type { StartedSection } from '../started.js';

export type Account = ReturnType<typeof presentAccount>;

export interface InboxEntry {
  id: number;
  title: string;
  body: string;
  link: string | null;
  readAt: Date | null;
  createdAt: Date;
}

const when = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);

function meNav(current: string, account: Account): Renderable {
  const links = [
    { href: '/me', label: t('me.overview') },
    { href: '/me/journeys', label: t('me.journeys') },
    { href: '/me/applications', label: t('applications.page.mine.title') },
    { href: '/me/letters', label: t('me.letters') },
    { href: '/me/certificates', label: t('certificates.me.title') },
    { href: '/me/ratings', label: t('ratings.me.title') },
    { href: '/me/messages', label: t('me.messages') },
    { href: '/me/reminders', label: t('me.reminders') },
    { href: '/me/settings', label: t('me.settings') },
    ...(account.enterprise ? [{ href: '/me/enterprise', label: t('me.enterprise') }] : []),
  ];
  return html`<nav class="me-nav" aria-label="${t('me.nav')}"><ul>${links.map(
    (l) => html`<li><a href="${l.href}"${l.href === current ? html` aria-current="page"` : ''}>${l.label}</a></li>`,
  )}</ul></nav>`;
}

/** The frame of every page of the personal space (other modules add their own pages to it). */
export function meFrame(title: string, current: string, account: Account, csrf: string, body: Renderable) {
  return layout(
    { title, crumbs: current === '/me' ? [{ label: t('me.title') }] : [{ label: t('me.title'), href: '/me' }, { label: title }] },
    html`<div class="me-head"><h1>${title}</h1>
<form method="post" action="/logout" class="inline">${csrfField(csrf)}<button type="submit" class="link">${t('auth.logout')}</button></form></div>
${meNav(current, account)}
<div class="me-body">${body}</div>`,
  );
}

/** 我办的事: the newest few records of each kind the person started, each kind linking to its whole list. */
function startedSections(sections: StartedSection[], timeZone: string): Renderable {
  const day = new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium' });
  const any = sections.some((s) => s.total > 0);
  return html`<section class="card started"><h2>${t('me.started')}</h2>
${any ? '' : html`<p>${t('me.startedEmpty')}</p>`}
${sections
  .filter((s) => s.total > 0)
  .map(
    (s) => html`<h3><a href="${s.provider.href}">${s.provider.label}</a></h3>
<ul class="started-list">${s.entries.map(
      (e) => html`<li><a href="${e.href}">${e.title}</a> <span class="status">${e.status}</span> <small class="muted">${e.reference} · ${day.format(e.startedAt)}</small></li>`,
    )}</ul>
${s.total > s.entries.length ? html`<p><a href="${s.provider.href}">${t('me.startedAll', { n: s.total })}</a></p>` : ''}`,
  )}
</section>`;
}

export function overviewPage(a: Account, unread: number, csrf: string, flash?: string, started?: { sections: StartedSection[]; timeZone: string }) {
  return meFrame(
    t('me.title'),
    '/me',
    a,
    csrf,
    html`${notice(flash)}
<section class="card"><h2>${t('me.hello', { name: a.displayName })}</h2>
<dl class="facts">
${a.phone ? html`<dt>${t('me.phone')}</dt><dd>${a.phone}</dd>` : ''}
${a.email ? html`<dt>${t('me.email')}</dt><dd>${a.email}</dd>` : ''}
<dt>${t('me.idNumber')}</dt><dd>${a.idNumber ?? html`<a href="/me/settings">${t('me.addIdNumber')}</a>`}</dd>
${a.enterprise ? html`<dt>${t('me.enterpriseName')}</dt><dd>${a.enterprise.name}（${a.enterprise.creditCode}）</dd>` : ''}
</dl></section>
${started ? startedSections(started.sections, started.timeZone) : ''}
<section class="card"><h2><a href="/me/messages">${t('me.messages')}</a></h2>
<p>${unread ? t('me.unread', { n: unread }) : t('me.noUnread')}</p></section>
<section class="card"><h2><a href="/me/journeys">${t('me.journeys')}</a></h2><p>${t('me.journeysLead')}</p></section>`,
  );
}

export function messagesPage(a: Account, entries: InboxEntry[], total: number, page: number, pageSize: number, csrf: string, timeZone: string) {
  return meFrame(
    t('me.messages'),
    '/me/messages',
    a,
    csrf,
    html`${
      entries.length
        ? html`<ol class="inbox">${entries.map(
            (m) => html`<li class="${m.readAt ? 'read' : 'unread'}"><article>
<h2>${m.readAt ? '' : html`<span class="badge">${t('me.new')}</span> `}${m.title}</h2>
<p class="meta">${when(m.createdAt, timeZone)}</p>
<p class="message-body">${m.body}</p>
${m.link ? html`<p><a href="${m.link}">${t('me.openLink')}</a></p>` : ''}
${m.readAt ? '' : html`<form method="post" action="/me/messages/${m.id}/read" class="inline">${csrfField(csrf)}<button type="submit" class="link">${t('me.markRead')}</button></form>`}
</article></li>`,
          )}</ol>`
        : html`<p>${t('me.noMessages')}</p>`
    }
${pager('/me/messages', page, pageSize, total)}`,
  );
}

export interface SettingsState {
  csrf: string;
  flash?: string;
  error?: string;
  /** which form the error belongs to */
  form?: 'profile' | 'channels' | 'password';
  values?: Record<string, string>;
}

export function settingsPage(a: Account, s: SettingsState) {
  const err = (form: SettingsState['form']) => (s.form === form ? errorSummary(s.error) : '');
  return meFrame(
    t('me.settings'),
    '/me/settings',
    a,
    s.csrf,
    html`${notice(s.flash)}
<section class="card"><h2>${t('me.profile')}</h2>${err('profile')}
<form method="post" action="/me/settings/profile" class="form" novalidate>${csrfField(s.csrf)}
${input({ name: 'displayName', label: t('auth.name'), value: s.values?.displayName ?? a.displayName, required: true, maxlength: 40, autocomplete: 'name' })}
${input({ name: 'idNumber', label: t('me.idNumber'), value: '', optional: true, maxlength: 18, hint: a.idNumber ? t('me.idNumberKept', { masked: a.idNumber }) : t('me.idNumberHint') })}
<button type="submit" class="primary">${t('form.save')}</button></form></section>
<section class="card"><h2>${t('me.channels')}</h2>${err('channels')}
<form method="post" action="/me/settings/channels" class="form">${csrfField(s.csrf)}
${checkboxes({
  name: 'channels',
  legend: t('me.channelsLegend'),
  values: a.notifyChannels,
  options: [
    { value: 'inbox', label: t('me.channelInbox'), disabled: true, hint: t('me.channelInboxHint') },
    { value: 'sms', label: t('me.channelSms'), disabled: !a.phone, hint: a.phone ?? t('me.noPhone') },
    { value: 'email', label: t('me.channelEmail'), disabled: !a.email, hint: a.email ?? t('me.noEmail') },
  ],
})}
<button type="submit" class="primary">${t('form.save')}</button></form></section>
<section class="card"><h2>${t('me.password')}</h2>${err('password')}
<form method="post" action="/me/settings/password" class="form" novalidate>${csrfField(s.csrf)}
${a.hasPassword ? input({ name: 'current', label: t('me.currentPassword'), type: 'password', required: true, autocomplete: 'current-password', maxlength: 200 }) : html`<p class="hint">${t('me.noPasswordYet')}</p>`}
${input({ name: 'password', label: t('auth.newPassword'), type: 'password', required: true, autocomplete: 'new-password', maxlength: 200, hint: t('auth.passwordHint') })}
<button type="submit" class="primary">${t('me.changePassword')}</button></form></section>`,
  );
}

export function enterprisePage(
  a: Account,
  members: (Account & { role: string | null; status: string })[],
  s: { csrf: string; flash?: string; error?: string; values?: Record<string, string> },
) {
  const owner = a.enterprise?.role === 'owner';
  return meFrame(
    t('me.enterprise'),
    '/me/enterprise',
    a,
    s.csrf,
    html`${notice(s.flash)}
<p class="lead">${a.enterprise?.name}（${t('auth.creditCode')}：${a.enterprise?.creditCode}）</p>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t('enterprise.members')}"><table class="table"><caption>${t('enterprise.members')}</caption>
<thead><tr><th scope="col">${t('auth.name')}</th><th scope="col">${t('auth.contact')}</th><th scope="col">${t('enterprise.role')}</th><th scope="col">${t('admin.status')}</th>${owner ? html`<th scope="col">${t('admin.actions')}</th>` : ''}</tr></thead>
<tbody>${members.map(
      (m) => html`<tr><td>${m.displayName}</td><td>${m.phone ?? m.email ?? ''}</td><td>${t(m.role === 'owner' ? 'enterprise.owner' : 'enterprise.member')}</td>
<td>${t(m.status === 'active' ? 'admin.active' : 'admin.disabled')}</td>
${owner ? html`<td>${m.role === 'member' ? html`<form method="post" action="/me/enterprise/members/${m.id}" class="inline">${csrfField(s.csrf)}<input type="hidden" name="status" value="${m.status === 'active' ? 'disabled' : 'active'}"><button type="submit" class="link">${t(m.status === 'active' ? 'enterprise.disable' : 'enterprise.enable')}</button></form>` : ''}</td>` : ''}</tr>`,
    )}</tbody></table></div>
${
  owner
    ? html`<section class="card"><h2>${t('enterprise.addMember')}</h2>${errorSummary(s.error)}
<p class="hint">${t('enterprise.addMemberHint')}</p>
<form method="post" action="/me/enterprise/members" class="form" novalidate>${csrfField(s.csrf)}
${input({ name: 'name', label: t('auth.name'), value: s.values?.name, required: true, maxlength: 40 })}
${input({ name: 'contact', label: t('auth.contact'), value: s.values?.contact, required: true, maxlength: 254, hint: t('auth.contactHint') })}
<button type="submit" class="primary">${t('enterprise.add')}</button></form></section>`
    : ''
}`,
  );
}
