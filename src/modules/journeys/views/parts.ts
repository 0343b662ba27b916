/** Small pieces the journey pages share: labels, the "mark done" buttons, a progress bar. */
import { csrfField } from '../../../web/forms.js';
import { html, type SafeHtml } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';

export const audienceLabel = (a: string) => (a === 'enterprise' ? t('journeys.audience.enterprise') : t('journeys.audience.citizen'));

/** The signed-in person's view of a page, when there is one (a CSRF token for their forms). */
export interface Viewer {
  csrf: string;
}

export function progressBar(completed: number, total: number): SafeHtml {
  const text = t('journeys.progress', { completed, total });
  return html`<div class="progress"><span class="progress-text">${text}</span> <progress max="${Math.max(total, 1)}" value="${completed}" aria-label="${text}"></progress></div>`;
}

/** "I have done this" (or "not done after all") for one item, back to `back` afterwards. */
export function itemDoneForm(code: string, name: string, done: boolean, viewer: Viewer, back: string): SafeHtml {
  return html`<form method="post" action="/me/items/${code}/done" class="inline done-form">${csrfField(viewer.csrf)}
<input type="hidden" name="done" value="${done ? '0' : '1'}"><input type="hidden" name="back" value="${back}">
<button type="submit" class="${done ? 'link' : 'secondary small'}">${done ? t('journeys.undoItem', { name }) : t('journeys.markItem', { name })}</button></form>${done ? html` <span class="tag tag-done">${t('journeys.doneTag')}</span>` : ''}`;
}

export function loginHint(next: string): SafeHtml {
  return html`<p class="login-hint"><a href="/login?next=${encodeURIComponent(next)}">${t('journeys.loginToTrack')}</a></p>`;
}
