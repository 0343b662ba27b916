/**
 * Reading the portal's pages as a browser would, without a browser: the links to follow and
 * every <form> with its action, method, enctype and fields (hidden ones and the CSRF token
 * included). The pages are our own server-rendered, well-formed HTML, so a small tag scanner
 * is enough; it does not try to be a general HTML parser.
 */
import type { Session, SessionName } from './client.js';

export interface FormField {
  name: string;
  /** input type, or select / textarea / button */
  kind: string;
  value: string;
  options: string[];
}

export interface PageForm {
  session: SessionName;
  page: string;
  action: string;
  method: 'GET' | 'POST';
  enctype: string;
  fields: FormField[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: '\u00a0' };
const decode = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (m, e: string) =>
    ENTITIES[e] ?? (e.startsWith('#x') ? String.fromCodePoint(Number.parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : m),
  );

export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g)) {
    const name = (m[1] as string).toLowerCase();
    if (!(name in out)) out[name] = decode(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

/** Every form of a page, with its fields in document order. */
export function parseForms(body: string, page: string, session: SessionName): PageForm[] {
  const forms: PageForm[] = [];
  for (const f of body.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const a = attributes(f[1] as string);
    const inner = f[2] as string;
    const fields: FormField[] = [];
    for (const m of inner.matchAll(/<(input|select|textarea|button)\b([^>]*)>/gi)) {
      const tag = (m[1] as string).toLowerCase();
      const at = attributes(m[2] as string);
      if (!at.name) continue;
      const rest = inner.slice((m.index as number) + m[0].length);
      if (tag === 'select') {
        const block = rest.slice(0, Math.max(0, rest.search(/<\/select>/i)));
        const options = [...block.matchAll(/<option\b([^>]*)>([^<]*)/gi)].map((o) => attributes(o[1] as string).value ?? decode((o[2] as string).trim()));
        const selected = [...block.matchAll(/<option\b([^>]*)>([^<]*)/gi)].find((o) => 'selected' in attributes(o[1] as string));
        const value = selected ? (attributes(selected[1] as string).value ?? decode((selected[2] as string).trim())) : (options[0] ?? '');
        fields.push({ name: at.name, kind: 'select', value, options });
      } else if (tag === 'textarea') {
        fields.push({ name: at.name, kind: 'textarea', value: decode(rest.slice(0, Math.max(0, rest.search(/<\/textarea>/i)))), options: [] });
      } else if (tag === 'button') {
        fields.push({ name: at.name, kind: 'button', value: at.value ?? '', options: [] });
      } else {
        const kind = (at.type ?? 'text').toLowerCase();
        if ((kind === 'checkbox' || kind === 'radio') && !('checked' in at)) {
          // unchecked: not sent, but its value is one the server knows
          const known = fields.find((x) => x.name === at.name && x.kind === kind);
          if (known) known.options.push(at.value ?? 'on');
          else fields.push({ name: at.name, kind, value: '', options: [at.value ?? 'on'] });
          continue;
        }
        fields.push({ name: at.name, kind, value: at.value ?? (kind === 'checkbox' || kind === 'radio' ? 'on' : ''), options: [] });
      }
    }
    const method = (a.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    forms.push({ session, page, action: a.action || page, method, enctype: (a.enctype ?? 'application/x-www-form-urlencoded').toLowerCase(), fields });
  }
  return forms;
}

/** Same-site links of a page (and its images, scripts and styles), as absolute paths with their query. */
export function parseLinks(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(/<(?:a|link|img|script)\b[^>]*?\s(?:href|src)\s*=\s*"([^"]*)"/gi)) {
    const href = decode(m[1] as string).split('#')[0] as string;
    if (href.startsWith('/') && !href.startsWith('//')) out.push(href);
  }
  return out;
}

/** A page's shape: the path with numbers and codes generalised, and its query's keys. */
export function shapeOf(url: string): string {
  const [path = '', query = ''] = url.split('?');
  const keys = [...new URLSearchParams(query).keys()].sort().join('&');
  return `${path.replace(/\/[^/]*\d[^/]*/g, '/#')}?${keys}`;
}

export interface Crawl {
  pages: string[];
  /** every same-site URL the pages link to, fetched or not (for real ids and codes) */
  links: string[];
  forms: PageForm[];
}

/**
 * Breadth-first over the links a session sees, from `start`, at most `perShape` pages of one
 * shape (the 7,000 guides are one page to a fuzzer) and `limit` pages in all. Sign-out links
 * and downloads are left alone. `get` fetches a page (the session's own get unless given).
 */
export async function crawl(session: Session, start: string[], limit: number, get = (url: string) => session.get(url), perShape = 2): Promise<Crawl> {
  const queue = [...start];
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const pages: string[] = [];
  const forms: PageForm[] = [];
  const formKeys = new Set<string>();
  const links = new Set<string>();
  while (queue.length && pages.length < limit) {
    const url = queue.shift() as string;
    if (seen.has(url) || /logout|\.pdf$|\/attachments\/|\/static\//.test(url)) continue;
    seen.add(url);
    const shape = shapeOf(url);
    const n = shapes.get(shape) ?? 0;
    if (n >= perShape) continue;
    shapes.set(shape, n + 1);
    const res = await get(url);
    if (res.status !== 200 || !String(res.headers['content-type'] ?? '').startsWith('text/html')) continue;
    pages.push(url);
    for (const form of parseForms(res.body, url, session.name)) {
      const key = `${form.method} ${shapeOf(form.action)} ${form.fields.map((f) => f.name).join(',')}`;
      if (formKeys.has(key)) continue;
      formKeys.add(key);
      forms.push(form);
    }
    for (const link of parseLinks(res.body)) {
      if (links.size < 5000) links.add(link);
      if (!seen.has(link)) queue.push(link);
    }
  }
  return { pages, links: [...links], forms };
}
