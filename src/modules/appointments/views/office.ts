/**
 * A hall manager's pages (issue 15 point 9): the windows and which queues each calls, the weekly
 * hours with closures and extra days beside the holiday calendar, and the hall's report — tables
 * first, then the same figures as charts, and a CSV of them.
 */
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { scrollTable } from '../../../web/components.js';
import { csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import type { DirectoryHall } from '../faces.js';
import type { HallReport, ReportRow } from '../operations/office.js';
import { timeFormats } from '../present.js';
import type { ExceptionRow, HoursRow, QueueRow, WindowRow } from '../repo.js';

interface OfficeBase {
  principal: Principal;
  csrf: string;
  timeZone: string;
  notice?: string;
  error?: string;
}

const base = '/admin/appointments';
export const hallOffice = (slug: string) => `${base}/halls/${slug}`;

/** The manager's pages of one hall, as a row of links (the current one marked). */
export function officeNav(slug: string, current: 'day' | 'windows' | 'hours' | 'reports') {
  const links: [typeof current, string, MessageKey][] = [
    ['day', hallOffice(slug), 'appt.office.nav.day'],
    ['windows', `${hallOffice(slug)}/windows`, 'appt.office.nav.windows'],
    ['hours', `${hallOffice(slug)}/hours`, 'appt.office.nav.hours'],
    ['reports', `${hallOffice(slug)}/reports`, 'appt.office.nav.reports'],
  ];
  return html`<nav class="sub-nav tabs" aria-label="${t('appt.office.nav.label')}"><ul>${links.map(([k, href, label]) => html`<li><a href="${href}"${k === current ? html` aria-current="page"` : ''}>${t(label)}</a></li>`)}</ul></nav>`;
}

function frame(o: OfficeBase & { hall: DirectoryHall }, title: string, current: Parameters<typeof officeNav>[1], body: unknown) {
  return adminLayout(
    { title: `${title} — ${o.hall.name}`, principal: o.principal, csrf: o.csrf, current: base, crumbs: [{ label: t('appt.admin.title'), href: base }, { label: o.hall.name, href: hallOffice(o.hall.slug) }, { label: title }] },
    html`<h1>${title}</h1><p class="meta">${o.hall.name}</p>${officeNav(o.hall.slug, current)}${errorSummary(o.error)}${notice(o.notice)}${body as string}`,
  );
}

const queueChecks = (id: string, queues: QueueRow[], chosen: number[]) =>
  html`<fieldset class="field checks"><legend>${t('appt.office.windowQueues')}</legend><p class="hint">${t('appt.office.windowQueuesHint')}</p>
${queues.map((q) => html`<label class="check"><input type="checkbox" name="queueIds" value="${q.id}" id="${id}-q${q.id}"${chosen.includes(q.id) ? html` checked` : ''}> ${q.prefix} ${q.name}</label>`)}</fieldset>`;

export function windowsPage(o: OfficeBase & { hall: DirectoryHall; windows: WindowRow[]; queues: QueueRow[] }): string {
  const served = (w: WindowRow) => (w.queueIds.length ? w.queueIds.map((id) => o.queues.find((q) => q.id === id)).filter(Boolean).map((q) => `${q?.prefix} ${q?.name}`).join('、') : t('appt.office.allQueues'));
  return frame(
    o,
    t('appt.office.windowsTitle'),
    'windows',
    html`${scrollTable(
      t('appt.office.windowsTitle'),
      html`<table class="table"><thead><tr><th scope="col">${t('appt.office.windowNumber')}</th><th scope="col">${t('appt.office.windowName')}</th><th scope="col">${t('appt.office.windowQueues')}</th><th scope="col">${t('appt.booking.status')}</th></tr></thead><tbody>
${o.windows.map((w) => html`<tr><td>${t('appt.board.windowN', { n: w.number })}</td><td>${w.name}</td><td>${served(w)}</td><td>${w.open ? t('appt.counter.isOpen') : t('appt.counter.isClosed')}</td></tr>`)}
</tbody></table>`,
    )}
${o.windows.map(
  (w) => html`<section class="card" aria-labelledby="h-w${w.id}"><h2 id="h-w${w.id}">${t('appt.office.editWindow', { n: w.number })}</h2>
<form method="post" action="${base}/windows/${w.id}/edit">${csrfField(o.csrf)}
<div class="field"><label for="w${w.id}-number">${t('appt.office.windowNumber')}</label><input id="w${w.id}-number" name="number" type="number" inputmode="numeric" min="1" max="999" value="${w.number}"></div>
<div class="field"><label for="w${w.id}-name">${t('appt.office.windowName')}</label><input id="w${w.id}-name" name="name" maxlength="40" value="${w.name}"></div>
${queueChecks(`w${w.id}`, o.queues, w.queueIds)}
<button type="submit" class="primary">${t('appt.admin.save')}</button></form>
${w.open ? html`<form method="post" action="${base}/windows/${w.id}/retire" class="inline">${csrfField(o.csrf)}<button type="submit" class="secondary">${t('appt.office.closeWindow')}</button></form>` : ''}
</section>`,
)}
<section class="card" aria-labelledby="h-new"><h2 id="h-new">${t('appt.office.addWindow')}</h2>
<form method="post" action="${hallOffice(o.hall.slug)}/windows">${csrfField(o.csrf)}
${input({ name: 'number', label: t('appt.office.windowNumber'), type: 'number', inputmode: 'numeric', value: String(Math.max(0, ...o.windows.map((w) => w.number)) + 1) })}
${input({ name: 'name', label: t('appt.office.windowName'), maxlength: 40, value: t('appt.office.defaultWindowName') })}
${queueChecks('new', o.queues, [])}
<button type="submit" class="primary">${t('appt.office.add')}</button></form></section>`,
  );
}

export function hoursPage(
  o: OfficeBase & { hall: DirectoryHall; hours: HoursRow[]; exceptions: ExceptionRow[]; calendar: { day: string; kind: 'holiday' | 'makeup'; name: string }[]; missingYears: number[] },
): string {
  const f = timeFormats(o.timeZone);
  const of = (weekday: number) => o.hours.filter((h) => h.weekday === weekday).map((h) => `${h.opens}-${h.closes}`).join(', ');
  return frame(
    o,
    t('appt.office.hoursTitle'),
    'hours',
    html`<section class="card" aria-labelledby="h-week"><h2 id="h-week">${t('appt.office.week')}</h2><p class="hint">${t('appt.office.weekHint')}</p>
<form method="post" action="${hallOffice(o.hall.slug)}/hours">${csrfField(o.csrf)}
${[1, 2, 3, 4, 5, 6, 7].map((d) => input({ name: `day${d}`, label: t(`appt.office.weekday.${d}` as MessageKey), value: of(d), maxlength: 100, optional: true }))}
<button type="submit" class="primary">${t('appt.admin.save')}</button></form></section>
<section class="card" aria-labelledby="h-ex"><h2 id="h-ex">${t('appt.admin.exceptions')}</h2>
${
  o.exceptions.length
    ? html`<ul>${o.exceptions.map(
        (e) => html`<li>${f.dayOf(e.day)}：${e.kind === 'closed' ? t('appt.admin.exClosed') : `${t('appt.admin.exOpen')} ${e.opens ?? ''}–${e.closes ?? ''}`}（${e.note}）
<form method="post" action="${hallOffice(o.hall.slug)}/exceptions/${e.id}/remove" class="inline">${csrfField(o.csrf)}<button type="submit" class="link danger">${t('appt.office.remove')}<span class="visually-hidden"> ${e.day}</span></button></form></li>`,
      )}</ul>`
    : html`<p>${t('appt.office.noExceptions')}</p>`
}
<p><a href="${hallOffice(o.hall.slug)}#h-ex">${t('appt.office.addException')}</a></p></section>
<section aria-labelledby="h-cal"><h2 id="h-cal">${t('appt.office.calendar')}</h2><p class="hint">${t('appt.office.calendarHint')}</p>
${o.missingYears.length ? html`<p class="notice" role="status">${t('appt.office.calendarMissing', { years: o.missingYears.join('、') })}</p>` : ''}
${
  o.calendar.length
    ? scrollTable(
        t('appt.office.calendar'),
        html`<table class="table"><thead><tr><th scope="col">${t('appt.admin.exDay')}</th><th scope="col">${t('appt.admin.exKind')}</th></tr></thead><tbody>
${o.calendar.map((c) => html`<tr><td>${f.dayOf(c.day)}</td><td>${c.kind === 'holiday' ? t('appt.office.holiday', { name: c.name }) : t('appt.office.makeup')}</td></tr>`)}
</tbody></table>`,
      )
    : html`<p>${t('appt.office.noHolidays')}</p>`
}</section>`,
  );
}

const num = (v: number | null, suffix = '') => (v === null ? '—' : `${v}${suffix}`);

function reportTable(caption: string, head: string, rows: ReportRow[], o: { bookings?: boolean } = {}) {
  const b = o.bookings !== false;
  return scrollTable(
    caption,
    html`<table class="table"><caption>${caption}</caption><thead><tr><th scope="col">${head}</th>${b ? html`<th scope="col">${t('appt.office.bookings')}</th>` : ''}<th scope="col">${t(b ? 'appt.office.served' : 'appt.office.servedTickets')}</th><th scope="col">${t(b ? 'appt.office.noShows' : 'appt.office.missed')}</th>${b ? html`<th scope="col">${t('appt.office.cancelled')}</th><th scope="col">${t('appt.office.noShowRate')}</th>` : ''}<th scope="col">${t('appt.office.tickets')}</th><th scope="col">${t('appt.office.wait')}</th><th scope="col">${t('appt.office.service')}</th></tr></thead><tbody>
${rows.map(
  (r) => html`<tr><th scope="row">${r.label}</th>${b ? html`<td class="num">${r.bookings}</td>` : ''}<td class="num">${r.served}</td><td class="num">${r.noShows}</td>${b ? html`<td class="num">${r.cancelled}</td><td class="num">${num(r.noShowRate, '%')}</td>` : ''}<td class="num">${r.tickets}</td><td class="num">${num(r.waitMinutes)}</td><td class="num">${num(r.serviceMinutes)}</td></tr>`,
)}</tbody></table>`,
  );
}

export function reportPage(o: OfficeBase & { hall: DirectoryHall; report: HallReport | undefined; from: string; to: string }): string {
  const r = o.report;
  const q = `from=${o.from}&to=${o.to}`;
  const chart = (name: string, alt: string, w: number, h: number) =>
    html`<figure class="chart"><img src="${hallOffice(o.hall.slug)}/reports/${name}.svg?${q}" alt="${alt}" width="${w}" height="${h}" loading="lazy"><figcaption>${alt}${t('appt.office.sameAsTable')}</figcaption></figure>`;
  return frame(
    o,
    t('appt.office.reportsTitle'),
    'reports',
    html`<form method="get" action="${hallOffice(o.hall.slug)}/reports" class="inline">
${input({ name: 'from', label: t('appt.office.from'), type: 'date', value: o.from })}
${input({ name: 'to', label: t('appt.office.to'), type: 'date', value: o.to })}
<button type="submit" class="secondary">${t('ui.filter')}</button></form>
${
  r
    ? html`<p><a href="${hallOffice(o.hall.slug)}/reports.csv?${q}" download="report-${o.hall.slug}-${o.from}-${o.to}.csv">${t('appt.office.csvLink')}</a></p>
<p class="hint">${t('appt.office.reportHint')}</p>
${reportTable(t('appt.office.byTotal'), t('appt.office.period'), [{ ...r.total, label: `${r.from} – ${r.to}` }])}
${reportTable(t('appt.office.byDay'), t('appt.admin.exDay'), r.days)}
${chart('bookings', t('appt.office.chartBookings'), 760, 320)}
${chart('times', t('appt.office.chartTimes'), 760, 300)}
${reportTable(t('appt.office.byItem'), t('appt.booking.item'), r.items)}
${reportTable(t('appt.office.byWindow'), t('appt.board.window'), r.windows, { bookings: false })}`
    : ''
}`,
  );
}
