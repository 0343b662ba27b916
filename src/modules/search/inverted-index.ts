/**
 * The index itself, as every app process keeps it in memory: an inverted index from terms to
 * (document, field) pairs, the facet values of each document as small numbers, exact names and
 * popularity. Documents are replaced by appending and tombstoning; the index compacts itself
 * when a fifth of it is dead. Ranking a query over it is engine.ts.
 *
 * Memory (decision 0021, session 9): a document is a row of columns — typed arrays for its
 * numbers and facet codes, a few arrays of strings — not an object; frozen posting lists are
 * deltas in varints (about a byte and a half a posting instead of four).
 */
import { useRecent } from '../../lib/recently-used.js';
import { type Analyzer, FIELD, normalize } from './analyzer.js';

export interface SearchDoc {
  key: string;
  kind: string;
  refId: number;
  title: string;
  aliases: string[];
  keywords: string[];
  body: string;
  url: string;
  departmentId: number | null;
  departmentName: string | null;
  themes: string[];
  audiences: string[];
  itemType: string | null;
  outdated: boolean;
  /** the publishing organisation (articles, interpretations, gazette documents, proposals) */
  organisationId?: number | null;
  organisationName?: string | null;
  year?: number | null;
  /** 'valid' | 'expired' | 'repealed' for documents that have a validity, else null */
  validity?: Validity | null;
  seq: number;
}

export const VALIDITIES = ['valid', 'expired', 'repealed'] as const;
export type Validity = (typeof VALIDITIES)[number];

/** What the index keeps of a document after indexing it: enough to show and rank a result (made when asked for). */
export interface StoredDoc {
  key: string;
  kind: string;
  refId: number;
  title: string;
  aliases: string[];
  url: string;
  /** the start of the body, for snippets ('' for published documents: read from the database) */
  snippet: string;
  outdated: boolean;
  validity: Validity | null;
  year: number | null;
  organisationId: number | null;
  seq: number;
}

/** What only services, departments, journeys, FAQ and letters have: published documents keep none of it. */
interface Extra {
  aliases: string[];
  aliasNorms: string[];
  snippet: string;
  themeIdx: number[];
  audienceIdx: number[];
}

/** A posting list as the engine reads it: the first `length` entries of `a`. */
export interface PostingList {
  a: Int32Array;
  length: number;
}

/**
 * What a capped word's pass reads of a long frozen list instead of all of it (engine.ts): its
 * postings other than body text (names, aliases, keywords, pinyin), and a sample of all of it.
 */
export interface LongList {
  /** the postings other than body text, ascending */
  names: Int32Array;
  /**
   * the same postings by group, each group ascending: a title by its length (group = the length,
   * at most 255), an alias (group 256), the rest (257); group g is grouped[groupStart[g] ..
   * groupStart[g + 1]). A name that may be exactly the query is found without reading the others.
   */
  grouped: Int32Array;
  groupStart: Uint32Array;
  /** the postings (any field, ascending) of the documents in the sample of 1 in LONG_SAMPLE (sampleBelow) */
  sample: Int32Array;
}

/** the groups of LongList.grouped after the title lengths */
export const ALIAS_GROUP = 256;
const OTHER_GROUP = 257;
/** LongList.sample holds 1 document in this many */
export const LONG_SAMPLE = 8;

/** A document's Columns.aliasLen: the length of its only alias (below 255), 0 with none, 255 otherwise. */
function aliasLenOf(aliasNorms: string[]): number {
  if (aliasNorms.length === 0) return 0;
  return aliasNorms.length === 1 && (aliasNorms[0] as string).length < 255 ? (aliasNorms[0] as string).length : 255;
}

/**
 * The sample of 1 document in `every`, by its slot's hash: the same documents for every list, so
 * a document several lists hold is sampled in all or none (and counted once). A slot is in it when
 * slotHash(slot) < sampleBelow(every); the sample of 1 in 64 is within the sample of 1 in 8.
 */
export const sampleBelow = (every: number) => 2 ** 32 / every;
export const slotHash = (slot: number) => Math.imul(slot, 0x9e3779b1) >>> 0;

/**
 * Posting lists frozen into one byte array (after a build, a compaction or a snapshot load):
 * term i's postings (slot * 8 + field, ascending) are bytes[offsets[i] .. offsets[i + 1]), each
 * the difference from the one before as a varint; df[i] is how many. About a byte and a half a
 * posting; a term changed later is copied out into the growable `postings` map, which shadows this.
 */
export interface FrozenPostings {
  terms: Map<string, number>;
  offsets: Uint32Array;
  df: Int32Array;
  bytes: Uint8Array;
}

const EMPTY: number[] = [];
const SEP2 = '\u0002';
/** the characters a snapshot separates strings with (\u0000 to \u0002), never inside a value */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are the separators
const SEPARATORS = /[\u0000-\u0002]/g;

/** The index as columns: what a snapshot holds (besides the analyzer's learnt words). */
export interface IndexState {
  meta: { n: number; codes: Record<string, string[]>; organisationNames: [string, string][] };
  /**
   * columns of strings (written joined by \u0001; a list inside one is joined by \u0002);
   * titleNorm is '' where it is the title itself
   */
  strings: Record<'key' | 'title' | 'url' | 'snippet' | 'titleNorm' | 'aliases' | 'aliasNorms' | 'terms', string[]>;
  arrays: {
    refId: Int32Array;
    seq: Float64Array;
    outdated: Uint8Array;
    kindIdx: Int32Array;
    prior: Float64Array;
    deptIdx: Int32Array;
    typeIdx: Int32Array;
    orgIdx: Int32Array;
    yearIdx: Int32Array;
    validityIdx: Int32Array;
    themeOff: Int32Array;
    themeVal: Int32Array;
    audienceOff: Int32Array;
    audienceVal: Int32Array;
    offsets: Uint32Array;
    df: Int32Array;
    postings: Uint8Array;
  };
}
const EMPTY_S: string[] = [];

/** A growable list of 32-bit integers: half the memory of a JS array of numbers, no slack beyond 50 %. */
export class Postings {
  a = new Int32Array(2);
  length = 0;
  push(v: number) {
    if (this.length === this.a.length) {
      const next = new Int32Array(Math.ceil(this.a.length * 1.5) + 2);
      next.set(this.a);
      this.a = next;
    }
    this.a[this.length++] = v;
  }
}

/** Facet values ↔ small numbers. */
export class Codes {
  private readonly index = new Map<string, number>();
  readonly values: string[] = [];
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
  find(value: string): number | undefined {
    return this.index.get(value);
  }
}

/** The bytes a varint of v takes. */
function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Encode ascending postings as deltas in varints into `out` at `at`; returns the next position. */
export function encodePostings(list: ArrayLike<number>, length: number, out: Uint8Array, at: number): number {
  let prev = 0;
  let o = at;
  for (let k = 0; k < length; k++) {
    const p = list[k] as number;
    let d = p - prev;
    prev = p;
    while (d >= 0x80) {
      out[o++] = (d & 0x7f) | 0x80;
      d >>>= 7;
    }
    out[o++] = d;
  }
  return o;
}

/**
 * Reads a frozen list's postings one at a time: the only varint decoder (every reader of the
 * postings — decoding a list, counting it per group, its skip entries, an intersection — goes
 * through next(); a small monomorphic method V8 inlines into each loop).
 */
export class PostingCursor {
  /** the byte offset of the next posting */
  at = 0;
  /** the last posting read (0 before the first) */
  p = 0;
  constructor(private readonly bytes: Uint8Array) {}
  /** Start at byte `at`, after posting `p` (0 at a list's start; a skip entry's base otherwise). */
  seek(at: number, p = 0): this {
    this.at = at;
    this.p = p;
    return this;
  }
  next(): number {
    const bytes = this.bytes;
    let b = bytes[this.at++] as number;
    let d = b & 0x7f;
    let shift = 7;
    while (b & 0x80) {
      b = bytes[this.at++] as number;
      d |= (b & 0x7f) << shift;
      shift += 7;
    }
    this.p += d;
    return this.p;
  }
}

/** Decode `count` postings from bytes[from..] into `into` (which must hold them). */
export function decodePostings(bytes: Uint8Array, from: number, count: number, into: Int32Array): void {
  const c = new PostingCursor(bytes).seek(from);
  for (let k = 0; k < count; k++) into[k] = c.next();
}

/** FNV-1a of a string, for finding a document by its address without a map entry per document. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * Document key → slot, as an open-addressing table of slot numbers over the keys column (no map
 * entry, no object per document: 8 bytes a document, and built in a blink at a snapshot load).
 */
export class KeyTable {
  /** slot + 1; 0 empty, -1 deleted */
  private table = new Int32Array(2048);
  private used = 0;
  private filled = 0;
  constructor(private readonly keyOf: (slot: number) => string) {}

  get(key: string): number | undefined {
    const mask = this.table.length - 1;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const v = this.table[i] as number;
      if (v === 0) return undefined;
      if (v > 0 && this.keyOf(v - 1) === key) return v - 1;
    }
  }

  set(key: string, slot: number): void {
    this.delete(key);
    if ((this.filled + 1) * 2 > this.table.length) this.rehash(Math.max(2048, 2 ** Math.ceil(Math.log2((this.used + 1) * 4))));
    const mask = this.table.length - 1;
    let i = hash(key) & mask;
    while ((this.table[i] as number) > 0) i = (i + 1) & mask;
    if (this.table[i] === 0) this.filled++;
    this.table[i] = slot + 1;
    this.used++;
  }

  delete(key: string): void {
    const mask = this.table.length - 1;
    for (let i = hash(key) & mask; ; i = (i + 1) & mask) {
      const v = this.table[i] as number;
      if (v === 0) return;
      if (v > 0 && this.keyOf(v - 1) === key) {
        this.table[i] = -1;
        this.used--;
        return;
      }
    }
  }

  /** Every slot of keys[0 .. n) (distinct keys), replacing what the table held. */
  fill(n: number): void {
    this.table = new Int32Array(Math.max(2048, 2 ** Math.ceil(Math.log2(n * 2 + 1))));
    this.used = 0;
    this.filled = 0;
    const mask = this.table.length - 1;
    for (let slot = 0; slot < n; slot++) {
      let i = hash(this.keyOf(slot)) & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = slot + 1;
    }
    this.used = n;
    this.filled = n;
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(size);
    const mask = size - 1;
    this.filled = this.used;
    for (const v of old) {
      if (v <= 0) continue;
      let i = hash(this.keyOf(v - 1)) & mask;
      while (this.table[i] !== 0) i = (i + 1) & mask;
      this.table[i] = v;
    }
  }
}

/** kinds that come by the hundred thousand (published documents): no pinyin or character terms for their titles */
export const BULK_KINDS = new Set(['article', 'interpretation', 'gazette', 'proposal']);
/** kinds whose names suggestions offer */
export const NAMED = new Set(['item', 'department', 'journey']);

/** How much each kind of document counts, whatever matched: a FAQ entry below the service it answers */
const KIND_WEIGHT: Record<string, number> = { item: 1, journey: 1, department: 0.9, faq: 0.4 };
/** characters of the body kept for snippets (or read for them, for published documents) */
export const SNIPPET_SOURCE = 160;

const ALIVE = 1;
/** postings between two skip entries of a long frozen list */
const SKIP = 64;
/** how many dense lists (a byte a slot: a megabyte each at a million documents) are kept */
const DENSE_KEPT = 48;
/** bytes of LongLists kept, the lists used last */
const LONG_KEPT_BYTES = 64 * 2 ** 20;
/** a list this long gets a LongList (a shorter one is read whole in less time than keeping it apart saves) */
const LONG_FROM = 100_000;
const OUTDATED = 2;

/** The per-document columns. */
class Columns {
  cap: number;
  refId: Int32Array;
  seq: Float64Array;
  prior: Float64Array;
  kindIdx: Int32Array;
  deptIdx: Int32Array;
  typeIdx: Int32Array;
  orgIdx: Int32Array;
  yearIdx: Int32Array;
  validityIdx: Int32Array;
  urlHash: Int32Array;
  /** the length of the normalized title (at most 255): an exact-name candidate is found without reading the string */
  titleLen: Uint8Array;
  /** the length of the only alias (normalized, below 255); 0 with none, 255 with several or a longer one (read the strings) */
  aliasLen: Uint8Array;
  /** ALIVE | OUTDATED */
  flags: Uint8Array;
  constructor(cap: number) {
    this.cap = cap;
    this.refId = new Int32Array(cap);
    this.seq = new Float64Array(cap);
    this.prior = new Float64Array(cap);
    this.kindIdx = new Int32Array(cap);
    this.deptIdx = new Int32Array(cap);
    this.typeIdx = new Int32Array(cap);
    this.orgIdx = new Int32Array(cap);
    this.yearIdx = new Int32Array(cap);
    this.validityIdx = new Int32Array(cap);
    this.urlHash = new Int32Array(cap);
    this.titleLen = new Uint8Array(cap);
    this.aliasLen = new Uint8Array(cap);
    this.flags = new Uint8Array(cap);
  }
  /** A copy with room for `cap` rows, holding the first `n` rows of this one (or the rows `pick` names). */
  resized(cap: number, n: number, pick?: Int32Array): Columns {
    const next = new Columns(cap);
    for (const k of ['refId', 'seq', 'prior', 'kindIdx', 'deptIdx', 'typeIdx', 'orgIdx', 'yearIdx', 'validityIdx', 'urlHash', 'titleLen', 'aliasLen', 'flags'] as const) {
      const from = this[k] as Int32Array;
      const to = next[k] as Int32Array;
      if (pick) for (let i = 0; i < pick.length; i++) to[i] = from[pick[i] as number] as number;
      else to.set(from.subarray(0, n));
    }
    return next;
  }
}

export class InvertedIndex {
  /** slots used (live and dead) */
  protected n = 0;
  protected col = new Columns(1024);
  protected keys: string[] = [];
  protected titles: string[] = [];
  protected urls: string[] = [];
  /** the normalized title without spaces: the title string itself when they are the same */
  protected titleNorms: string[] = [];
  protected extras: (Extra | undefined)[] = [];
  protected byKey = new KeyTable((slot) => this.keys[slot] as string);
  /** term → postings, each slot * 8 + field */
  protected postings = new Map<string, Postings>();
  protected pinyinTerms: string[] | null = null;
  protected dead = 0;
  protected alive = 0;
  /** clicks per document (by key, and as log1p per slot), and per query and document */
  protected popularityByKey = new Map<string, number>();
  protected pop = new Float32Array(0);
  protected queryClicks = new Map<string, Map<string, number>>();
  protected readonly codes = {
    kind: new Codes(),
    department: new Codes(),
    theme: new Codes(),
    audience: new Codes(),
    type: new Codes(),
    organisation: new Codes(),
    year: new Codes(),
    validity: new Codes(),
  };
  /** organisation id → its name, as the documents gave it */
  protected readonly organisationNames = new Map<string, string>();
  protected frozen: FrozenPostings = { terms: new Map(), offsets: new Uint32Array(1), df: new Int32Array(0), bytes: new Uint8Array(0) };
  /** slots of items, departments and journeys (what suggestions offer), built when needed */
  protected namedSlots: number[] | null = null;
  /** where a frozen list is decoded for the engine to read */
  private scratch = new Int32Array(1024);
  /** skip entries of long frozen lists (made at their first intersection): every SKIP-th posting's value and place */
  private skips = new Map<number, { first: Int32Array; base: Int32Array; at: Uint32Array }>();
  /** the lists of words in an eighth or more of the documents, as a byte a slot (field + 1, 0 absent): the last DENSE_KEPT used */
  private dense = new Map<number, Uint8Array>();
  /** how long a frozen list is to get a LongList (tests lower it) */
  longFrom = LONG_FROM;
  /** what capped words read of long frozen lists (longList), the last used; and their bytes */
  private long = new Map<number, LongList>();
  private longBytes = 0;
  /**
   * Per-group document frequency (decision 0021, session 9 continued): how many of frozen list
   * i's postings are published documents (-1 until a query needs it; the services are the rest).
   * Counted from the kind column, so a snapshot needs nothing new.
   */
  private publishedDf = new Int32Array(0);
  /** the same for growable lists: how many of their first `length` postings are published documents */
  private publishedDfOwn = new Map<string, { length: number; published: number }>();
  /** live documents per group: [services, published documents] */
  protected aliveIn = [0, 0];
  /** kind code → group (0 services, 1 published documents) */
  private kindGroup = new Uint8Array(0);

  constructor(protected readonly analyzer: Analyzer) {}

  get size(): number {
    return this.alive;
  }

  seqOf(key: string): number | undefined {
    const i = this.byKey.get(key);
    return i === undefined ? undefined : this.col.seq[i];
  }

  has(term: string): boolean {
    return this.postings.has(term) || this.frozen.terms.has(term);
  }

  /** The name the documents gave an organisation. */
  organisationName(id: number): string {
    return this.organisationNames.get(String(id)) ?? '';
  }

  protected isAlive(slot: number): boolean {
    return ((this.col.flags[slot] as number) & ALIVE) !== 0;
  }

  /** How many documents a term's list holds (tombstones count until the next compaction), without decoding it. */
  protected df(term: string): number | undefined {
    const own = this.postings.get(term);
    if (own) return own.length;
    const i = this.frozen.terms.get(term);
    return i === undefined ? undefined : this.frozen.df[i];
  }

  /**
   * The postings of a term: the growable list when it changed since the last freeze, else the
   * frozen one decoded into a buffer that the next call reuses (read it before asking for another).
   */
  protected list(term: string): PostingList | undefined {
    const own = this.postings.get(term);
    if (own) return own;
    const i = this.frozen.terms.get(term);
    if (i === undefined) return undefined;
    const count = this.frozen.df[i] as number;
    if (this.scratch.length < count) this.scratch = new Int32Array(Math.max(count, this.scratch.length * 2));
    decodePostings(this.frozen.bytes, this.frozen.offsets[i] as number, count, this.scratch);
    return { a: this.scratch, length: count };
  }

  /** kind code → group (0 services: items, FAQ, journeys, departments, letters, datasets …; 1 published documents) */
  protected kindGroups(): Uint8Array {
    const kinds = this.codes.kind.values;
    if (this.kindGroup.length !== kinds.length) this.kindGroup = Uint8Array.from(kinds, (k) => (BULK_KINDS.has(k) ? 1 : 0));
    return this.kindGroup;
  }

  /**
   * A term's document frequency in each group, [services, published documents] (tombstones
   * count, as in df): the first time a frozen list is asked, it is read once and the count kept.
   */
  protected groupDf(term: string): [number, number] | undefined {
    const groups = this.kindGroups();
    const kinds = this.col.kindIdx;
    const own = this.postings.get(term);
    if (own) {
      let c = this.publishedDfOwn.get(term);
      if (!c) {
        c = { length: 0, published: 0 };
        this.publishedDfOwn.set(term, c);
      }
      // a growable list only grows: count what was added since
      for (let k = c.length; k < own.length; k++) c.published += groups[kinds[(own.a[k] as number) >> 3] as number] as number;
      c.length = own.length;
      return [own.length - c.published, c.published];
    }
    const i = this.frozen.terms.get(term);
    if (i === undefined) return undefined;
    const count = this.frozen.df[i] as number;
    if (this.publishedDf.length !== this.frozen.df.length) this.publishedDf = new Int32Array(this.frozen.df.length).fill(-1);
    let published = this.publishedDf[i] as number;
    if (published < 0) {
      published = this.countPublished(i, groups, kinds, new PostingCursor(this.frozen.bytes));
      this.publishedDf[i] = published;
    }
    return [count - published, published];
  }

  /** How many of frozen list i's postings are published documents (groups: 1 for their kinds). */
  private countPublished(i: number, groups: Uint8Array, kinds: Int32Array, c: PostingCursor): number {
    c.seek(this.frozen.offsets[i] as number);
    let published = 0;
    const count = this.frozen.df[i] as number;
    for (let k = 0; k < count; k++) published += groups[kinds[c.next() >> 3] as number] as number;
    return published;
  }

  /**
   * Count every frozen list's documents per group at once (one pass over the postings, about half
   * a second at a million documents), so that no query pays for it: done after a load or a freeze.
   */
  countGroups(): void {
    const groups = this.kindGroups();
    const kinds = this.col.kindIdx;
    const c = new PostingCursor(this.frozen.bytes);
    const out = new Int32Array(this.frozen.df.length);
    for (let i = 0; i < out.length; i++) out[i] = this.countPublished(i, groups, kinds, c);
    this.publishedDf = out;
  }

  /** The skip entries of frozen list i: the value of every SKIP-th posting, of the one before it, and its byte offset. */
  private skipsOf(i: number) {
    let s = this.skips.get(i);
    if (s) return s;
    const count = this.frozen.df[i] as number;
    const blocks = Math.ceil(count / SKIP);
    s = { first: new Int32Array(blocks), base: new Int32Array(blocks), at: new Uint32Array(blocks) };
    const c = new PostingCursor(this.frozen.bytes).seek(this.frozen.offsets[i] as number);
    for (let k = 0; k < count; k++) {
      if (k % SKIP === 0) {
        s.base[k / SKIP] = c.p;
        s.at[k / SKIP] = c.at;
        s.first[k / SKIP] = c.next();
      } else c.next();
    }
    this.skips.set(i, s);
    return s;
  }

  /** Forget what was derived from the lists (a freeze or a load replaced them), and the lists changed since. */
  private dropDerived(): void {
    this.skips = new Map();
    this.dense = new Map();
    this.long = new Map();
    this.longBytes = 0;
    this.publishedDf = new Int32Array(0);
    this.publishedDfOwn = new Map();
    this.postings = new Map();
  }

  /**
   * A long frozen list's names apart and its sample (LongList); undefined for a shorter list, or
   * one changed since the last freeze (read the list itself). Made at the first ask (two passes
   * over the list: count, then fill), and kept: the lists used last, LONG_KEPT_BYTES in all.
   */
  protected longList(term: string): LongList | undefined {
    if (this.postings.has(term)) return undefined;
    const i = this.frozen.terms.get(term);
    if (i === undefined || (this.frozen.df[i] as number) < this.longFrom) return undefined;
    let long = useRecent(this.long, i);
    if (long) return long;
    const count = this.frozen.df[i] as number;
    const from = this.frozen.offsets[i] as number;
    const c = new PostingCursor(this.frozen.bytes);
    const titleLen = this.col.titleLen;
    const groupOf = (p: number) => ((p & 7) === FIELD.title ? (titleLen[p >> 3] as number) : (p & 7) === FIELD.alias ? ALIAS_GROUP : OTHER_GROUP);
    const groupStart = new Uint32Array(OTHER_GROUP + 2);
    const below = sampleBelow(LONG_SAMPLE);
    let names = 0;
    let sampled = 0;
    c.seek(from);
    for (let k = 0; k < count; k++) {
      const p = c.next();
      if (slotHash(p >> 3) < below) sampled++;
      if ((p & 7) === FIELD.body) continue;
      names++;
      groupStart[groupOf(p) + 1]++;
    }
    for (let g = 1; g < groupStart.length; g++) groupStart[g] = (groupStart[g] as number) + (groupStart[g - 1] as number);
    long = { names: new Int32Array(names), grouped: new Int32Array(names), groupStart, sample: new Int32Array(sampled) };
    const at = groupStart.slice(0, OTHER_GROUP + 1);
    names = 0;
    sampled = 0;
    c.seek(from);
    for (let k = 0; k < count; k++) {
      const p = c.next();
      if (slotHash(p >> 3) < below) long.sample[sampled++] = p;
      if ((p & 7) === FIELD.body) continue;
      long.names[names++] = p;
      long.grouped[at[groupOf(p)]++] = p;
    }
    this.long.set(i, long);
    const bytes = (l: LongList) => l.names.byteLength + l.grouped.byteLength + l.sample.byteLength;
    this.longBytes += bytes(long);
    for (const [j, kept] of this.long) {
      if (this.longBytes <= LONG_KEPT_BYTES || j === i) break;
      this.long.delete(j);
      this.longBytes -= bytes(kept);
    }
    return long;
  }

  /** Whether a term's list is worth a byte a slot for look-ups (a word in an eighth or more of the documents). */
  protected isDense(term: string): boolean {
    if (this.postings.has(term)) return false;
    const i = this.frozen.terms.get(term);
    return i !== undefined && (this.frozen.df[i] as number) * 8 >= this.n;
  }

  /** Frozen list i as a byte a slot (field + 1; 0 where the slot is not in it). */
  private denseOf(i: number): Uint8Array {
    let d = useRecent(this.dense, i);
    if (d) return d;
    const count = this.frozen.df[i] as number;
    if (this.scratch.length < count) this.scratch = new Int32Array(Math.max(count, this.scratch.length * 2));
    decodePostings(this.frozen.bytes, this.frozen.offsets[i] as number, count, this.scratch);
    d = new Uint8Array(this.n);
    for (let k = 0; k < count; k++) {
      const p = this.scratch[k] as number;
      d[p >> 3] = (p & 7) + 1;
    }
    this.dense.set(i, d);
    if (this.dense.size > DENSE_KEPT) this.dense.delete(this.dense.keys().next().value as number);
    return d;
  }

  /**
   * The postings of `term` of the slots cands[0 .. nc) (ascending, distinct), into `out`; returns
   * how many. Jumps through a long frozen list by its skip entries instead of decoding all of it:
   * a common word that only adds to the documents rarer words found costs what those are, not its df.
   */
  protected intersect(term: string, cands: Int32Array, nc: number, out: Int32Array): number {
    let m = 0;
    const own = this.postings.get(term);
    if (own) {
      let lo = 0;
      const a = own.a;
      for (let j = 0; j < nc && lo < own.length; j++) {
        const target = (cands[j] as number) * 8;
        let hi = own.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((a[mid] as number) < target) lo = mid + 1;
          else hi = mid;
        }
        if (lo < own.length && (a[lo] as number) >> 3 === cands[j]) out[m++] = a[lo] as number;
      }
      return m;
    }
    const i = this.frozen.terms.get(term);
    if (i === undefined) return 0;
    const count = this.frozen.df[i] as number;
    if (count * 8 >= this.n) {
      const d = this.denseOf(i);
      for (let j = 0; j < nc; j++) {
        const slot = cands[j] as number;
        const v = d[slot]; // undefined for a slot added after the list was frozen: not in it
        if (v) out[m++] = slot * 8 + v - 1;
      }
      return m;
    }
    const skip = count > SKIP * 4 ? this.skipsOf(i) : undefined;
    const c = new PostingCursor(this.frozen.bytes).seek(this.frozen.offsets[i] as number);
    let idx = 0;
    let cur = -1;
    for (let j = 0; j < nc; j++) {
      const lo = (cands[j] as number) * 8;
      const hi = lo + 7;
      if (cur > hi) continue;
      if (cur >= lo) {
        out[m++] = cur;
        continue;
      }
      if (skip) {
        const blocks = skip.first.length;
        const blk = Math.floor(idx / SKIP);
        if (blk + 1 < blocks && (skip.first[blk + 1] as number) <= hi) {
          // the last block that starts at or below hi
          let a = blk + 1;
          let b = blocks - 1;
          while (a < b) {
            const mid = (a + b + 1) >> 1;
            if ((skip.first[mid] as number) <= hi) a = mid;
            else b = mid - 1;
          }
          idx = a * SKIP;
          c.seek(skip.at[a] as number, skip.base[a] as number);
        }
      }
      while (idx < count) {
        cur = c.next();
        idx++;
        if (cur >= lo) break;
      }
      if (cur < lo) break; // the list ends below this slot
      if (cur <= hi) out[m++] = cur;
    }
    return m;
  }

  /** A growable list for a term, copied out of the frozen lists the first time it changes. */
  private growable(term: string): Postings {
    let list = this.postings.get(term);
    if (list) return list;
    list = new Postings();
    const frozen = this.list(term);
    if (frozen) {
      list.a = new Int32Array(frozen.length + 8);
      list.a.set(frozen.a.subarray(0, frozen.length));
      list.length = frozen.length;
    } else if (term.startsWith('p')) this.pinyinTerms = null;
    this.postings.set(term, list);
    return list;
  }

  /** Every term, frozen or growable. */
  protected *terms(): Iterable<string> {
    for (const t of this.frozen.terms.keys()) if (!this.postings.has(t)) yield t;
    yield* this.postings.keys();
  }

  /** A document as results show it. */
  protected docAt(slot: number): StoredDoc {
    const c = this.col;
    const extra = this.extras[slot];
    const orgIdx = c.orgIdx[slot] as number;
    const yearIdx = c.yearIdx[slot] as number;
    const validityIdx = c.validityIdx[slot] as number;
    return {
      key: this.keys[slot] as string,
      kind: this.codes.kind.values[c.kindIdx[slot] as number] as string,
      refId: c.refId[slot] as number,
      title: this.titles[slot] as string,
      aliases: extra?.aliases ?? EMPTY_S,
      url: this.urls[slot] as string,
      snippet: extra?.snippet ?? '',
      outdated: ((c.flags[slot] as number) & OUTDATED) !== 0,
      validity: validityIdx < 0 ? null : (this.codes.validity.values[validityIdx] as Validity),
      year: yearIdx < 0 ? null : Number(this.codes.year.values[yearIdx]),
      organisationId: orgIdx < 0 ? null : Number(this.codes.organisation.values[orgIdx]),
      seq: c.seq[slot] as number,
    };
  }

  /** Up to k live documents spread evenly over the index (what a warm-up searches for). */
  sample(k: number): StoredDoc[] {
    const out: StoredDoc[] = [];
    if (this.alive === 0 || k <= 0) return out;
    const step = Math.max(1, Math.floor(this.n / k));
    for (let i = Math.floor(step / 2); i < this.n && out.length < k; i += step) {
      let slot = i;
      while (slot < this.n && !this.isAlive(slot)) slot++;
      if (slot < this.n) out.push(this.docAt(slot));
    }
    return out;
  }

  get(key: string): StoredDoc | undefined {
    const i = this.byKey.get(key);
    return i === undefined ? undefined : this.docAt(i);
  }

  /** The key of the live document at an address (a scan of one column of numbers: no map entry per document). */
  keyOfUrl(url: string): string | undefined {
    const h = hash(url);
    const hashes = this.col.urlHash;
    for (let i = this.n - 1; i >= 0; i--) if (hashes[i] === h && this.urls[i] === url && this.isAlive(i)) return this.keys[i];
    return undefined;
  }

  private ensureRoom(): void {
    if (this.n < this.col.cap) return;
    this.col = this.col.resized(Math.ceil(this.col.cap * 1.5) + 1024, this.n);
  }

  upsert(doc: SearchDoc): void {
    this.remove(doc.key);
    this.ensureRoom();
    const slot = this.n++;
    const c = this.col;
    const title = normalize(doc.title);
    const aliases = doc.aliases.map(normalize);
    const orgId = doc.organisationId ?? null;
    if (orgId !== null && doc.organisationName) this.organisationNames.set(String(orgId), doc.organisationName);
    if (NAMED.has(doc.kind)) this.namedSlots = null;
    const titleNorm = title.replace(/ /g, '');
    this.keys[slot] = doc.key;
    this.titles[slot] = doc.title;
    this.urls[slot] = doc.url;
    this.titleNorms[slot] = titleNorm === doc.title ? doc.title : titleNorm;
    // published documents (by the hundred thousand) keep no snippet: it is read from the
    // database for the results shown (service.withSnippets), half a kilobyte a document saved
    const snippet = BULK_KINDS.has(doc.kind) ? '' : doc.body.slice(0, SNIPPET_SOURCE);
    const themeIdx = doc.themes.length ? doc.themes.map((th) => this.codes.theme.of(th)) : EMPTY;
    const audienceIdx = doc.audiences.length ? doc.audiences.map((a) => this.codes.audience.of(a)) : EMPTY;
    this.extras[slot] =
      aliases.length || snippet || themeIdx.length || audienceIdx.length
        ? {
            aliases: doc.aliases.length ? doc.aliases : EMPTY_S,
            aliasNorms: aliases.length ? aliases.map((a) => a.replace(/ /g, '')) : EMPTY_S,
            snippet,
            themeIdx,
            audienceIdx,
          }
        : undefined;
    c.refId[slot] = doc.refId;
    c.seq[slot] = doc.seq;
    c.kindIdx[slot] = this.codes.kind.of(doc.kind);
    c.prior[slot] = (KIND_WEIGHT[doc.kind] ?? 0.8) * (1 + 2 / (8 + titleNorm.length));
    c.deptIdx[slot] = doc.departmentId === null ? -1 : this.codes.department.of(String(doc.departmentId));
    c.typeIdx[slot] = doc.itemType === null ? -1 : this.codes.type.of(doc.itemType);
    c.orgIdx[slot] = orgId === null ? -1 : this.codes.organisation.of(String(orgId));
    c.yearIdx[slot] = doc.year == null ? -1 : this.codes.year.of(String(doc.year));
    c.validityIdx[slot] = doc.validity == null ? -1 : this.codes.validity.of(doc.validity);
    c.urlHash[slot] = hash(doc.url);
    c.titleLen[slot] = Math.min(titleNorm.length, 255);
    c.aliasLen[slot] = aliasLenOf(this.extras[slot]?.aliasNorms ?? EMPTY_S);
    c.flags[slot] = ALIVE | (doc.outdated ? OUTDATED : 0);
    this.byKey.set(doc.key, slot);
    this.alive++;
    this.aliveIn[BULK_KINDS.has(doc.kind) ? 1 : 0]++;
    this.growPopularity(slot + 1);
    this.pop[slot] = Math.log1p(this.popularityByKey.get(doc.key) ?? 0);
    const fields = new Map<string, number>(); // term → best (lowest) field number
    const put = (term: string, field: number) => {
      const have = fields.get(term);
      if (have === undefined || field < have) fields.set(term, field);
    };
    for (const t of this.analyzer.tokens(title, true)) put(t, FIELD.title);
    for (const a of aliases) for (const t of this.analyzer.tokens(a, true)) put(t, FIELD.alias);
    for (const k of doc.keywords) for (const t of this.analyzer.tokens(k)) put(t, FIELD.keyword);
    for (const t of this.analyzer.tokens(doc.body)) put(t, FIELD.body);
    // names people type in pinyin or by one character: services, not the bulk of published documents
    if (!BULK_KINDS.has(doc.kind))
      for (const text of [title, ...aliases]) {
        for (const t of this.analyzer.pinyinTokens(text, true)) put(t, FIELD.pinyin);
        if (doc.kind !== 'faq') for (const t of this.analyzer.charTokens(text, true)) put(t, FIELD.pinyin);
      }
    // one posting per document and term, so a list's length is the term's document frequency
    // (tombstones count until the next compaction)
    for (const [term, field] of fields) this.growable(term).push(slot * 8 + field);
  }

  protected growPopularity(n: number) {
    if (this.pop.length >= n) return;
    const next = new Float32Array(Math.max(n, this.pop.length * 2, 1024));
    next.set(this.pop);
    this.pop = next;
  }

  remove(key: string): void {
    const i = this.byKey.get(key);
    if (i === undefined) return;
    if (this.isAlive(i)) {
      this.col.flags[i] = (this.col.flags[i] as number) & ~ALIVE;
      this.alive--;
      this.aliveIn[this.kindGroups()[this.col.kindIdx[i] as number] as number]--;
      this.dead++;
    }
    this.byKey.delete(key);
    if (this.dead > 1000 && this.dead > this.n / 5) this.compact();
  }

  /** Drop tombstones: renumber the live slots and freeze every posting list without them. */
  compact(): void {
    this.freeze();
  }

  /**
   * Freeze every posting list into one byte array of varint deltas (dropping tombstones and
   * renumbering the live slots when there are any).
   */
  freeze(): void {
    if (this.postings.size === 0 && this.dead === 0) return; // frozen already
    const renumber = new Int32Array(this.n).fill(-1);
    const live: number[] = [];
    for (let i = 0; i < this.n; i++) {
      if (this.isAlive(i)) {
        renumber[i] = live.length;
        live.push(i);
      }
    }
    const renumbered = live.length !== this.n;
    const names = [...this.terms()];
    // first pass: the size of every list once encoded (without tombstones)
    let size = 0;
    for (const t of names) {
      const list = this.list(t) as PostingList;
      let prev = 0;
      for (let k = 0; k < list.length; k++) {
        let p = list.a[k] as number;
        if (renumbered) {
          const to = renumber[p >> 3] as number;
          if (to < 0) continue;
          p = to * 8 + (p & 7);
        }
        size += varintSize(p - prev);
        prev = p;
      }
    }
    const bytes = new Uint8Array(size);
    const kept: string[] = [];
    const offsets: number[] = [0];
    const dfs: number[] = [];
    let at = 0;
    let buf = new Int32Array(1024);
    for (const t of names) {
      const list = this.list(t) as PostingList;
      let m = 0;
      if (buf.length < list.length) buf = new Int32Array(list.length * 2);
      for (let k = 0; k < list.length; k++) {
        const p = list.a[k] as number;
        if (!renumbered) buf[m++] = p;
        else {
          const to = renumber[p >> 3] as number;
          if (to >= 0) buf[m++] = to * 8 + (p & 7);
        }
      }
      if (m > 0) {
        at = encodePostings(buf, m, bytes, at);
        kept.push(t);
        offsets.push(at);
        dfs.push(m);
      }
    }
    this.frozen = { terms: new Map(kept.map((t, i) => [t, i])), offsets: Uint32Array.from(offsets), df: Int32Array.from(dfs), bytes };
    this.dropDerived();
    if (renumbered) {
      const pick = Int32Array.from(live);
      const pop = new Float32Array(Math.max(live.length, 1024));
      for (let i = 0; i < pick.length; i++) pop[i] = this.pop[pick[i] as number] ?? 0;
      this.pop = pop;
      this.col = this.col.resized(Math.max(live.length, 1024), live.length, pick);
      this.keys = live.map((i) => this.keys[i] as string);
      this.titles = live.map((i) => this.titles[i] as string);
      this.urls = live.map((i) => this.urls[i] as string);
      this.titleNorms = live.map((i) => this.titleNorms[i] as string);
      this.extras = live.map((i) => this.extras[i]);
      this.n = live.length;
      this.byKey.fill(this.n);
    }
    this.pinyinTerms = null;
    this.namedSlots = null;
    this.dead = 0;
  }

  /** Bytes held by the frozen postings, and how many postings they are (for the benchmark). */
  postingStats(): { terms: number; postings: number; bytes: number } {
    let postings = 0;
    for (const d of this.frozen.df) postings += d;
    return { terms: this.frozen.terms.size, postings, bytes: this.frozen.bytes.byteLength };
  }

  /**
   * The index as named columns, for a snapshot (snapshot.ts writes them): freezes first, so
   * the slots are exactly the live documents and every posting list is in one array.
   */
  exportState(): IndexState {
    this.freeze();
    const n = this.n;
    const clean = (x: string) => x.replace(SEPARATORS, ' ');
    const col = (f: (i: number) => string) => Array.from({ length: n }, (_, i) => clean(f(i)));
    const multi = (f: (e: Extra) => number[]) => {
      const off = new Int32Array(n + 1);
      const vals: number[] = [];
      for (let i = 0; i < n; i++) {
        const e = this.extras[i];
        if (e) for (const v of f(e)) vals.push(v);
        off[i + 1] = vals.length;
      }
      return { off, vals: Int32Array.from(vals) };
    };
    const themes = multi((e) => e.themeIdx);
    const audiences = multi((e) => e.audienceIdx);
    const c = this.col;
    const terms = [...this.frozen.terms.keys()];
    return {
      meta: {
        n,
        codes: Object.fromEntries(Object.entries(this.codes).map(([k, v]) => [k, v.values])),
        organisationNames: [...this.organisationNames],
      },
      strings: {
        key: col((i) => this.keys[i] as string),
        title: col((i) => this.titles[i] as string),
        url: col((i) => this.urls[i] as string),
        snippet: col((i) => this.extras[i]?.snippet ?? ''),
        titleNorm: col((i) => (this.titleNorms[i] === this.titles[i] ? '' : (this.titleNorms[i] as string))),
        aliases: col((i) => (this.extras[i]?.aliases ?? EMPTY_S).map(clean).join(SEP2)),
        aliasNorms: col((i) => (this.extras[i]?.aliasNorms ?? EMPTY_S).join(SEP2)),
        terms,
      },
      arrays: {
        refId: c.refId.slice(0, n),
        seq: c.seq.slice(0, n),
        outdated: Uint8Array.from(c.flags.subarray(0, n), (f) => (f & OUTDATED ? 1 : 0)),
        kindIdx: c.kindIdx.slice(0, n),
        prior: c.prior.slice(0, n),
        deptIdx: c.deptIdx.slice(0, n),
        typeIdx: c.typeIdx.slice(0, n),
        orgIdx: c.orgIdx.slice(0, n),
        yearIdx: c.yearIdx.slice(0, n),
        validityIdx: c.validityIdx.slice(0, n),
        themeOff: themes.off,
        themeVal: themes.vals,
        audienceOff: audiences.off,
        audienceVal: audiences.vals,
        offsets: this.frozen.offsets,
        df: this.frozen.df,
        postings: this.frozen.bytes,
      },
    };
  }

  /** Replace everything with a snapshot's columns (an empty index is expected). */
  importState(state: IndexState): void {
    const { meta, strings: str, arrays: a } = state;
    const codes = meta.codes as Record<keyof InvertedIndex['codes'], string[]>;
    for (const [k, values] of Object.entries(codes)) for (const v of values) this.codes[k as keyof typeof codes].of(v);
    for (const [id, name] of meta.organisationNames) this.organisationNames.set(id, name);
    const n = meta.n;
    const sub = (off: Int32Array, vals: Int32Array, i: number) => {
      const from = off[i] as number;
      const to = off[i + 1] as number;
      return from === to ? EMPTY : Array.from(vals.subarray(from, to));
    };
    const listOf = (x: string) => (x ? x.split(SEP2) : EMPTY_S);
    const c = new Columns(Math.max(n, 1024));
    c.refId.set(a.refId);
    c.seq.set(a.seq);
    c.prior.set(a.prior);
    c.kindIdx.set(a.kindIdx);
    c.deptIdx.set(a.deptIdx);
    c.typeIdx.set(a.typeIdx);
    c.orgIdx.set(a.orgIdx);
    c.yearIdx.set(a.yearIdx);
    c.validityIdx.set(a.validityIdx);
    this.col = c;
    this.keys = str.key;
    this.titles = str.title;
    this.urls = str.url;
    this.titleNorms = str.titleNorm;
    this.extras = new Array(n);
    for (let i = 0; i < n; i++) {
      const norm = this.titleNorms[i] as string;
      if (!norm) this.titleNorms[i] = this.titles[i] as string;
      c.titleLen[i] = Math.min((this.titleNorms[i] as string).length, 255);
      c.flags[i] = ALIVE | (a.outdated[i] === 1 ? OUTDATED : 0);
      c.urlHash[i] = hash(this.urls[i] as string);
      const aliases = str.aliases[i] as string;
      const snippet = str.snippet[i] as string;
      const themeIdx = sub(a.themeOff, a.themeVal, i);
      const audienceIdx = sub(a.audienceOff, a.audienceVal, i);
      if (aliases || snippet || themeIdx.length || audienceIdx.length)
        this.extras[i] = { aliases: listOf(aliases), aliasNorms: listOf(str.aliasNorms[i] as string), snippet, themeIdx, audienceIdx };
      c.aliasLen[i] = aliasLenOf(this.extras[i]?.aliasNorms ?? EMPTY_S);
    }
    this.n = n;
    this.byKey.fill(n);
    this.alive = n;
    const groups = this.kindGroups();
    this.aliveIn = [0, 0];
    for (let i = 0; i < n; i++) this.aliveIn[groups[c.kindIdx[i] as number] as number]++;
    this.dead = 0;
    const terms = str.terms;
    this.frozen = { terms: new Map(terms.map((t, i) => [t, i])), offsets: a.offsets, df: a.df, bytes: a.postings };
    this.dropDerived();
    this.pinyinTerms = null;
    this.namedSlots = null;
    this.growPopularity(n);
    for (const [key, clicks] of this.popularityByKey) {
      const i = this.byKey.get(key);
      if (i !== undefined) this.pop[i] = Math.log1p(clicks);
    }
  }

  /** Clicks per document key, and per normalized query → document key. */
  setPopularity(perDoc: Map<string, number>, perQuery: Map<string, Map<string, number>>): void {
    this.popularityByKey = perDoc;
    this.queryClicks = perQuery;
    this.pop.fill(0);
    for (const [key, clicks] of perDoc) {
      const i = this.byKey.get(key);
      if (i !== undefined) this.pop[i] = Math.log1p(clicks);
    }
  }

  /** Pinyin terms starting with a prefix, for partial pinyin ("gongji" → pf:gongjijin). */
  pinyinPrefix(prefix: string, limit = 20): string[] {
    if (!this.pinyinTerms) this.pinyinTerms = [...this.terms()].filter((t) => t.startsWith('pf:') || t.startsWith('pi:')).sort();
    const out: string[] = [];
    for (const kind of ['pf:', 'pi:']) {
      const p = kind + prefix;
      let lo = 0;
      let hi = this.pinyinTerms.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((this.pinyinTerms[mid] as string) < p) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < this.pinyinTerms.length && out.length < limit; i++) {
        const t = this.pinyinTerms[i] as string;
        if (!t.startsWith(p)) break;
        out.push(t);
      }
    }
    return out;
  }
}
