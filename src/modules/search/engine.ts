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

interface Slot {
  doc: SearchDoc;
  alive: boolean;
  titleNorm: string;
  aliasNorms: string[];
}

export interface Filters {
  kind?: string;
  departmentId?: number;
  theme?: string;
  audience?: string;
  itemType?: string;
}

export interface Hit {
  doc: SearchDoc;
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
const PHRASE_BONUS = 40;

export class SearchEngine {
  private slots: Slot[] = [];
  private byKey = new Map<string, number>();
  /** term → postings, each slot * 8 + field */
  private postings = new Map<string, number[]>();
  /** term → number of live documents containing it (approximately: tombstones count until compaction) */
  private df = new Map<string, number>();
  private pinyinTerms: string[] | null = null;
  private dead = 0;
  private alive = 0;
  /** clicks per document, and per query and document */
  private popularity = new Map<string, number>();
  private queryClicks = new Map<string, number>();
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
    return this.df.has(term);
  }

  get(key: string): SearchDoc | undefined {
    const i = this.byKey.get(key);
    return i === undefined ? undefined : this.slots[i]?.doc;
  }

  upsert(doc: SearchDoc): void {
    this.remove(doc.key);
    const slot = this.slots.length;
    this.slots.push({
      doc,
      alive: true,
      titleNorm: normalize(doc.title).replace(/ /g, ''),
      aliasNorms: doc.aliases.map((a) => normalize(a).replace(/ /g, '')),
    });
    this.byKey.set(doc.key, slot);
    this.alive++;
    const fields = new Map<string, number>(); // term → best (lowest) field number
    const put = (term: string, field: number) => {
      const have = fields.get(term);
      if (have === undefined || field < have) fields.set(term, field);
    };
    for (const t of this.analyzer.tokens(doc.title)) put(t, FIELD.title);
    for (const a of doc.aliases) for (const t of this.analyzer.tokens(a)) put(t, FIELD.alias);
    for (const k of doc.keywords) for (const t of this.analyzer.tokens(k)) put(t, FIELD.keyword);
    for (const t of this.analyzer.tokens(doc.body)) put(t, FIELD.body);
    for (const text of [doc.title, ...doc.aliases]) {
      for (const t of this.analyzer.pinyinTokens(text)) put(t, FIELD.pinyin);
      if (doc.kind !== 'faq') for (const t of this.analyzer.charTokens(text)) put(t, FIELD.pinyin);
    }
    for (const [term, field] of fields) {
      let list = this.postings.get(term);
      if (!list) {
        list = [];
        this.postings.set(term, list);
        if (term.startsWith('p')) this.pinyinTerms = null;
      }
      list.push(slot * 8 + field);
      this.df.set(term, (this.df.get(term) ?? 0) + 1);
    }
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

  /** Rebuild without tombstones. */
  compact(): void {
    const live = this.slots.filter((s) => s.alive).map((s) => s.doc);
    this.slots = [];
    this.byKey.clear();
    this.postings.clear();
    this.df.clear();
    this.pinyinTerms = null;
    this.dead = 0;
    this.alive = 0;
    for (const d of live) this.upsert(d);
  }

  setPopularity(perDoc: Map<string, number>, perQuery: Map<string, number>): void {
    this.popularity = perDoc;
    this.queryClicks = perQuery;
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
    for (const concept of q.concepts) {
      const conceptTouched: number[] = [];
      // strong terms (the word, its parts, its synonyms) answer the concept; weak ones (single
      // characters of a word no document has) only add to the score
      for (const strong of [true, false]) {
        for (const { term, weight } of concept.terms) {
          if (weight >= WEAK_BELOW !== strong) continue;
          const list = this.postings.get(term);
          if (!list) continue;
          const idf = Math.log(1 + N / (this.df.get(term) ?? 1));
          for (let k = 0; k < list.length; k++) {
            const p = list[k] as number;
            const slot = p >> 3;
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
    const kindCounts = new Map<string, number>();
    const facet = { department: new Map<string, number>(), theme: new Map<string, number>(), audience: new Map<string, number>(), type: new Map<string, number>() };
    const bump = (m: Map<string, number>, v: string) => m.set(v, (m.get(v) ?? 0) + 1);
    let count = 0;
    const query = q.normalized.replace(/ /g, '');
    const pinnedSet = new Set(pinned);
    for (const slotNo of touched) {
      const raw = total[slotNo] as number;
      const cover = covered[slotNo] as number;
      total[slotNo] = 0;
      covered[slotNo] = 0;
      seen[slotNo] = 0;
      const slot = this.slots[slotNo] as Slot;
      if (!slot.alive || pinnedSet.has(slot.doc.key)) continue;
      const d = slot.doc;
      if (nothing || cover < needed) continue;
      if (filters.departmentId !== undefined && d.departmentId !== filters.departmentId) continue;
      if (filters.theme && !d.themes.includes(filters.theme)) continue;
      if (filters.audience && !d.audiences.includes(filters.audience)) continue;
      if (filters.itemType && d.itemType !== filters.itemType) continue;
      bump(kindCounts as Map<string, number>, d.kind);
      if (filters.kind && d.kind !== filters.kind) continue;
      count++;
      if (d.kind === 'item') {
        if (d.departmentId !== null) bump(facet.department, String(d.departmentId));
        for (const th of d.themes) bump(facet.theme, th);
        for (const a of d.audiences) bump(facet.audience, a);
        if (d.itemType) bump(facet.type, d.itemType);
      }
      const coverage = cover / concepts;
      let score = raw * (0.3 + 0.7 * coverage * coverage) * (KIND_WEIGHT[d.kind] ?? 0.8);
      if (query.length >= 2) {
        if (slot.titleNorm === query || slot.aliasNorms.includes(query)) score += EXACT_BONUS;
        else if (slot.titleNorm.includes(query) || slot.aliasNorms.some((a) => a.includes(query))) score += PHRASE_BONUS;
      }
      const clicks = this.popularity.get(d.key) ?? 0;
      const qClicks = this.queryClicks.get(`${query}\u0000${d.key}`) ?? 0;
      score *= 1 + 0.08 * Math.log1p(clicks) + 0.25 * Math.log1p(qClicks);
      if (d.outdated) score *= 0.3;
      // between equals, the shorter (more general) name first: 住房公积金提取 before its special cases
      score *= 1 + 2 / (8 + slot.titleNorm.length);
      if (top.length < wanted || score > (top[top.length - 1] as Hit).score) {
        let i = top.length;
        while (i > 0 && (top[i - 1] as Hit).score < score) i--;
        top.splice(i, 0, { doc: d, score });
        if (top.length > wanted) top.pop();
      }
    }
    const pinnedDocs = pinned
      .map((k) => this.get(k))
      .filter((d): d is SearchDoc => !!d && (!filters.kind || d.kind === filters.kind))
      .map((doc) => ({ doc, score: Number.POSITIVE_INFINITY }));
    for (const p of pinnedDocs) bump(kindCounts, p.doc.kind);
    const all = [...pinnedDocs, ...top];
    const toList = (m: Map<string, number>) =>
      [...m].map(([value, c]) => ({ value, count: c })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    return {
      total: count + pinnedDocs.length,
      hits: all.slice(offset, offset + limit),
      facets: {
        kind: toList(kindCounts),
        department: toList(facet.department).slice(0, 20),
        theme: toList(facet.theme),
        audience: toList(facet.audience),
        type: toList(facet.type),
      },
    };
  }

  /** Names and aliases that start with (or, for pinyin, whose pinyin starts with) what was typed. */
  suggest(prefix: string, limit: number): { text: string; doc: SearchDoc }[] {
    const p = normalize(prefix).replace(/ /g, '');
    if (!p) return [];
    const latin = /^[a-z]+$/.test(p);
    const scored: { text: string; doc: SearchDoc; score: number }[] = [];
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
        score += Math.log1p(this.popularity.get(slot.doc.key) ?? 0) * 0.3 - name.length * 0.01;
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
