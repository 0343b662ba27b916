/** Pieces the disclosure pages share: a list of information, the metadata table, the guide's box. */
import { t } from '../../../lib/i18n/index.js';
import { html, type SafeHtml } from '../../../web/html.js';
import { stageLabel } from '../model.js';
import type { ArticleSummary } from '../present.js';

export function articleList(list: ArticleSummary[], o: { showOrg?: boolean } = {}): SafeHtml {
  if (!list.length) return html`<p class="empty">${t('disclosure.empty')}</p>`;
  return html`<ul class="info-list">${list.map(
    (a) => html`<li><a href="${a.url}">${a.title}</a>${a.validity.code !== 'valid' ? html` <span class="tag tag-warn">${a.validity.name}</span>` : ''}
<span class="meta">${o.showOrg ? html`${a.org.name} · ` : ''}${a.kind.name}${a.docNo ? html` · ${a.docNo}` : ''} · <time datetime="${a.publishedOn}">${a.publishedOn}</time></span></li>`,
  )}</ul>`;
}

/** The box on an item's guide: its information by the five stages, with what to do beside it. */
export function guideBox(found: { stages: { stage: string; articles: ArticleSummary[] }[]; interpretations: ArticleSummary[] }, _implCode: string): SafeHtml {
  return html`<section id="disclosure" class="disclosure-box" aria-labelledby="h-disclosure"><h2 id="h-disclosure">${t('disclosure.guide.title')}</h2>
${found.stages.map((s) => html`<h3>${stageLabel(s.stage)}</h3>${articleList(s.articles)}`)}
${found.interpretations.length ? html`<h3>${t('disclosure.guide.interpretations')}</h3>${articleList(found.interpretations)}` : ''}
<p class="actions-row">
<a href="/letters/new?channel=consultation">${t('disclosure.guide.consult')}</a>
<a href="#steps">${t('disclosure.guide.apply')}</a>
<a href="/letters/new?channel=department">${t('disclosure.guide.rate')}</a>
<a href="/letters/new?channel=mayor">${t('disclosure.guide.complain')}</a>
</p></section>`;
}
