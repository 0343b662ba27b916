/**
 * The index every process holds in memory, built at start from search_documents and kept current
 * from the change bus (and a short poll, in case a notice is lost): a change committed anywhere
 * is searchable here within about a second. Also the settings it ranks with (synonyms, best
 * bets) and the popularity it learns from clicks.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/client.js';
import { Analyzer, type SynonymEntry } from './analyzer.js';
import { type SearchDoc, SearchEngine } from './engine.js';
import * as repo from './repo.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'search');
const PAGE = 5000;
/** documents indexed between two looks at the event loop while building */
const SLICE = 100;
const FULL_SWEEP_MS = 10 * 60_000;
/** a gap in the seqs seen is watched this long: a transaction that drew its seqs earlier may still commit */
const HOLE_TTL_MS = 10 * 60_000;
const MAX_HOLES = 20_000;

export function readStopWords(): string[] {
  return readFileSync(join(DATA_DIR, 'stopwords.txt'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

export function readDefaultSynonyms(): SynonymEntry[] {
  const raw = JSON.parse(readFileSync(join(DATA_DIR, 'synonyms.json'), 'utf8')) as { terms?: string[]; from?: string[]; to?: string[] }[];
  return raw.map((e) => (e.from ? { terms: e.from, targets: e.to ?? [] } : { terms: e.terms ?? [], targets: null }));
}

/** The synonym dictionary; a new portal starts with the one shipped with Yimen, which operators edit from there. */
export async function synonymRows(db: Db) {
  const rows = await repo.listSynonyms(db);
  if (rows.length) return rows;
  await repo.replaceSynonyms(db, readDefaultSynonyms().map((e) => ({ terms: e.terms, targets: e.targets ?? null })));
  return repo.listSynonyms(db);
}

export type LiveIndex = ReturnType<typeof createLiveIndex>;

export function createLiveIndex(db: Db) {
  const analyzer = new Analyzer(readStopWords());
  const engine = new SearchEngine(analyzer);
  let lastSeq = 0;
  /** seqs below lastSeq not seen yet, with when they were noticed */
  const holes = new Map<number, number>();
  let refreshing: Promise<void> | undefined;
  let again = false;
  let lastSweep = Date.now();
  let bestBets = new Map<string, string[]>();
  const byUrl = new Map<string, string>();
  let buildMs = 0;
  /** the index holds every stored document (start() has finished its build) */
  let built = false;

  /** Names and aliases become words the segmenter keeps whole and queries may be corrected to. */
  function learn(docs: SearchDoc[]) {
    const named = docs.filter((d) => d.kind === 'item' || d.kind === 'department' || d.kind === 'journey');
    const words = named.flatMap((d) => [d.title, ...d.aliases]);
    analyzer.addDictionaryWords(words);
    analyzer.addVocabulary(words);
  }

  /** Advance lastSeq over seqs seen, remembering the numbers skipped as holes. */
  function see(seqs: number[]) {
    const now = Date.now();
    for (const seq of seqs.sort((a, b) => a - b)) {
      if (seq > lastSeq) {
        for (let h = lastSeq + 1; h < seq && holes.size < MAX_HOLES; h++) holes.set(h, now);
        lastSeq = seq;
      } else holes.delete(seq);
    }
    for (const [h, at] of holes) if (now - at > HOLE_TTL_MS) holes.delete(h);
  }

  /**
   * Index stored documents. Their names and aliases are learnt first, so every document is
   * segmented with all of them; then they go in by slices, with the process answering requests
   * in between (serve builds the index while it listens).
   */
  async function apply(rows: repo.DocRow[]) {
    learn(rows.filter((r) => !r.deleted && engine.seqOf(r.key) !== r.seq));
    for (let i = 0; i < rows.length; i += SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const r of rows.slice(i, i + SLICE)) {
        if (engine.seqOf(r.key) === r.seq) continue;
        if (r.deleted) {
          engine.remove(r.key);
          continue;
        }
        const { deleted: _d, ...doc } = r;
        engine.upsert(doc);
        byUrl.set(doc.url, doc.key);
      }
    }
  }

  async function loadSettings() {
    const synonyms = await synonymRows(db);
    analyzer.setSynonyms(synonyms.map((s) => ({ terms: s.terms, targets: s.targets })));
    const bets = new Map<string, string[]>();
    for (const b of await repo.listBestBets(db)) bets.set(b.query, [...(bets.get(b.query) ?? []), b.docKey]);
    bestBets = bets;
  }

  async function loadPopularity() {
    const perDoc = new Map<string, number>();
    const perQuery = new Map<string, Map<string, number>>();
    for (const c of await repo.clickCounts(db, 90)) {
      perDoc.set(c.docKey, (perDoc.get(c.docKey) ?? 0) + c.count);
      const m = perQuery.get(c.query) ?? new Map<string, number>();
      m.set(c.docKey, c.count);
      perQuery.set(c.query, m);
    }
    engine.setPopularity(perDoc, perQuery);
  }

  async function build() {
    const started = Date.now();
    await loadSettings();
    for (;;) {
      const rows = await repo.documentsAfter(db, lastSeq, PAGE);
      if (!rows.length) break;
      await apply(rows);
      // while building, a gap is an update or a rollback, not a transaction still running
      lastSeq = Math.max(lastSeq, ...rows.map((r) => r.seq));
    }
    await loadPopularity();
    buildMs = Date.now() - started;
    built = true;
  }

  /** Catch up with what changed since the last look. */
  async function catchUp() {
    const sweep = Date.now() - lastSweep > FULL_SWEEP_MS || holes.size >= MAX_HOLES;
    const seen = sweep ? await repo.allSeqs(db) : await repo.changesSince(db, lastSeq, [...holes.keys()]);
    if (sweep) {
      lastSweep = Date.now();
      holes.clear();
    }
    see(seen.map((s) => s.seq));
    const stale = seen.filter((s) => engine.seqOf(s.key) !== s.seq).map((s) => s.key);
    for (let i = 0; i < stale.length; i += PAGE) await apply(await repo.documentsByKeys(db, stale.slice(i, i + PAGE)));
  }

  function refresh(): Promise<void> {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      try {
        do {
          again = false;
          await catchUp();
        } while (again);
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  return {
    analyzer,
    engine,
    build,
    refresh,
    loadSettings,
    loadPopularity,
    /** the documents pinned first for a normalized query */
    pinnedFor: (query: string) => bestBets.get(query) ?? [],
    /** the key of the document at this address, if it is indexed */
    keyOfUrl: (url: string) => byUrl.get(url),
    stats: () => ({ documents: engine.size, buildMs, lastSeq, built }),
  };
}
