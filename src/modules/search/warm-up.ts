/**
 * The warm-up of a large index after it is built or loaded (decision 0032). At a million documents
 * the first query of a fresh process costs 100–400 ms and the first hundred or so each several
 * times what they cost later: the engine's code is not yet compiled for the sizes it meets, not
 * any list structure (a CPU profile of the first round: 80–90 % in the scoring loops themselves).
 * Searches made up from the index's own documents and the queries people asked lately, run one
 * per turn of the event loop after "ready", leave the next citizen's first query at what a warm
 * process answers in, whatever its words.
 */
import { syllables } from './analyzer.js';

/** below this many documents a cold query costs a few milliseconds: nothing to warm */
export const WARM_UP_MIN_DOCUMENTS = 20_000;
/** how many documents the made-up searches come from */
export const WARM_UP_DOCUMENTS = 150;
/** at most this long in all, so a warm-up never competes with serving for long */
export const WARM_UP_MAX_MS = 20_000;

/** one search of a warm-up (a SearchParams: logged nowhere) */
export interface WarmUpSearch {
  q: string;
  limit: number;
  offset: number;
  noLog: true;
  kind?: string;
  year?: number;
  organisationId?: number;
}

interface SampledDoc {
  title: string;
  kind: string;
  year: number | null;
  organisationId: number | null;
}

/**
 * What a warm-up searches for: the recent queries first (what people ask), then, for each sampled
 * document, a few characters of its title (a word, a phrase, the whole name), some with the
 * filters its facets offer, some spelt in pinyin initials — the paths a real query mix takes.
 */
export function warmUpSearches(docs: readonly SampledDoc[], recent: readonly string[]): WarmUpSearch[] {
  const out: WarmUpSearch[] = recent.map((q) => ({ q, limit: 10, offset: 0, noLog: true as const }));
  docs.forEach((doc, i) => {
    const title = doc.title.replace(/\s+/g, '');
    if (title.length < 2) return;
    const base = { limit: 10, offset: 0, noLog: true } as const;
    const len = 2 + (i % 5);
    const mid = Math.max(0, Math.floor(title.length / 2) - 2);
    out.push({ ...base, q: title.slice(0, len) });
    out.push({ ...base, q: title.slice(mid, mid + 4) });
    if (title.length <= 24) out.push({ ...base, q: title });
    if (i % 3 === 0) out.push({ ...base, q: title.slice(mid, mid + 4), kind: doc.kind, ...(doc.year !== null ? { year: doc.year } : {}) });
    if (i % 4 === 0 && doc.organisationId !== null) out.push({ ...base, q: title.slice(0, 4), organisationId: doc.organisationId });
    if (i % 5 === 0) {
      const initials = syllables(title.slice(mid, mid + 3))
        .map((s) => s[0] ?? '')
        .join('');
      if (/^[a-z]{2,}$/.test(initials)) out.push({ ...base, q: initials });
    }
  });
  return out;
}
