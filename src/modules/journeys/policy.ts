/**
 * Who may do what with journeys (deny by default). The content — journeys, guided questions,
 * life events, push rules — is public to read and is changed only through the catalogue's
 * draft workflow, which checks its own permission (catalog.portal). A personal space (progress,
 * items done, follows, history, reminders) belongs to a signed-in citizen or enterprise person,
 * and every personal operation touches only that person's rows.
 */
import { ForbiddenError } from '../../lib/errors.js';
import type { Principal } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';
import { SLUG } from './model.js';

/** Citizens and enterprise people have a personal space; staff and strangers do not. */
export const hasPersonalSpace = (p: Principal | undefined): p is Principal => !!p && p.kind !== 'staff';

/** The owner of a personal space, or refused: staff and strangers have none. */
export function personalOwner(p: Principal | undefined): number {
  if (!hasPersonalSpace(p)) throw new ForbiddenError(t('journeys.citizensOnly'));
  return p.userId;
}

/** A slug from a URL: anything that cannot be one is a page that does not exist. */
export const isSlug = (s: string) => s.length <= 64 && SLUG.test(s);

/** A reference a person may follow or a journey they act on, as loosely as the URL allows. */
export const isRefSlug = (s: string) => /^[a-z0-9-]{1,64}$/.test(s);

/** An item's implementation code as a URL may carry it. */
export const isItemCode = (s: string) => /^[0-9A-Za-z-]{1,40}$/.test(s);
