/**
 * 一件事一次办: a part that waits (waits_for) is not submitted before everything it waits for is
 * granted — by the system (operations/bundles.ts) nor by the applicant from the draft page.
 */
import type { Runner } from '../../../db/client.js';
import { ConflictError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import * as repo from '../repo.js';

export async function assertPartReady(db: Runner, row: repo.ApplicationRow): Promise<void> {
  if (!row.bundleNo || !row.waitsFor?.length) return;
  const members = await repo.bundleMembers(db, row.bundleNo);
  const open = row.waitsFor.filter((key) => members.find((m) => m.bundlePart === key)?.status !== 'approved');
  if (open.length) throw new ConflictError(t('lifeBundle.notReady'));
}
