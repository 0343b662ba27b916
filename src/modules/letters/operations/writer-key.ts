/**
 * What opens a case to its writer: the tracking code and the query code together. Wrong guesses
 * are throttled per code and address, and per code.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Runner } from '../../../db/client.js';
import { NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { LockPolicy } from '../faces.js';
import type { LettersContext } from '../context.js';
import { QUERY_CODE, TRACKING_CODE } from '../model.js';
import * as repo from '../repo.js';

/** Both codes, and the address asking (for the guess limits). */
export interface WriterKey {
  trackingCode: string;
  queryCode: string;
  from: string;
}

// Guessing a query code: a wrong pair counts against that code from that address, and five in 15
// minutes lock it there for 15 minutes, as at sign-in. Tracking codes are public on published
// letters, so a lock for everyone would let anyone shut a writer out of their own case; only
// many failures from many addresses (50 in a day) close a code for everyone, for a day — by then
// a guesser has tried 50 of a million query codes.
const PER_ADDRESS: LockPolicy = { after: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
const PER_CODE: LockPolicy = { after: 50, windowSeconds: 86_400, lockSeconds: 86_400, message: () => t('letters.error.codesLocked') };

/** The writer's letter, if both codes match; each wrong pair is counted (in its own transaction). */
export async function forWriter(ctx: LettersContext, key: WriterKey, db: Runner = ctx.db) {
  const code = (key.trackingCode ?? '').trim().toUpperCase();
  const queryCode = (key.queryCode ?? '').trim();
  if (!TRACKING_CODE.test(code) || !QUERY_CODE.test(queryCode)) throw new NotFoundError(t('letters.error.codes'));
  const { credentials } = ctx.accounts;
  const here = `letter:${code}@${key.from}`;
  await credentials.assertNotLocked(`letter:${code}`, PER_CODE);
  await credentials.assertNotLocked(here, PER_ADDRESS);
  const letter = await repo.findByTrackingCode(db, code);
  const ok = letter && timingSafeEqual(Buffer.from(letter.queryCode), Buffer.from(queryCode.padEnd(6).slice(0, 6)));
  if (!letter || !ok) {
    await credentials.failed(here, PER_ADDRESS);
    await credentials.failed(`letter:${code}`, PER_CODE);
    throw new NotFoundError(t('letters.error.codes'));
  }
  await credentials.succeeded(here);
  return letter;
}
