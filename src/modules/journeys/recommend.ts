/**
 * Recommendations for the personal homepage, from what the person told us (citizen or
 * enterprise; what they follow) and what they did (guides viewed, items done). Each journey
 * gets points for every signal it shares with the person; the strongest signal is the reason
 * shown, so a recommendation is never a mystery.
 */
import { type MessageKey, t } from '../../lib/i18n/index.js';
import type { JourneyRow } from './repo.js';

export interface Signals {
  audience: 'citizen' | 'enterprise';
  /** item codes of guides viewed lately, with their names */
  viewedItems: Map<string, string>;
  /** item codes in the themes followed, with the theme's name */
  themeItems: Map<string, string>;
  /** department slugs followed, with their names */
  departments: Map<string, string>;
  doneItems: Set<string>;
  /** journeys already followed, started or finished: not recommended again */
  known: Set<number>;
}

interface Reason {
  points: number;
  key: MessageKey;
  name: string;
}

export function recommendJourneys(all: JourneyRow[], s: Signals, limit = 5) {
  const scored = all
    .filter((j) => j.audience === s.audience && !s.known.has(j.id))
    .map((j) => {
      const reasons: Reason[] = [];
      const codes = new Set(j.steps.flatMap((st) => st.items));
      const depts = new Set(j.steps.flatMap((st) => st.departments));
      for (const code of codes) {
        const viewed = s.viewedItems.get(code);
        if (viewed) reasons.push({ points: 3, key: 'journeys.why.viewed', name: viewed });
        const theme = s.themeItems.get(code);
        if (theme) reasons.push({ points: 2, key: 'journeys.why.theme', name: theme });
        if (s.doneItems.has(code)) reasons.push({ points: 1, key: 'journeys.why.done', name: '' });
      }
      for (const slug of depts) {
        const dept = s.departments.get(slug);
        if (dept) reasons.push({ points: 2, key: 'journeys.why.department', name: dept });
      }
      const points = reasons.reduce((n, r) => n + r.points, 0);
      const best = reasons.sort((a, b) => b.points - a.points)[0];
      return { journey: j, points, reason: best ? t(best.key, { name: best.name }) : '' };
    })
    .filter((x) => x.points > 0)
    .sort((a, b) => b.points - a.points || a.journey.sort - b.journey.sort);
  if (scored.length) return scored.slice(0, limit);
  // nothing to go on yet: the first journeys of the person's kind, as the portal orders them
  return all
    .filter((j) => j.audience === s.audience && !s.known.has(j.id))
    .slice(0, 3)
    .map((journey) => ({ journey, points: 0, reason: t('journeys.why.popular') }));
}
