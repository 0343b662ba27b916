/**
 * The in-memory index every app process keeps: an inverted index from terms to (document,
 * field) pairs, ranked by concept: a document scores for each thing the query asks for through
 * its best term (IDF × field weight × term weight), then by how much of the query it covers,
 * with exact-name bonuses, popularity from clicks and demotion of outdated content.
 * Documents are replaced by appending and tombstoning; the index compacts itself when a
 * fifth of it is dead.
 */
import { type AnalyzedQuery, type Analyzer, FIELD, normalize } from './analyzer.js';

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

interface Slot {
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
class Postings {
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
class Codes {
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

export interface Filters {
  kind?: string;
  departmentId?: number;
  theme?: string;
  audience?: string;
  itemType?: string;
}

export interface Hit {
  doc: StoredDoc;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
}

export interface EngineResult {
  total: number;
  hits: Hit[];
  facets: { kind: FacetCount[]; department: FacetCount[]; theme: FacetCount[]; audience: FacetCount[]; type: FacetCount[] };
}

/** How much a match in each field counts: names and aliases far above body text. */
const FIELD_WEIGHT = [10, 8, 3, 1, 7];
const KIND_WEIGHT: Record<string, number> = { item: 1, journey: 1, department: 0.9, faq: 0.4 };
const EXACT_BONUS = 1000;
/** terms weighted below this only add to a score; they never answer a concept alone */
const WEAK_BELOW = 0.3;
const COMMON_SHARE = 0.2;
/** a word in more than this share of documents only adds to documents rarer words found */
const RESTRICT_SHARE = 0.05;
/** below this many documents no word counts as common */
const COMMON_MIN_DOCS = 2000;
const SNIPPET_SOURCE = 160;
const PHRASE_BONUS = 40;

export class SearchEngine {
  private slots: Slot[] = [];
  private byKey = new Map<string, number>();
  /** term → postings, each slot * 8 + field */
  private postings = new Map<string, Postings>();
  private pinyinTerms: string[] | null = null;
  private dead = 0;
  private alive = 0;
  /** clicks per document (by key, and as log1p per slot), and per query and document */
  private popularityByKey = new Map<string, number>();
  private pop = new Float32Array(0);
  private queryClicks = new Map<string, Map<string, number>>();
  /** normalized names and aliases → slots, for the exact-name bonus */
  private exact = new Map<string, number[]>();
  private readonly codes = { kind: new Codes(), department: new Codes(), theme: new Codes(), audience: new Codes(), type: new Codes() };
  private buffers = {
    best: new Float32Array(0),
    total: new Float32Array(0),
    covered: new Uint8Array(0),
    answered: new Uint8Array(0),
    seen: new Uint8Array(0),
  };

  constructor(private readonly analyzer: Analyzer) {}

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

  private growPopularity(n: number) {
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

  search(q: AnalyzedQuery, filters: Filters, limit: number, offset: number, pinned: string[] = []): EngineResult {
    const n = this.slots.length;
    if (this.buffers.total.length < n) {
      const size = Math.max(n, 1024) * 2;
      this.buffers = {
        best: new Float32Array(size),
        total: new Float32Array(size),
        covered: new Uint8Array(size),
        answered: new Uint8Array(size),
        seen: new Uint8Array(size),
      };
    }
    const { best, total, covered, answered, seen } = this.buffers;
    const touched: number[] = [];
    const N = Math.max(this.alive, 1);
    // Rare concepts first. A concept whose every word is common (身份证, 营业执照 in a large
    // catalogue) then only adds to documents the rarer ones found, instead of touching half
    // the index: the answer is in that smaller set, and the work stays bounded.
    const rarity = (c: (typeof q.concepts)[number]) => {
      let min = Number.POSITIVE_INFINITY;
      for (const t of c.terms) {
        if (t.weight < WEAK_BELOW) continue;
        const n = this.postings.get(t.term)?.length;
        if (n !== undefined && n < min) min = n;
      }
      return min;
    };
    const ordered = q.concepts.map((c) => ({ c, r: rarity(c) })).sort((a, b) => a.r - b.r);
    const commonAbove = Math.max(COMMON_MIN_DOCS, N * RESTRICT_SHARE);
    for (const { c: concept } of ordered) {
      const conceptTouched: number[] = [];
      const terms = [...concept.terms].sort((a, b) => (this.postings.get(a.term)?.length ?? 0) - (this.postings.get(b.term)?.length ?? 0));
      // strong terms (the word, its parts, its synonyms) answer the concept; weak ones (single
      // characters of a word no document has) only add to the score
      for (const strong of [true, false]) {
        for (const { term, weight } of terms) {
          if (weight >= WEAK_BELOW !== strong) continue;
          const list = this.postings.get(term);
          if (!list) continue;
          const df = list.length;
          // a word in a fifth of all documents says little unless it is the very word typed
          if (weight < 1 && df > N * COMMON_SHARE) continue;
          const restricted = df > commonAbove && touched.length + conceptTouched.length > 0;
          const idf = Math.log(1 + N / df);
          const a = list.a;
          for (let k = 0; k < list.length; k++) {
            const p = a[k] as number;
            const slot = p >> 3;
            if (restricted && seen[slot] === 0 && best[slot] === 0) continue;
            const score = idf * (FIELD_WEIGHT[p & 7] as number) * weight;
            if (best[slot] === 0) {
              conceptTouched.push(slot);
              if (strong) answered[slot] = 1;
            }
            if (score > (best[slot] as number)) best[slot] = score;
          }
        }
      }
      for (const slot of conceptTouched) {
        if (total[slot] === 0 && covered[slot] === 0 && seen[slot] === 0) {
          touched.push(slot);
          seen[slot] = 1;
        }
        total[slot] = (total[slot] as number) + (best[slot] as number);
        covered[slot] = (covered[slot] as number) + (answered[slot] as number);
        best[slot] = 0;
        answered[slot] = 0;
      }
    }

    const concepts = Math.max(q.concepts.length, 1);
    // a document must answer at least half of what was asked — or, when none does, as much as the best one
    let maxCover = 0;
    for (const slotNo of touched) if ((covered[slotNo] as number) > maxCover) maxCover = covered[slotNo] as number;
    const needed = Math.max(1, Math.min(Math.ceil(concepts / 2), maxCover));
    const nothing = maxCover === 0;
    const wanted = Math.min(offset + limit, 2000);
    const top: Hit[] = [];
    const counts = {
      kind: new Int32Array(this.codes.kind.values.length),
      department: new Int32Array(this.codes.department.values.length),
      theme: new Int32Array(this.codes.theme.values.length),
      audience: new Int32Array(this.codes.audience.values.length),
      type: new Int32Array(this.codes.type.values.length),
    };
    const want = {
      kind: filters.kind === undefined ? -1 : (this.codes.kind.find(filters.kind) ?? -2),
      department: filters.departmentId === undefined ? -1 : (this.codes.department.find(String(filters.departmentId)) ?? -2),
      theme: filters.theme === undefined ? -1 : (this.codes.theme.find(filters.theme) ?? -2),
      audience: filters.audience === undefined ? -1 : (this.codes.audience.find(filters.audience) ?? -2),
      type: filters.itemType === undefined ? -1 : (this.codes.type.find(filters.itemType) ?? -2),
    };
    const itemKind = this.codes.kind.find('item') ?? -1;
    let count = 0;
    const query = q.normalized.replace(/ /g, '');
    const clicksForQuery = this.queryClicks.get(query);
    const pinnedSet = new Set(pinned);
    const exactSlots = new Set(query.length >= 2 ? (this.exact.get(query) ?? []) : []);
    const phraseable = query.length >= 2 && query.length <= 24;
    for (const slotNo of touched) {
      const raw = total[slotNo] as number;
      const cover = covered[slotNo] as number;
      total[slotNo] = 0;
      covered[slotNo] = 0;
      seen[slotNo] = 0;
      if (nothing || cover < needed) continue;
      const slot = this.slots[slotNo] as Slot;
      if (!slot.alive || (pinnedSet.size && pinnedSet.has(slot.doc.key))) continue;
      if (want.department !== -1 && slot.deptIdx !== want.department) continue;
      if (want.theme !== -1 && !slot.themeIdx.includes(want.theme)) continue;
      if (want.audience !== -1 && !slot.audienceIdx.includes(want.audience)) continue;
      if (want.type !== -1 && slot.typeIdx !== want.type) continue;
      counts.kind[slot.kindIdx]++;
      if (want.kind !== -1 && slot.kindIdx !== want.kind) continue;
      count++;
      if (slot.kindIdx === itemKind) {
        if (slot.deptIdx >= 0) counts.department[slot.deptIdx]++;
        for (const i of slot.themeIdx) counts.theme[i]++;
        for (const i of slot.audienceIdx) counts.audience[i]++;
        if (slot.typeIdx >= 0) counts.type[slot.typeIdx]++;
      }
      const d = slot.doc;
      const coverage = cover / concepts;
      let score = raw * (0.3 + 0.7 * coverage * coverage);
      if (exactSlots.has(slotNo)) score += EXACT_BONUS;
      else if (phraseable && cover === concepts && (slot.titleNorm.includes(query) || slot.aliasNorms.some((a) => a.includes(query))))
        score += PHRASE_BONUS;
      const qClicks = clicksForQuery ? (clicksForQuery.get(d.key) ?? 0) : 0;
      // kind, and between equals the shorter (more general) name first: 住房公积金提取 before its special cases
      score *= slot.prior * (1 + 0.08 * (this.pop[slotNo] as number) + 0.25 * Math.log1p(qClicks));
      if (d.outdated) score *= 0.3;
      if (top.length < wanted || score > (top[top.length - 1] as Hit).score) {
        let i = top.length;
        while (i > 0 && (top[i - 1] as Hit).score < score) i--;
        top.splice(i, 0, { doc: d, score });
        if (top.length > wanted) top.pop();
      }
    }
    const pinnedDocs = pinned
      .map((k) => this.get(k))
      .filter((d): d is StoredDoc => !!d && (!filters.kind || d.kind === filters.kind))
      .map((doc) => ({ doc, score: Number.POSITIVE_INFINITY }));
    for (const p of pinnedDocs) {
      const i = this.codes.kind.find(p.doc.kind);
      if (i !== undefined) counts.kind[i]++;
    }
    const all = [...pinnedDocs, ...top];
    const toList = (c: Int32Array, codes: Codes) => {
      const out: FacetCount[] = [];
      c.forEach((n, i) => {
        if (n > 0) out.push({ value: codes.values[i] as string, count: n });
      });
      return out.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    };
    return {
      total: count + pinnedDocs.length,
      hits: all.slice(offset, offset + limit),
      facets: {
        kind: toList(counts.kind, this.codes.kind),
        department: toList(counts.department, this.codes.department).slice(0, 20),
        theme: toList(counts.theme, this.codes.theme),
        audience: toList(counts.audience, this.codes.audience),
        type: toList(counts.type, this.codes.type),
      },
    };
  }

  /** Names and aliases that start with (or, for pinyin, whose pinyin starts with) what was typed. */
  suggest(prefix: string, limit: number): { text: string; doc: StoredDoc }[] {
    const p = normalize(prefix).replace(/ /g, '');
    if (!p) return [];
    const latin = /^[a-z]+$/.test(p);
    const scored: { text: string; doc: StoredDoc; score: number }[] = [];
    for (const slot of this.slots) {
      if (!slot.alive || (slot.doc.kind !== 'item' && slot.doc.kind !== 'department' && slot.doc.kind !== 'journey')) continue;
      const names = [slot.titleNorm, ...slot.aliasNorms];
      const shown = [slot.doc.title, ...slot.doc.aliases];
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        let score = 0;
        if (latin) {
          if (!CJK_ONLY.test(name)) continue;
          const key = pinyinKeyCache.get(name) ?? cachePinyin(name);
          if (key.full.startsWith(p)) score = 3;
          else if (key.initials.startsWith(p)) score = 2.5;
        } else if (name.startsWith(p)) score = 3;
        else if (name.includes(p)) score = 1.5;
        if (!score) continue;
        if (i === 0) score += 0.5; // the official name before an alias
        score += (this.pop[this.byKey.get(slot.doc.key) ?? 0] ?? 0) * 0.3 - name.length * 0.01;
        if (slot.doc.outdated) score -= 2;
        scored.push({ text: shown[i] as string, doc: slot.doc, score });
        break;
      }
    }
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, limit);
  }
}

const CJK_ONLY = /^[\u3400-\u9fff]+$/;
const pinyinKeyCache = new Map<string, { full: string; initials: string }>();
function cachePinyin(name: string) {
  const syl = syllablesOf(name);
  const key = { full: syl.join(''), initials: syl.map((s) => s[0]).join('') };
  if (pinyinKeyCache.size > 500_000) pinyinKeyCache.clear();
  pinyinKeyCache.set(name, key);
  return key;
}
import { syllables as syllablesOf } from './analyzer.js';
