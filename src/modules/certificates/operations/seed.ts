/**
 * The demo's certificates (data/demo/certificates.json): a few documents issued to the demo
 * citizens and enterprises so /me/certificates and /verify show real content. The file names
 * people by phone or credit code and items by 实施编码, as the other demo files do; they are
 * resolved here through the accounts' and the catalogue's faces. Issued through the same
 * operation as a concluded case (audited as the system); only when none exist yet.
 */
import type { CertificatesContext } from '../context.js';
import type { DemoAccounts } from '../faces.js';
import type { CertificateInput } from '../forms.js';
import * as repo from '../repo.js';
import { issueCertificate } from './issue.js';

/** One entry of data/demo/certificates.json */
export interface DemoCertificate {
  kind: CertificateInput['kind'];
  title: string;
  /** a demo citizen by phone, or a demo enterprise by credit code (its owner holds it) */
  holder: { phone: string } | { creditCode: string };
  /** the item's 实施编码 */
  item: string;
  sourceNo: string;
  facts: { label: string; value: string }[];
  validFrom: string;
  validUntil: string | null;
  issuedAt: string;
  revoked?: { at: string; reason: string; by: string };
}

export interface DemoResolvers {
  accounts: DemoAccounts;
  idByPhone(phone: string): Promise<{ id: number; enterpriseId: number | null } | undefined>;
  items(codes: string[]): Promise<{ id: number; implCode: string; name: string; departmentId: number }[]>;
  departmentNames(): Promise<ReadonlyMap<number, { name: string }>>;
}

async function holderOf(d: DemoCertificate, r: DemoResolvers): Promise<CertificateInput['holder']> {
  if ('phone' in d.holder) {
    const { phone } = d.holder;
    const person = r.accounts.citizens.find((c) => c.phone === phone);
    const account = await r.idByPhone(phone);
    if (!person || !account) throw new Error(`certificates demo: no demo citizen with phone ${phone}`);
    return { userId: account.id, enterpriseId: null, name: person.displayName, idNumber: person.idNumber ?? null, creditCode: null };
  }
  const { creditCode } = d.holder;
  const ent = r.accounts.enterprises.find((e) => e.creditCode === creditCode);
  const account = ent && (await r.idByPhone(ent.owner.phone));
  if (!ent || !account) throw new Error(`certificates demo: no demo enterprise ${creditCode}`);
  return { userId: account.id, enterpriseId: account.enterpriseId, name: ent.name, idNumber: null, creditCode };
}

export async function seedCertificates(ctx: CertificatesContext, demo: DemoCertificate[], r: DemoResolvers) {
  if ((await repo.countCertificates(ctx.db)) > 0) return undefined;
  const items = new Map((await r.items(demo.map((d) => d.item))).map((i) => [i.implCode, i]));
  const names = await r.departmentNames();
  const inputs: { input: CertificateInput; d: DemoCertificate }[] = [];
  for (const d of demo) {
    const item = items.get(d.item);
    if (!item) throw new Error(`certificates demo: unknown item ${d.item}`);
    const { kind, title, sourceNo, facts, validFrom, validUntil } = d;
    const departmentName = names.get(item.departmentId)?.name ?? '';
    inputs.push({ d, input: { kind, title, sourceNo, facts, validFrom, validUntil, holder: await holderOf(d, r), itemId: item.id, itemName: item.name, departmentId: item.departmentId, departmentName } });
  }
  await ctx.db.transaction(async (tx) => {
    for (const { input, d } of inputs) {
      const at = new Date(d.issuedAt);
      const issued = await issueCertificate({ ...ctx, clock: { now: () => at } }, tx, input);
      if (d.revoked) await repo.markRevokedForDemo(tx, issued.id, { at: new Date(d.revoked.at), reason: d.revoked.reason, name: d.revoked.by });
    }
  });
  return { certificates: demo.length };
}
