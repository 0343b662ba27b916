/**
 * What a proposal gives the one search (kind `proposal`), once its reply is published as public:
 * the title and number, the authors and their 代表团/界别, the proposal and its reply; the main
 * handler is the department (search's organisation facet counts disclosure organisations, whose
 * ids are not departments', so it is left empty) and the session's year the year facet.
 */
import type { SearchDocInput } from './faces.js';
import { numberLabel } from './model.js';
import { kindLabel, proposalUrl } from './present.js';
import type { ProposalRow } from './repo.js';

export function proposalDoc(r: ProposalRow, departmentName: string): SearchDocInput {
  return {
    key: `proposal:${r.id}`,
    kind: 'proposal',
    refId: r.id,
    title: r.title,
    aliases: [`${r.year}年${kindLabel(r.kind)}${numberLabel(r.number)}`],
    keywords: [kindLabel(r.kind), `${r.year}年`, departmentName, ...r.authors.flatMap((a) => [a.name, a.group])].filter(Boolean),
    body: [r.content, r.replyBody ?? ''].join(' ').slice(0, 20_000),
    url: proposalUrl(r.id),
    departmentId: r.mainDepartmentId,
    departmentName,
    itemType: kindLabel(r.kind),
    year: r.year,
  };
}
