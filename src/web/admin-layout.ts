/**
 * The back-office frame: who is signed in, the sections their role may open, and the page.
 * A laptop gets a side menu; a tablet or phone gets the menu above the content.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Permission, type Principal, type StaffRole, can, isStaff } from '../lib/principal.js';
import { csrfField } from './forms.js';
import { html, type Renderable } from './html.js';
import { type MessageKey, t } from '../lib/i18n/index.js';
import { careClass, htmlLang, prefsHead, switchBar } from './switches.js';

export interface AdminPage {
  title: string;
  principal: Principal;
  csrf: string;
  /** the menu entry to mark current */
  current: string;
  crumbs?: { label: string; href?: string }[];
}

const MENU: { href: string; label: MessageKey; needs?: Permission; /** a second permission that opens it too */ orNeeds?: Permission }[] = [
  { href: '/admin', label: 'admin.nav.dashboard' },
  { href: '/admin/messages', label: 'admin.nav.messages' },
  { href: '/admin/catalog/items', label: 'admin.nav.catalog', needs: 'catalog.view' },
  { href: '/admin/drafts', label: 'admin.nav.drafts', needs: 'catalog.view' },
  { href: '/admin/journeys', label: 'admin.nav.journeys', needs: 'catalog.portal' },
  { href: '/admin/disclosure', label: 'disclosure.admin.title', needs: 'disclosure.edit' },
  { href: '/admin/letters', label: 'admin.nav.letters', needs: 'letters.view' },
  { href: '/admin/applications', label: 'admin.nav.applications', needs: 'applications.view' },
  { href: '/admin/letters/rules', label: 'admin.nav.letterRules', needs: 'letters.dispatch' },
  { href: '/admin/certificates', label: 'certificates.staff.title', needs: 'certificates.view' },
  { href: '/admin/rectifications', label: 'ratings.staff.nav', needs: 'ratings.rectify' },
  { href: '/admin/foi', label: 'admin.nav.foi', needs: 'foi.view' },
  { href: '/admin/reports', label: 'admin.nav.reports', needs: 'disclosure.edit', orNeeds: 'disclosure.review' },
  { href: '/admin/proposals', label: 'admin.nav.proposals', needs: 'proposals.handle', orNeeds: 'proposals.publish' },
  { href: '/admin/hospitals', label: 'hosp.admin.title', needs: 'hospitals.manage' },
  { href: '/admin/search', label: 'admin.nav.search', needs: 'search.manage' },
  { href: '/admin/users', label: 'admin.nav.users', needs: 'users.manage' },
  { href: '/admin/audit', label: 'admin.nav.audit', needs: 'audit.read' },
  { href: '/admin/notifications', label: 'admin.nav.notifications', needs: 'notify.manage' },
  { href: '/admin/tokens', label: 'admin.nav.tokens' },
];

export const roleLabel = (role: string | null) => (role ? t(`role.${role}` as MessageKey) : '');

export function adminLayout(page: AdminPage, body: Renderable): string {
  const p = page.principal;
  const title = `${page.title} - ${t('admin.title')}`;
  const care = careClass();
  return `<!doctype html>${html`<html lang="${htmlLang()}"${care ? html` class="${care}"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="robots" content="noindex">
<link rel="stylesheet" href="/static/site.css">
<link rel="stylesheet" href="/static/admin.css">
<link rel="stylesheet" href="/static/frontdoor.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
${prefsHead()}
</head>
<body class="admin ${care}">
<a class="skip" href="#main">${t('nav.skip')}</a>
<header class="admin-header">
  ${switchBar()}
  <a class="brand" href="/admin"><span class="brand-mark" aria-hidden="true">门</span><strong>${t('admin.title')}</strong></a>
  <div class="who">${p.name} · ${roleLabel(p.role)}
    <form method="post" action="/logout" class="inline">${csrfField(page.csrf)}<button type="submit" class="link light">${t('auth.logout')}</button></form>
  </div>
</header>
<div class="admin-shell">
<nav class="admin-nav" aria-label="${t('admin.nav.label')}"><ul>
${MENU.filter((m) => !m.needs || can(p, m.needs) || (m.orNeeds && can(p, m.orNeeds))).map(
  (m) => html`<li><a href="${m.href}"${m.href === page.current ? html` aria-current="page"` : ''}>${t(m.label)}</a></li>`,
)}
<li><a href="/">${t('admin.nav.site')}</a></li>
</ul></nav>
<main id="main" class="admin-main">
${page.crumbs?.length ? html`<nav class="crumbs" aria-label="${t('nav.breadcrumb')}"><ol><li><a href="/admin">${t('admin.nav.dashboard')}</a></li>${page.crumbs.map((c) => (c.href ? html`<li><a href="${c.href}">${c.label}</a></li>` : html`<li aria-current="page">${c.label}</li>`))}</ol></nav>` : ''}
<h1>${page.title}</h1>
${body}
</main>
</div>
</body>
</html>`}`;
}

export function adminLoginLayout(title: string, body: Renderable): string {
  const care = careClass();
  return `<!doctype html>${html`<html lang="${htmlLang()}"${care ? html` class="${care}"` : ''}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - ${t('admin.title')}</title>
<meta name="robots" content="noindex">
<link rel="stylesheet" href="/static/site.css">
<link rel="stylesheet" href="/static/admin.css">
${prefsHead()}
</head>
<body class="admin admin-login ${care}">
<header class="admin-login-prefs">${switchBar()}</header>
<main id="main" class="auth-box"><p class="brand-line"><span class="brand-mark" aria-hidden="true">门</span> ${t('admin.title')}</p><h1>${title}</h1>${body}</main>
</body>
</html>`}`;
}

/** Dates in the back office, in the portal's time zone. */
export const formatTime = (d: Date | null | undefined, timeZone: string) =>
  d ? new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(d) : '';

/**
 * The signed-in staff member, or undefined after sending the browser to the staff sign-in
 * (citizens and strangers never learn what the back office holds).
 */
export async function staffOrRedirect(request: FastifyRequest, reply: FastifyReply): Promise<(Principal & { role: StaffRole }) | undefined> {
  const p = await request.principal();
  if (isStaff(p)) return p;
  reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 303);
  return undefined;
}
