/**
 * The Chinese-aware analyzer shared by indexing and querying:
 *   normalize  — NFKC (full-width → half-width), lower case, traditional → simplified (OpenCC)
 *   segment    — jieba in search mode, with the catalogue's own names, aliases and synonym
 *                phrases added to its dictionary so "公积金提取" stays whole as well as in parts
 *   pinyin     — full pinyin and initials of names and aliases (pf:jiashizheng, pi:jsz)
 *   synonyms   — 日常叫法 ↔ official words, maintained as data by operators
 *   correction — wrong characters typed through a pinyin keyboard (驾使证 → 驾驶证) or one
 *                look-alike character (拄房 → 住房), against the service vocabulary
 *   stop words — 怎么办, 需要什么, 在哪里 … do not count as meaning
 */
import { createHash } from 'node:crypto';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js/t2cn';
import { pinyin } from 'pinyin-pro';

export const FIELD = { title: 0, alias: 1, keyword: 2, body: 3, pinyin: 4 } as const;
export type Field = (typeof FIELD)[keyof typeof FIELD];

export interface SynonymEntry {
  terms: string[];
  /** one-way: the terms also search for these; absent: the terms are equivalent */
  targets?: string[] | null;
}

/** What an analyzer learnt from names and synonyms, as a snapshot keeps it. */
export interface LearntWords {
  dict: string[];
  vocabulary: string[];
  seen: string[];
  byPinyin: [string, string][];
  byMask: [string, string][];
  /** what the synonyms were analysed into, and of which synonyms (absent in older snapshots) */
  synonyms?: SynonymAnalysis;
}

/** The synonyms as setSynonyms analyses them, kept so a restart with the same synonyms skips it. */
export interface SynonymAnalysis {
  /** a digest of the entries this was analysed from */
  digest: string;
  expansions: [string, string[]][];
  phraseByPinyin: [string, string][];
  /** every term and target, normalized */
  words: string[];
}

export interface QueryTerm {
  term: string;
  weight: number;
}

/** One thing the query asks for, e.g. 驾照 (or 驾驶证, 机动车驾驶证): a document matches it through any of its terms. */
export interface Concept {
  text: string;
  terms: QueryTerm[];
}

export interface AnalyzedQuery {
  /** the query as typed, cleaned and normalized */
  normalized: string;
  concepts: Concept[];
  /** the query with wrong characters corrected, when any were, else null */
  corrected: string | null;
  /** words to mark in titles and snippets */
  highlight: string[];
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]+/g;
const TOKEN_RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g;
/** analysis looks at this much of a query: a 10,000-character query costs what a 64-character one does */
export const MAX_QUERY_CHARS = 64;
const MAX_TERMS_PER_CONCEPT = 24;

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });
const hkToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

export function normalize(text: string): string {
  let s = text.normalize('NFKC').toLowerCase();
  if (/[^ -~]/.test(s)) s = hkToSimplified(toSimplified(s));
  return s
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function syllables(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', v: true }) as string[];
}

export class Analyzer {
  private readonly jieba = Jieba.withDict(dict);
  /**
   * the stock dictionary only: pinyin tokens follow ordinary word boundaries (公积金|提取), not
   * whole names. Loaded when first needed (a third of a second): a process that starts from a
   * snapshot with nothing new to analyse may never need it.
   */
  private plainJieba: Jieba | undefined;
  private get plain(): Jieba {
    this.plainJieba ??= Jieba.withDict(dict);
    return this.plainJieba;
  }
  private stop = new Set<string>();
  /** phrase → words it also searches for */
  private expansions = new Map<string, Set<string>>();
  /** synonym phrases, longest first, for matching inside a query */
  private phrases: string[] = [];
  /** service vocabulary by pinyin ("jia shi zheng" → 驾驶证) and by one masked character ("驾?证" → 驾驶证) */
  private byPinyin = new Map<string, string>();
  private byMask = new Map<string, string>();
  private vocabulary = new Set<string>();
  private vocabularySeen = new Set<string>();
  /** synonym phrases by their full pinyin and by their initials: gjj → 公积金, yingyezhizhao → 营业执照 */
  private phraseByPinyin = new Map<string, string>();
  private dictAdded = new Set<string>();

  constructor(stopWords: Iterable<string> = []) {
    this.setStopWords(stopWords);
  }

  setStopWords(words: Iterable<string>): void {
    this.stop = new Set([...words].map((w) => normalize(w)).filter(Boolean));
  }

  /** Teach the segmenter words it must keep whole (item names, aliases, synonym phrases). */
  addDictionaryWords(words: Iterable<string>, normalized = false): void {
    const lines: string[] = [];
    for (const raw of words) {
      const w = normalized ? raw : normalize(raw).replace(/ /g, '');
      if (w.length < 2 || w.length > 16 || !CJK.test(w) || this.dictAdded.has(w)) continue;
      this.dictAdded.add(w);
      lines.push(`${w} 2000 n`);
    }
    if (lines.length) this.jieba.loadDict(Buffer.from(`${lines.join('\n')}\n`));
  }

  /** The words learnt so far (dictionary, vocabulary and its keys), for a snapshot. */
  exportLearnt(): LearntWords {
    return {
      dict: [...this.dictAdded],
      vocabulary: [...this.vocabulary],
      seen: [...this.vocabularySeen],
      byPinyin: [...this.byPinyin],
      byMask: [...this.byMask],
      ...(this.synonymAnalysis ? { synonyms: this.synonymAnalysis } : {}),
    };
  }

  /** Learn again what a snapshot's analyzer had learnt, without analysing each name again. */
  importLearnt(l: LearntWords): void {
    const fresh = l.dict.filter((w) => !this.dictAdded.has(w));
    for (const w of fresh) this.dictAdded.add(w);
    if (fresh.length) this.jieba.loadDict(Buffer.from(`${fresh.map((w) => `${w} 2000 n`).join('\n')}\n`));
    for (const w of l.vocabulary) this.vocabulary.add(w);
    for (const w of l.seen) this.vocabularySeen.add(w);
    for (const [k, v] of l.byPinyin) if (!this.byPinyin.has(k)) this.byPinyin.set(k, v);
    for (const [k, v] of l.byMask) if (!this.byMask.has(k)) this.byMask.set(k, v);
    if (l.synonyms && !this.synonymAnalysis) this.synonymAnalysis = l.synonyms;
  }

  /** Words a query may be corrected to: the names and aliases of what can be found. */
  addVocabulary(words: Iterable<string>, normalized = false): void {
    const all: string[] = [];
    for (const raw of words) {
      const w = normalized ? raw : normalize(raw).replace(/ /g, '');
      if (this.vocabularySeen.has(w)) continue;
      this.vocabularySeen.add(w);
      all.push(w);
      // the parts of a name are service words too: 公积金 in 住房公积金提取
      for (const part of this.plain.cutForSearch(w, false)) if (part.length >= 2) all.push(part);
    }
    for (const w of all) {
      if (w.length < 2 || w.length > 8 || !/^[\u3400-\u9fff]+$/.test(w) || this.vocabulary.has(w)) continue;
      this.vocabulary.add(w);
      const py = syllables(w).join(' ');
      if (!this.byPinyin.has(py)) this.byPinyin.set(py, w);
      if (w.length >= 3)
        for (let i = 0; i < w.length; i++) {
          const mask = `${w.slice(0, i)}?${w.slice(i + 1)}`;
          if (!this.byMask.has(mask)) this.byMask.set(mask, w);
        }
    }
  }

  setSynonyms(entries: SynonymEntry[]): void {
    const digest = createHash('sha256').update(JSON.stringify(entries.map((e) => [e.terms, e.targets ?? null]))).digest('base64');
    // the same synonyms as the snapshot's analyzer had: what it made of them is reused (half a
    // second of OpenCC and pinyin at every start otherwise)
    const analysis = this.synonymAnalysis?.digest === digest ? this.synonymAnalysis : this.analyseSynonyms(entries, digest);
    this.synonymAnalysis = analysis;
    this.expansions = new Map(analysis.expansions.map(([k, v]) => [k, new Set(v)]));
    this.phrases = [...this.expansions.keys()].sort((a, b) => b.length - a.length);
    this.phraseByPinyin = new Map(analysis.phraseByPinyin);
    this.addDictionaryWords(this.phrases, true);
    this.addDictionaryWords(analysis.words, true);
    this.addVocabulary(analysis.words, true);
  }

  private synonymAnalysis: SynonymAnalysis | undefined;

  private analyseSynonyms(entries: SynonymEntry[], digest: string): SynonymAnalysis {
    const expansions = new Map<string, Set<string>>();
    const add = (from: string, to: string) => {
      const f = normalize(from).replace(/ /g, '');
      const t = normalize(to).replace(/ /g, '');
      if (!f || !t || f === t) return;
      const set = expansions.get(f) ?? new Set<string>();
      set.add(t);
      expansions.set(f, set);
    };
    for (const e of entries) {
      if (e.targets?.length) for (const from of e.terms) for (const to of e.targets) add(from, to);
      else for (const a of e.terms) for (const b of e.terms) add(a, b);
    }
    const phrases = [...expansions.keys()].sort((a, b) => b.length - a.length);
    const phraseByPinyin = new Map<string, string>();
    for (const p of phrases) {
      if (p.length < 2 || !/^[\u3400-\u9fff]+$/.test(p)) continue;
      const syl = syllables(p);
      for (const key of [syl.join(''), syl.map((x) => x[0]).join('')])
        if (key.length >= 3 && !phraseByPinyin.has(key)) phraseByPinyin.set(key, p);
    }
    const words = [...new Set(entries.flatMap((e) => [...e.terms, ...(e.targets ?? [])]).map((w) => normalize(w).replace(/ /g, '')))];
    return { digest, expansions: [...expansions].map(([k, v]) => [k, [...v]]), phraseByPinyin: [...phraseByPinyin], words };
  }

  /** Tokens of a text for the index (search-mode segmentation, no stop words filtered: documents keep them). */
  tokens(text: string, normalized = false): string[] {
    const n = normalized ? text : normalize(text);
    const out: string[] = [];
    for (const run of n.match(TOKEN_RUN) ?? []) {
      if (CJK.test(run)) {
        for (const tok of this.jieba.cutForSearch(run, true)) out.push(tok);
      } else out.push(run);
    }
    return out;
  }

  /** Single characters of a name or alias (c:迁), so one typed character still finds 迁入. */
  charTokens(text: string, normalized = false): string[] {
    const out = new Set<string>();
    for (const run of (normalized ? text : normalize(text)).match(CJK_RUN) ?? []) for (const ch of run) out.add(`c:${ch}`);
    return [...out];
  }

  /** Pinyin tokens of a name or alias: each word, each pair of adjacent words and the whole, as full pinyin and initials. */
  pinyinTokens(text: string, normalized = false): string[] {
    const out = new Set<string>();
    for (const run of (normalized ? text : normalize(text)).match(CJK_RUN) ?? []) {
      const words = this.plain.cut(run, false).filter((w) => CJK.test(w));
      const pys = words.map((w) => syllables(w));
      for (const part of this.plain.cutForSearch(run, false)) if (part.length >= 2 && !words.includes(part)) {
        const p = syllables(part);
        out.add(`pf:${p.join('')}`);
        out.add(`pi:${p.map((x) => x[0]).join('')}`);
      }
      const emit = (parts: string[][]) => {
        const flat = parts.flat();
        if (flat.length < 2) return;
        out.add(`pf:${flat.join('')}`);
        out.add(`pi:${flat.map((s) => s[0]).join('')}`);
      };
      pys.forEach((p, i) => {
        emit([p]);
        if (i + 1 < pys.length) emit([p, pys[i + 1] as string[]]);
      });
      // the whole name, when it is short enough that someone might type all of it in pinyin
      if (pys.length > 2 && run.length <= 8) emit(pys);
    }
    return [...out];
  }

  /**
   * Replace wrong characters with the service word they were meant to be. `known` says whether
   * a word occurs in the index; a known word is never "corrected".
   */
  correct(text: string, known: (word: string) => boolean): string {
    if (!this.vocabulary.size) return text;
    const isWord = (w: string) => this.vocabulary.has(w) || this.expansions.has(w) || this.stop.has(w) || known(w);
    return text.replace(CJK_RUN, (run) => {
      // characters inside a known word (of two or more) are not typos: 驾驶证补领 stays as it is
      const covered = new Array<boolean>(run.length).fill(false);
      for (let i = 0; i < run.length; i++)
        for (let len = Math.min(8, run.length - i); len >= 2; len--)
          if (isWord(run.slice(i, i + len))) {
            for (let k = i; k < i + len; k++) covered[k] = true;
            break;
          }
      if (covered.every(Boolean)) return run;
      const py = syllables(run);
      let out = '';
      let i = 0;
      while (i < run.length) {
        let step = 0;
        for (let len = Math.min(8, run.length - i); len >= 2 && !step; len--) {
          const w = run.slice(i, i + len);
          let uncovered = false;
          for (let k = i; k < i + len; k++) if (!covered[k]) uncovered = true;
          if (!uncovered) {
            if (isWord(w)) {
              out += w;
              step = len;
            }
            continue;
          }
          const byPy = this.byPinyin.get(py.slice(i, i + len).join(' '));
          let fix = byPy && byPy.length === len ? byPy : undefined;
          for (let k = 0; k < len && !fix && len >= 3; k++) fix = this.byMask.get(`${w.slice(0, k)}?${w.slice(k + 1)}`);
          if (fix) {
            out += fix;
            step = len;
          }
        }
        if (!step) {
          out += run[i];
          step = 1;
        }
        i += step;
      }
      return out;
    });
  }

  /** Turn what a person typed into concepts to look for. */
  analyzeQuery(raw: string, options: { known: (term: string) => boolean; pinyinPrefix?: (prefix: string) => string[]; correct?: boolean }): AnalyzedQuery {
    const normalized = normalize(raw.slice(0, MAX_QUERY_CHARS * 2)).slice(0, MAX_QUERY_CHARS).trim();
    const corrected = options.correct === false ? normalized : this.correct(normalized, options.known);
    const text = corrected;
    const concepts: Concept[] = [];
    const highlight = new Set<string>();

    // Latin runs: pinyin (full or initials), or numbers and codes
    const latin = text.match(/[a-z0-9]+/g) ?? [];
    if (latin.length) {
      const joined = latin.join('');
      const asConcept = (word: string): Concept => {
        const terms: QueryTerm[] = [{ term: word, weight: 1 }];
        if (/^[a-z]+$/.test(word)) {
          terms.push({ term: `pf:${word}`, weight: 1 }, { term: `pi:${word}`, weight: 1 });
          // pinyin of a word people use (gjj, yingyezhizhao) searches for the word and what it stands for
          const phrase = this.phraseByPinyin.get(word);
          if (phrase) {
            terms.push({ term: phrase, weight: 0.9 });
            highlight.add(phrase);
            for (const target of this.expansions.get(phrase) ?? []) terms.push({ term: target, weight: 0.8 });
          }
          if (word.length >= 2 && options.pinyinPrefix)
            for (const t of options.pinyinPrefix(word)) if (!terms.some((x) => x.term === t)) terms.push({ term: t, weight: 0.7 });
        }
        return { text: word, terms: terms.slice(0, MAX_TERMS_PER_CONCEPT) };
      };
      const whole = asConcept(joined);
      if (latin.length > 1 && whole.terms.some((t) => options.known(t.term))) concepts.push(whole);
      else for (const w of latin) concepts.push(asConcept(w));
    }

    for (const run of text.match(CJK_RUN) ?? []) {
      // synonym phrases first (longest first, not overlapping), then the words between them
      const spans: { start: number; end: number; phrase?: string }[] = [];
      const taken = new Array<boolean>(run.length).fill(false);
      for (const p of this.phrases) {
        if (p.length > run.length) continue;
        let from = 0;
        for (;;) {
          const at = run.indexOf(p, from);
          if (at < 0) break;
          let free = true;
          for (let k = at; k < at + p.length; k++) if (taken[k]) free = false;
          if (free) {
            for (let k = at; k < at + p.length; k++) taken[k] = true;
            spans.push({ start: at, end: at + p.length, phrase: p });
          }
          from = at + 1;
        }
      }
      let pos = 0;
      for (const word of this.jieba.cut(run, true)) {
        const start = pos;
        pos += word.length;
        if ([...word].some((_, k) => taken[start + k])) continue;
        spans.push({ start, end: pos });
      }
      spans.sort((a, b) => a.start - b.start);
      const meaningful = spans.filter((s) => !this.stop.has(run.slice(s.start, s.end)));
      for (const s of meaningful.length ? meaningful : spans) {
        const word = run.slice(s.start, s.end);
        const terms = new Map<string, number>();
        const put = (term: string, weight: number) => {
          if ((terms.get(term) ?? 0) < weight) terms.set(term, weight);
        };
        put(word, 1);
        for (const tok of this.jieba.cutForSearch(word, true)) if (tok !== word && !this.stop.has(tok)) put(tok, 0.6);
        // a single character, or a word no document has, may still be part of a name
        if (word.length === 1) put(`c:${word}`, 0.5);
        else if (!options.known(word) && word.length <= 4) for (const ch of word) if (!this.stop.has(ch)) put(`c:${ch}`, 0.25);
        highlight.add(word);
        for (const target of s.phrase ? (this.expansions.get(s.phrase) ?? []) : (this.expansions.get(word) ?? [])) {
          // the target as a whole word only: its parts (登记, 许可) would match half the catalogue
          put(target, 0.85);
          highlight.add(target);
        }
        const list = [...terms].map(([term, weight]) => ({ term, weight })).sort((a, b) => b.weight - a.weight);
        concepts.push({ text: word, terms: list.slice(0, MAX_TERMS_PER_CONCEPT) });
      }
    }
    return {
      normalized,
      concepts,
      corrected: corrected !== normalized ? corrected : null,
      highlight: [...highlight].filter((h) => h.length > 1 || concepts.length === 1),
    };
  }
}
