/**
 * 繁體 pages: the page is rendered in zh-Hans as always, then the TEXT of the finished HTML is
 * converted with OpenCC's phrase tables (cn → tw: 机动车驾驶证补领 → 機動車駕駛證補領, 头发 →
 * 頭髮 but 发展 → 發展). Markup, URLs, scripts, styles, form values (what a person typed) and
 * tokens are left exactly as they are; the labels people read in attributes (title,
 * placeholder, aria-label, alt, a meta description) are converted too. Text marked `<span lang="zh-Hans">` stays
 * simplified (the "简体" switch itself).
 */
import { createRequire } from 'node:module';

type OpenCC = { Converter(o: { from: 'cn'; to: 'tw' }): (text: string) => string };
let converter: ((text: string) => string) | undefined;
/**
 * Loaded and built on first use: reading OpenCC's phrase tables and building the converter take
 * a moment at start-up that the simplified pages (most of them) never need.
 */
function convert(text: string): string {
  converter ??= (createRequire(import.meta.url)('opencc-js/cn2t') as OpenCC).Converter({ from: 'cn', to: 'tw' });
  return converter(text);
}

const HAN = /[\u3400-\u9fff]/;
/** pieces of markup kept whole: scripts, styles, comments, typed text, marked simplified spans, tags */
const MARKUP =
  /<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>|<!--[\s\S]*?-->|<textarea\b[\s\S]*?<\/textarea>|<span lang="zh-Hans">[^<]*<\/span>|<[^>]*>/gi;
const READABLE_ATTR = /(\s(?:title|placeholder|aria-label|alt|content|data-[a-z-]*label)=")([^"]*)"/g;
/** a separator OpenCC leaves alone, so one call converts every piece of a page */
const SEP = '\u0001';

/** Convert a simplified Chinese string (plain text, no markup) to traditional. */
export function toHantText(text: string): string {
  return HAN.test(text) ? convert(text) : text;
}

/** Convert the text of an HTML document to traditional characters, leaving its markup alone. */
export function toHantHtml(doc: string): string {
  const parts: string[] = [];
  /** indexes in `parts` of the pieces to convert */
  const todo: number[] = [];
  let last = 0;
  const text = (s: string) => {
    if (HAN.test(s)) todo.push(parts.length);
    parts.push(s);
  };
  for (const m of doc.matchAll(MARKUP)) {
    if (m.index > last) text(doc.slice(last, m.index));
    const tag = m[0];
    if (tag.charCodeAt(1) !== 33 /* ! */ && !/^<(?:script|style|textarea|span lang)/i.test(tag) && HAN.test(tag)) {
      // a tag: only its readable attributes are text
      let pos = 0;
      for (const a of tag.matchAll(READABLE_ATTR)) {
        parts.push(tag.slice(pos, a.index) + a[1]);
        text(a[2] as string);
        parts.push('"');
        pos = a.index + a[0].length;
      }
      parts.push(tag.slice(pos));
    } else {
      parts.push(tag);
    }
    last = m.index + tag.length;
  }
  if (last < doc.length) text(doc.slice(last));
  if (todo.length === 0) return doc;
  let converted = convert(todo.map((i) => parts[i]).join(SEP)).split(SEP);
  // the separator is not in OpenCC's tables, so the pieces come back as many as they went
  if (converted.length !== todo.length) converted = todo.map((i) => convert(parts[i] as string));
  todo.forEach((i, n) => {
    parts[i] = converted[n] as string;
  });
  return parts.join('');
}
