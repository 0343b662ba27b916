/**
 * The writer's side of letters for a signed-in person: the letters they wrote while signed in
 * (the "things I started" of the personal space) and each one's case page, opened by their
 * session instead of the two codes. Anyone else's letter, or a letter written without signing
 * in, is "not found".
 */
import type { Database } from '../../db/client.js';
import { NotFoundError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { isStaff, type Principal } from '../../lib/principal.js';
import type { StartedProvider } from './faces.js';
import { TRACKING_CODE } from './model.js';
import * as repo from './repo.js';
import type { LetterService } from './service.js';
import { startedEntry } from './present.js';

export function createMyLetters(database: Database, deps: { letters: LetterService }) {
  const { db } = database;
  const notFound = () => new NotFoundError(t('letters.error.notFound'));

  /** The person's letters, newest first (staff write none of their own here). */
  async function list(p: Principal, page: { limit: number; offset: number }) {
    if (isStaff(p)) return { total: 0, rows: [] };
    return repo.lettersOfAccount(db, p.userId, page.limit, page.offset);
  }

  return {
    list,

    /** One of the person's letters as its writer sees it, and its query code for the writer's actions. */
    async open(p: Principal, trackingCode: string, from: string) {
      const code = trackingCode.trim().toUpperCase();
      if (isStaff(p) || !TRACKING_CODE.test(code)) throw notFound();
      const letter = await repo.findByTrackingCode(db, code);
      if (!letter || letter.accountId !== p.userId) throw notFound();
      return { view: await deps.letters.track({ trackingCode: code, queryCode: letter.queryCode, from }), queryCode: letter.queryCode };
    },

    /** For the personal space's list of what the person started. */
    provider: {
      kind: 'letters',
      label: t('me.letters'),
      href: '/me/letters',
      async list(p, page) {
        const { total, rows } = await list(p, page);
        return {
          total,
          entries: rows.map(startedEntry),
        };
      },
    } satisfies StartedProvider,
  };
}

export type MyLetters = ReturnType<typeof createMyLetters>;
