/**
 * Everyone's pages of 依申请公开: /foi (how to apply, and the replies published for everyone, by
 * answering department) and /foi/replies/:id (one reply: what was asked, what was answered, when;
 * the applicant only as 公民 or 法人或其他组织).
 */
import { t } from '../../../lib/i18n/index.js';
import { html } from '../../../web/html.js';
import { layout } from '../../../web/layout.js';
import type { PublicReply } from '../publication.js';

const home = { label: t('nav.home'), href: '/' };

export function foiHomePage(list: { total: number; page: number; pages: number; replies: PublicReply[] }, o: { departments: { id: number; name: string }[]; department?: number }) {
  const q = (page: number) => `/foi?${o.department ? `department=${o.department}&` : ''}page=${page}`;
  return layout(
    { title: t('foi.home.title'), crumbs: [home, { label: t('foi.home.title') }], description: t('foi.replies.lead') },
    html`<h1>${t('foi.home.title')}</h1>
<p>${t('foi.home.lead')}</p>
<section aria-labelledby="foi-guide-h"><h2 id="foi-guide-h">${t('foi.home.guide')}</h2>
<p>${t('foi.home.steps')}</p>
<p><a class="button" href="/foi/apply">${t('foi.home.apply')}</a> <a href="/me/foi">${t('foi.home.mine')}</a></p></section>
<section aria-labelledby="foi-replies-h"><h2 id="foi-replies-h">${t('foi.replies.title')}</h2>
<p>${t('foi.replies.lead')}</p>
<form method="get" action="/foi" class="form filters"><div class="field"><label for="foi-dept">${t('foi.replies.department')}</label>
<select id="foi-dept" name="department"><option value="">${t('foi.replies.all')}</option>${o.departments.map((d) => html`<option value="${d.id}"${d.id === o.department ? html` selected` : ''}>${d.name}</option>`)}</select></div>
<button type="submit" class="button">${t('foi.replies.filter')}</button></form>
<p>${t('foi.replies.count', { n: list.total })}</p>
${
  list.replies.length
    ? html`<ul class="result-list">${list.replies.map(
        (r) => html`<li><a href="${r.url}">${r.title}</a><br><small>${r.departmentName} · ${t(`foi.replyType.${r.replyType}`)} · ${t('foi.replies.published')} ${r.publishedOn}</small></li>`,
      )}</ul>`
    : html`<p>${t('foi.replies.empty')}</p>`
}
${
  list.pages > 1
    ? html`<nav aria-label="${t('foi.replies.page', { page: list.page, pages: list.pages })}" class="pager">${list.page > 1 ? html`<a href="${q(list.page - 1)}" rel="prev">${t('foi.replies.prev')}</a> ` : ''}<span>${t('foi.replies.page', { page: list.page, pages: list.pages })}</span>${list.page < list.pages ? html` <a href="${q(list.page + 1)}" rel="next">${t('foi.replies.next')}</a>` : ''}</nav>`
    : ''
}
</section>`,
  );
}

export function publicReplyPage(r: PublicReply) {
  return layout(
    {
      title: r.title,
      crumbs: [home, { label: t('foi.home.title'), href: '/foi' }, { label: r.title }],
      meta: {
        columnName: t('foi.replies.title'),
        article: { title: r.title, pubDate: r.publishedOn, contentSource: r.departmentName, keywords: [t('foi.publication.kindLabel'), r.departmentName], author: r.departmentName, description: r.question.slice(0, 120) },
      },
    },
    html`<article class="foi-reply"><h1>${r.title}</h1>
<dl class="facts">
<dt>${t('foi.replies.department')}</dt><dd>${r.departmentName}</dd>
<dt>${t('foi.replies.applicant')}</dt><dd>${t('foi.replies.applicantHidden', { kind: t(`foi.kind.${r.applicantKind}` as never) })}</dd>
<dt>${t('foi.replies.received')}</dt><dd>${r.receivedOn}</dd>
<dt>${t('foi.replies.replied')}</dt><dd>${r.repliedOn}（${t(`foi.replyType.${r.replyType}`)}）</dd>
<dt>${t('foi.replies.published')}</dt><dd>${r.publishedOn}</dd>
<dt>${t('foi.replies.basis')}</dt><dd>${t(`foi.publication.basis.${r.basis}`)}</dd>
</dl>
<section aria-labelledby="foi-q-h"><h2 id="foi-q-h">${t('foi.replies.question')}</h2><p class="pre">${r.question}</p></section>
<section aria-labelledby="foi-a-h"><h2 id="foi-a-h">${t('foi.replies.answer')}</h2><p class="pre">${r.answer}</p></section>
<p><a href="/foi">${t('foi.replies.title')}</a></p></article>`,
  );
}
