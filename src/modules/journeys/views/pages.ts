/**
 * Public pages: the journeys (场景式服务) by domain, one journey step by step, guided questions
 * (智能问答) with the answers in the URL, life events (人生大事), and the "part of" box of a
 * guide. Everything works without JavaScript; a signed-in person also sees their progress and
 * the buttons to mark steps and items done.
 */
import { csrfField, errorSummary, notice } from '../../../web/forms.js';
import { html, type Renderable, type SafeHtml } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { layout } from '../../../web/layout.js';
import type { Answer, Journey, JourneySummary, LifeEvent } from '../present.js';
import { audienceLabel, itemDoneForm, loginHint, progressBar, type Viewer } from './parts.js';

type Audience = 'citizen' | 'enterprise';

function audienceTabs(base: string, current: Audience): SafeHtml {
  return html`<nav class="kind-tabs" aria-label="${t('journeys.audienceTabs')}"><ul>${(['citizen', 'enterprise'] as const).map(
    (a) => html`<li><a href="${base}?audience=${a}"${a === current ? html` aria-current="page"` : ''}>${audienceLabel(a)}</a></li>`,
  )}</ul></nav>`;
}

export function journeysPage(d: {
  audience: Audience;
  journeys: JourneySummary[];
  questionSets: { title: string; intro: string; url: string }[];
  lifeEvents: { title: string; summary: string; url: string }[];
}): string {
  const domains = [...new Set(d.journeys.map((j) => j.domain))];
  const title = t('journeys.title');
  return layout(
    { title, description: t('journeys.lead'), crumbs: [{ label: title }] },
    html`<h1>${title}</h1><p class="lead">${t('journeys.lead')}</p>
${audienceTabs('/journeys', d.audience)}
<div class="journey-index">
<div>${domains.map(
      (domain) => html`<section aria-labelledby="h-${domain}"><h2 id="h-${domain}">${domain}</h2>
<ul class="journey-grid">${d.journeys
        .filter((j) => j.domain === domain)
        .map((j) => html`<li><a href="${j.url}"><strong>${j.title}</strong><small>${j.summary}</small><span class="meta">${t('journeys.stepCount', { n: j.stepCount })}</span></a></li>`)}</ul></section>`,
    )}</div>
<aside class="journey-side">
<section class="card" aria-labelledby="h-events"><h2 id="h-events"><a href="/life-events?audience=${d.audience}">${d.audience === 'enterprise' ? t('journeys.lifeEvents.enterprise') : t('journeys.lifeEvents.citizen')}</a></h2>
<ul class="plain">${d.lifeEvents.map((e) => html`<li><a href="${e.url}">${e.title}</a></li>`)}</ul></section>
${d.questionSets.length ? html`<section class="card" aria-labelledby="h-ask"><h2 id="h-ask">${t('journeys.questions.title')}</h2><p class="hint">${t('journeys.questions.lead')}</p>
<ul class="plain">${d.questionSets.map((q) => html`<li><a href="${q.url}">${q.title}</a></li>`)}</ul></section>` : ''}
</aside>
</div>`,
  );
}

/** The person's state on a journey page (signed in), or nothing (a stranger). */
export interface JourneyState extends Viewer {
  done: boolean[];
  completed: number;
  total: number;
  finished: boolean;
  subscribed: boolean;
  flash?: string;
}

function alternativesNote(j: Journey, step: Journey['steps'][number]): Renderable {
  if (!step.alternativeGroup) return '';
  const others = j.steps.filter((s) => s.alternativeGroup === step.alternativeGroup && s !== step).map((s) => s.number);
  return html`<span class="tag tag-alt">${t('journeys.alternative', { steps: others.join('、') })}</span>`;
}

function stepBlock(j: Journey, s: Journey['steps'][number], state: JourneyState | undefined): SafeHtml {
  const done = state?.done[s.number - 1] ?? false;
  return html`<li id="step-${s.number}" class="journey-step${done ? ' done' : ''}${s.optional ? ' optional' : ''}">
<h2><span class="step-no" aria-hidden="true">${s.number}</span><span class="visually-hidden">${t('journeys.stepNo', { n: s.number })}</span>${s.title}
${s.optional ? html` <span class="tag">${t('journeys.optional')}</span>` : ''}${alternativesNote(j, s)}${done ? html` <span class="tag tag-done">${t('journeys.doneTag')}</span>` : ''}</h2>
<p>${s.body}</p>
${s.cautions.length ? html`<div class="cautions"><h3>${t('journeys.cautions')}</h3><ul>${s.cautions.map((c) => html`<li>${c}</li>`)}</ul></div>` : ''}
${s.costs ? html`<p><strong>${t('journeys.costs')}</strong>${s.costs}</p>` : ''}
${s.items.length ? html`<h3>${t('journeys.items')}</h3><ul class="step-items">${s.items.map((it) => html`<li><a href="${it.url}">${it.name}</a></li>`)}</ul>` : ''}
${s.departments.length ? html`<p><strong>${t('journeys.departments')}</strong>${s.departments.map((d, i) => html`${i ? '、' : ''}<a href="${d.url}">${d.name}</a>`)}</p>` : ''}
${s.forms.length ? html`<p><strong>${t('journeys.forms')}</strong>${s.forms.map((f, i) => html`${i ? '、' : ''}<a href="${f.url}" download>${f.title}</a>`)}</p>` : ''}
${s.links.length ? html`<p><strong>${t('journeys.links')}</strong>${s.links.map((l, i) => html`${i ? '、' : ''}<a href="${l.url}">${l.title}</a>`)}</p>` : ''}
${
  state
    ? html`<form method="post" action="/journeys/${j.slug}/steps/${s.number}" class="done-form">${csrfField(state.csrf)}<input type="hidden" name="done" value="${done ? '0' : '1'}">
<button type="submit" class="${done ? 'link' : 'primary'}">${done ? t('journeys.undoStep', { title: s.title }) : t('journeys.markStep', { title: s.title })}</button></form>`
    : ''
}
</li>`;
}

export function journeyPage(j: Journey, state: JourneyState | undefined): string {
  const parent = j.audience === 'enterprise' ? t('journeys.audience.enterprise') : t('journeys.audience.citizen');
  return layout(
    { title: j.title, description: j.summary, crumbs: [{ label: t('journeys.title'), href: '/journeys' }, { label: parent, href: `/journeys?audience=${j.audience}` }, { label: j.title }] },
    html`<article class="journey">
<header class="guide-head">
<p class="eyebrow">${j.domain} · ${audienceLabel(j.audience)} · ${t('journeys.stepCount', { n: j.steps.length })}</p>
<h1>${j.title}</h1>
<p class="summary">${j.summary}</p>
${notice(state?.flash)}
${
  state
    ? html`${progressBar(state.completed, state.total)}${state.finished ? html`<p class="notice">${t('journeys.finished')}</p>` : ''}
<form method="post" action="/me/subscriptions${state.subscribed ? '/delete' : ''}" class="inline">${csrfField(state.csrf)}<input type="hidden" name="kind" value="journey"><input type="hidden" name="ref" value="${j.slug}"><input type="hidden" name="back" value="/journeys/${j.slug}">
<button type="submit" class="${state.subscribed ? 'link' : 'secondary small'}">${state.subscribed ? t('journeys.unfollow') : t('journeys.follow')}</button></form>`
    : loginHint(`/journeys/${j.slug}`)
}
</header>
<nav class="toc" aria-label="${t('journeys.toc')}"><ol>${j.steps.map((s) => html`<li><a href="#step-${s.number}">${s.number}. ${s.title}</a></li>`)}</ol></nav>
<ol class="journey-steps">${j.steps.map((s) => stepBlock(j, s, state))}</ol>
</article>`,
  );
}

export function questionsPage(a: Answer, viewer: (Viewer & { done: Set<string> }) | undefined, url: string): string {
  const answered = a.questions.length - a.open.length;
  return layout(
    { title: a.title, description: a.intro, crumbs: [{ label: t('journeys.title'), href: '/journeys' }, { label: a.title }] },
    html`<h1>${a.title}</h1><p class="lead">${a.intro}</p>
${a.invalid.length ? errorSummary(t('journeys.questions.invalid'), a.invalid.map((q) => t('journeys.questions.invalidAnswer', { question: q }))) : ''}
<form method="get" action="/questions/${a.slug}" class="form questions">
${a.questions.map(
  (q, i) => html`<fieldset class="field question"><legend>${i + 1}. ${q.text}</legend>
${q.options.map((o) => html`<label class="check"><input type="radio" name="${q.id}" value="${o.value}"${a.answers[q.id] === o.value ? html` checked` : ''}> ${o.label}</label>`)}
</fieldset>`,
)}
<div class="form-actions"><button type="submit" class="primary">${t('journeys.questions.submit')}</button>${answered ? html` <a href="/questions/${a.slug}">${t('journeys.questions.reset')}</a>` : ''}</div>
</form>
${
  a.open.length
    ? answered && !a.invalid.length
      ? html`<p class="warning">${t('journeys.questions.open', { n: a.open.length })}</p>`
      : ''
    : html`<section class="card outcome" aria-labelledby="h-outcome"><h2 id="h-outcome">${t('journeys.questions.result', { n: a.outcomes.length })}</h2>
<ol class="outcomes">${a.outcomes.map(
        (o) => html`<li><a class="item-name" href="${o.url}">${o.name}</a><p>${o.note}</p>${viewer ? itemDoneForm(o.code, o.name, viewer.done.has(o.code), viewer, url) : ''}</li>`,
      )}</ol>
<p class="hint">${t('journeys.questions.share')} <a href="${url}">${t('journeys.questions.link')}</a></p>
${viewer ? '' : loginHint(url)}</section>`
}`,
  );
}

export function lifeEventsPage(audience: Audience, events: { title: string; summary: string; url: string; entryCount: number }[]): string {
  const title = audience === 'enterprise' ? t('journeys.lifeEvents.enterprise') : t('journeys.lifeEvents.citizen');
  return layout(
    { title, crumbs: [{ label: t('journeys.title'), href: '/journeys' }, { label: title }] },
    html`<h1>${title}</h1><p class="lead">${audience === 'enterprise' ? t('journeys.lifeEvents.enterpriseLead') : t('journeys.lifeEvents.citizenLead')}</p>
${audienceTabs('/life-events', audience)}
<ol class="life-events">${events.map((e) => html`<li><a href="${e.url}"><strong>${e.title}</strong><small>${e.summary}</small><span class="meta">${t('journeys.lifeEvents.count', { n: e.entryCount })}</span></a></li>`)}</ol>`,
  );
}

export function lifeEventPage(e: LifeEvent, viewer: (Viewer & { done: Set<string> }) | undefined): string {
  const parent = e.audience === 'enterprise' ? t('journeys.lifeEvents.enterprise') : t('journeys.lifeEvents.citizen');
  return layout(
    { title: e.title, description: e.summary, crumbs: [{ label: parent, href: `/life-events?audience=${e.audience}` }, { label: e.title }] },
    html`<h1>${e.title}</h1><p class="lead">${e.summary}</p>
<ol class="life-event-entries">${e.entries.map(
      (x) => html`<li><span class="tag">${x.kind === 'journey' ? t('journeys.kind.journey') : t('kind.item')}</span> <a class="item-name" href="${x.url}">${x.title}</a>
<p>${x.note}</p>${viewer && x.kind === 'item' ? itemDoneForm(x.code, x.title, viewer.done.has(x.code), viewer, e.url) : ''}</li>`,
    )}</ol>
${viewer ? '' : loginHint(e.url)}`,
  );
}

/** The box on a guide page: the journeys this item is part of, with the step. */
export function partOfBox(list: { title: string; url: string; step: number; stepTitle: string }[]): SafeHtml | '' {
  if (!list.length) return '';
  return html`<section id="part-of" class="part-of" aria-labelledby="h-part-of"><h2 id="h-part-of">${t('journeys.partOf')}</h2>
<ul>${list.map((p) => html`<li><a href="${p.url}">${p.title}</a> <span class="meta">${t('journeys.partOfStep', { n: p.step, title: p.stepTitle })}</span></li>`)}</ul></section>`;
}
