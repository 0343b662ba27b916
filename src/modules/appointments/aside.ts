/**
 * The catalogue's guide page slot (addGuideAside): for an item one can book, the halls that take
 * its appointments, each with a link to book it and to the hall's queue now. The guide page is
 * cached until the catalogue changes, so the aside shows links, not the live counts (those are on
 * the hall status page the link opens).
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
    return html`<section class="appt-aside" aria-labelledby="appt-aside-h"><h2 id="appt-aside-h">${t('appt.status.aside')}</h2><ul>
${here.map(({ hall, item }) => html`<li><a href="${hallUrl(hall.slug)}/items/${item.itemId}">${t('appt.halls.book')}：${hall.name}</a> · <a href="${hallUrl(hall.slug)}/status">${t('appt.halls.status')}</a></li>`)}</ul></section>`;
  };
}
