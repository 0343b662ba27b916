/**
 * The public verification (/verify/<code>, GET /api/v1/verify/:code): anyone with the code sees
 * whether the document is valid, revoked or expired and what it certifies, the holder only as a
 * masked name. A malformed or unknown code is the same "not found".
 */
import { NotFoundError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import { parseCode } from '../code.js';
import type { CertificatesContext } from '../context.js';
import { publicView } from '../present.js';
import * as repo from '../repo.js';

export const notFound = () => new NotFoundError(t('certificates.error.notFound'));

export async function verifyCertificate(ctx: CertificatesContext, raw: unknown) {
  const code = parseCode(raw);
  if (!code) throw notFound();
  const row = await repo.findByCode(ctx.db, code);
  if (!row) throw notFound();
  return publicView(row, ctx.today());
}
