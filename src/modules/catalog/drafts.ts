/**
 * The catalogue workflow's face: an editor drafts a change to one record (draft), sends it for
 * review (review), and a reviewer of the same department — someone other than the author —
 * publishes it (published) or sends it back with a note (rejected). The operations are in
 * operations/drafts.ts and operations/review.ts, the rules in policy.ts.
 */
import type { Database } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import type { AccountService } from '../accounts/index.js';
import type { NotifyService } from '../notify/index.js';
import type { DraftContext } from './drafts-context.js';
import type { DraftStatus } from './drafts-repo.js';
import * as drafting from './operations/drafts.js';
import * as review from './operations/review.js';
import { mayCreate } from './policy.js';
import { createSectionRegistry } from './section-registry.js';
import { EDITABLE_SECTIONS, type SectionSpec } from './sections.js';
import type { CatalogService } from './service.js';

export type { DraftInput } from './operations/drafts.js';
export type { DraftSection, SectionSpec } from './sections.js';

export function createDraftService(
  database: Database,
  deps: { catalog: CatalogService; notify: NotifyService; accounts: Pick<AccountService, 'contactsFor'> },
) {
  const sections = createSectionRegistry(database.db, deps.catalog);
  const ctx: DraftContext = { db: database.db, catalog: deps.catalog, notify: deps.notify, accounts: deps.accounts, sections };

  return {
    sections: () => EDITABLE_SECTIONS,
    /** Put another module's records under the workflow (see DraftSection). */
    register: sections.register,
    hasSection: sections.has,
    /** How a section's records are edited (its form fields). */
    spec: (s: string): SectionSpec => sections.spec(sections.check(s)),
    /** The sections listed together with this one (as tabs). */
    siblings: sections.siblings,
    /** May this person start a new record of the section? */
    mayCreate: (p: Principal, s: string) => mayCreate(p, s),

    editForm: (p: Principal, s: string, key: string | undefined) => drafting.editForm(ctx, p, s, key),
    save: (p: Principal, input: drafting.DraftInput) => drafting.saveDraft(ctx, p, input),
    get: (p: Principal, id: number) => drafting.getDraft(ctx, p, id),
    edit: (p: Principal, id: number) => drafting.editDraft(ctx, p, id),
    list: (p: Principal, f: { statuses?: DraftStatus[]; mine?: boolean; limit: number; offset: number }) => drafting.listDrafts(ctx, p, f),
    counts: (p: Principal) => drafting.draftCounts(ctx, p),
    versions: (p: Principal, s: string, key: string) => drafting.recordVersions(ctx, p, s, key),
    records: (p: Principal, s: string, q: { q?: string; limit: number; offset: number }) => drafting.sectionRecords(ctx, p, s, q),

    submit: (p: Principal, id: number, version: number) => review.submitDraft(ctx, p, id, version),
    withdraw: (p: Principal, id: number, version: number) => review.withdrawDraft(ctx, p, id, version),
    reject: (p: Principal, id: number, version: number, note: string) => review.rejectDraft(ctx, p, id, version, note),
    /** Publish a reviewed draft into the live catalogue, with its version and audit entry. */
    approve: (p: Principal, id: number, version: number, note: string) => review.approveDraft(ctx, p, id, version, note),
  };
}

export type DraftService = ReturnType<typeof createDraftService>;
