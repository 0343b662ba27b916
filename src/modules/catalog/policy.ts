/**
 * Who may do what with the catalogue's drafts and records. Deny by default; a record or draft
 * of another department — or any of them without a catalogue role — is "not found", exactly as
 * one that does not exist. Operations guard with these; views read the abilities.
 */
import { NotFoundError } from '../../lib/errors.js';
import { type Principal, can, isPortalWide, requireDepartment, requirePermission } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';
import type { DraftRow, DraftStatus } from './drafts-repo.js';

/** Drafts still being worked on. */
export const OPEN_STATUSES: DraftStatus[] = ['draft', 'review', 'rejected'];

type Contributed = Pick<DraftRow, 'authorId' | 'contributorIds'>;

export const draftNotFound = () => new NotFoundError(t('draft.notFound'));

/** Everyone who has worked on the draft, its author included (drafts from before contributors were kept name only the author). */
export const contributorsOf = (d: Contributed): number[] => [...new Set([d.authorId, ...(d.contributorIds ?? [])])];

/** The draft with this person among its contributors (the order kept: the first one is the author). */
export const withContributor = (d: Contributed, userId: number) => [...new Set([...contributorsOf(d), userId])];

/**
 * Four eyes: nobody who created, edited or submitted any version of a draft may publish or send
 * it back. The system administrator may publish a draft that is his alone (a small deployment may
 * have no one else), never one he changed after someone else wrote it.
 */
export function mayReview(p: Principal, d: Contributed): boolean {
  const contributors = contributorsOf(d);
  if (!contributors.includes(p.userId)) return true;
  return p.role === 'admin' && contributors.length === 1;
}

/** Anyone without a catalogue role sees no draft and no record: "not found". */
export function requireCatalogView(p: Principal) {
  if (!can(p, 'catalog.view')) throw draftNotFound();
}

/** May this person change records owned by this department (null: portal-wide)? Throws "not found" otherwise. */
export function requireScope(p: Principal, owner: number | null) {
  if (owner === null) {
    if (!can(p, 'catalog.portal')) throw draftNotFound();
    return;
  }
  requireDepartment(p, owner, t('draft.notFound'));
}

/** May this person start a new record of the section? (Items belong to a department; the rest are portal-wide.) */
export const mayCreate = (p: Principal, section: string) => can(p, 'catalog.edit') && (section === 'items' || can(p, 'catalog.portal'));

/** Guard a new record: `catalog.edit`, and `catalog.portal` for anything but an item. */
export function requireCreate(p: Principal, section: string) {
  requirePermission(p, 'catalog.edit');
  if (section !== 'items') requirePermission(p, 'catalog.portal');
}

/** A record owned by a department other than the person's own (portal-wide roles reach all). */
export const outsideDepartment = (p: Principal, owner: number | null) => owner !== null && !isPortalWide(p) && owner !== p.departmentId;

/** What a person may do with a draft they can see. */
export function draftAbilities(p: Principal, d: Pick<DraftRow, 'status' | 'authorId' | 'contributorIds'>) {
  return {
    canEdit: can(p, 'catalog.edit') && ['draft', 'rejected'].includes(d.status),
    canReview: can(p, 'catalog.review') && d.status === 'review' && mayReview(p, d),
  };
}
