/** The rater's pages in the personal space: 办件评价 (what awaits a rating, what was rated) and one subject's rating page. */
import { csrfField, errorSummary, input, notice } from '../../../web/forms.js';
import { html, type Renderable } from '../../../web/html.js';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { pager } from '../../../web/paging.js';
import { type Account, meFrame } from '../faces.js';
import { BAD_REASONS, GOOD_REASONS, type Level, LEVELS, LIMITS, STARS } from '../model.js';
import type { RaterView } from '../present.js';

const dayFormat = (timeZone: string) => new Intl.DateTimeFormat('zh-CN', { timeZone, dateStyle: 'medium' });
const stars = (level: Level) => html`<span class="stars" aria-hidden="true">${'★'.repeat(STARS[level])}${'☆'.repeat(5 - STARS[level])}</span>`;

export interface MyRatingsPage {
  account: Account;
  csrf: string;
  timeZone: string;
  awaiting: { total: number; rows: RaterView[]; page: number };
  rated: { total: number; rows: RaterView[]; page: number };
  size: number;
}

export function myRatingsPage(c: MyRatingsPage) {
  const day = dayFormat(c.timeZone);
  return meFrame(
    t('ratings.me.title'),
    '/me/ratings',
    c.account,
    c.csrf,
    html`<p class="hint">${t('ratings.me.lead')}</p>
<h2>${t('ratings.me.awaiting')}（${c.awaiting.total}）</h2>
${
  c.awaiting.rows.length
    ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${t('ratings.me.awaiting')}</caption>
<thead><tr><th scope="col">${t('ratings.me.subject')}</th><th scope="col">${t('ratings.me.ref')}</th><th scope="col">${t('ratings.me.concluded')}</th><th scope="col">${t('ratings.me.rateNow')}</th></tr></thead>
<tbody>${c.awaiting.rows.map(
        (r) => html`<tr><td>${r.itemName ?? r.title}<br><small class="muted">${r.department}</small></td><td>${r.subjectRef}</td><td>${day.format(r.concludedAt)}</td><td><a class="button" href="${r.href}">${t('ratings.me.rateNow')}<span class="visually-hidden">：${r.subjectRef}</span></a></td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('ratings.me.awaitingEmpty')}</p>`
}
${pager('/me/ratings?which=awaiting', c.awaiting.page, c.size, c.awaiting.total)}
<h2>${t('ratings.me.rated')}（${c.rated.total}）</h2>
${
  c.rated.rows.length
    ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${t('ratings.me.rated')}</caption>
<thead><tr><th scope="col">${t('ratings.me.subject')}</th><th scope="col">${t('ratings.me.ref')}</th><th scope="col">${t('ratings.me.level')}</th><th scope="col">${t('ratings.me.ratedAt')}</th><th scope="col">${t('ratings.me.rectification')}</th></tr></thead>
<tbody>${c.rated.rows.map(
        (r) => html`<tr><td><a href="${r.href}">${r.itemName ?? r.title}</a><br><small class="muted">${r.department}</small></td><td>${r.subjectRef}</td><td>${r.levelLabel}</td><td>${r.ratedAt ? day.format(r.ratedAt) : ''}</td><td>${r.rectification?.statusLabel ?? '—'}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${t('ratings.me.ratedEmpty')}</p>`
}
${pager('/me/ratings?which=rated', c.rated.page, c.size, c.rated.total)}`,
  );
}

export interface RatePage {
  account: Account;
  csrf: string;
  timeZone: string;
  view: RaterView;
  flash?: string;
  error?: { message: string };
  posted?: { level: string; reasons: string[]; comment: string; followUp: string };
}

function reasonBoxes(legend: string, reasons: typeof GOOD_REASONS, checked: string[]): Renderable {
  return html`<fieldset class="field checks"><legend>${legend}</legend>
${reasons.map((r) => html`<label class="check"><input type="checkbox" name="reasons" value="${r.code}"${checked.includes(r.code) ? html` checked` : ''}> ${t(`ratings.reason.${r.code}` as MessageKey)} <small class="hint">${t(`ratings.indicator.${r.indicator}` as MessageKey)}</small></label>`)}
</fieldset>`;
}

export function ratePage(c: RatePage) {
  const v = c.view;
  const day = dayFormat(c.timeZone);
  const action = `/me/ratings/${v.kind}/${encodeURIComponent(v.subjectRef)}`;
  const posted = c.posted ?? { level: '', reasons: [], comment: '', followUp: '' };
  const rated = v.level
    ? html`<section class="card"><h2>${t('ratings.rate.given', { level: v.levelLabel ?? '' })} ${stars(v.level as Level)}</h2>
<p>${t('ratings.rate.givenAt', { at: v.ratedAt ? day.format(v.ratedAt) : '' })}</p>
${v.reasons.length ? html`<h3>${t('ratings.rate.reasonsGiven')}</h3><ul>${v.reasons.map((r) => html`<li>${r.label}</li>`)}</ul>` : ''}
${v.comment ? html`<h3>${t('ratings.rate.comment')}</h3><p>${v.comment}</p>` : ''}
${v.followUp ? html`<h3>${t('ratings.rate.followUp')}</h3><p>${v.followUp}</p>` : ''}
${
  v.rectification
    ? html`<h3>${t('ratings.rate.rectification', { status: v.rectification.statusLabel })}</h3>
${v.rectification.status === 'open' ? html`<p>${t('ratings.rate.rectificationDue', { due: day.format(v.rectification.dueAt) })}</p>` : ''}
${v.rectification.measures ? html`<p><strong>${t('ratings.rate.rectificationMeasures')}：</strong>${v.rectification.measures}</p>` : ''}`
    : ''
}
</section>`
    : '';
  const rateForm = v.actions.rate
    ? html`<form method="post" action="${action}" class="card rate-form">${csrfField(c.csrf)}
<fieldset class="field"><legend>${t('ratings.rate.legend')}</legend>
${LEVELS.map((l) => html`<label class="check"><input type="radio" name="level" value="${l}" required${posted.level === l ? html` checked` : ''}> ${t(`ratings.level.${l}` as MessageKey)} ${stars(l)}</label>`)}
</fieldset>
<p class="hint">${t('ratings.rate.reasonsHint')}</p>
${reasonBoxes(t('ratings.rate.reasonsGood'), GOOD_REASONS, posted.reasons)}
${reasonBoxes(t('ratings.rate.reasonsBad'), BAD_REASONS, posted.reasons)}
${input({ name: 'comment', label: t('ratings.rate.comment'), hint: t('ratings.rate.commentHint'), rows: 4, maxlength: LIMITS.commentMax, optional: true, value: posted.comment })}
<button type="submit" class="primary">${t('ratings.rate.submit')}</button></form>`
    : '';
  const followUpForm = v.actions.followUp
    ? html`<form method="post" action="${action}/follow-up" class="card">${csrfField(c.csrf)}
<h2>${t('ratings.rate.followUp')}</h2>
${input({ name: 'followUp', label: t('ratings.rate.followUp'), hint: t('ratings.rate.followUpHint'), rows: 3, maxlength: LIMITS.followUpMax, required: true, value: posted.followUp })}
<button type="submit">${t('ratings.rate.followUpSubmit')}</button></form>`
    : '';
  return meFrame(
    t('ratings.rate.title', { title: v.itemName ?? v.title }),
    '/me/ratings',
    c.account,
    c.csrf,
    html`${notice(c.flash)}${errorSummary(c.error?.message)}
<dl class="facts"><dt>${t('ratings.me.subject')}</dt><dd>${v.title}</dd><dt>${t('ratings.staff.department')}</dt><dd>${v.department}</dd><dt>${t('ratings.me.concluded')}</dt><dd>${day.format(v.concludedAt)}</dd></dl>
<p><a href="${v.detailUrl}">${t('ratings.rate.caseLink')}</a> · <a href="/me/ratings">${t('ratings.me.title')}</a></p>
${rated}${rateForm}${followUpForm}`,
  );
}
