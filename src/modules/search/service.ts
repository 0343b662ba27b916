/**
 * Search's named operations. Every process holds the whole index in memory, built at start from
 * search_documents and kept current from the change bus (and a short poll, in case a notice is
 * lost): a change committed anywhere is searchable here within about a second.
 * Modules feed the index through `indexer`, inside their own transactions.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Runner } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import { cleanText } from '../../lib/text.js';
import { BadRequestError, NotFoundError } from '../../lib/errors.js';
import { t } from '../../web/i18n/index.js';
import { type Actor, SYSTEM, recordAudit } from '../audit/index.js';
import { type AnalyzedQuery, Analyzer, type SynonymEntry, normalize } from './analyzer.js';
import { type EngineResult, type Filters, type SearchDoc, SearchEngine } from './engine.js';
import * as repo from './repo.js';

export type { SearchDocInput } from './repo.js';

const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'data', 'search');
const PAGE = 5000;
/** documents indexed between two looks at the event loop while building */
const SLICE = 100;
const POLL_MS = 1000;
const FULL_SWEEP_MS = 10 * 60_000;
/** a gap in the seqs seen is watched this long: a transaction that drew its seqs earlier may still commit */
const HOLE_TTL_MS = 10 * 60_000;
const MAX_HOLES = 20_000;

export interface SearchParams {
  q: string;
  kind?: string;
  departmentId?: number;
  theme?: string;
  audience?: string;
  itemType?: string;
  limit: number;
  offset: number;
  /** search for exactly what was typed, without correcting it */
  exact?: boolean;
  /** do not write this query to the log (benchmarks, internal calls) */
  noLog?: boolean;
}

export interface SearchResult {
  query: string;
  total: number;
  tookMs: number;
  suggestion: string | null;
  facets: EngineResult['facets'];
  results: { kind: string; id: number; key: string; title: string; url: string; snippet: string; highlights: string[] }[];
}

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

/** The snippet: the part of the body around the first word that matched, about `width` characters. */
export function makeSnippet(body: string, highlights: string[], width = 90): string {
  const text = body.replace(/\s+/g, ' ').trim();
  if (text.length <= width) return text;
  let at = -1;
  for (const h of highlights) {
    if (h.length < 2 && highlights.length > 1) continue;
    const i = text.indexOf(h);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return `${text.slice(0, width)}…`;
  const start = Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

export function createSearchService(database: Database, changes: ChangeBus) {
  const { db } = database;
  const analyzer = new Analyzer(readStopWords());
  const engine = new SearchEngine(analyzer);
  let lastSeq = 0;
  /** seqs below lastSeq not seen yet, with when they were noticed */
  const holes = new Map<number, number>();
  let ready: Promise<void> | undefined;
  let refreshing: Promise<void> | undefined;
  let again = false;
  let lastSweep = Date.now();
  let bestBets = new Map<string, string[]>();
  const pendingQueries: { query: string; results: number }[] = [];
  const pendingClicks: { query: string; docKey: string }[] = [];
  const byUrl = new Map<string, string>();
  const timers: NodeJS.Timeout[] = [];
  let hotCache: { at: number; terms: string[] } | undefined;

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

  /** The synonym dictionary; a new portal starts with the one shipped with Yimen, which operators edit from there. */
  async function synonymRows() {
    const rows = await repo.listSynonyms(db);
    if (rows.length) return rows;
    await repo.replaceSynonyms(db, readDefaultSynonyms().map((e) => ({ terms: e.terms, targets: e.targets ?? null })));
    return repo.listSynonyms(db);
  }

  async function loadSettings() {
    const synonyms = await synonymRows();
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
  let buildMs = 0;
  /** the index holds every stored document (start() has finished its build) */
  let built = false;

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

  async function flushLogs() {
    const q = pendingQueries.splice(0);
    const c = pendingClicks.splice(0);
    try {
      if (q.length) await repo.insertQueries(db, q);
      if (c.length) await repo.insertClicks(db, c);
    } catch {
      // logs are statistics: a failed flush is dropped rather than retried forever
    }
  }

  const service = {
    /** Build the index and start following changes. Safe to call more than once. */
    start(options: { follow?: boolean } = {}): Promise<void> {
      ready ??= (async () => {
        await build();
        changes.subscribe('search', () => void refresh().catch(() => {}));
        changes.subscribe('catalog', () => void refresh().catch(() => {}));
        changes.subscribe('search-settings', () => void loadSettings().catch(() => {}));
        if (options.follow !== false) {
          timers.push(setInterval(() => void refresh().catch(() => {}), POLL_MS));
          timers.push(setInterval(() => void flushLogs(), 5000));
          timers.push(setInterval(() => void loadPopularity().catch(() => {}), 60_000));
          for (const t of timers) t.unref();
        }
      })();
      return ready;
    },

    /**
     * Resolves once the index is built (at once when nobody started building it): what must not
     * search a half-built index awaits it — `yimen serve` builds the index while it listens.
     */
    whenReady(): Promise<void> {
      return ready ?? Promise.resolve();
    },

    /** Search documents stored in the database (the in-memory index may not hold them yet). */
    storedDocuments: () => repo.countDocuments(db),

    async stop() {
      for (const t of timers) clearInterval(t);
      await flushLogs();
    },

    stats() {
      return { documents: engine.size, buildMs, lastSeq, built };
    },

    /** Feed the index from a module's transaction; publish 'search' after the commit. */
    indexer: {
      upsert: (tx: Runner, docs: repo.SearchDocInput[]) => repo.upsertDocuments(tx, docs),
      remove: (tx: Runner, keys: string[]) => repo.removeDocuments(tx, keys),
      /** remove the documents of `kind` belonging to `refIds` that are not in `keep` */
      removeStale: (tx: Runner, kind: string, refIds: number[], keep: string[]) => repo.removeStale(tx, kind, refIds, keep),
      /** the keys of the live documents of a kind (for a module's full re-index) */
      keysOfKind: (tx: Runner, kind: string) => repo.keysOfKind(tx, kind),
    },

    refresh,

    analyze(q: string, exact = false): AnalyzedQuery {
      return analyzer.analyzeQuery(q, {
        known: (term) => engine.has(term),
        pinyinPrefix: (p) => engine.pinyinPrefix(p),
        correct: !exact,
      });
    },

    search(params: SearchParams): SearchResult {
      const started = performance.now();
      const q = cleanText(params.q, { max: 200 });
      const analyzed = service.analyze(q, params.exact);
      const filters: Filters = {
        kind: params.kind,
        departmentId: params.departmentId,
        theme: params.theme,
        audience: params.audience,
        itemType: params.itemType,
      };
      const key = analyzed.normalized.replace(/ /g, '');
      const pinned = bestBets.get(key) ?? [];
      const result = analyzed.concepts.length
        ? engine.search(analyzed, filters, params.limit, params.offset, pinned)
        : { total: 0, hits: [], facets: { kind: [], department: [], theme: [], audience: [], type: [] } };
      if (!params.noLog && key) pendingQueries.push({ query: key.slice(0, 64), results: result.total });
      return {
        query: q,
        total: result.total,
        tookMs: Math.round((performance.now() - started) * 100) / 100,
        suggestion: analyzed.corrected,
        facets: result.facets,
        results: result.hits.map(({ doc }) => ({
          kind: doc.kind,
          id: doc.refId,
          key: doc.key,
          title: doc.title,
          url: doc.url,
          snippet: makeSnippet(doc.snippet, analyzed.highlight),
          highlights: analyzed.highlight,
        })),
      };
    },

    suggest(prefix: string, limit = 8) {
      const p = cleanText(prefix, { max: 30 });
      if (!p) return [];
      const found = engine.suggest(p, limit).map((s) => ({ text: s.text, title: s.doc.title, kind: s.doc.kind, url: s.doc.url }));
      return found;
    },

    /** A result was opened from a search: count it for ranking. */
    recordClick(query: string, url: string) {
      const key = byUrl.get(url);
      const q = normalize(cleanText(query, { max: 64 })).replace(/ /g, '');
      if (key && q) pendingClicks.push({ query: q, docKey: key });
    },

    async flushLogs() {
      await flushLogs();
      hotCache = undefined;
    },

    reloadPopularity: loadPopularity,

    async hotTerms(limit = 8): Promise<string[]> {
      if (hotCache && Date.now() - hotCache.at < 60_000) return hotCache.terms.slice(0, limit);
      const terms = (await repo.topQueries(db, 7, 20, false)).filter((t) => t.count >= 2).map((t) => t.query);
      hotCache = { at: Date.now(), terms };
      return terms.slice(0, limit);
    },

    async topQueries(days = 30, limit = 30) {
      return repo.topQueries(db, days, limit, false);
    },

    async zeroResultQueries(days = 30, limit = 100) {
      return repo.topQueries(db, days, limit, true);
    },

    listSynonyms: synonymRows,

    async replaceSynonyms(entries: SynonymEntry[]) {
      await repo.replaceSynonyms(db, entries.map((e) => ({ terms: e.terms, targets: e.targets?.length ? e.targets : null })));
      await loadSettings();
      await changes.publish('search-settings');
    },

    /** Add one synonym entry (an operator in the back office); returns it with its id. */
    async addSynonym(entry: SynonymEntry, actor: Actor = SYSTEM) {
      const clean = (list: string[] | null | undefined) => [...new Set((list ?? []).map((s) => cleanText(s, { max: 40 })).filter(Boolean))];
      const terms = clean(entry.terms);
      const targets = clean(entry.targets);
      if (terms.length + targets.length < 2 || terms.length < 1) throw new BadRequestError(t('searchAdmin.synonymTooFew'));
      if (terms.length + targets.length > 30) throw new BadRequestError(t('searchAdmin.synonymTooMany'));
      await synonymRows();
      const row = await db.transaction(async (tx) => {
        const inserted = await repo.insertSynonym(tx, { terms, targets: targets.length ? targets : null });
        await recordAudit(tx, actor, [{ action: 'search.synonym.add', entity: 'synonym', entityId: inserted?.id ?? 0, after: { terms, targets } }]);
        return inserted;
      });
      await loadSettings();
      await changes.publish('search-settings');
      return row;
    },

    async removeSynonym(id: number, actor: Actor = SYSTEM) {
      const removed = await db.transaction(async (tx) => {
        const row = await repo.deleteSynonym(tx, id);
        if (row) await recordAudit(tx, actor, [{ action: 'search.synonym.remove', entity: 'synonym', entityId: id, before: { terms: row.terms, targets: row.targets } }]);
        return row;
      });
      if (!removed) throw new NotFoundError(t('searchAdmin.synonymNotFound'));
      await loadSettings();
      await changes.publish('search-settings');
    },

    async listBestBets() {
      const rows = await repo.listBestBets(db);
      const byQuery = new Map<string, string[]>();
      for (const r of rows) byQuery.set(r.query, [...(byQuery.get(r.query) ?? []), r.docKey]);
      return [...byQuery].map(([query, docKeys]) => ({ query, docKeys }));
    },

    async setBestBets(query: string, docKeys: string[], actor: Actor = SYSTEM) {
      const key = normalize(query).replace(/ /g, '');
      if (!key || key.length > 40) throw new BadRequestError(t('searchAdmin.badQuery'));
      if (docKeys.length > 10 || docKeys.some((k) => !/^[a-z]+:\d+(:\d+)?$/.test(k))) throw new BadRequestError(t('searchAdmin.badDocKey'));
      await db.transaction(async (tx) => {
        await repo.replaceBestBets(tx, key, docKeys);
        await recordAudit(tx, actor, [{ action: 'search.bestBet', entity: 'bestBet', entityId: key, after: { docKeys } }]);
      });
      await loadSettings();
      await changes.publish('search-settings');
    },
  };
  return service;
}

export type SearchService = ReturnType<typeof createSearchService>;
