/**
 * Ranking over the in-memory index (inverted-index.ts), by concept: a document scores for each
 * thing the query asks for through its best term (IDF × field weight × term weight), then by how
 * much of the query it covers, with exact-name bonuses, popularity from clicks and demotion of
 * outdated content; and the suggestions offered while a citizen types.
 */
import { type AnalyzedQuery, FIELD, normalize, syllables as syllablesOf } from './analyzer.js';
import { ALIAS_GROUP, type Codes, InvertedIndex, LONG_SAMPLE, NAMED, type StoredDoc, type Validity, sampleBelow, slotHash } from './inverted-index.js';

export type { SearchDoc, StoredDoc, Validity } from './inverted-index.js';

export interface Filters {
  kind?: string;
  departmentId?: number;
  theme?: string;
  audience?: string;
  itemType?: string;
  organisationId?: number;
  year?: number;
  validity?: Validity;
}

export interface Hit {
  doc: StoredDoc;
  score: number;
}

export interface FacetCount {
  value: string;
  count: number;
  /** what to show for the value when it is not the value itself (an organisation's name) */
  label?: string;
}

export interface EngineResult {
  total: number;
  /** set when a very common word was capped: total and facet counts are estimated (the documents scored, and a sample of the rest) */
  estimated?: boolean;
  hits: Hit[];
  facets: {
    kind: FacetCount[];
    department: FacetCount[];
    theme: FacetCount[];
    audience: FacetCount[];
    type: FacetCount[];
    organisation: FacetCount[];
    year: FacetCount[];
    validity: FacetCount[];
  };
}

export const NO_FACETS: EngineResult['facets'] = { kind: [], department: [], theme: [], audience: [], type: [], organisation: [], year: [], validity: [] };

/** an expired or repealed document still answers, below one in force */
const NOT_IN_FORCE = 0.5;

/** How much a match in each field counts: names and aliases far above body text. */
const FIELD_WEIGHT = [10, 8, 3, 1, 7];
const EXACT_BONUS = 1000;
/** terms weighted below this only add to a score; they never answer a concept alone */
const WEAK_BELOW = 0.3;
const COMMON_SHARE = 0.2;
/** a word in more than this share of documents only adds to documents rarer words found */
const RESTRICT_SHARE = 0.05;
/** below this many documents no word counts as common */
const COMMON_MIN_DOCS = 2000;
const PHRASE_BONUS = 40;
/**
 * a leading concept whose strong words are in more documents than this (together) is capped: at
 * most CAP_SCORED of its documents are scored (the demo's 1,700 documents never come near)
 */
export const CAP_ABOVE = 10_000;
export const CAP_SCORED = 5_000;
/** about how many of its postings a capped concept's left-out documents are counted from (each then stands for several) */
const LEFT_OUT_SAMPLES = 8192;
/** the same when the sample is followed through the other concepts (each of its documents is then read as a found one is) */
const FOLLOWED_SAMPLES = 2048;

/** How many of a[0 .. end) (ascending) are at most `value`. */
function findAfter(a: Int32Array, end: number, value: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SearchEngine extends InvertedIndex {
  /** the cap on very common leading words (tests lower it) */
  cap = { above: CAP_ABOVE, scored: CAP_SCORED, samples: LEFT_OUT_SAMPLES, followed: FOLLOWED_SAMPLES };
  private buffers = {
    best: new Float32Array(0),
    total: new Float32Array(0),
    covered: new Uint8Array(0),
    answered: new Uint8Array(0),
    seen: new Uint8Array(0),
    hits: new Int32Array(1024),
    /** the query's stamp on the documents a capped concept left out (each counted once) */
    skippedAt: new Int32Array(0),
    /** the query's stamp on the documents of the sample that stand for those the cap left out (counted, never shown) */
    shadowAt: new Int32Array(0),
  };
  private stamp = 0;


  search(q: AnalyzedQuery, filters: Filters, limit: number, offset: number, pinned: string[] = []): EngineResult {
    const n = this.n;
    if (this.buffers.total.length < n) {
      const size = Math.max(n, 1024) * 2;
      this.buffers = {
        best: new Float32Array(size),
        total: new Float32Array(size),
        covered: new Uint8Array(size),
        answered: new Uint8Array(size),
        seen: new Uint8Array(size),
        hits: this.buffers.hits,
        skippedAt: new Int32Array(size),
        shadowAt: new Int32Array(size),
      };
    }
    const { best, total, covered, answered, seen, skippedAt, shadowAt } = this.buffers;
    const stamp = ++this.stamp;
    const touched: number[] = [];
    const N = Math.max(this.alive, 1);
    // Rare concepts first. A concept whose every word is common (身份证, 营业执照 in a large
    // catalogue) then only adds to documents the rarer ones found, instead of touching half
    // the index: the answer is in that smaller set, and the work stays bounded.
    const rarity = (c: (typeof q.concepts)[number]) => {
      let min = Number.POSITIVE_INFINITY;
      for (const t of c.terms) {
        if (t.weight < WEAK_BELOW) continue;
        const n = this.df(t.term);
        if (n !== undefined && n < min) min = n;
      }
      return min;
    };
    const ordered = q.concepts.map((c) => ({ c, r: rarity(c) })).sort((a, b) => a.r - b.r);
    const want = {
      kind: filters.kind === undefined ? -1 : (this.codes.kind.find(filters.kind) ?? -2),
      department: filters.departmentId === undefined ? -1 : (this.codes.department.find(String(filters.departmentId)) ?? -2),
      theme: filters.theme === undefined ? -1 : (this.codes.theme.find(filters.theme) ?? -2),
      audience: filters.audience === undefined ? -1 : (this.codes.audience.find(filters.audience) ?? -2),
      type: filters.itemType === undefined ? -1 : (this.codes.type.find(filters.itemType) ?? -2),
      organisation: filters.organisationId === undefined ? -1 : (this.codes.organisation.find(String(filters.organisationId)) ?? -2),
      year: filters.year === undefined ? -1 : (this.codes.year.find(String(filters.year)) ?? -2),
      validity: filters.validity === undefined ? -1 : (this.codes.validity.find(filters.validity) ?? -2),
    };
    const query = q.normalized.replace(/ /g, '');
    const { flags, kindIdx, deptIdx, typeIdx, orgIdx, yearIdx, validityIdx, prior, titleLen, aliasLen } = this.col;
    /** whether a document passes the filters other than kind (kind is counted before it filters) */
    const passes = (slot: number): boolean => {
      if (((flags[slot] as number) & 1) === 0) return false;
      if (want.department !== -1 && deptIdx[slot] !== want.department) return false;
      if (want.type !== -1 && typeIdx[slot] !== want.type) return false;
      if (want.organisation !== -1 && orgIdx[slot] !== want.organisation) return false;
      if (want.year !== -1 && yearIdx[slot] !== want.year) return false;
      if (want.validity !== -1 && validityIdx[slot] !== want.validity) return false;
      if (want.theme !== -1 && !this.extras[slot]?.themeIdx.includes(want.theme)) return false;
      if (want.audience !== -1 && !this.extras[slot]?.audienceIdx.includes(want.audience)) return false;
      return true;
    };
    const qLen = Math.min(query.length, 255);
    const filtered =
      want.department !== -1 || want.type !== -1 || want.organisation !== -1 || want.year !== -1 || want.validity !== -1 || want.theme !== -1 || want.audience !== -1;
    // IDF per group: a service (item, FAQ, journey, department, letter …) is scored with the df and
    // N of the services alone, so a thousand articles about 补贴 do not make 补贴 weigh less in the
    // guides; published documents keep the whole index's
    const groupOf = this.kindGroups();
    const servicesN = Math.max(this.aliveIn[0] as number, 1);
    const idfs = new Float64Array(2);
    /**
     * When the leading concept was capped and left documents out: the total and the facets are
     * estimated. A query of one concept and no kind filter: the documents scored are counted and
     * scaled by how many their concept found in all (estimate: they pass the same filters, and
     * every one answers the query). Otherwise (followSample) which of the rest answer enough of
     * the query, and are of the kind asked, is not that of the documents scored (names and the
     * newest first: 城乡居民医保政策解读 among articles was estimated at half its count): the documents
     * scored count as themselves, and of the rest a sample (1 in sampleWeight, by slot hash below
     * sampleBelowHash) is followed through every concept as the found ones are, each of its
     * documents that answers enough of the query counting for sampleWeight. The sample also takes
     * in the documents a later word would have added had the cap not made it only add to the
     * documents found (a word in fewer than commonAbove documents), so the estimate counts what
     * the uncapped query would.
     */
    let estimate = 1;
    let estimated = false;
    const followSample = q.concepts.length > 1 || want.kind !== -1;
    let sampleWeight = 0;
    let sampleBelowHash = 0;
    const commonAbove = Math.max(COMMON_MIN_DOCS, N * RESTRICT_SHARE);
    for (const { c: concept } of ordered) {
      const conceptTouched: number[] = [];
      // the concept that finds the documents (the rarest, nothing found before it) scores at most
      // CAP_SCORED of them when its words are in a large share of the index: see capped below
      const leading = touched.length === 0;
      /** touched and this concept's documents so far, ascending and distinct (for looking them up in long lists) */
      let candidates = { n: -1, slots: new Int32Array(0), distinct: 0 };
      const terms = [...concept.terms].sort((a, b) => (this.df(a.term) ?? 0) - (this.df(b.term) ?? 0));
      // The concept that finds the documents is capped when its strong words (the word, its parts,
      // its synonyms) together are in more than cap.above documents (a common word of a million
      // documents, or a topic whose synonyms are in tens of thousands each): its words share a
      // budget of cap.scored documents, see below
      let conceptDf = 0;
      if (leading) for (const t of terms) if (t.weight >= WEAK_BELOW) conceptDf += this.df(t.term) ?? 0;
      const capConcept = leading && conceptDf > this.cap.above;
      let sampled = 0;
      // The documents a capped concept leaves out are counted from a sample of 1 in sampleEvery
      // (by slot, the same for each of its words: one several words leave out is counted once),
      // sized from the words that are read in full (the first, and those not common enough to
      // only add to the documents found)
      let readDf = 0;
      if (capConcept)
        for (const t of terms) {
          const df = t.weight >= WEAK_BELOW ? this.df(t.term) : undefined;
          if (df !== undefined && (readDf === 0 || df <= commonAbove)) readDf += df;
        }
      const sampleEvery = Math.max(1, Math.floor(readDf / (followSample ? this.cap.followed : this.cap.samples)));
      const below = sampleBelow(sampleEvery);
      let skipped = 0;
      const leftOut: number[] = [];
      /** a document the capped concept leaves out, in the sample: counted once, standing for sampleEvery */
      const leaveOut = (slot: number) => {
        if (skippedAt[slot] !== stamp) {
          skippedAt[slot] = stamp;
          skipped += sampleEvery;
          leftOut.push(slot);
        }
      };
      // strong terms (the word, its parts, its synonyms) answer the concept; weak ones (single
      // characters of a word no document has) only add to the score
      for (const strong of [true, false]) {
        for (const { term, weight } of terms) {
          if (weight >= WEAK_BELOW !== strong) continue;
          const df = this.df(term);
          if (df === undefined) continue;
          // a word in a fifth of the documents (of a group) says little unless it is the very word typed
          // (after a capped leading word every other word is at least as common: it only adds too)
          const restricted = (df > commonAbove || estimated) && touched.length + conceptTouched.length > 0;
          // services: their own df and N; published documents: the whole index, as before (their
          // own group's, tried, lifted articles above the guides: decision 0021, session 9 continued)
          const dS = (this.groupDf(term) ?? [df, 0])[0];
          idfs[0] = dS === 0 || (weight < 1 && dS > servicesN * COMMON_SHARE) ? 0 : Math.log(1 + servicesN / dS);
          idfs[1] = weight < 1 && df > N * COMMON_SHARE ? 0 : Math.log(1 + N / df);
          if (idfs[0] === 0 && idfs[1] === 0) continue;
          const idfS = idfs[0] as number;
          const idfP = idfs[1] as number;
          /** this term's IDF for a document: its group's */
          const idfOf = (slot: number) => (groupOf[kindIdx[slot] as number] ? idfP : idfS);
          /** posting p (slot × 8 + field) scores for this term: the concept keeps each document's best */
          const scorePosting = (p: number) => {
            if (p < 0) return;
            const slot = p >> 3;
            const idf = idfOf(slot);
            if (idf === 0) return;
            const score = idf * (FIELD_WEIGHT[p & 7] as number) * weight;
            if (best[slot] === 0) {
              conceptTouched.push(slot);
              if (strong) answered[slot] = 1;
            }
            if (score > (best[slot] as number)) best[slot] = score;
          };
          /** the documents found so far (before this concept, and by it): slots[0 .. distinct), ascending */
          const sortedFound = () => {
            if (candidates.n !== touched.length + conceptTouched.length) {
              const all = new Int32Array(touched.length + conceptTouched.length);
              all.set(touched);
              all.set(conceptTouched, touched.length);
              all.sort();
              let u = 0;
              for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) all[u++] = all[k] as number;
              candidates = { n: all.length, slots: all, distinct: u };
              if (this.buffers.hits.length < u) this.buffers.hits = new Int32Array(u * 2);
            }
            return candidates;
          };
          /** the documents found so far get this word's score, each looked up in its list */
          const lookUpFound = () => {
            sortedFound();
            const hits = this.buffers.hits;
            const m = this.intersect(term, candidates.slots, candidates.distinct, hits);
            for (let k = 0; k < m; k++) scorePosting(hits[k] as number);
          };
          /** the cap made this word only add to the documents found (without it, the word would find its own): its documents in the sample join the sample */
          const joinsSample = restricted && strong && sampleWeight > 0 && df <= commonAbove;
          /** a posting of such a word whose document is in the sample and not found: followed from here as one of the sample */
          const takeIntoSample = (p: number) => {
            const slot = p >> 3;
            if (slotHash(slot) >= sampleBelowHash || seen[slot] !== 0 || best[slot] !== 0 || !passes(slot)) return;
            shadowAt[slot] = stamp;
            scorePosting(p);
          };
          if (restricted && (touched.length + conceptTouched.length < df / 64 || this.isDense(term))) {
            // few documents to add to, or a word in an eighth or more of the index (a byte a
            // slot): look them up in the list instead of reading all of it
            lookUpFound();
            if (joinsSample) {
              const list = this.list(term);
              if (list) for (let k = 0; k < list.length; k++) takeIntoSample(list.a[k] as number);
            }
            continue;
          }
          if (capConcept && strong && !restricted) {
            // A capped concept (示范市, 通知; 住房租赁补贴 and its synonyms at a million): each word,
            // rarest first, scores names first and then body text, newest first (slots follow
            // the documents' order of change); the concept's words together add at most
            // cap.scored documents that pass the filters, and a document named exactly the query
            // (title or alias) is scored whatever the cap. Documents already found score as usual.
            // The rest are counted from a sample of documents (see sampleEvery), followed through
            // the other concepts: the total and the facets are estimated (see sampleWeight; the
            // result says so).
            /** whether a name (title or alias) posting's document is named exactly the query (the name's length first, a column) */
            const exactName = (field: number, slot: number) => {
              if (field === FIELD.title) return titleLen[slot] === qLen && this.titleNorms[slot] === query;
              if (field !== FIELD.alias) return false;
              const al = aliasLen[slot] as number;
              return (al === query.length || al === 255) && this.extras[slot]?.aliasNorms.includes(query) === true;
            };
            /** a posting of the capped word: scored, or left out once the budget is spent (unless the document is named exactly the query) */
            const sample = (p: number) => {
              const slot = p >> 3;
              if (idfOf(slot) === 0) return;
              if (best[slot] === 0) {
                if (!passes(slot)) return;
                const field = p & 7;
                if (sampled >= this.cap.scored && !exactName(field, slot)) {
                  if (slotHash(slot) < below) leaveOut(slot);
                  return;
                }
                sampled++;
              }
              scorePosting(p);
            };
            // documents found before this word (by the concept's rarer words) may be anywhere in
            // its list, and get its score by looking them up once it no longer reads all of it
            const foundBefore = conceptTouched.length;
            const long = this.longList(term);
            /** a document in the sample that was not scored (and would have been) is counted as left out: the sample is tested before any column is read */
            const leftOutIfSampled = (slot: number) => {
              if (slotHash(slot) < below && best[slot] === 0 && passes(slot) && idfOf(slot) !== 0) leaveOut(slot);
            };
            /**
             * Of the postings up to `last` (body text, or names), the documents in the sample
             * not scored are counted as left out: from the list's kept sample when it holds
             * them, else from `a` (ascending, a[0 .. end)).
             */
            const countLeftOut = (body: boolean, last: number, a: Int32Array, end: number) => {
              let from = a;
              let to = end;
              if (long && sampleEvery >= LONG_SAMPLE) {
                from = long.sample;
                to = findAfter(from, from.length, last);
              }
              for (let j = 0; j < to; j++) {
                const p = from[j] as number;
                if (((p & 7) === FIELD.body) === body) leftOutIfSampled(p >> 3);
              }
            };
            // names first: the postings other than body text, kept apart for a long frozen list,
            // else read out of the whole list
            if (long) {
              const names = long.names;
              let k = names.length - 1;
              for (; k >= 0 && sampled < this.cap.scored; k--) sample(names[k] as number);
              if (k >= 0) {
                // the budget is spent among the names (示范 is in most titles at a million): only
                // a document named exactly the query is still scored (the titles of its length,
                // and aliases, are looked at: the others are not read); the rest are counted from the sample
                const { grouped, groupStart } = long;
                for (const g of [qLen, ALIAS_GROUP]) for (let j = groupStart[g] as number; j < (groupStart[g + 1] as number); j++) sample(grouped[j] as number);
                countLeftOut(false, names[k] as number, names, k + 1);
              }
              if (sampled >= this.cap.scored && sampleEvery >= LONG_SAMPLE) {
                // no body text is left to score: the documents found before look theirs up,
                // and the left-out ones are counted from the sample, without reading the list
                if (foundBefore > 0) lookUpFound();
                countLeftOut(true, Number.MAX_SAFE_INTEGER, long.sample, long.sample.length);
                continue;
              }
            }
            // then body text (and names, when not kept apart), newest first, while the budget lasts
            const list = this.list(term);
            if (!list) continue;
            const a = list.a;
            let kn = -1;
            if (!long) for (kn = list.length - 1; kn >= 0 && sampled < this.cap.scored; kn--) if (((a[kn] as number) & 7) !== FIELD.body) sample(a[kn] as number);
            let kb = list.length - 1;
            for (; kb >= 0 && sampled < this.cap.scored; kb--) if (((a[kb] as number) & 7) === FIELD.body) sample(a[kb] as number);
            const end = Math.max(kn, kb) + 1;
            if (end > 0) {
              // The budget is spent and postings are left (at a million documents, most of the
              // list): no new document is scored from here but one named exactly the query. One
              // pass in the list's order: the documents found before (by rarer words; their
              // sorted slots walked alongside) get this word's score, and the ones left out are
              // counted from the sample. Reading each posting's document (several random reads
              // apiece) was most of a broad query. Postings read above pass again unchanged.
              const found = foundBefore > 0 ? sortedFound() : undefined;
              const nc = found?.distinct ?? 0;
              let c = 0;
              for (let j = 0; j < end; j++) {
                const p = a[j] as number;
                const slot = p >> 3;
                const field = p & 7;
                if ((field === FIELD.alias || field === FIELD.title) && exactName(field, slot)) {
                  sample(p);
                  continue;
                }
                if (found) {
                  while (c < nc && (found.slots[c] as number) < slot) c++;
                  if (c < nc && found.slots[c] === slot) {
                    scorePosting(p);
                    continue;
                  }
                }
                leftOutIfSampled(slot);
              }
            }
            continue;
          }
          const list = this.list(term);
          if (!list) continue;
          const a = list.a;
          for (let k = 0; k < list.length; k++) {
            const p = a[k] as number;
            const slot = p >> 3;
            if (restricted && seen[slot] === 0 && best[slot] === 0) {
              if (joinsSample) takeIntoSample(p);
              continue;
            }
            // filters before scoring: a document they exclude is never touched
            if (filtered && best[slot] === 0 && seen[slot] === 0 && !passes(slot)) continue;
            scorePosting(p);
          }
        }
      }
      if (skipped > 0 && !followSample) {
        estimated = true;
        estimate = (sampled + skipped) / Math.max(sampled, 1);
      } else if (skipped > 0) {
        // the documents of the sample the cap left out are followed from here (see sampleWeight)
        estimated = true;
        sampleWeight = sampleEvery;
        sampleBelowHash = below;
        for (const slot of leftOut)
          if (best[slot] === 0) {
            shadowAt[slot] = stamp;
            answered[slot] = 1;
            conceptTouched.push(slot);
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
    // (the documents found, not the sample, decide: the page is what it would be without the sample)
    for (const slotNo of touched) if ((covered[slotNo] as number) > maxCover && shadowAt[slotNo] !== stamp) maxCover = covered[slotNo] as number;
    const needed = Math.max(1, Math.min(Math.ceil(concepts / 2), maxCover));
    const nothing = maxCover === 0;
    const wanted = Math.min(offset + limit, 2000);
    const counts = {
      kind: new Int32Array(this.codes.kind.values.length),
      department: new Int32Array(this.codes.department.values.length),
      theme: new Int32Array(this.codes.theme.values.length),
      audience: new Int32Array(this.codes.audience.values.length),
      type: new Int32Array(this.codes.type.values.length),
      organisation: new Int32Array(this.codes.organisation.values.length),
      year: new Int32Array(this.codes.year.values.length),
      validity: new Int32Array(this.codes.validity.values.length),
    };
    const itemKind = this.codes.kind.find('item') ?? -1;
    let count = 0;
    const clicksForQuery = this.queryClicks.get(query);
    const pinnedSet = new Set(pinned);
    const exactable = query.length >= 2;
    const phraseable = query.length >= 2 && query.length <= 24;
    const validIdx = { expired: this.codes.validity.find('expired') ?? -9, repealed: this.codes.validity.find('repealed') ?? -9 };
    const topSlots: number[] = [];
    const topScores: number[] = [];
    /** put a document on the page (kept in score order; ties keep the order they came in) */
    const place = (slotNo: number, score: number) => {
      let i = topSlots.length;
      while (i > 0 && (topScores[i - 1] as number) < score) i--;
      topSlots.splice(i, 0, slotNo);
      topScores.splice(i, 0, score);
      if (topSlots.length > wanted) {
        topSlots.pop();
        topScores.pop();
      }
    };
    const pageThreshold = () => (topSlots.length < wanted ? Number.NEGATIVE_INFINITY : (topScores[topScores.length - 1] as number));
    /** documents the phrase bonus might lift onto the page: looked at once every document is scored */
    const mayPhrase: number[] = [];
    const mayPhraseScore: number[] = [];
    const mayPhraseMult: number[] = [];
    for (const slotNo of touched) {
      const raw = total[slotNo] as number;
      const cover = covered[slotNo] as number;
      total[slotNo] = 0;
      covered[slotNo] = 0;
      seen[slotNo] = 0;
      if (nothing || cover < needed) continue;
      const f = flags[slotNo] as number;
      if ((f & 1) === 0) continue;
      if (pinnedSet.size && pinnedSet.has(this.keys[slotNo] as string)) continue;
      const extra = this.extras[slotNo];
      if (want.department !== -1 && deptIdx[slotNo] !== want.department) continue;
      if (want.theme !== -1 && !extra?.themeIdx.includes(want.theme)) continue;
      if (want.audience !== -1 && !extra?.audienceIdx.includes(want.audience)) continue;
      if (want.type !== -1 && typeIdx[slotNo] !== want.type) continue;
      const org = orgIdx[slotNo] as number;
      const year = yearIdx[slotNo] as number;
      const validity = validityIdx[slotNo] as number;
      if (want.organisation !== -1 && org !== want.organisation) continue;
      if (want.year !== -1 && year !== want.year) continue;
      if (want.validity !== -1 && validity !== want.validity) continue;
      const kind = kindIdx[slotNo] as number;
      // a document of the sample counts for sampleWeight, and is never shown
      const ofSample = shadowAt[slotNo] === stamp;
      const w = ofSample ? sampleWeight : 1;
      counts.kind[kind] += w;
      if (want.kind !== -1 && kind !== want.kind) continue;
      count += w;
      if (kind === itemKind) {
        const dept = deptIdx[slotNo] as number;
        const type = typeIdx[slotNo] as number;
        if (dept >= 0) counts.department[dept] += w;
        if (extra) {
          for (const i of extra.themeIdx) counts.theme[i] += w;
          for (const i of extra.audienceIdx) counts.audience[i] += w;
        }
        if (type >= 0) counts.type[type] += w;
      }
      if (org >= 0) counts.organisation[org] += w;
      if (year >= 0) counts.year[year] += w;
      if (validity >= 0) counts.validity[validity] += w;
      if (ofSample) continue;
      const coverage = cover / concepts;
      let score = raw * (0.3 + 0.7 * coverage * coverage);
      const qClicks = clicksForQuery ? (clicksForQuery.get(this.keys[slotNo] as string) ?? 0) : 0;
      // kind, and between equals the shorter (more general) name first: 住房公积金提取 before its special cases
      let mult = (prior[slotNo] as number) * (1 + 0.08 * (this.pop[slotNo] as number) + 0.25 * Math.log1p(qClicks));
      if (f & 2) mult *= 0.3;
      if (validity === validIdx.expired || validity === validIdx.repealed) mult *= NOT_IN_FORCE;
      const threshold = pageThreshold();
      // A title is read only when it may change the answer: its length (a column of bytes) must
      // allow the exact name, and the phrase is looked for after every document is scored, only
      // in one the bonus could still lift onto the page (comparing tens of thousands of title
      // strings, each elsewhere in memory, was a fifth of a broad query's time). The total and
      // the facets count every document as before.
      const tl = titleLen[slotNo] as number;
      const aliasNorms = extra?.aliasNorms;
      if (exactable && ((tl === qLen && this.titleNorms[slotNo] === query) || aliasNorms?.includes(query) === true)) score += EXACT_BONUS;
      else if (phraseable && cover === concepts && (score + PHRASE_BONUS) * mult > threshold && (tl >= qLen || aliasNorms?.length)) {
        mayPhrase.push(slotNo);
        mayPhraseScore.push(score);
        mayPhraseMult.push(mult);
      }
      score *= mult;
      if (score > threshold) place(slotNo, score);
    }
    for (let m = 0; m < mayPhrase.length; m++) {
      const slotNo = mayPhrase[m] as number;
      const lifted = ((mayPhraseScore[m] as number) + PHRASE_BONUS) * (mayPhraseMult[m] as number);
      if (lifted <= pageThreshold()) continue;
      const aliasNorms = this.extras[slotNo]?.aliasNorms;
      const phrase =
        ((titleLen[slotNo] as number) >= qLen && (this.titleNorms[slotNo] as string).includes(query)) || aliasNorms?.some((a) => a.includes(query)) === true;
      if (!phrase) continue;
      const at = topSlots.indexOf(slotNo);
      if (at >= 0) {
        topSlots.splice(at, 1);
        topScores.splice(at, 1);
      }
      place(slotNo, lifted);
    }
    const top: Hit[] = topSlots.map((slotNo, i) => ({ doc: this.docAt(slotNo), score: topScores[i] as number }));
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
        if (n > 0) out.push({ value: codes.values[i] as string, count: estimate > 1 ? Math.round(n * estimate) : n });
      });
      return out.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    };
    return {
      total: (estimate > 1 ? Math.round(count * estimate) : count) + pinnedDocs.length,
      ...(estimated ? { estimated: true } : {}),
      hits: all.slice(offset, offset + limit),
      facets: {
        kind: toList(counts.kind, this.codes.kind),
        department: toList(counts.department, this.codes.department).slice(0, 20),
        theme: toList(counts.theme, this.codes.theme),
        audience: toList(counts.audience, this.codes.audience),
        type: toList(counts.type, this.codes.type),
        organisation: toList(counts.organisation, this.codes.organisation)
          .slice(0, 20)
          .map((f) => ({ ...f, label: this.organisationNames.get(f.value) ?? f.value })),
        year: toList(counts.year, this.codes.year).sort((a, b) => Number(b.value) - Number(a.value)),
        validity: toList(counts.validity, this.codes.validity),
      },
    };
  }

  /** Names and aliases that start with (or, for pinyin, whose pinyin starts with) what was typed. */
  suggest(prefix: string, limit: number): { text: string; doc: StoredDoc }[] {
    const p = normalize(prefix).replace(/ /g, '');
    if (!p) return [];
    const latin = /^[a-z]+$/.test(p);
    const scored: { text: string; doc: StoredDoc; score: number }[] = [];
    // only services, departments and journeys are offered: a million articles are not looked at
    this.namedSlots ??= (() => {
      const out: number[] = [];
      for (let i = 0; i < this.n; i++) if (NAMED.has(this.codes.kind.values[this.col.kindIdx[i] as number] as string)) out.push(i);
      return out;
    })();
    for (const slotNo of this.namedSlots) {
      if (!this.isAlive(slotNo)) continue;
      const extra = this.extras[slotNo];
      const names = [this.titleNorms[slotNo] as string, ...(extra?.aliasNorms ?? [])];
      const shown = [this.titles[slotNo] as string, ...(extra?.aliases ?? [])];
      const outdated = ((this.col.flags[slotNo] as number) & 2) !== 0;
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
        score += (this.pop[slotNo] ?? 0) * 0.3 - name.length * 0.01;
        if (outdated) score -= 2;
        scored.push({ text: shown[i] as string, doc: this.docAt(slotNo), score });
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
