/**
 * The guide page (办事指南) laid out for a citizen: what it is, whether it applies, what to
 * bring (a checklist), what happens (numbered steps), how long, how much, where and when, whom
 * to call — then the details a clerk or lawyer looks for. The print view reuses the sections.
 */
import { scrollTable } from '../../../web/components.js';
import { html, raw, type SafeHtml } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { layout } from '../../../web/layout.js';
import type { Guide } from '../present.js';
import { ONLINE_DEPTH, audienceLabel, limitText, visitsText } from './parts.js';

type Hall = Guide['halls'][number];

function facts(g: Guide): SafeHtml {
  const fee = g.free ? t('guide.free') : g.fees.map((f) => `${f.name} ${f.standard}`).join('；');
  return html`<dl class="key-facts">
  <div><dt>${t('guide.promised')}</dt><dd>${limitText(g.timeLimits.promisedDays, g.timeLimits.kind)}</dd></div>
  <div><dt>${t('guide.legal')}</dt><dd>${t('guide.workingDays', { days: g.timeLimits.legalDays })}</dd></div>
  <div><dt>${t('guide.fee')}</dt><dd>${fee}</dd></div>
  <div><dt>${t('guide.visitsLabel')}</dt><dd>${visitsText(g.visits)}</dd></div>
  <div><dt>${t('guide.forms')}</dt><dd>${g.handlingForms.join('、')}</dd></div>
  <div><dt>${t('guide.depth')}</dt><dd>${ONLINE_DEPTH[g.onlineDepth] ?? ''}</dd></div>
  <div><dt>${t('guide.appointment')}</dt><dd>${g.appointment ? t('guide.appointmentYes') : t('guide.appointmentNo')}</dd></div>
  <div><dt>${t('guide.audience')}</dt><dd>${g.audiences.map(audienceLabel).join('、')}</dd></div>
</dl>`;
}

export function materialsSection(g: Guide, checklist: boolean): SafeHtml {
  return html`<section id="materials" aria-labelledby="h-materials">
<h2 id="h-materials">${t('guide.materials')}</h2>
${checklist ? html`<p class="hint">${t('guide.checklistHint')}</p>` : ''}
<ol class="materials">
${g.materials.map(
  (m, i) => html`<li>
  ${checklist ? html`<input type="checkbox" id="m-${i}">` : html`<span class="box" aria-hidden="true">□</span>`}
  <label for="m-${i}"><strong>${m.name}</strong>${m.required ? '' : html` <span class="tag">${t('guide.optional')}</span>`}</label>
  <span class="meta">${m.form} · ${m.medium} · ${m.copies > 0 ? t('guide.copies', { n: m.copies }) : t('guide.noCopies')} · ${t('guide.source')}${m.source}</span>
  ${m.note ? html`<span class="note">${m.note}</span>` : ''}
  ${m.blankForm && checklist ? html`<span class="downloads"><a href="${m.blankForm.url}" download>${t('guide.blankForm')}</a> <a href="${m.blankForm.sampleUrl}" download>${t('guide.sampleForm')}</a></span>` : ''}
</li>`,
)}
</ol>
</section>`;
}

export function stepsSection(g: Guide): SafeHtml {
  return html`<section id="steps" aria-labelledby="h-steps">
<h2 id="h-steps">${t('guide.steps')}</h2>
<ol class="steps">
${g.steps.map(
  (s) => html`<li><strong>${s.title}</strong>${s.daysLimit !== null ? html` <span class="tag">${t('guide.workingDays', { days: s.daysLimit })}</span>` : ''}<p>${s.description}</p></li>`,
)}
</ol>
</section>`;
}

export function hallBlock(h: Hall, withMap: boolean): SafeHtml {
  return html`<div class="hall">
  <h3>${h.name}</h3>
  <dl>
    <div><dt>${t('guide.address')}</dt><dd>${h.address}</dd></div>
    <div><dt>${t('guide.hours')}</dt><dd>${h.hours}</dd></div>
    <div><dt>${t('guide.phone')}</dt><dd><a href="tel:${h.phone}">${h.phone}</a></dd></div>
    <div><dt>${t('guide.transit')}</dt><dd>${h.transit}</dd></div>
  </dl>
  ${withMap ? html`<p><a class="map-link" href="geo:${h.location.lat},${h.location.lng}?q=${h.location.lat},${h.location.lng}(${h.name})">${t('guide.openMap')}</a> <span class="meta">${t('guide.coordinates', { lat: h.location.lat.toFixed(4), lng: h.location.lng.toFixed(4) })}</span></p>` : ''}
</div>`;
}

export function conditionsSection(g: Guide): SafeHtml {
  return html`<section id="conditions" aria-labelledby="h-conditions">
<h2 id="h-conditions">${t('guide.conditions')}</h2>
<ul>${g.conditions.map((c) => html`<li>${c}</li>`)}</ul>
</section>`;
}

export function feesSection(g: Guide): SafeHtml {
  return html`<section id="fees" aria-labelledby="h-fees">
<h2 id="h-fees">${t('guide.fees')}</h2>
${g.free
  ? html`<p>${t('guide.free')}</p>`
  : scrollTable(
      t('guide.fees'),
      html`<table><thead><tr><th scope="col">${t('guide.feeName')}</th><th scope="col">${t('guide.feeStandard')}</th><th scope="col">${t('guide.feeBasis')}</th></tr></thead>
<tbody>${g.fees.map((f) => html`<tr><td>${f.name}</td><td>${f.standard}</td><td>${f.basis}</td></tr>`)}</tbody></table>`,
    )}
</section>`;
}

export function limitsSection(g: Guide): SafeHtml {
  return html`<section id="limits" aria-labelledby="h-limits">
<h2 id="h-limits">${t('guide.limits')}</h2>
<p>${t('guide.legal')}：${t('guide.workingDays', { days: g.timeLimits.legalDays })}；${t('guide.promised')}：${limitText(g.timeLimits.promisedDays, g.timeLimits.kind)}（${g.timeLimits.kind}）</p>
${g.timeLimits.note ? html`<p class="note">${g.timeLimits.note}</p>` : ''}
</section>`;
}

export function contactSection(g: Guide): SafeHtml {
  return html`<section id="contact" aria-labelledby="h-contact">
<h2 id="h-contact">${t('guide.contact')}</h2>
<p>${t('guide.consultPhone')}：<a href="tel:${g.consultPhone}">${g.consultPhone}</a>　${t('guide.complaintPhone')}：<a href="tel:${g.complaintPhone}">${g.complaintPhone}</a></p>
</section>`;
}

export function resultSection(g: Guide): SafeHtml {
  return html`<section id="result" aria-labelledby="h-result">
<h2 id="h-result">${t('guide.result')}</h2>
<p>${g.results.name}（${g.results.kind}）；${t('guide.delivery')}：${g.results.delivery.join('、')}</p>
</section>`;
}

/** `aside`: what other modules add about the item (the journeys it is part of), after the header. */
export function guidePage(g: Guide, qrSvg: string, aside: SafeHtml | '' = ''): string {
  const body = html`<article class="guide">
<header class="guide-head">
  ${g.outdated ? html`<p class="banner-old" role="note">${t('guide.outdatedBanner')}</p>` : ''}
  <p class="eyebrow">${g.type} · <a href="${g.department.url}">${g.department.name}</a></p>
  <h1>${g.name}</h1>
  ${g.aliases.length ? html`<p class="aka">${t('guide.aka')}${g.aliases.join('、')}</p>` : ''}
  <p class="summary">${g.summary}</p>
  ${g.parent ? html`<p>${t('guide.parentOf')}<a href="${g.parent.url}">${g.parent.name}</a></p>` : ''}
  ${facts(g)}
  <p class="actions">
    <a class="button" href="${g.printUrl}">${t('guide.print')}</a>
    <a class="button secondary" href="${g.pdfUrl}" download>${t('guide.pdf')}</a>
  </p>
</header>
${g.subItems.length
  ? html`<section id="sub-items" aria-labelledby="h-sub"><h2 id="h-sub">${t('guide.subItems')}</h2>
<ul class="sub-items">${g.subItems.map((s) => html`<li><a href="${s.url}">${s.name}</a></li>`)}</ul></section>`
  : ''}
${aside}
<nav class="toc" aria-label="${t('guide.toc')}"><ol>
  <li><a href="#conditions">${t('guide.conditions')}</a></li>
  <li><a href="#materials">${t('guide.materials')}</a></li>
  <li><a href="#steps">${t('guide.steps')}</a></li>
  <li><a href="#where">${t('guide.where')}</a></li>
  <li><a href="#faq">${t('guide.faq')}</a></li>
  <li><a href="#basis">${t('guide.basis')}</a></li>
</ol></nav>
${conditionsSection(g)}
${materialsSection(g, true)}
${stepsSection(g)}
${limitsSection(g)}
${feesSection(g)}
<section id="where" aria-labelledby="h-where">
<h2 id="h-where">${t('guide.where')}</h2>
${g.halls.map((h) => hallBlock(h, true))}
</section>
${contactSection(g)}
${resultSection(g)}
<section id="faq" aria-labelledby="h-faq">
<h2 id="h-faq">${t('guide.faq')}</h2>
${g.faq.map((f) => html`<details><summary>${f.q}</summary><p>${f.a}</p></details>`)}
</section>
<section id="basis" aria-labelledby="h-basis">
<h2 id="h-basis">${t('guide.basis')}</h2>
<ul>${g.legalBasis.map((b) => html`<li>${b}</li>`)}</ul>
${g.policies.length
  ? html`<h3>${t('guide.policies')}</h3><ul>${g.policies.map((p) => html`<li>${p.title}${p.number ? html`（${p.number}）` : ''}</li>`)}</ul>`
  : ''}
<dl class="codes">
  <div><dt>${t('guide.implementingBody')}</dt><dd>${g.implementingBody}</dd></div>
  <div><dt>${t('guide.code')}</dt><dd>${g.code}</dd></div>
  <div><dt>${t('guide.implCode')}</dt><dd>${g.implCode}</dd></div>
</dl>
</section>
<aside class="qr" aria-label="${t('guide.qrLabel')}">
  <figure>${raw(qrSvg)}<figcaption>${t('guide.qrCaption')}</figcaption></figure>
  ${g.themes.length ? html`<p>${t('guide.themes')}${g.themes.map((th) => html`<a class="chip" href="${th.url}">${th.name}</a>`)}</p>` : ''}
  ${g.specialGroups.length ? html`<p>${t('guide.groups')}${g.specialGroups.map((sg) => html`<a class="chip" href="${sg.url}">${sg.name}</a>`)}</p>` : ''}
</aside>
</article>`;
  return layout(
    {
      title: g.name,
      description: g.summary,
      crumbs: [{ label: g.department.name, href: g.department.url }, { label: g.name }],
      // rendered once and cached for every address of the guide
      canonical: g.url,
      qr: false,
      meta: {
        columnName: g.department.name,
        columnType: t('meta.type.guide'),
        article: { title: g.name, pubDate: g.updatedAt.slice(0, 10), contentSource: g.implementingBody || g.department.name, keywords: [g.name, ...g.aliases], author: g.department.name, description: g.summary || g.name },
      },
    },
    body,
  );
}
