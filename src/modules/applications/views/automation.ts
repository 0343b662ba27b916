/**
 * What the automation rules show on the pages: the 秒批 explanation (which rule, which data,
 * what result) on the applicant's and the staff's case page, the 复核 form of a sampled
 * automatic decision, and the 免申即享 openings waiting in 我的办件.
 */
import { t } from '../../../lib/i18n/index.js';
import { csrfField } from '../../../web/forms.js';
import { html, type Renderable, type SafeHtml } from '../../../web/html.js';
import type { OpeningView } from '../operations/proactive.js';
import type { InstantView } from '../present.js';

const checkTag = (ok: boolean | null) =>
  ok === true
    ? html`<span class="tag tag-done">${t('auto.instant.check.ok')}</span>`
    : ok === false
      ? html`<span class="tag tag-alt">${t('auto.instant.check.fail')}</span>`
      : html`<span class="tag">${t('auto.instant.check.unknown')}</span>`;

/** The 秒批 section: the decision, its basis, one line per check. */
export function instantSection(v: InstantView, o: { time: (iso: string) => string; staff?: boolean }): SafeHtml {
  const head = v.explanation.split('\n')[0] ?? '';
  return html`<section class="card instant" aria-labelledby="h-instant"><h2 id="h-instant">${t('auto.instant.title')}</h2>
<p><strong>${v.label}</strong>${o.staff && v.sampled ? html` <span class="tag tag-alt">${t('auto.instant.sampled')}${v.review ? '' : html` · ${t('auto.instant.sampledPending')}`}</span>` : ''}</p>
<p>${head}</p>
<p class="hint">${t('auto.instant.basis', { basis: v.basis })}</p>
<ul class="checks">${v.checks.map((c) => html`<li>${checkTag(c.ok)} ${c.explanation}</li>`)}</ul>
${
  o.staff && v.review
    ? html`<p>${t('auto.instant.reviewed', { result: t(`auto.instant.result.${v.review.result}`), by: v.review.by === null ? '' : `#${v.review.by}`, at: o.time(v.review.at) })}${v.review.note ? html`：${v.review.note}` : ''}</p>`
    : ''
}
</section>`;
}

/** The 复核 form of a sampled automatic decision (staff who may review it). */
export function reviewForm(o: { base: string; csrf: string; version: number; error?: string; note?: string }): SafeHtml {
  return html`<section class="card" aria-labelledby="h-review"><h2 id="h-review">${t('auto.review.title')}</h2>
<p class="hint">${t('auto.review.intro')}</p>
<form method="post" action="${o.base}/review" class="form">${csrfField(o.csrf)}<input type="hidden" name="version" value="${o.version}">
<div class="field${o.error ? ' has-error' : ''}"><label for="review-note">${t('auto.review.note')}</label>
${o.error ? html`<p class="field-error" id="review-note-error">${o.error}</p>` : ''}
<textarea id="review-note" name="reviewNote" rows="3" maxlength="1000"${o.error ? html` aria-describedby="review-note-error"` : ''}>${o.note ?? ''}</textarea></div>
<div class="form-actions"><button type="submit" name="result" value="confirmed" class="primary">${t('auto.review.confirm')}</button> <button type="submit" name="result" value="flagged" class="secondary">${t('auto.review.flag')}</button></div>
</form></section>`;
}

/** The marker of a case in a queue: decided by 秒批, sampled and waiting for 复核. */
export const queueMarker = (r: { autoDecided: boolean; reviewPending: boolean }): Renderable =>
  r.reviewPending ? html` <span class="tag tag-alt">${t('auto.instant.sampled')} · ${t('auto.instant.sampledPending')}</span>` : r.autoDecided ? html` <span class="tag">${t('auto.instant.title').split('：')[0]}</span>` : '';

/** 免申即享: the applications opened on the person's behalf, each to confirm, look at, or decline. */
export function openingsSection(openings: readonly OpeningView[], csrf: string): SafeHtml {
  return html`<section class="card openings" aria-labelledby="h-openings"><h2 id="h-openings">${t('auto.opening.title')}</h2>
<p class="hint">${t('auto.opening.intro')}</p>
<ul class="plain">${openings.map(
    (o) => html`<li><h3>${o.itemName} <span class="tag tag-alt">${t('auto.opening.badge')}</span></h3>
<p>${o.notice}</p>
<p><a href="/me/applications/drafts/${o.draftId}">${t('auto.opening.review')}</a></p>
<form method="post" action="/me/applications/openings/${o.id}/confirm" class="inline">${csrfField(csrf)}<button type="submit" class="primary small">${t('auto.opening.confirm')}</button></form>
<form method="post" action="/me/applications/openings/${o.id}/decline" class="inline">${csrfField(csrf)}<button type="submit" class="secondary small">${t('auto.opening.decline')}</button></form></li>`,
  )}</ul></section>`;
}
