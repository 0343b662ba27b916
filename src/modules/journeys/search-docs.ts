/** What a journey gives the search index: its title, everyday words, summary and the steps it walks through. */
import type { SearchDocInput } from '../search/index.js';
import { journeyUrl } from './present.js';
import type { JourneyRow } from './repo.js';

export function journeyDoc(j: JourneyRow): SearchDocInput {
  return {
    key: `journey:${j.id}`,
    kind: 'journey',
    refId: j.id,
    title: j.title,
    keywords: [...j.keywords, j.domain, ...j.steps.map((s) => s.title)],
    body: [j.summary, ...j.steps.map((s) => s.body)].join(' '),
    url: journeyUrl(j.slug),
    audiences: [j.audience],
  };
}
