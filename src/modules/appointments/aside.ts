/**
 * The catalogue's guide page slot (addGuideAside): for an item one can book, the halls that take
 * its appointments, each with a link to book and how many people are waiting there now.
 */
import { t } from '../../lib/i18n/index.js';
import { html, type SafeHtml } from '../../web/html.js';
import { queueForItem } from './operations/halls.js';
import { hallUrl } from './present.js';
import type { AppointmentService } from './service.js';

export function hallStatusAside(appointments: AppointmentService) {
  return async (implCode: string): Promise<SafeHtml | ''> => {
    const halls = await appointments.appointmentHalls();
    const here = halls.flatMap(({ hall, queues }) => {
      const item = hall.items.find((i) => i.implCode === implCode && i.appointment);
      return item && queueForItem(queues, item.itemId) ? [{ hall, item }] : [];
    });
    if (!here.length) return '';
    const boards = await Promise.all(here.map(({ hall }) => appointments.hallBoard(hall.slug).catch(() => undefined)));
    return html`<section class="appt-aside" aria-labelledby="appt-aside-h"><h2 id="appt-aside-h">${t('appt.status.aside')}</h2><ul>
${here.map(({ hall, item }, i) => {
  const b = boards[i];
  const waiting = b ? b.queues.reduce((n, q) => n + q.waiting, 0) : undefined;
  return html`<li><a href="${hallUrl(hall.slug)}/items/${item.itemId}">${t('appt.halls.book')}：${hall.name}</a>${waiting !== undefined ? html` <span class="hint">${t('appt.halls.waiting', { n: waiting })}</span>` : ''} <a href="${hallUrl(hall.slug)}/status">${t('appt.halls.status')}</a></li>`;
})}</ul></section>`;
  };
}
