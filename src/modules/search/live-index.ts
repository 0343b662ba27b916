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
import { SNAPSHOT_FORMAT, readSnapshot, writeSnapshot } from './snapshot.js';

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

export interface LiveIndexOptions {
  /**
   * Write a snapshot once the index holds at least this many documents that the newest snapshot
   * lacks (and at least a twentieth of the index); 0 writes one after every build. Default 1,000:
   * below that a rebuild costs little. Checked after the build and every ~10 minutes (so a
   * catalogue loaded after start, as `serve --init` loads the demo, gets one at the next check).
   */
  snapshotMin?: number;
  /** load the newest snapshot at start (default true) */
  useSnapshot?: boolean;
  /** told how many documents the build has analysed so far, after every page (the snapshot command's progress) */
  onProgress?: (analysed: number) => void;
}

export interface IndexStats {
  documents: number;
  buildMs: number;
  lastSeq: number;
  built: boolean;
  /** how the index was built: from a snapshot (and how many documents were analysed on top), or from the documents */
  source: 'snapshot' | 'documents' | 'none';
  snapshotDocuments: number;
  analysedDocuments: number;
  snapshotLoadMs: number;
  /** counting every list's documents per group after the build or load */
  groupCountMs: number;
  snapshotBytes: number;
  lastSnapshotWrite: { documents: number; bytes: number; ms: number } | null;
}

export function createLiveIndex(db: Db, options: LiveIndexOptions = {}) {
  const snapshotMin = options.snapshotMin ?? 1000;
  const analyzer = new Analyzer(readStopWords());
  const engine = new SearchEngine(analyzer);
  let lastSeq = 0;
  /** seqs below lastSeq not seen yet, with when they were noticed */
  const holes = new Map<number, number>();
  let refreshing: Promise<void> | undefined;
  let again = false;
  let lastSweep = Date.now();
  let bestBets = new Map<string, string[]>();
  let buildMs = 0;
  /** the index holds every stored document (start() has finished its build) */
  let built = false;
  const info: Omit<IndexStats, 'documents' | 'buildMs' | 'lastSeq' | 'built'> = {
    source: 'none',
    snapshotDocuments: 0,
    analysedDocuments: 0,
    snapshotLoadMs: 0,
    groupCountMs: 0,
    snapshotBytes: 0,
    lastSnapshotWrite: null,
  };
  /** the seq of the newest snapshot this process loaded or wrote */
  let snapshotSeq = -1;
  let writing: Promise<void> | undefined;
  /** info.analysedDocuments when the last snapshot was written or checked for */
  let analysedAtCheck = 0;

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
        info.analysedDocuments++;
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

  /** Load the newest snapshot into the (empty) index; false when there is none or it cannot be read. */
  async function loadSnapshot(): Promise<boolean> {
    const started = Date.now();
    let snap: Awaited<ReturnType<typeof readSnapshot>>;
    try {
      snap = await readSnapshot(db);
    } catch {
      return false; // unreadable (a format or a crash mid-write): the documents are the truth
    }
    if (!snap) return false;
    analyzer.importLearnt(snap.learnt);
    engine.importState(snap.index);
    lastSeq = snap.seq;
    snapshotSeq = snap.seq;
    info.source = 'snapshot';
    info.snapshotDocuments = snap.documents;
    info.snapshotBytes = snap.bytes;
    info.snapshotLoadMs = Date.now() - started;
    return true;
  }

  /**
   * Write a snapshot of the index as it is now (in the background of a serving process): the
   * next process to start loads it instead of analysing every document again.
   */
  function saveSnapshot(): Promise<void> {
    writing ??= write().finally(() => {
      writing = undefined;
    });
    return writing;
  }

  async function write(): Promise<void> {
    const started = Date.now();
    analysedAtCheck = info.analysedDocuments;
    // a refresh advances lastSeq before it has indexed what it found: let it finish first
    while (refreshing) await refreshing.catch(() => {});
    // every seq up to here is in the index, except holes a slower transaction may still fill:
    // a process loading the snapshot reads again from below the first of them
    let seq = lastSeq;
    for (const h of holes.keys()) if (h - 1 < seq) seq = h - 1;
    const state = engine.exportState();
    const { bytes } = await writeSnapshot(db, { seq, index: state, learnt: analyzer.exportLearnt() }, state.meta.n);
    snapshotSeq = seq;
    info.lastSnapshotWrite = { documents: state.meta.n, bytes, ms: Date.now() - started };
  }

  /** Whether the index holds enough documents the newest snapshot lacks to be worth a new one. */
  async function snapshotDue(): Promise<boolean> {
    if (snapshotMin > 0 && engine.size < snapshotMin) return false;
    const latest = (await repo.latestSnapshot(db, SNAPSHOT_FORMAT))?.seq;
    if (latest !== undefined && latest > snapshotSeq) snapshotSeq = latest; // another process wrote one
    const behind = snapshotSeq < 0 ? engine.size : await repo.changedSince(db, snapshotSeq);
    return behind > 0 && behind >= Math.max(snapshotMin, engine.size / 20);
  }

  async function build() {
    const started = Date.now();
    // the snapshot first: the words its analyzer learnt (synonyms' among them) are then not
    // segmented and spelt in pinyin again when the synonyms are set
    const fromSnapshot = options.useSnapshot !== false && (await loadSnapshot());
    await loadSettings();
    if (!fromSnapshot) info.source = 'documents';
    for (;;) {
      const rows = await repo.documentsAfter(db, lastSeq, PAGE);
      if (!rows.length) break;
      await apply(rows);
      options.onProgress?.(info.analysedDocuments);
      // while building, a gap is an update or a rollback, not a transaction still running
      lastSeq = Math.max(lastSeq, ...rows.map((r) => r.seq));
    }
    // four bytes a posting from here on: the lists grown while building are frozen into one array
    engine.freeze();
    // every list's documents per group (services' IDF), so that no first query pays for it
    const counting = Date.now();
    engine.countGroups();
    info.groupCountMs = Date.now() - counting;
    await loadPopularity();
    // sorts the pinyin terms now rather than in the first pinyin query, but after "ready"
    setImmediate(() => engine.pinyinPrefix('a', 1));
    buildMs = Date.now() - started;
    built = true;
  }

  /** After a build (and now and then): write a snapshot when the newest one is far behind. */
  function maybeSnapshot(): Promise<void> {
    if (!built || writing) return writing ?? Promise.resolve();
    analysedAtCheck = info.analysedDocuments;
    writing = (async () => {
      if (await snapshotDue()) await write();
    })().finally(() => {
      writing = undefined;
    });
    return writing;
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
        // a catch-up that analysed many documents (a catalogue or a bulk import loaded after the
        // start, as `serve --init` loads the demo) leaves a snapshot at once, in the background,
        // rather than at the next ten-minute check: the next process to start loads it
        if (built && snapshotMin > 0 && info.analysedDocuments - analysedAtCheck >= snapshotMin) void maybeSnapshot().catch(() => {});
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
    /** the key of the document at this address, if it is indexed (a scan of a column of hashes: no map of a million addresses) */
    keyOfUrl: (url: string) => engine.keyOfUrl(url),
    maybeSnapshot,
    saveSnapshot,
    /** resolves when no snapshot is being written (a stopping process lets it finish) */
    whenWritten: async () => {
      while (writing) await writing.catch(() => {});
    },
    stats: (): IndexStats => ({ documents: engine.size, buildMs, lastSeq, built, ...info }),
  };
}
