/**
 * 办事明白纸: the guide as one or two printed pages a citizen takes to the hall — checklist
 * boxes to tick, numbered steps, where and when, whom to call, and a QR code back to the page.
 */
import { html, raw } from '../../../web/html.js';
import { t } from '../../../lib/i18n/index.js';
import { htmlLang } from '../../../web/switches.js';
import { metaTags } from '../../../web/site-meta.js';
import type { Guide } from '../present.js';
import {
  conditionsSection,
  contactSection,
  feesSection,
  hallBlock,
  limitsSection,
  materialsSection,
  resultSection,
  stepsSection,
} from './guide.js';

export function printPage(g: Guide, qrSvg: string, printedOn: string): string {
  return `<!doctype html>${html`<html lang="${htmlLang()}">
<head>
<meta charset="utf-8">
${metaTags({ columnName: g.department.name, columnType: t('meta.type.guide'), article: { title: g.name, pubDate: g.updatedAt.slice(0, 10), contentSource: g.implementingBody || g.department.name, keywords: [g.name, ...g.aliases], author: g.department.name, description: g.summary || g.name } })}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('print.title', { name: g.name })}</title>
<link rel="stylesheet" href="/static/print.css">
<script src="/static/print.js" defer></script>
</head>
<body>
<nav class="no-print" aria-label="${t('print.tools')}">
  <a href="${g.url}">${t('print.back')}</a>
  <button type="button" id="print-button" hidden>${t('print.button')}</button>
  <span>${t('print.hint')}</span>
</nav>
<main class="sheet">
<header>
  <div>
    <p class="eyebrow">${t('print.heading')}</p>
    <h1>${g.name}</h1>
    <p>${g.department.name} · ${g.type}</p>
    <p class="summary">${g.summary}</p>
  </div>
  <figure class="qr">${raw(qrSvg)}<figcaption>${t('guide.qrCaption')}</figcaption></figure>
</header>
${conditionsSection(g)}
${materialsSection(g, false)}
${stepsSection(g)}
${limitsSection(g)}
${feesSection(g)}
<section id="where" aria-labelledby="h-where"><h2 id="h-where">${t('guide.where')}</h2>${g.halls.map((h) => hallBlock(h, false))}</section>
${contactSection(g)}
${resultSection(g)}
<footer><p>${t('print.footer', { date: printedOn, version: g.version })}</p></footer>
</main>
</body>
</html>`}`;
}
