/**
 * Search's face: searching and suggesting over the live index (live-index.ts), the query and
 * click logs that feed ranking, the indexer modules feed documents through inside their own
 * transactions, and the settings operations (operations/settings.ts).
 */
import type { Database, Runner } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { Principal } from '../../lib/principal.js';
import { useRecent } from '../../lib/recently-used.js';
import { cleanText } from '../../lib/text.js';
import type { Actor } from '../audit/index.js';
import { type AnalyzedQuery, type SynonymEntry, normalize } from './analyzer.js';
import type { SearchContext } from './context.js';
import { type EngineResult, type Filters, NO_FACETS, type Validity } from './engine.js';
import { BULK_KINDS, SNIPPET_SOURCE } from './inverted-index.js';
import { type LiveIndexOptions, createLiveIndex } from './live-index.js';
import * as settings from './operations/settings.js';
import * as repo from './repo.js';
import { WARM_UP_DOCUMENTS, WARM_UP_MAX_MS, WARM_UP_MIN_DOCUMENTS, warmUpSearches } from './warm-up.js';

export type { SearchDocInput } from './repo.js';
/** The bulk path: many documents in one statement per batch (a seed of a million articles). */
export { bulkUpsertDocuments as bulkIndexDocuments } from './repo.js';
export { readDefaultSynonyms, readStopWords } from './live-index.js';

const POLL_MS = 1000;

export interface SearchParams {
  q: string;
  kind?: string;
  departmentId?: number;
  theme?: string;
  audience?: string;
  itemType?: string;
  /** the publishing organisation, the year, the validity (published documents) */
  organisationId?: number;
  year?: number;
  validity?: Validity;
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
  /** total and facet counts estimated: a very common word was capped (decision 0021) */
  estimated?: boolean;
  tookMs: number;
  suggestion: string | null;
  facets: EngineResult['facets'];
  results: {
    kind: string;
    id: number;
    key: string;
    title: string;
    url: string;
    snippet: string;
    highlights: string[];
    /** set for documents that have them (articles, 解读, gazette documents, proposals) */
    validity?: Validity;
    year?: number;
    organisation?: { id: number; name: string };
  }[];
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

/** How often a serving process looks whether the newest snapshot is far enough behind to write a new one. */
const SNAPSHOT_CHECK_MS = 10 * 60_000;
/**
 * How many published documents' snippet sources (the start of the body, read from the database
 * for the results shown) are kept, the most recently shown last: ~8 MB. A popular answer's
 * snippets then cost no round trip; a document's new version has a new seq, so it is read again.
 */
const SNIPPET_CACHE = 20_000;

export function createSearchService(database: Database, changes: ChangeBus, options: LiveIndexOptions = {}) {
  const { db } = database;
  const live = createLiveIndex(db, options);
  const { analyzer, engine, refresh } = live;
  const ctx: SearchContext = { db, changes, reloadSettings: live.loadSettings };
  let ready: Promise<void> | undefined;
  const pendingQueries: { query: string; results: number }[] = [];
  const pendingClicks: { query: string; docKey: string }[] = [];
  const timers: NodeJS.Timeout[] = [];
  let hotCache: { at: number; terms: string[] } | undefined;
  let snapshotting: Promise<void> | undefined;
  let warming: Promise<void> | undefined;
  let warmed: { searches: number; ms: number } | null = null;
  let stopped = false;
  /** `key seq` → the body's first SNIPPET_SOURCE characters */
  const snippetSources = new Map<string, string>();

  /**
   * Search for what people asked lately and for words of the index's own documents, one search per
   * turn of the event loop (requests are served in between), at most WARM_UP_MAX_MS in all.
   */
  async function warmUp(): Promise<void> {
    const started = performance.now();
    const recent = await repo
      .topQueries(db, 30, 100, false)
      .then((rows) => rows.map((r) => r.query))
      .catch(() => []);
    const searches = warmUpSearches(engine.sample(WARM_UP_DOCUMENTS), recent);
    let done = 0;
    for (const params of searches) {
      if (stopped || performance.now() - started > WARM_UP_MAX_MS) break;
      await new Promise((resolve) => setImmediate(resolve));
      service.search(params);
      done++;
    }
    warmed = { searches: done, ms: Math.round(performance.now() - started) };
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
        await live.build();
        changes.subscribe('search', () => void refresh().catch(() => {}));
        changes.subscribe('catalog', () => void refresh().catch(() => {}));
        changes.subscribe('search-settings', () => void live.loadSettings().catch(() => {}));
        if (options.follow !== false) {
          timers.push(setInterval(() => void refresh().catch(() => {}), POLL_MS));
          timers.push(setInterval(() => void flushLogs(), 5000));
          timers.push(setInterval(() => void live.loadPopularity().catch(() => {}), 60_000));
          timers.push(setInterval(() => void live.maybeSnapshot().catch(() => {}), SNAPSHOT_CHECK_MS + Math.floor(Math.random() * 60_000)));
          for (const t of timers) t.unref();
          // the first process to build a large index leaves a snapshot for the next one to start from
          snapshotting = live.maybeSnapshot().catch(() => {});
          if (engine.size >= WARM_UP_MIN_DOCUMENTS) warming = warmUp().catch(() => {});
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
      stopped = true;
      for (const t of timers) clearInterval(t);
      await warming;
      await snapshotting;
      await live.whenWritten();
      await flushLogs();
    },

    /** Write a snapshot of this process's index now (the bulk seed and the benchmark do, after loading). */
    saveSnapshot: () => live.saveSnapshot(),

    /** how the index was built, and its warm-up (null until one has run) */
    stats: () => ({ ...live.stats(), warmUp: warmed }),

    /** Warm a large index up now (start() does, in the background, above WARM_UP_MIN_DOCUMENTS documents). */
    warmUp: () => (warming ??= warmUp()),

    /** Feed the index from a module's transaction; publish 'search' after the commit. */
    indexer: {
      upsert: (tx: Runner, docs: repo.SearchDocInput[]) => repo.upsertDocuments(tx, docs),
      remove: (tx: Runner, keys: string[]) => repo.removeDocuments(tx, keys),
      /** remove the documents of `kind` belonging to `refIds` that are not in `keep` */
      removeStale: (tx: Runner, kind: string, refIds: number[], keep: string[]) => repo.removeStale(tx, kind, refIds, keep),
      /** many documents at once (a seed of a million articles); publish 'search' after the commit */
      bulkUpsert: (tx: Runner, docs: repo.SearchDocInput[]) => repo.bulkUpsertDocuments(tx, docs),
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
        organisationId: params.organisationId,
        year: params.year,
        validity: params.validity,
      };
      const key = analyzed.normalized.replace(/ /g, '');
      const pinned = live.pinnedFor(key);
      const result = analyzed.concepts.length
        ? engine.search(analyzed, filters, params.limit, params.offset, pinned)
        : { total: 0, hits: [], facets: NO_FACETS };
      if (!params.noLog && key) pendingQueries.push({ query: key.slice(0, 64), results: result.total });
      return {
        query: q,
        total: result.total,
        ...('estimated' in result && result.estimated ? { estimated: true } : {}),
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
          ...(doc.validity ? { validity: doc.validity } : {}),
          ...(doc.year !== null ? { year: doc.year } : {}),
          ...(doc.organisationId !== null ? { organisation: { id: doc.organisationId, name: engine.organisationName(doc.organisationId) } } : {}),
        })),
      };
    },

    /**
     * Published documents keep no snippet in memory (decision 0021): read the start of their
     * bodies for the results shown, in one query, and make their snippets as search() makes the others'.
     */
    async withSnippets(result: SearchResult): Promise<SearchResult> {
      const missing = result.results.filter((r) => !r.snippet && BULK_KINDS.has(r.kind));
      if (!missing.length) return result;
      // each result's cache key (its version) is taken before the read: a body read after a newer
      // version is indexed is never kept under the newer version's key
      const toRead: { r: (typeof missing)[number]; k: string }[] = [];
      for (const r of missing) {
        const k = `${r.key} ${engine.seqOf(r.key) ?? ''}`;
        const source = useRecent(snippetSources, k);
        if (source === undefined) {
          toRead.push({ r, k });
          continue;
        }
        r.snippet = makeSnippet(source, r.highlights);
      }
      if (!toRead.length) return result;
      const bodies = await repo.snippetSources(db, toRead.map((x) => x.r.key), SNIPPET_SOURCE);
      for (const { r, k } of toRead) {
        const source = bodies.get(r.key);
        r.snippet = makeSnippet(source ?? '', r.highlights);
        if (source !== undefined) snippetSources.set(k, source);
      }
      while (snippetSources.size > SNIPPET_CACHE) snippetSources.delete(snippetSources.keys().next().value as string);
      return result;
    },

    /** search(), with the snippets of every result shown: what pages and the API answer with. */
    async searchShown(params: SearchParams): Promise<SearchResult> {
      return service.withSnippets(service.search(params));
    },

    suggest(prefix: string, limit = 8) {
      const p = cleanText(prefix, { max: 30 });
      if (!p) return [];
      return engine.suggest(p, limit).map((s) => ({ text: s.text, title: s.doc.title, kind: s.doc.kind, url: s.doc.url }));
    },

    /** A result was opened from a search: count it for ranking. */
    recordClick(query: string, url: string) {
      const key = live.keyOfUrl(url);
      const q = normalize(cleanText(query, { max: 64 })).replace(/ /g, '');
      if (key && q) pendingClicks.push({ query: q, docKey: key });
    },

    async flushLogs() {
      await flushLogs();
      hotCache = undefined;
    },

    reloadPopularity: live.loadPopularity,

    async hotTerms(limit = 8): Promise<string[]> {
      if (hotCache && Date.now() - hotCache.at < 60_000) return hotCache.terms.slice(0, limit);
      const terms = (await repo.topQueries(db, 7, 20, false)).filter((t) => t.count >= 2).map((t) => t.query);
      hotCache = { at: Date.now(), terms };
      return terms.slice(0, limit);
    },

    topQueries: (days?: number, limit?: number) => settings.topQueries(ctx, days, limit),
    zeroResultQueries: (days?: number, limit?: number) => settings.zeroResultQueries(ctx, days, limit),
    listSynonyms: () => settings.listSynonyms(ctx),
    replaceSynonyms: (entries: SynonymEntry[]) => settings.replaceSynonyms(ctx, entries),
    /** Add one synonym entry (the system or the CLI); returns it with its id. */
    addSynonym: (entry: SynonymEntry, actor?: Actor) => settings.saveSynonym(ctx, entry, actor),
    removeSynonym: (id: number, actor?: Actor) => settings.deleteSynonym(ctx, id, actor),
    listBestBets: () => settings.listBestBets(ctx),
    setBestBets: (query: string, docKeys: string[], actor?: Actor) => settings.pinBestBets(ctx, query, docKeys, actor),

    /** The back office's settings operations, each guarded with `search.manage`. */
    manage: {
      settings: (p: Principal) => settings.searchSettings(ctx, p),
      addSynonym: (p: Principal, entry: SynonymEntry) => settings.addSynonym(ctx, p, entry),
      removeSynonym: (p: Principal, id: number | undefined) => settings.removeSynonym(ctx, p, id),
      setBestBets: (p: Principal, input: { query: string; docKeys: string[] }) => settings.setBestBets(ctx, p, input),
    },
  };
  return service;
}

export type SearchService = ReturnType<typeof createSearchService>;

/**
 * Build the index from search_documents in this process and write it as a snapshot (`yimen search
 * snapshot`, run after a bulk import): every serving process then starts from it instead of
 * analysing a million documents itself. Starts from the newest snapshot and analyses only what it
 * lacks, unless `rebuild`; writes nothing when that snapshot is already complete, unless `force`.
 */
export async function writeIndexSnapshot(
  database: Database,
  options: { rebuild?: boolean; force?: boolean; onProgress?: (analysed: number, total: number) => void } = {},
): Promise<{ stats: ReturnType<ReturnType<typeof createLiveIndex>['stats']>; written: boolean; postings: { terms: number; postings: number; bytes: number } }> {
  const total = await repo.countDocuments(database.db);
  const live = createLiveIndex(database.db, { useSnapshot: !options.rebuild, snapshotMin: 0, onProgress: (n) => options.onProgress?.(n, total) });
  await live.build();
  const upToDate = !options.force && live.stats().source === 'snapshot' && live.stats().analysedDocuments === 0;
  if (!upToDate) await live.saveSnapshot();
  return { stats: live.stats(), written: !upToDate, postings: live.engine.postingStats() };
}
