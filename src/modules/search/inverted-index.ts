/**
 * The index itself, as every app process keeps it in memory: an inverted index from terms to
 * (document, field) pairs, the facet values of each document as small numbers, exact names and
 * popularity. Documents are replaced by appending and tombstoning; the index compacts itself
 * when a fifth of it is dead. Ranking a query over it is engine.ts.
 */
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

/** What the index keeps of a document after indexing it: enough to show and rank a result. */
export interface StoredDoc {
  key: string;
  kind: string;
  refId: number;
  title: string;
  aliases: string[];
  url: string;
  /** the start of the body, for snippets */
  snippet: string;
  outdated: boolean;
  validity: Validity | null;
  year: number | null;
  organisationId: number | null;
  seq: number;
}

export interface Slot {
  doc: StoredDoc;
  alive: boolean;
  titleNorm: string;
  aliasNorms: string[];
  /** facet values as small numbers, so counting them costs an array increment */
  kindIdx: number;
  /** the kind's weight and the preference for short names, multiplied once at indexing */
  prior: number;
  deptIdx: number;
  themeIdx: number[];
  audienceIdx: number[];
  typeIdx: number;
  orgIdx: number;
  yearIdx: number;
  validityIdx: number;
}

/** A posting list as the engine reads it: the first `length` entries of `a`. */
export interface PostingList {
  a: Int32Array;
  length: number;
}

/**
 * Posting lists frozen into one array (after a build, a compaction or a snapshot load): term i's
 * postings are data[offsets[i] .. offsets[i + 1]). Four bytes a posting and no object per term;
 * a term changed later is copied out into the growable `postings` map, which shadows this.
 */
export interface FrozenPostings {
  terms: Map<string, number>;
  offsets: Int32Array;
  data: Int32Array;
}

const EMPTY: number[] = [];
const SEP2 = '\u0002';
/** the characters a snapshot separates strings with (\u0000 to \u0002), never inside a value */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are the separators
const SEPARATORS = /[\u0000-\u0002]/g;

/** The index as columns: what a snapshot holds (besides the analyzer's learnt words). */
export interface IndexState {
  meta: { n: number; codes: Record<string, string[]>; organisationNames: [string, string][] };
  /** columns of strings (written joined by \u0001; a list inside one is joined by \u0002) */
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
    offsets: Int32Array;
    postings: Int32Array;
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

/** kinds that come by the hundred thousand (published documents): no pinyin or character terms for their titles */
export const BULK_KINDS = new Set(['article', 'interpretation', 'gazette', 'proposal']);
/** kinds whose names suggestions offer */
export const NAMED = new Set(['item', 'department', 'journey']);

/** How much each kind of document counts, whatever matched: a FAQ entry below the service it answers */
const KIND_WEIGHT: Record<string, number> = { item: 1, journey: 1, department: 0.9, faq: 0.4 };
/** characters of the body kept for snippets (or read for them, for published documents) */
export const SNIPPET_SOURCE = 160;

export class InvertedIndex {
  protected slots: Slot[] = [];
  protected byKey = new Map<string, number>();
  /** term → postings, each slot * 8 + field */
  protected postings = new Map<string, Postings>();
  protected pinyinTerms: string[] | null = null;
  protected dead = 0;
  protected alive = 0;
  /** clicks per document (by key, and as log1p per slot), and per query and document */
  protected popularityByKey = new Map<string, number>();
  protected pop = new Float32Array(0);
  protected queryClicks = new Map<string, Map<string, number>>();
  /** normalized names and aliases → slots, for the exact-name bonus */
  protected exact = new Map<string, number[]>();
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
  protected frozen: FrozenPostings = { terms: new Map(), offsets: new Int32Array(1), data: new Int32Array(0) };
  /** slots of items, departments and journeys (what suggestions offer), built when needed */
  protected namedSlots: number[] | null = null;

  constructor(protected readonly analyzer: Analyzer) {}

  get size(): number {
    return this.alive;
  }

  seqOf(key: string): number | undefined {
    const i = this.byKey.get(key);
    return i === undefined ? undefined : this.slots[i]?.doc.seq;
  }

  has(term: string): boolean {
    return this.postings.has(term) || this.frozen.terms.has(term);
  }

  /** The name the documents gave an organisation. */
  organisationName(id: number): string {
    return this.organisationNames.get(String(id)) ?? '';
  }

  /** The postings of a term: the growable list when it changed since the last freeze, else the frozen one. */
  protected list(term: string): PostingList | undefined {
    const own = this.postings.get(term);
    if (own) return own;
    const i = this.frozen.terms.get(term);
    if (i === undefined) return undefined;
    const from = this.frozen.offsets[i] as number;
    const to = this.frozen.offsets[i + 1] as number;
    return { a: this.frozen.data.subarray(from, to), length: to - from };
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

  get(key: string): StoredDoc | undefined {
    const i = this.byKey.get(key);
    return i === undefined ? undefined : this.slots[i]?.doc;
  }

  upsert(full: SearchDoc): void {
    this.remove(full.key);
    const doc = full;
    const slot = this.slots.length;
    const title = normalize(doc.title);
    const aliases = doc.aliases.map(normalize);
    const orgId = doc.organisationId ?? null;
    if (orgId !== null && doc.organisationName) this.organisationNames.set(String(orgId), doc.organisationName);
    if (NAMED.has(doc.kind)) this.namedSlots = null;
    this.slots.push({
      // the whole body is indexed; only its start is kept, for snippets
      doc: {
        key: doc.key,
        kind: doc.kind,
        refId: doc.refId,
        title: doc.title,
        aliases: doc.aliases.length ? doc.aliases : EMPTY_S,
        url: doc.url,
        // published documents (by the hundred thousand) keep no snippet: it is read from the
        // database for the results shown (service.withSnippets), half a kilobyte a document saved
        snippet: BULK_KINDS.has(doc.kind) ? '' : doc.body.slice(0, SNIPPET_SOURCE),
        outdated: doc.outdated,
        validity: doc.validity ?? null,
        year: doc.year ?? null,
        organisationId: orgId,
        seq: doc.seq,
      },
      alive: true,
      titleNorm: title.replace(/ /g, ''),
      aliasNorms: aliases.length ? aliases.map((a) => a.replace(/ /g, '')) : EMPTY_S,
      kindIdx: this.codes.kind.of(doc.kind),
      prior: (KIND_WEIGHT[doc.kind] ?? 0.8) * (1 + 2 / (8 + title.replace(/ /g, '').length)),
      deptIdx: doc.departmentId === null ? -1 : this.codes.department.of(String(doc.departmentId)),
      themeIdx: doc.themes.length ? doc.themes.map((th) => this.codes.theme.of(th)) : EMPTY,
      audienceIdx: doc.audiences.length ? doc.audiences.map((a) => this.codes.audience.of(a)) : EMPTY,
      typeIdx: doc.itemType === null ? -1 : this.codes.type.of(doc.itemType),
      orgIdx: orgId === null ? -1 : this.codes.organisation.of(String(orgId)),
      yearIdx: doc.year == null ? -1 : this.codes.year.of(String(doc.year)),
      validityIdx: doc.validity == null ? -1 : this.codes.validity.of(doc.validity),
    });
    this.byKey.set(doc.key, slot);
    this.alive++;
    for (const name of new Set([title, ...aliases].map((x) => x.replace(/ /g, '')))) {
      const list = this.exact.get(name);
      if (list) list.push(slot);
      else this.exact.set(name, [slot]);
    }
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
    for (const t of this.analyzer.tokens(full.body)) put(t, FIELD.body);
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
    const slot = this.slots[i] as Slot;
    if (slot.alive) {
      slot.alive = false;
      this.alive--;
      this.dead++;
    }
    this.byKey.delete(key);
    if (this.dead > 1000 && this.dead > this.slots.length / 5) this.compact();
  }

  /** Drop tombstones: renumber the live slots and freeze every posting list without them. */
  compact(): void {
    this.freeze();
  }

  /**
   * Freeze every posting list into one array (dropping tombstones and renumbering the live
   * slots when there are any): after a build, the index holds four bytes a posting.
   */
  freeze(): void {
    if (this.postings.size === 0 && this.dead === 0) return; // frozen already
    const renumber = new Int32Array(this.slots.length).fill(-1);
    const live: Slot[] = [];
    this.slots.forEach((s, i) => {
      if (s.alive) {
        renumber[i] = live.length;
        live.push(s);
      }
    });
    const renumbered = live.length !== this.slots.length;
    const names = [...this.terms()];
    let total = 0;
    for (const t of names) total += (this.list(t) as PostingList).length;
    const data = new Int32Array(total);
    const kept: string[] = [];
    const offsets: number[] = [0];
    let at = 0;
    for (const t of names) {
      const list = this.list(t) as PostingList;
      const from = at;
      for (let k = 0; k < list.length; k++) {
        const p = list.a[k] as number;
        if (!renumbered) data[at++] = p;
        else {
          const to = renumber[p >> 3] as number;
          if (to >= 0) data[at++] = to * 8 + (p & 7);
        }
      }
      if (at > from) {
        kept.push(t);
        offsets.push(at);
      }
    }
    this.frozen = { terms: new Map(kept.map((t, i) => [t, i])), offsets: Int32Array.from(offsets), data: at === total ? data : data.slice(0, at) };
    this.postings = new Map();
    if (renumbered) {
      const pop = new Float32Array(Math.max(live.length, 1024));
      live.forEach((s, i) => {
        pop[i] = this.pop[this.byKey.get(s.doc.key) ?? -1] ?? 0;
      });
      this.pop = pop;
      const exact = new Map<string, number[]>();
      for (const [name, slots] of this.exact) {
        const k = slots.map((i) => renumber[i] as number).filter((i) => i >= 0);
        if (k.length) exact.set(name, k);
      }
      this.exact = exact;
      this.slots = live;
      this.byKey = new Map(live.map((s, i) => [s.doc.key, i]));
    }
    this.pinyinTerms = null;
    this.namedSlots = null;
    this.dead = 0;
  }

  /**
   * The index as named columns, for a snapshot (snapshot.ts writes them): freezes first, so
   * the slots are exactly the live documents and every posting list is in one array.
   */
  exportState(): IndexState {
    this.freeze();
    const n = this.slots.length;
    const clean = (x: string) => x.replace(SEPARATORS, ' ');
    const col = (f: (s: Slot) => string) => this.slots.map((s) => clean(f(s)));
    const ints = (f: (s: Slot) => number) => Int32Array.from(this.slots, f);
    const multi = (f: (s: Slot) => number[]) => {
      const off = new Int32Array(n + 1);
      const vals: number[] = [];
      this.slots.forEach((s, i) => {
        vals.push(...f(s));
        off[i + 1] = vals.length;
      });
      return { off, vals: Int32Array.from(vals) };
    };
    const themes = multi((s) => s.themeIdx);
    const audiences = multi((s) => s.audienceIdx);
    const terms = [...this.frozen.terms.keys()];
    return {
      meta: {
        n,
        codes: Object.fromEntries(Object.entries(this.codes).map(([k, c]) => [k, c.values])),
        organisationNames: [...this.organisationNames],
      },
      strings: {
        key: col((s) => s.doc.key),
        title: col((s) => s.doc.title),
        url: col((s) => s.doc.url),
        snippet: col((s) => s.doc.snippet),
        titleNorm: col((s) => s.titleNorm),
        aliases: col((s) => s.doc.aliases.map(clean).join(SEP2)),
        aliasNorms: col((s) => s.aliasNorms.join(SEP2)),
        terms,
      },
      arrays: {
        refId: ints((s) => s.doc.refId),
        seq: Float64Array.from(this.slots, (s) => s.doc.seq),
        outdated: Uint8Array.from(this.slots, (s) => (s.doc.outdated ? 1 : 0)),
        kindIdx: ints((s) => s.kindIdx),
        prior: Float64Array.from(this.slots, (s) => s.prior),
        deptIdx: ints((s) => s.deptIdx),
        typeIdx: ints((s) => s.typeIdx),
        orgIdx: ints((s) => s.orgIdx),
        yearIdx: ints((s) => s.yearIdx),
        validityIdx: ints((s) => s.validityIdx),
        themeOff: themes.off,
        themeVal: themes.vals,
        audienceOff: audiences.off,
        audienceVal: audiences.vals,
        offsets: this.frozen.offsets,
        postings: this.frozen.data,
      },
    };
  }

  /** Replace everything with a snapshot's columns (an empty index is expected). */
  importState(state: IndexState): void {
    const { meta, strings: str, arrays: a } = state;
    const codes = meta.codes as Record<keyof InvertedIndex['codes'], string[]>;
    for (const [k, values] of Object.entries(codes)) for (const v of values) this.codes[k as keyof typeof codes].of(v);
    for (const [id, name] of meta.organisationNames) this.organisationNames.set(id, name);
    const split = (x: string[]) => x;
    const keys = split(str.key);
    const titles = split(str.title);
    const urls = split(str.url);
    const snippets = split(str.snippet);
    const titleNorms = split(str.titleNorm);
    const aliases = split(str.aliases);
    const aliasNorms = split(str.aliasNorms);
    const sub = (off: Int32Array, vals: Int32Array, i: number) => {
      const from = off[i] as number;
      const to = off[i + 1] as number;
      return from === to ? EMPTY : Array.from(vals.subarray(from, to));
    };
    const listOf = (x: string) => (x ? x.split(SEP2) : EMPTY_S);
    const kinds = this.codes.kind.values;
    this.slots = new Array(meta.n);
    this.byKey = new Map();
    for (let i = 0; i < meta.n; i++) {
      const orgIdx = a.orgIdx[i] as number;
      const yearIdx = a.yearIdx[i] as number;
      const validityIdx = a.validityIdx[i] as number;
      const key = keys[i] as string;
      const slot: Slot = {
        doc: {
          key,
          kind: kinds[a.kindIdx[i] as number] as string,
          refId: a.refId[i] as number,
          title: titles[i] as string,
          aliases: listOf(aliases[i] as string),
          url: urls[i] as string,
          snippet: snippets[i] as string,
          outdated: a.outdated[i] === 1,
          validity: validityIdx < 0 ? null : (this.codes.validity.values[validityIdx] as Validity),
          year: yearIdx < 0 ? null : Number(this.codes.year.values[yearIdx]),
          organisationId: orgIdx < 0 ? null : Number(this.codes.organisation.values[orgIdx]),
          seq: a.seq[i] as number,
        },
        alive: true,
        titleNorm: titleNorms[i] as string,
        aliasNorms: listOf(aliasNorms[i] as string),
        kindIdx: a.kindIdx[i] as number,
        prior: a.prior[i] as number,
        deptIdx: a.deptIdx[i] as number,
        themeIdx: sub(a.themeOff, a.themeVal, i),
        audienceIdx: sub(a.audienceOff, a.audienceVal, i),
        typeIdx: a.typeIdx[i] as number,
        orgIdx,
        yearIdx,
        validityIdx,
      };
      this.slots[i] = slot;
      this.byKey.set(key, i);
      for (const name of new Set([slot.titleNorm, ...slot.aliasNorms])) {
        const list = this.exact.get(name);
        if (list) list.push(i);
        else this.exact.set(name, [i]);
      }
    }
    this.alive = meta.n;
    this.dead = 0;
    const terms = str.terms;
    this.frozen = { terms: new Map(terms.map((t, i) => [t, i])), offsets: a.offsets, data: a.postings };
    this.postings = new Map();
    this.pinyinTerms = null;
    this.namedSlots = null;
    this.growPopularity(meta.n);
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
