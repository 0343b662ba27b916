/** The first draft of the narrative parts, written from the figures; staff edit it before publication. */
import { t } from '../../lib/i18n/index.js';
import type { ReportFigures, Section } from './model.js';

export function draftSections(orgName: string, f: ReportFigures): Record<Section, string> {
  const r = f.requests.rows;
  const withheld = Object.entries(r)
    .filter(([k]) => k.startsWith('withheld.'))
    .reduce((n, [, v]) => n + v.total, 0);
  return {
    overview: t('reports.draft.overview', {
      year: f.active.year,
      org: orgName,
      published: f.active.published,
      normative: f.active.normative.made,
      policy: f.active.policy.made,
      received: r.newReceived.total,
      carried: r.carriedIn.total,
      handled: r.handled.total,
      disclosed: r.disclosed.total,
      partly: r.partlyDisclosed.total,
      withheld,
      out: r.carriedOut.total,
    }),
    problems: t('reports.draft.problems'),
    other: t('reports.draft.other', { yuan: f.requests.feeYuan, n: f.requests.feeCharged }),
  };
}
