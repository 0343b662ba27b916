/**
 * The demo's certificates (data/demo/certificates.json): a few documents issued to the demo
 * citizens and enterprises so /me/certificates and /verify show real content. Issued through the
 * same operation as a concluded case (audited as the system); only when none exist yet.
 */
import type { CertificatesContext } from '../context.js';
import type { CertificateInput } from '../forms.js';
import * as repo from '../repo.js';
import { issueCertificate } from './issue.js';

/** One demo document, ready to issue; `issuedAt` and `revoked` make older and revoked ones. */
export type DemoCertificate = CertificateInput & { issuedAt: string; revoked?: { at: string; reason: string; by: string } };

export async function seedCertificates(ctx: CertificatesContext, demo: DemoCertificate[]) {
  if ((await repo.countCertificates(ctx.db)) > 0) return undefined;
  await ctx.db.transaction(async (tx) => {
    for (const d of demo) {
      const { issuedAt, revoked, ...input } = d;
      const at = new Date(issuedAt);
      const issued = await issueCertificate({ ...ctx, clock: { now: () => at } }, tx, input);
      if (revoked) await repo.markRevokedForDemo(tx, issued.id, { at: new Date(revoked.at), reason: revoked.reason, name: revoked.by });
    }
  });
  return { certificates: demo.length };
}
