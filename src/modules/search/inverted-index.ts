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
  seq: number;
}

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
}

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

/** How much each kind of document counts, whatever matched: a FAQ entry below the service it answers */
const KIND_WEIGHT: Record<string, number> = { item: 1, journey: 1, department: 0.9, faq: 0.4 };
/** characters of the body kept for snippets */
const SNIPPET_SOURCE = 160;

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
  protected readonly codes = { kind: new Codes(), department: new Codes(), theme: new Codes(), audience: new Codes(), type: new Codes() };

  constructor(protected readonly analyzer: Analyzer) {}

  get size(): number {
    return this.alive;
  }

  seqOf(key: string): number | undefined {
    const i = this.byKey.get(key);
    return i === undefined ? undefined : this.slots[i]?.doc.seq;
  }

  has(term: string): boolean {
    return this.postings.has(term);
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
    this.slots.push({
      // the whole body is indexed; only its start is kept, for snippets
      doc: {
        key: doc.key,
        kind: doc.kind,
        refId: doc.refId,
        title: doc.title,
        aliases: doc.aliases,
        url: doc.url,
        snippet: doc.body.slice(0, SNIPPET_SOURCE),
        outdated: doc.outdated,
        seq: doc.seq,
      },
      alive: true,
      titleNorm: title.replace(/ /g, ''),
      aliasNorms: aliases.map((a) => a.replace(/ /g, '')),
      kindIdx: this.codes.kind.of(doc.kind),
      prior: (KIND_WEIGHT[doc.kind] ?? 0.8) * (1 + 2 / (8 + title.replace(/ /g, '').length)),
      deptIdx: doc.departmentId === null ? -1 : this.codes.department.of(String(doc.departmentId)),
      themeIdx: doc.themes.map((th) => this.codes.theme.of(th)),
      audienceIdx: doc.audiences.map((a) => this.codes.audience.of(a)),
      typeIdx: doc.itemType === null ? -1 : this.codes.type.of(doc.itemType),
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
    for (const text of [title, ...aliases]) {
      for (const t of this.analyzer.pinyinTokens(text, true)) put(t, FIELD.pinyin);
      if (doc.kind !== 'faq') for (const t of this.analyzer.charTokens(text, true)) put(t, FIELD.pinyin);
    }
    for (const [term, field] of fields) {
      let list = this.postings.get(term);
      if (!list) {
        list = new Postings();
        this.postings.set(term, list);
        if (term.startsWith('p')) this.pinyinTerms = null;
      }
      // one posting per document and term, so a list's length is the term's document frequency
      // (tombstones count until the next compaction)
      list.push(slot * 8 + field);
    }
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

  /** Drop tombstones: renumber the live slots and filter every posting list. */
  compact(): void {
    const renumber = new Int32Array(this.slots.length).fill(-1);
    const live: Slot[] = [];
    this.slots.forEach((s, i) => {
      if (s.alive) {
        renumber[i] = live.length;
        live.push(s);
      }
    });
    for (const [term, list] of this.postings) {
      const kept = new Postings();
      for (let k = 0; k < list.length; k++) {
        const p = list.a[k] as number;
        const to = renumber[p >> 3] as number;
        if (to >= 0) kept.push(to * 8 + (p & 7));
      }
      if (kept.length) this.postings.set(term, kept);
      else this.postings.delete(term);
    }
    const pop = new Float32Array(Math.max(live.length, 1024));
    live.forEach((s, i) => {
      pop[i] = this.pop[this.byKey.get(s.doc.key) ?? -1] ?? 0;
    });
    this.pop = pop;
    const exact = new Map<string, number[]>();
    for (const [name, slots] of this.exact) {
      const kept = slots.map((i) => renumber[i] as number).filter((i) => i >= 0);
      if (kept.length) exact.set(name, kept);
    }
    this.exact = exact;
    this.slots = live;
    this.byKey = new Map(live.map((s, i) => [s.doc.key, i]));
    this.pinyinTerms = null;
    this.dead = 0;
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
    if (!this.pinyinTerms) this.pinyinTerms = [...this.postings.keys()].filter((t) => t.startsWith('pf:') || t.startsWith('pi:')).sort();
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
