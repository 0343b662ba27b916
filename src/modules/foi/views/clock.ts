/** The clock's explanation as the pages print it: the receipt rule, each pause, and every day counted. */
import { t } from '../../../lib/i18n/index.js';
import { scrollTable } from '../../../web/components.js';
import { html } from '../../../web/html.js';
import type { ClockExplanation } from '../clock.js';

export function clockSection(c: ClockExplanation) {
  const r = c.receipt;
  const lines: string[] = [];
  lines.push(t(`foi.clock.receipt.${r.rule}`, { event: r.eventOn, received: r.receivedOn, shifted: r.shifted ? t('foi.clock.shifted') : '' }));
  lines.push(t('foi.clock.correctionDue', { due: c.correctionNoticeDue }));
  if (c.correctionNoticeOn) lines.push(t('foi.clock.correctionSent', { on: c.correctionNoticeOn }) + (c.correctionNoticeLate ? t('foi.clock.correctionLate') : ''));
  if (c.startReason === 'corrected' && c.start) lines.push(t('foi.clock.restart', { on: c.start }));
  if (c.start) lines.push(t('foi.clock.start', { start: c.start, limit: c.limit }));
  if (c.extended && c.originalDue) lines.push(t('foi.clock.extended', { original: c.originalDue }));
  for (const p of c.pauses) lines.push(t('foi.clock.pause', { from: p.from, to: p.to ? t('foi.clock.pause.to', { to: p.to }) : t('foi.clock.pause.open'), n: p.workingDays }));
  if (c.state === 'awaitingCorrection') lines.push(t('foi.clock.awaiting'));
  else if (c.state === 'paused') lines.push(t('foi.clock.paused', { counted: c.counted }));
  else if (c.due) lines.push(t('foi.clock.due', { due: c.due, counted: c.counted, left: c.left ?? 0 }));
  if (c.state === 'overdue') lines.push(t('foi.clock.state.overdue'));
  const kind = (d: ClockExplanation['days'][number]) => (d.kind === 'holiday' ? t('foi.clock.kind.holiday', { name: d.holiday ?? '' }) : t(`foi.clock.kind.${d.kind}`));
  return html`<section class="foi-clock" aria-labelledby="foi-clock-h">
<h2 id="foi-clock-h">${t('foi.clock.title')}</h2>
<ul>${lines.map((l) => html`<li>${l}</li>`)}</ul>
<p class="hint">${t('foi.clock.law')}</p>
${
  c.days.length
    ? html`<details><summary>${t('foi.clock.days')}</summary>${scrollTable(
        t('foi.clock.days'),
        html`<table class="table"><thead><tr><th scope="col">${t('foi.clock.col.date')}</th><th scope="col">${t('foi.clock.col.kind')}</th><th scope="col">${t('foi.clock.col.n')}</th></tr></thead>
<tbody>${c.days.map((d) => html`<tr><td>${d.date}</td><td>${kind(d)}</td><td>${d.paused ? t('foi.clock.paused.day') : d.n ? html`${d.n}${d.originalDue ? t('foi.clock.originalDue') : ''}` : ''}</td></tr>`)}</tbody></table>`,
      )}</details>`
    : ''
}
</section>`;
}
