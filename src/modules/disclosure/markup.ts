/**
 * The body of an article in a restricted markup an editor can type and a reviewer can read, and
 * nothing else: blocks separated by blank lines; `# ` and `## ` start headings; `- ` list items;
 * rows of `|`-separated cells make a table (the first row its header); anything else is a
 * paragraph. Every character of the text is escaped, so no markup of the editor's own (a
 * `<script>`, an `onerror=`) ever reaches a page: the only tags are the ones written here.
 */
import { html, type SafeHtml } from '../../web/html.js';

export type Block =
  | { type: 'h'; level: 3 | 4; text: string }
  | { type: 'p'; text: string }
  | { type: 'ul'; items: string[] }
  | { type: 'table'; head: string[]; rows: string[][] };

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/** The body's blocks: what the page, the gazette's PDF and the feeds show. */
export function parseBody(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim());
    if (!lines.length) continue;
    const first = lines[0] as string;
    if (lines.every((l) => l.trim().startsWith('|'))) {
      const rows = lines.filter((l) => !/^\s*\|?\s*:?-{2,}/.test(l)).map(cells);
      blocks.push({ type: 'table', head: rows[0] ?? [], rows: rows.slice(1) });
    } else if (lines.every((l) => /^\s*[-·•]\s/.test(l))) {
      blocks.push({ type: 'ul', items: lines.map((l) => l.replace(/^\s*[-·•]\s+/, '')) });
    } else if (lines.length === 1 && /^##\s/.test(first)) {
      blocks.push({ type: 'h', level: 4, text: first.replace(/^##\s+/, '') });
    } else if (lines.length === 1 && /^#\s/.test(first)) {
      blocks.push({ type: 'h', level: 3, text: first.replace(/^#\s+/, '') });
    } else {
      for (const l of lines) blocks.push({ type: 'p', text: l.trim() });
    }
  }
  return blocks;
}

/** The body as HTML: escaped text in the tags above only. */
export function renderBody(body: string): SafeHtml {
  return html`${parseBody(body).map((b) => {
    switch (b.type) {
      case 'h':
        return b.level === 3 ? html`<h3>${b.text}</h3>` : html`<h4>${b.text}</h4>`;
      case 'ul':
        return html`<ul>${b.items.map((i) => html`<li>${i}</li>`)}</ul>`;
      case 'table':
        return html`<div class="table-scroll" tabindex="0" role="region" aria-label="${b.head.join(' ')}"><table class="data-table">
<thead><tr>${b.head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${b.rows.map((r) => html`<tr>${b.head.map((_, i) => html`<td>${r[i] ?? ''}</td>`)}</tr>`)}</tbody></table></div>`;
      default:
        return html`<p>${b.text}</p>`;
    }
  })}`;
}

/** The body as plain text (search, feeds, similarity). */
export function plainBody(body: string): string {
  return parseBody(body)
    .map((b) => (b.type === 'table' ? [b.head, ...b.rows].map((r) => r.join(' ')).join(' ') : b.type === 'ul' ? b.items.join(' ') : b.text))
    .join('\n');
}
