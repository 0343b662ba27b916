/** Back office: staff accounts and roles, and API tokens. */
import { adminLayout, formatTime, roleLabel } from '../../../web/admin-layout.js';
import { pager } from '../../../web/paging.js';
import { checkboxes, csrfField, errorSummary, input, notice, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { type Principal, SCOPE_NAMES, type Scope, type StaffRole } from '../../../lib/principal.js';
import type { presentStaff } from '../../accounts/index.js';

type Staff = ReturnType<typeof presentStaff>;
type Dept = { slug: string; name: string; id: number };

interface Common {
  principal: Principal;
  csrf: string;
  timeZone: string;
  flash?: string;
}

/** What the staff form offers this administrator (accounts' policy works it out). */
export interface StaffFormAbilities {
  grantableRoles: readonly StaffRole[];
  portalWide: boolean;
  onlyDepartment: number | null | undefined;
}

const roleOptions = (a: StaffFormAbilities) => a.grantableRoles.map((r) => ({ value: r, label: roleLabel(r) }));

const deptOptions = (a: StaffFormAbilities, depts: Dept[]) => [
  ...(a.portalWide ? [{ value: '', label: t('admin.noDepartment') }] : []),
  ...depts.filter((d) => a.onlyDepartment === undefined || d.id === a.onlyDepartment).map((d) => ({ value: d.slug, label: d.name })),
];

export function usersPage(c: Common & { staff: Staff[]; total: number; page: number; size: number; q: string }) {
  return adminLayout(
    { title: t('admin.nav.users'), principal: c.principal, csrf: c.csrf, current: '/admin/users' },
    html`${notice(c.flash)}
<div class="toolbar"><form method="get" action="/admin/users" class="inline-search" role="search"><label for="uq" class="visually-hidden">${t('admin.searchUsers')}</label><input id="uq" name="q" type="search" value="${c.q}" maxlength="40" placeholder="${t('admin.searchUsers')}"><button type="submit">${t('search.button')}</button></form>
<a class="button primary" href="/admin/users/new">${t('admin.newUser')}</a></div>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t('admin.nav.users')}"><table class="table"><caption class="visually-hidden">${t('admin.nav.users')}</caption>
<thead><tr><th scope="col">${t('admin.username')}</th><th scope="col">${t('auth.name')}</th><th scope="col">${t('admin.role')}</th><th scope="col">${t('admin.department')}</th><th scope="col">${t('admin.status')}</th><th scope="col">${t('admin.lastLogin')}</th></tr></thead>
<tbody>${c.staff.map(
      (u) => html`<tr><td><a href="/admin/users/${u.id}">${u.username}</a></td><td>${u.displayName}</td><td>${roleLabel(u.role)}</td><td>${u.departmentName ?? t('admin.portalWide')}</td>
<td>${t(u.status === 'active' ? 'admin.active' : 'admin.disabled')}</td><td>${formatTime(u.lastLoginAt, c.timeZone)}</td></tr>`,
    )}</tbody></table></div>
${pager(`/admin/users${c.q ? `?q=${encodeURIComponent(c.q)}` : ''}`, c.page, c.size, c.total)}`,
  );
}

export function userFormPage(c: Common & { user?: Staff; depts: Dept[]; abilities: StaffFormAbilities; error?: string; values?: Record<string, string> }) {
  const v = (k: string, fallback = '') => c.values?.[k] ?? fallback;
  const u = c.user;
  const title = u ? t('admin.editUser', { name: u.displayName }) : t('admin.newUser');
  const deptSlug = u ? (c.depts.find((d) => d.id === u.departmentId)?.slug ?? '') : '';
  return adminLayout(
    { title, principal: c.principal, csrf: c.csrf, current: '/admin/users', crumbs: [{ label: t('admin.nav.users'), href: '/admin/users' }, { label: title }] },
    html`${notice(c.flash)}${errorSummary(c.error)}
<form method="post" action="${u ? `/admin/users/${u.id}` : '/admin/users'}" class="form" novalidate>${csrfField(c.csrf)}
${u ? html`<p><strong>${t('admin.username')}：</strong>${u.username}</p>` : input({ name: 'username', label: t('admin.username'), value: v('username'), required: true, maxlength: 40, hint: t('account.badUsername') })}
${input({ name: 'displayName', label: t('auth.name'), value: v('displayName', u?.displayName ?? ''), required: true, maxlength: 40 })}
${select({ name: 'role', label: t('admin.role'), value: v('role', u?.role ?? 'editor'), options: roleOptions(c.abilities), hint: t('admin.roleHint') })}
${select({ name: 'department', label: t('admin.department'), value: v('department', deptSlug), options: deptOptions(c.abilities, c.depts) })}
${u ? select({ name: 'status', label: t('admin.status'), value: v('status', u.status), options: [{ value: 'active', label: t('admin.active') }, { value: 'disabled', label: t('admin.disabled') }] }) : ''}
${input({ name: 'password', label: u ? t('admin.newPassword') : t('auth.password'), type: 'password', required: !u, optional: !!u, maxlength: 200, autocomplete: 'new-password', hint: u ? t('admin.newPasswordHint') : t('auth.passwordHint') })}
<button type="submit" class="primary">${t('form.save')}</button>
</form>
${u ? html`<p><a href="/admin/audit?entity=user&entityId=${u.id}">${t('admin.historyOf')}</a></p>` : ''}`,
  );
}

export interface TokenView {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  owner: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export function tokensPage(c: Common & { tokens: TokenView[]; allowed: Scope[]; created?: { token: string; name: string }; error?: string; values?: Record<string, string> }) {
  const now = Date.now();
  const state = (tk: TokenView) =>
    tk.revokedAt ? t('token.revoked') : tk.expiresAt && tk.expiresAt.getTime() <= now ? t('token.expired') : t('token.active');
  return adminLayout(
    { title: t('admin.nav.tokens'), principal: c.principal, csrf: c.csrf, current: '/admin/tokens' },
    html`${notice(c.flash)}
${c.created ? html`<div class="notice token-once" role="status"><p>${t('token.createdOnce', { name: c.created.name })}</p><p><code class="token">${c.created.token}</code></p></div>` : ''}
<p class="lead">${t('token.intro')}</p>
<div class="table-wrap" role="region" tabindex="0" aria-label="${t('admin.nav.tokens')}"><table class="table"><caption class="visually-hidden">${t('admin.nav.tokens')}</caption>
<thead><tr><th scope="col">${t('token.name')}</th><th scope="col">${t('token.prefix')}</th><th scope="col">${t('token.scopes')}</th><th scope="col">${t('token.owner')}</th><th scope="col">${t('token.expires')}</th><th scope="col">${t('token.lastUsed')}</th><th scope="col">${t('admin.status')}</th><th scope="col">${t('admin.actions')}</th></tr></thead>
<tbody>${c.tokens.map(
      (tk) => html`<tr><td>${tk.name}</td><td><code>${tk.prefix}…</code></td><td>${tk.scopes.join(', ')}</td><td>${tk.owner}</td><td>${formatTime(tk.expiresAt, c.timeZone)}</td><td>${formatTime(tk.lastUsedAt, c.timeZone) || '—'}</td><td>${state(tk)}</td>
<td>${tk.revokedAt ? '' : html`<form method="post" action="/admin/tokens/${tk.id}/revoke" class="inline">${csrfField(c.csrf)}<button type="submit" class="link danger">${t('token.revoke')}</button></form>`}</td></tr>`,
    )}</tbody></table></div>
<section class="card"><h2>${t('token.create')}</h2>${errorSummary(c.error)}
<form method="post" action="/admin/tokens" class="form" novalidate>${csrfField(c.csrf)}
${input({ name: 'name', label: t('token.name'), value: c.values?.name, required: true, maxlength: 60, hint: t('token.nameHint') })}
${checkboxes({ name: 'scopes', legend: t('token.scopes'), values: c.values?.scopes?.split(',') ?? [], options: SCOPE_NAMES.filter((s) => c.allowed.includes(s)).map((s) => ({ value: s, label: s, hint: t(`scope.${s}`) })) })}
${input({ name: 'days', label: t('token.days'), value: c.values?.days ?? '90', type: 'number', maxlength: 3, hint: t('token.daysHint') })}
<button type="submit" class="primary">${t('token.create')}</button></form></section>`,
  );
}
