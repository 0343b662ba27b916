/**
 * Opening a subject for rating: called by the module that concluded the service (applications
 * when a case is 办结, appointments when a service is done), inside that module's transaction,
 * so the subject exists exactly when the conclusion does. Idempotent per kind + subjectRef.
 */
import type { Tx } from '../../../db/client.js';
import { BadRequestError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { cleanText } from '../../../lib/text.js';
import type { RatingsContext } from '../context.js';
import type { Actor } from '../faces.js';
import { KINDS, LIMITS } from '../model.js';
import * as repo from '../repo.js';

export const SYSTEM: Actor = { id: 'system', name: '系统' };

/** The contract with applications and appointments (docs/decisions/0018-ratings.md). */
export interface RatableSubject {
  kind: 'application' | 'booking';
  /** the 受理编号 / booking code */
  subjectRef: string;
  /** e.g. 食品经营许可证核发 — 受理编号 … */
  title: string;
  itemId: number | null;
  itemName: string | null;
  departmentId: number;
  /** who may rate */
  raterUserId: number;
  /** where the rater sees the case (/me/applications/<no>) */
  detailUrl: string;
  concludedAt: Date;
}

const positive = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647;

/** A subject as the caller gave it, checked: a caller's bug is a clear 400, never a broken row. */
export function checkSubject(s: RatableSubject): RatableSubject {
  const bad = (detail: string) => new BadRequestError(t('ratings.error.subject', { detail }), 'bad_subject');
  if (!(KINDS as readonly string[]).includes(s.kind)) throw bad('kind');
  const subjectRef = cleanText(String(s.subjectRef ?? ''));
  if (!subjectRef || subjectRef.length > LIMITS.subjectRefMax || /[/?#\s]/.test(subjectRef)) throw bad('subjectRef');
  const title = cleanText(String(s.title ?? ''), { max: 300 });
  if (!title) throw bad('title');
  if (!positive(s.departmentId)) throw bad('departmentId');
  if (!positive(s.raterUserId)) throw bad('raterUserId');
  if (s.itemId !== null && !positive(s.itemId)) throw bad('itemId');
  if (typeof s.detailUrl !== 'string' || !/^\/(?![/\\])[\x21-\x7e]{0,299}$/.test(s.detailUrl)) throw bad('detailUrl');
  if (!(s.concludedAt instanceof Date) || Number.isNaN(s.concludedAt.getTime())) throw bad('concludedAt');
  return { ...s, subjectRef, title, itemName: s.itemName ? cleanText(s.itemName, { max: 300 }) : null };
}

/** Open the subject for rating; a second call for the same kind + subjectRef changes nothing. */
export async function openRatable(ctx: RatingsContext, tx: Tx, subject: RatableSubject): Promise<void> {
  const s = checkSubject(subject);
  const row = await repo.insertRatable(tx, {
    kind: s.kind,
    subjectRef: s.subjectRef,
    title: s.title,
    itemId: s.itemId,
    itemName: s.itemName,
    departmentId: s.departmentId,
    raterUserId: s.raterUserId,
    detailUrl: s.detailUrl,
    concludedAt: s.concludedAt,
  });
  if (!row) return;
  await ctx.audit.record(tx, SYSTEM, [
    { action: 'ratable.opened', entity: 'ratable', entityId: `${row.kind}:${row.subjectRef}`, after: { itemId: row.itemId, concludedAt: row.concludedAt }, departmentId: row.departmentId },
  ]);
}
