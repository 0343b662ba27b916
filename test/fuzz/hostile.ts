/**
 * The hostile inputs, by class, and the seeded random numbers that pick them. A value is either
 * text (sent as UTF-8, percent-encoded in URLs) or raw bytes (invalid UTF-8, sent as they are in
 * bodies and as %XX in URLs), so one generator serves query strings, forms, JSON and multipart.
 */

/** sfc32: small, fast, and the same sequence for the same seed on every machine */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A value to put in a field: text, or bytes that are not valid UTF-8. */
export type Value = { text: string } | { bytes: Buffer };

export const text = (s: string): Value => ({ text: s });

export const HUGE = 1_048_576;

/** Classes of hostile value for a single field. `marker` makes script payloads traceable. */
export const VALUE_CLASSES = [
  'nul',
  'invalid-utf8',
  'lone-surrogate',
  'huge',
  'number-edge',
  'offset-edge',
  'traversal',
  'script',
  'attr-break',
  'unicode',
  'empty',
  'long',
  'sql-ish',
  'crlf',
] as const;
export type ValueClass = (typeof VALUE_CLASSES)[number];

export const NUMBER_EDGES = ['Infinity', '-Infinity', '1e309', '-1e309', 'NaN', '-1', '0', '-0', '1.5', '9007199254740993', '99999999999999999999999', '2147483648', '-2147483649', '0x10', '1e-400', ' 1', '１２'];
export const OFFSET_EDGES = ['-1', '-100', '1e12', '99999999999999999999', '2147483648', '9223372036854775808', 'Infinity', '1e309'];
export const TRAVERSALS = ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '....//....//etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', '%252e%252e%252fetc%252fpasswd', '..%c0%af..%c0%afetc/passwd'];

export const scriptPayload = (marker: string) => `<script>alert("${marker}")</script>`;
export const attrBreakPayload = (marker: string) => `"><img src=x onerror=alert('${marker}')>`;

/** The live-HTML forms of both payloads: one of these in a page means the payload was not escaped. */
export const LIVE_PAYLOAD = /<script>alert\("(fz[0-9a-z]+)"\)<\/script>|<img src=x onerror=alert\('(fz[0-9a-z]+)'\)>/g;

export function hostileValue(rng: Rng, cls: ValueClass, marker: string, base = 'x'): Value {
  switch (cls) {
    case 'nul':
      return text(rng.pick([`${base}\u0000`, '\u0000', `a\u0000b${base}`]));
    case 'invalid-utf8':
      return { bytes: Buffer.concat([Buffer.from(base), Buffer.from(rng.pick([[0xff, 0xfe], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]]))]) };
    case 'lone-surrogate':
      return text(rng.pick([`${base}\ud800`, '\udfff', `\ud83d${base}`]));
    case 'huge':
      // just under and just over the 1 MB body limit
      return text((rng.chance(0.5) ? '中' : 'a').repeat(rng.chance(0.5) ? HUGE - 4096 : HUGE + 16));
    case 'number-edge':
      return text(rng.pick(NUMBER_EDGES));
    case 'offset-edge':
      return text(rng.pick(OFFSET_EDGES));
    case 'traversal':
      return text(rng.pick(TRAVERSALS));
    case 'script':
      return text(`${base}${scriptPayload(marker)}`);
    case 'attr-break':
      return text(`${base}${attrBreakPayload(marker)}`);
    case 'unicode':
      return text(rng.pick(['\u202e驾照\u202d', '𠮷野家👨‍👩‍👧', '\ufeff\u200b', 'ｆｕｌｌｗｉｄｔｈ', '\u0301\u0301\u0301', 'İı', '\uffff\ufffe']));
    case 'empty':
      return text(rng.pick(['', ' ', '\t', '\u3000']));
    case 'long':
      return text('长'.repeat(rng.pick([256, 1000, 5000, 70000])));
    case 'sql-ish':
      return text(rng.pick(["' or '1'='1", '%', '_', '\\', "'; drop table items; --", '$1', '{"a":1}', '*', '?', ':id']));
    case 'crlf':
      return text(`${base}\r\nSet-Cookie: fz=1\r\n`);
  }
}

/** For URLs: percent-encode text as UTF-8 (lone surrogates as their CESU bytes), bytes as they are. */
export function urlEncode(v: Value): string {
  if ('bytes' in v) return [...v.bytes].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  let out = '';
  for (const ch of v.text) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** For bodies: the bytes of a value (text as UTF-8; a lone surrogate becomes U+FFFD, as Node would). */
export const valueBytes = (v: Value): Buffer => ('bytes' in v ? v.bytes : Buffer.from(v.text));

/** A short, printable excerpt of a value for the report. */
export function describeValue(v: Value): string {
  if ('bytes' in v) return `bytes(${v.bytes.subarray(0, 24).toString('hex')}${v.bytes.length > 24 ? '…' : ''}, ${v.bytes.length} B)`;
  return v.text.length > 80 ? `${JSON.stringify(v.text.slice(0, 60))}… (${v.text.length} chars)` : JSON.stringify(v.text);
}
