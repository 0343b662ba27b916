/**
 * The reader's display preferences for the request being served: 长辈版 (care mode, with its
 * text size) and 繁體 (traditional characters). They come from cookies set by the header
 * switches (src/web/switches.ts) and are read by the layouts, the message catalogue and the
 * page cache, which keeps one copy of a page per combination.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type CareSize = '' | 'l' | 'xl';

export interface Prefs {
  /** '' standard; 'l' 长辈版 大字; 'xl' 长辈版 特大字 */
  care: CareSize;
  /** show traditional characters (zh-Hant) */
  hant: boolean;
  /** the page being shown (path and query), where a switch returns to */
  here: string;
}

export const CARE_COOKIE = 'yimen_care';
export const LANG_COOKIE = 'yimen_lang';

const DEFAULT: Prefs = Object.freeze({ care: '', hant: false, here: '/' }) as Prefs;
const store = new AsyncLocalStorage<Prefs>();

/** The preferences of the request being served (the defaults outside a request). */
export const prefs = (): Prefs => store.getStore() ?? DEFAULT;

/** Run `fn` (the rest of a request) with these preferences. */
export const withPrefs = <T>(p: Prefs, fn: () => T): T => store.run(p, fn);

/** A prefix that keeps cached pages of each display variant apart ('' for the default one). */
export function variantKey(): string {
  const p = prefs();
  return p.care || p.hant ? `${p.care}|${p.hant ? 'hant' : ''}|` : '';
}

/** Read the two preference cookies from a Cookie header without parsing every cookie. */
export function prefsFromCookies(header: string | undefined, here: string): Prefs {
  if (!header || (!header.includes(CARE_COOKIE) && !header.includes(LANG_COOKIE))) return { care: '', hant: false, here };
  const care = /(?:^|;\s*)yimen_care=(l|xl)(?:;|$)/.exec(header)?.[1] as CareSize | undefined;
  const hant = /(?:^|;\s*)yimen_lang=hant(?:;|$)/.test(header);
  return { care: care ?? '', hant, here };
}
