/** The journeys pages of the personal space: "我的办事" (the personal homepage) and "办事提醒" (reminders). */
import { csrfField, notice } from '../../../web/forms.js';
import { html, type SafeHtml } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { type Account, meFrame } from '../../accounts/index.js';
import type { Home, Reminders } from '../present.js';
import { progressBar } from './parts.js';

const day = (d: Date, timeZone: string) => new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium' }).format(d);

function unfollowForm(kind: string, ref: string, title: string, csrf: string): SafeHtml {
  return html`<form method="post" action="/me/subscriptions/delete" class="inline">${csrfField(csrf)}<input type="hidden" name="kind" value="${kind}"><input type="hidden" name="ref" value="${ref}">
<button type="submit" class="link">${t('journeys.me.unfollow', { title })}</button></form>`;
}

function followForm(kind: 'theme' | 'department', options: { slug: string; name: string }[], csrf: string): SafeHtml {
  const id = `follow-${kind}`;
  return html`<form method="post" action="/me/subscriptions" class="follow-form">${csrfField(csrf)}<input type="hidden" name="kind" value="${kind}">
<label for="${id}">${kind === 'theme' ? t('journeys.me.followTheme') : t('journeys.me.followDepartment')}</label>
<select id="${id}" name="ref">${options.map((o) => html`<option value="${o.slug}">${o.name}</option>`)}</select>
<button type="submit" class="secondary small">${t('journeys.follow')}</button></form>`;
}

const KIND_LABEL = { theme: 'kind.theme', department: 'kind.department', journey: 'journeys.kind.journey' } as const;

export function homePage(a: Account, h: Home, csrf: string, timeZone: string, flash?: string): string {
  return meFrame(
    t('me.journeys'),
    '/me/journeys',
    a,
    csrf,
    html`${notice(flash)}
<section class="card" aria-labelledby="h-inbox"><h2 id="h-inbox"><a href="/me/messages">${t('me.messages')}</a></h2>
<p>${h.inbox.unread ? t('me.unread', { n: h.inbox.unread }) : t('me.noUnread')}</p>
${h.inbox.latest.length ? html`<ul class="plain">${h.inbox.latest.map((m) => html`<li>${m.read ? '' : html`<span class="badge">${t('me.new')}</span> `}${m.title} <span class="meta">${day(m.createdAt, timeZone)}</span></li>`)}</ul>` : ''}</section>
<section class="card" aria-labelledby="h-progress"><h2 id="h-progress">${t('journeys.me.inProgress')}</h2>
${
  h.inProgress.length
    ? html`<ul class="me-journeys">${h.inProgress.map(
        (j) => html`<li><a href="${j.url}">${j.title}</a>${progressBar(j.completed, j.total)}${j.next ? html`<p class="meta">${t('journeys.me.nextStep', { title: j.next })}</p>` : ''}</li>`,
      )}</ul>`
    : html`<p>${t('journeys.me.noProgress')} <a href="/journeys">${t('journeys.me.browse')}</a></p>`
}</section>
${
  h.nextItems.length
    ? html`<section class="card" aria-labelledby="h-next"><h2 id="h-next">${t('journeys.me.nextItems')}</h2>
<ul class="plain">${h.nextItems.map((x) => html`<li><a href="${x.url}">${x.name}</a> <span class="meta">${t('journeys.me.after', { name: x.after })}</span></li>`)}</ul></section>`
    : ''
}
<section class="card" aria-labelledby="h-recommend"><h2 id="h-recommend">${t('journeys.me.recommended')}</h2>
<ul class="me-journeys">${h.recommendations.map((r) => html`<li><a href="${r.url}">${r.title}</a> <span class="meta">${r.reason}</span><p class="hint">${r.summary}</p></li>`)}</ul></section>
<section class="card" aria-labelledby="h-follows"><h2 id="h-follows">${t('journeys.me.follows')}</h2>
${
  h.follows.length
    ? html`<ul class="plain">${h.follows.map((f) => html`<li><span class="tag">${t(KIND_LABEL[f.kind])}</span> <a href="${f.url}">${f.title}</a> ${unfollowForm(f.kind, f.ref, f.title, csrf)}</li>`)}</ul>`
    : html`<p>${t('journeys.me.noFollows')}</p>`
}
${followForm('theme', h.themes, csrf)}
${followForm('department', h.departments, csrf)}</section>
<section class="card" aria-labelledby="h-history"><h2 id="h-history">${t('journeys.me.history')}</h2>
${
  h.history.length
    ? html`<ul class="plain">${h.history.map((x) => html`<li><span class="tag">${x.kind === 'item' ? t('kind.item') : t('journeys.kind.journey')}</span> <a href="${x.url}">${x.title}</a> <span class="meta">${day(x.viewedAt, timeZone)}</span></li>`)}</ul>`
    : html`<p>${t('journeys.me.noHistory')}</p>`
}</section>
${
  h.finished.length
    ? html`<section class="card" aria-labelledby="h-finished"><h2 id="h-finished">${t('journeys.me.finished')}</h2><ul class="plain">${h.finished.map((j) => html`<li><a href="${j.url}">${j.title}</a></li>`)}</ul></section>`
    : ''
}`,
  );
}

function stopForm(action: 'stop' | 'resume', ruleId: number | undefined, csrf: string, label: string): SafeHtml {
  return html`<form method="post" action="/me/reminders/${action}" class="inline">${csrfField(csrf)}${ruleId ? html`<input type="hidden" name="rule" value="${ruleId}">` : ''}
<button type="submit" class="link${action === 'stop' ? ' danger' : ''}">${label}</button></form>`;
}

export function remindersPage(a: Account, r: Reminders, csrf: string, timeZone: string, flash?: string): string {
  return meFrame(
    t('me.reminders'),
    '/me/reminders',
    a,
    csrf,
    html`${notice(flash)}<p class="lead">${t('journeys.me.remindersLead')}</p>
<p>${r.allStopped ? html`<strong>${t('journeys.me.allStopped')}</strong> ${stopForm('resume', undefined, csrf, t('journeys.me.resumeAll'))}` : stopForm('stop', undefined, csrf, t('journeys.me.stopAll'))}</p>
${
  r.reminders.length
    ? html`<ol class="inbox reminders">${r.reminders.map(
        (x) => html`<li id="r-${x.id}"><article>
<h2>${t('journeys.me.reminderTitle', { trigger: x.trigger.name })}</h2>
<p class="meta">${x.status === 'sent' && x.sentAt ? t('journeys.me.sentAt', { at: day(x.sentAt, timeZone) }) : x.status === 'scheduled' ? t('journeys.me.dueAt', { at: day(x.dueAt, timeZone) }) : t('journeys.me.stopped')}</p>
<p>${x.message}</p>
<ul class="plain">${x.remind.map((it) => html`<li>${it.url ? html`<a href="${it.url}">${it.name}</a>` : it.name}</li>`)}</ul>
${x.stopped ? html`<p>${t('journeys.me.ruleStopped')} ${stopForm('resume', x.ruleId, csrf, t('journeys.me.resume'))}</p>` : stopForm('stop', x.ruleId, csrf, t('journeys.me.stopRule'))}
</article></li>`,
      )}</ol>`
    : html`<p>${t('journeys.me.noReminders')}</p>`
}`,
  );
}
