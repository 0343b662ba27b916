/** The back office: the department's queue and a request's case page with the actions the principal may take. */
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { adminLayout } from '../../../web/admin-layout.js';
import { csrfField, errorSummary, type FormError, input, notice, select } from '../../../web/forms.js';
import { html } from '../../../web/html.js';
import { PUBLICATION_BASES, REPLY_TYPES } from '../model.js';
import { allows, allowsPublication, type FoiAction, PUBLICATION_TRANSITIONS, type PublicationAction, TRANSITIONS } from '../policy.js';
import type { PublicationView } from '../publication.js';
import type { FoiView } from '../present.js';
import { requestDetails, statusOf } from './public.js';

export function queuePage(p: Principal, csrf: string, list: { total: number; requests: FoiView[] }, open: boolean) {
  return adminLayout(
    { title: t('foi.staff.title'), principal: p, csrf, current: '/admin/foi' },
    html`<h1>${t('foi.staff.title')}</h1>
<p><a href="/admin/foi"${open ? html` aria-current="page"` : ''}>${t('foi.staff.queue')}</a> · <a href="/admin/foi?done=1"${open ? '' : html` aria-current="page"`}>${t('foi.staff.done')}</a></p>
${
  list.requests.length
    ? html`<div class="table-wrap"><table class="table"><caption class="visually-hidden">${t('foi.staff.title')}</caption>
<thead><tr><th scope="col">${t('foi.code')}</th><th scope="col">${t('foi.field.applicantName')}</th><th scope="col">${t('foi.received')}</th><th scope="col">${t('foi.status.received')}</th><th scope="col">${t('foi.due')}</th></tr></thead>
<tbody>${list.requests.map((r) => html`<tr><td><a href="/admin/foi/${r.id}">${r.code}</a></td><td>${r.applicantName}</td><td>${r.receivedOn}</td><td>${statusOf(r.status)}</td><td>${r.clock.due ?? t('foi.dueUnknown')}</td></tr>`)}</tbody></table></div>`
    : html`<p>${t('foi.staff.empty')}</p>`
}`,
  );
}

export interface PublicationState {
  publishable: boolean;
  publication?: PublicationView;
  draft?: { title: string; question: string; answer: string };
}

/** The case page's 答复向社会公开 section: the state, and the forms the principal may use (four eyes). */
function publicationSection(p: Principal, csrf: string, r: FoiView, s: PublicationState, values?: Record<string, string>) {
  const pub = s.publication;
  if (!pub && !s.publishable) return '';
  const status = pub?.status ?? 'none';
  const can = (a: PublicationAction) => !!PUBLICATION_TRANSITIONS[status][a] && (status !== 'none' || s.publishable) && allowsPublication(p, a, r, pub?.preparedBy);
  const form = (action: PublicationAction, body: unknown) =>
    html`<form method="post" action="/admin/foi/${r.id}/publication/${action}" class="form">${csrfField(csrf)}${pub ? html`<input type="hidden" name="version" value="${pub.version}">` : ''}${body as never}<button type="submit" class="button">${t(`foi.publication.action.${action}`)}</button></form>`;
  const start = values ?? { basis: pub?.basis ?? 'consent', title: pub?.title ?? s.draft?.title ?? '', question: pub?.question ?? s.draft?.question ?? '', answer: pub?.answer ?? s.draft?.answer ?? '' };
  return html`<section aria-labelledby="foi-pub-h"><h2 id="foi-pub-h">${t('foi.publication.title')}</h2>
<p>${t('foi.publication.state', { status: t(`foi.publication.status.${status}`) })}${pub ? html`；${t('foi.publication.preparedBy', { name: pub.preparedByName })}` : ''}${pub?.publishedByName && pub.publishedOn ? html`；${t('foi.publication.publishedBy', { name: pub.publishedByName, on: pub.publishedOn })}` : ''}</p>
${pub?.withdrawnReason ? html`<p>${t('foi.publication.withdrawnBecause', { reason: pub.withdrawnReason })}</p>` : ''}
${pub?.status === 'published' ? html`<p><a href="${pub.url}">${t('foi.publication.view')}</a></p>` : ''}
${pub?.status === 'review' && pub.preparedBy === p.userId ? html`<p class="hint">${t('foi.publication.fourEyesNote')}</p>` : ''}
${
  can('prepare')
    ? form(
        'prepare',
        html`<p class="hint">${t('foi.publication.lead')}</p>
${select({ name: 'basis', label: t('foi.publication.field.basis'), value: start.basis, options: PUBLICATION_BASES.map((b) => ({ value: b, label: t(`foi.publication.basis.${b}`) })) })}
${input({ name: 'title', label: t('foi.publication.field.title'), value: start.title, required: true, maxlength: 120 })}
${input({ name: 'question', label: t('foi.publication.field.question'), value: start.question, rows: 4, required: true, maxlength: 4000 })}
${input({ name: 'answer', label: t('foi.publication.field.answer'), value: start.answer, rows: 6, required: true, maxlength: 20000 })}`,
      )
    : ''
}
${pub && status === 'review' ? html`<h3>${pub.title}</h3><p class="pre">${pub.question}</p><p class="pre">${pub.answer}</p>` : ''}
${can('publish') ? form('publish', '') : ''}
${can('withdraw') ? form('withdraw', input({ name: 'reason', label: t('foi.publication.field.reason'), rows: 2, required: true })) : ''}
</section>`;
}

export function casePage(p: Principal, csrf: string, r: FoiView, o: { error?: FormError; flash?: string; publication?: PublicationState; values?: Record<string, string> } = {}) {
  const can = (a: FoiAction) => !!TRANSITIONS[r.status][a] && allows(p, a, { departmentId: r.departmentId, accountId: null });
  const form = (action: FoiAction, body: unknown, multipart = false) =>
    html`<form method="post" action="/admin/foi/${r.id}/${action}${multipart ? html`?_csrf=${csrf}` : ''}" class="form"${multipart ? html` enctype="multipart/form-data"` : ''}>${csrfField(csrf)}<input type="hidden" name="version" value="${r.version}">${body as never}<button type="submit" class="button">${t(`foi.action.${action}` as never)}</button></form>`;
  const actions = [
    can('noticeCorrection') && !r.clock.correctionNoticeOn ? form('noticeCorrection', input({ name: 'note', label: t('foi.field.correctionNote'), rows: 3, required: true })) : '',
    can('startConsultation') ? form('startConsultation', input({ name: 'party', label: t('foi.field.party'), required: true })) : '',
    can('endConsultation') ? form('endConsultation', '') : '',
    can('extend') && !r.clock.extended ? form('extend', input({ name: 'reason', label: t('foi.field.extensionReason'), rows: 2, required: true })) : '',
    can('reply')
      ? form(
          'reply',
          html`${select({ name: 'replyType', label: t('foi.field.replyType'), options: REPLY_TYPES.map((x) => ({ value: x, label: t(`foi.replyType.${x}`) })) })}
${input({ name: 'ground', label: t('foi.field.ground'), rows: 2, optional: true })}
${input({ name: 'body', label: t('foi.field.replyBody'), rows: 6, required: true })}
<div class="field"><label for="f-document">${t('foi.field.document')}</label><input id="f-document" type="file" name="document" accept=".pdf,.ofd,.docx,.jpg,.png"></div>`,
          true,
        )
      : '',
  ].filter(Boolean);
  return adminLayout(
    { title: r.code, principal: p, csrf, current: '/admin/foi', crumbs: [{ label: t('foi.staff.title'), href: '/admin/foi' }, { label: r.code }] },
    html`<h1>${t('foi.title')} ${r.code}</h1>
${notice(o.flash)}
${errorSummary(o.error?.message, o.error?.problems)}
<p>${statusOf(r.status)}</p>
${requestDetails(r)}
<dl class="facts"><dt>${t('foi.field.phone')}</dt><dd>${r.phone ?? ''}</dd><dt>${t('foi.field.email')}</dt><dd>${r.email ?? ''}</dd><dt>${t('foi.field.address')}</dt><dd>${r.address ?? ''}</dd></dl>
${actions.length ? html`<section aria-labelledby="foi-act-h"><h2 id="foi-act-h">${t('foi.staff.actions')}</h2>${actions}</section>` : ''}
${o.publication ? publicationSection(p, csrf, r, o.publication, o.values) : ''}
<section aria-labelledby="foi-hist-h"><h2 id="foi-hist-h">${t('foi.history')}</h2>
<ol>${(r.history ?? []).map((h) => html`<li>${h.at.slice(0, 10)} ${h.actor}：${t(`foi.event.${h.action}` as never)}${h.note ? html`（${h.note}）` : ''}</li>`)}</ol></section>`,
  );
}
