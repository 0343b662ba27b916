/**
 * The holder's side: what a person holds (for 免证办 on the application form and for
 * /me/certificates), and their own copy as a PDF. Another person's document is "not found".
 */
import { isStaff, type Principal } from '../../../lib/principal.js';
import { parseCode, verifyUrlOf } from '../code.js';
import type { CertificatesContext } from '../context.js';
import type { CertificateForPdf } from '../pdf.js';
import { decide } from '../policy.js';
import { dayText, fullView, heldView } from '../present.js';
import * as repo from '../repo.js';
import { notFound } from './public.js';

/** What the person (and their enterprise) holds, newest first. */
export async function heldBy(ctx: CertificatesContext, holder: { userId: number; enterpriseId: number | null }) {
  if (!Number.isSafeInteger(holder.userId)) return [];
  const today = ctx.today();
  return (await repo.heldBy(ctx.db, holder)).map((r) => heldView(r, today));
}

/** /me/certificates: the signed-in person's documents in full (staff hold none here). */
export async function myCertificates(ctx: CertificatesContext, p: Principal) {
  if (isStaff(p)) return [];
  const today = ctx.today();
  return (await repo.heldBy(ctx.db, { userId: p.userId, enterpriseId: p.enterpriseId })).map((r) => ({
    ...fullView(r, today),
    verifyUrl: verifyUrlOf(ctx.publicUrl, r.code),
  }));
}

/** The PDF of one document for whoever may download it (the holder; staff of the issuing department). */
export async function certificatePdfFor(ctx: CertificatesContext, p: Principal | undefined, raw: unknown) {
  const code = parseCode(raw);
  if (!code) throw notFound();
  const row = await repo.findByCode(ctx.db, code);
  if (!row || decide(p, row, 'download')) throw notFound();
  const v = fullView(row, ctx.today());
  const doc: CertificateForPdf = {
    code: v.code,
    kind: v.kind,
    kindLabel: v.kindLabel,
    title: v.title,
    statusLabel: v.statusLabel,
    revoked: v.status === 'revoked',
    holder: v.holder,
    itemName: v.item.name,
    departmentName: v.department.name,
    sourceNo: v.sourceNo,
    facts: v.facts,
    validFrom: dayText(v.validFrom),
    validUntil: dayText(v.validUntil),
    issuedOn: dayText(ctx.localDate(v.issuedAt)),
    verifyUrl: verifyUrlOf(ctx.publicUrl, row.code),
  };
  return { filename: `${v.code}.pdf`, body: await ctx.pdf.render(doc) };
}
