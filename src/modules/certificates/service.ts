/**
 * Certificates (电子证照库): the certificates, approval letters and decision letters the portal
 * issues when an application concludes; each carries a QR code to its public verification page,
 * its holder downloads it as a PDF and never has to submit it again (免证办), and the issuing
 * department can revoke it with a reason.
 *
 * This is the module's face: it builds the context once and binds the named operations
 * (operations/<stage>.ts), each of which can also be called on its own with a context.
 */
import type { Database, Runner } from '../../db/client.js';
import type { Principal } from '../../lib/principal.js';
import { verifyUrlOf } from './code.js';
import { coveredMaterials } from './on-file.js';
import { type CertificatesDeps, createCertificatesContext } from './context.js';
import type { Actor } from './faces.js';
import type { CertificateInput, StaffFilter } from './forms.js';
import { certificatePdfFor, heldBy, myCertificates } from './operations/holder.js';
import { issueCertificate } from './operations/issue.js';
import { verifyCertificate } from './operations/public.js';
import { type DemoCertificate, type DemoResolvers, seedCertificates } from './operations/seed.js';
import { listIssued, revokeCertificate } from './operations/staff.js';

export function createCertificates(database: Database, deps: CertificatesDeps) {
  const ctx = createCertificatesContext(database, deps);
  return {
    context: ctx,

    /** applications, inside its transaction, when a case concludes */
    issue: (tx: Runner, input: CertificateInput, actor?: Actor) => issueCertificate(ctx, tx, input, actor),
    /** 免证办: what a person (and their enterprise) holds */
    heldBy: (holder: { userId: number; enterpriseId: number | null }) => heldBy(ctx, holder),
    /** 免证办 on the form: of these material names, those a valid held certificate covers ("已在库，无需提交") */
    onFile: async (holder: { userId: number; enterpriseId: number | null }, materials: readonly string[]) => coveredMaterials(await heldBy(ctx, holder), materials),
    verifyUrl: (code: string) => verifyUrlOf(ctx.publicUrl, code),

    // the public
    verify: (code: unknown) => verifyCertificate(ctx, code),

    // the holder
    mine: (p: Principal) => myCertificates(ctx, p),
    pdf: (p: Principal | undefined, code: unknown) => certificatePdfFor(ctx, p, code),

    // the issuing department
    listIssued: (p: Principal, q: { status?: StaffFilter; q?: string; limit: number; offset: number }) => listIssued(ctx, p, q),
    revoke: (p: Principal, code: unknown, input: { reason?: string; version?: number }) => revokeCertificate(ctx, p, code, input),

    seed: (demo: DemoCertificate[], resolvers: DemoResolvers) => seedCertificates(ctx, demo, resolvers),
    close: () => ctx.pdf.close(),
  };
}

export type CertificatesService = ReturnType<typeof createCertificates>;
