/** Factories: a concluded service open for rating (what applications and appointments pass to `openRatable`); override any field. */
import type { RatableSubject } from '../../src/modules/ratings/index.js';

let seq = 0;

export function buildRatableSubject(o: Partial<RatableSubject> & Pick<RatableSubject, 'departmentId' | 'raterUserId'>): RatableSubject {
  const n = ++seq;
  const subjectRef = o.subjectRef ?? `SF20261201${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(4, '0')}`;
  return {
    kind: 'application',
    subjectRef,
    title: `食品经营许可证核发 — 受理编号 ${subjectRef}`,
    itemId: null,
    itemName: '食品经营许可',
    detailUrl: `/me/applications/${subjectRef}`,
    concludedAt: new Date(),
    ...o,
  };
}
