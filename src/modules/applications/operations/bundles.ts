/**
 * 一件事一次办 in the flow: one combined form (a published bundle, definitions/bundle-section.ts)
 * fanned out by `planBundle` into linked applications, one per part, written in ONE transaction
 * with the same bundle number (bundle_no), the bundle's slug and each part's key. A part that
 * waits for nothing is submitted at once (its own route, 秒批 when its item has the rule); a part
 * that waits (→ in the bundle's order) is kept as a draft with `waits_for` and is submitted by
 * the system when everything it waits for has been granted (`openWaitingParts`, called after a
 * conclusion commits). The applicant sees one combined status (`combinedStatus`).
 */
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../lib/errors.js';
import { t } from '../../../lib/i18n/index.js';
import type { Principal } from '../../../lib/principal.js';
import { type BundleDefinition, type CombinedStatus, combinedStatus, type PartStatus, planBundle, readyParts } from '../automation/bundles.js';
import type { ApplicationsContext, ItemFacts } from '../context.js';
import * as defRepo from '../definitions/repo.js';
import type { ItemDefinition } from '../faces.js';
import type { AnswerProblem } from '../form-answers.js';
import type { ApplicationStatus } from '../machine.js';
import { msg } from '../messages.js';
import * as repo from '../repo.js';
import { checkSubmission, checkUploads, type Slot, sniffKind, type UploadInput } from '../submission.js';
import { decideAtSubmission, afterConclusion, portalFacts, type PortalFacts } from './automation.js';
import { actorOf, auditEntry, eventRow, formatNo, newQueryCode, requireApplicant, SYSTEM } from './case.js';
import { submitApplication } from './intake.js';
import { keepUploads } from './materials.js';
import { onGrant } from './after-grant.js';
import { automationOfDef, certificateRows, onFileFor } from './on-file.js';
import { caseSlots } from './reads.js';

export interface BundleApplyInput {
  bundleId: unknown;
  answers?: unknown;
  /** uploads by the combined form's file field */
  files?: Record<string, UploadInput[]>;
  idempotencyKey?: string;
}

export interface BundleMember {
  id: number;
  part: string;
  title: string;
  itemId: number;
  no: string | null;
  status: PartStatus;
  statusLabel: string;
  waitsFor: string[];
  url: string;
}

export interface BundleView {
  ref: string;
  slug: string;
  title: string;
  status: CombinedStatus;
  submittedAt: string;
  members: BundleMember[];
  url: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const REF = /^YJ\d{8}\d{6,10}$/;

/** A published bundle by its slug, or undefined. */
export async function publishedBundle(ctx: ApplicationsContext, slug: unknown): Promise<BundleDefinition | undefined> {
  if (typeof slug !== 'string' || !SLUG.test(slug)) return undefined;
  const row = await defRepo.findBundle(ctx.db, slug);
  return row ? (row.definition as BundleDefinition) : undefined;
}

/** Every published bundle, for the links from the guides. */
export async function publishedBundles(ctx: ApplicationsContext): Promise<BundleDefinition[]> {
  return (await defRepo.listBundles(ctx.db)).map((r) => r.definition as BundleDefinition);
}

interface PreparedPart {
  key: string;
  title: string;
  item: ItemFacts;
  def: ItemDefinition;
  dependsOn: string[];
  answers: Record<string, unknown>;
  uploads: { slot: string; files: ReturnType<typeof checkUploads>['uploads'] }[];
  facts: PortalFacts | null;
  certificates: ReturnType<typeof certificateRows>;
}

const partStatus = (row: repo.ApplicationRow): PartStatus => (row.status === 'draft' && row.waitsFor?.length ? 'waiting' : (row.status as ApplicationStatus));

/** The applicant as a principal: the system submits a waiting part in their name. */
function applicantOf(row: repo.ApplicationRow, name: string): Principal {
  return { userId: row.applicantId, kind: row.enterpriseId !== null ? 'enterprise' : 'citizen', name, username: null, role: null, departmentId: null, enterpriseId: row.enterpriseId, enterpriseRole: null };
}

/**
 * Apply for a whole bundle in one go: the combined form checked (a field of another item, a
 * missing required field: problems, nothing written), each part read against its own item's
 * form, then one transaction writes every linked case. The same Idempotency-Key from the same
 * person gives the same bundle back.
 */
export async function applyBundle(ctx: ApplicationsContext, principal: Principal | undefined, input: BundleApplyInput): Promise<BundleView & { created: boolean }> {
  const p = requireApplicant(principal);
  const given = input.idempotencyKey?.trim() || undefined;
  if (given && (given.length > 200 || !/^[\x21-\x7e]+$/.test(given))) throw new BadRequestError(msg('error.idempotencyKey'), 'bad_idempotency_key');
  const key = given && `user:${p.userId}:bundle:${given}`;
  const bundle = await publishedBundle(ctx, input.bundleId);
  if (key) {
    const existing = await repo.findByIdempotencyKey(ctx.db, key);
    if (existing?.bundleNo) {
      if (existing.bundleSlug !== bundle?.slug) throw new AppError(422, 'idempotency_key_reused', msg('error.idempotencyMismatch'));
      return { ...(await bundleViewOf(ctx, existing.bundleNo)), created: false };
    }
  }
  if (!bundle) throw new NotFoundError(t('lifeBundle.notFound'));
  const raw = input.answers ?? {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError(t('lifeBundle.invalid', { count: 1 }), [{ where: '', field: '', message: t('lifeBundle.notObject') }]);
  const now = ctx.clock.now();
  const today = ctx.calendar.localDate(now);

  // the combined form: its answers, and its file fields filled from the uploads
  const files = input.files ?? {};
  const problems: AnswerProblem[] = [];
  const combinedFiles = new Set(bundle.form.fields.filter((f) => f.type === 'file').map((f) => f.key));
  for (const k of Object.keys(files)) if (!combinedFiles.has(k)) problems.push({ where: '', field: k, path: k, message: msg('error.slot', { slot: k.slice(0, 60) }) });
  let fake = 0;
  const stand = Object.entries(files)
    .filter(([k]) => combinedFiles.has(k))
    .flatMap(([slot, list]) =>
      // what each file is, read from its content, so an image-only field accepts a photo; size and emptiness are checked per part below
      list.map((f) => ({ id: ++fake, applicationId: 0, slot, filename: f.filename, contentType: sniffKind(f)?.type ?? 'application/octet-stream', size: 1, sha256: '', source: 'upload', reusedFromId: null, status: 'submitted', createdAt: now }) as repo.MaterialRow),
    );
  const combined = checkSubmission(bundle.form, [], raw, stand, today);
  problems.push(...combined.problems);
  if (problems.length) throw new ValidationError(t('lifeBundle.invalid', { count: problems.length }), problems);

  // each part against its own item's published form
  const plan = planBundle(bundle, combined.answers, files);
  const refs = await ctx.catalog.itemRefs({ codes: plan.map((x) => x.item) });
  const who = { applicantId: p.userId, enterpriseId: p.kind === 'enterprise' ? p.enterpriseId : null };
  const prepared: PreparedPart[] = [];
  for (const part of plan) {
    const ref = refs.find((r) => r.implCode === part.item && !r.outdated) ?? refs.find((r) => r.implCode === part.item);
    const item = ref ? await ctx.item(ref.id) : undefined;
    const def = item && ctx.definitions ? await ctx.definitions.definitionOf(item.id) : null;
    if (!item || !def) throw new ForbiddenError(t('lifeBundle.partOffline', { part: part.title }), 'not_online');
    const slots = (await caseSlots(ctx, { itemId: item.id, form: def.form } as repo.ApplicationRow)).filter(Boolean) as Slot[];
    const where = part.title;
    const uploads: PreparedPart['uploads'] = [];
    for (const [slotKey, list] of Object.entries(part.files)) {
      const slot = slots.find((s) => s.key === slotKey || s.name === slotKey);
      if (!slot) continue;
      const checked = checkUploads(slot, list, 0);
      problems.push(...checked.problems.map((x) => ({ ...x, where })));
      uploads.push({ slot: slot.key, files: checked.uploads });
    }
    const opensNow = part.dependsOn.length === 0;
    const auto = automationOfDef(def);
    const facts = opensNow && auto && (auto.instant || auto.exemptions) ? await portalFacts(ctx, who, part.answers, def.form) : null;
    const planned = uploads.flatMap((u) =>
      u.files.map((f) => ({ id: ++fake, applicationId: 0, slot: u.slot, filename: f.filename, contentType: f.contentType, size: f.size, sha256: '', source: 'upload', reusedFromId: null, status: 'submitted', createdAt: now }) as repo.MaterialRow),
    );
    const certificates = facts ? certificateRows(0, slots, onFileFor(ctx, def, facts.held), planned) : [];
    planned.push(...certificates.map((r) => ({ ...r, id: ++fake, reusedFromId: null, createdAt: now }) as repo.MaterialRow));
    const read = checkSubmission(def.form, slots, part.answers, planned, today);
    // a waiting part is checked in full when it opens (it may rely on what its predecessor issues)
    if (opensNow) problems.push(...read.problems.map((x) => ({ ...x, where })));
    prepared.push({ key: part.key, title: part.title, item, def, dependsOn: part.dependsOn, answers: opensNow ? read.answers : part.answers, uploads, facts, certificates });
  }
  if (problems.length) {
    // the parts are fed by the same answers and uploads: one problem once, with the parts it concerns
    const merged = new Map<string, AnswerProblem>();
    for (const x of problems) {
      const seen = merged.get(x.message);
      merged.set(x.message, seen ? { ...seen, where: seen.where.includes(x.where) ? seen.where : `${seen.where}、${x.where}` } : x);
    }
    throw new ValidationError(t('lifeBundle.invalid', { count: merged.size }), [...merged.values()]);
  }
  const holder = (await ctx.accounts.userNames([p.userId])).get(p.userId) ?? p.name;
  const names = await ctx.departments();

  // one upload feeds several parts: each file is kept in the store once (a received file moves), every part's row names it
  const stored = new Map<unknown, string>();
  const kept: repo.NewMaterialRow[][] = [];
  for (const part of prepared) {
    const rows: repo.NewMaterialRow[] = [];
    for (const u of part.uploads)
      for (const f of u.files) {
        const source = f.received ?? f.data;
        let sha256 = stored.get(source);
        if (!sha256) {
          [sha256] = (await keepUploads(ctx, [{ slot: u.slot, files: [f] }])).map((r) => r.sha256);
          stored.set(source, sha256 as string);
        }
        rows.push({ applicationId: 0, slot: u.slot, filename: f.filename, contentType: f.contentType, size: f.size, sha256: sha256 as string, source: 'upload', status: 'submitted' });
      }
    kept.push(rows);
  }
  const concluded: { row: repo.ApplicationRow; implCode: string }[] = [];
  const bundleNo = await ctx.db.transaction(async (tx) => {
    const no = `YJ${today.replaceAll('-', '')}${String(await repo.nextNumber(tx)).padStart(6, '0')}`;
    for (const [i, part] of prepared.entries()) {
      const opensNow = part.dependsOn.length === 0;
      const numbers = opensNow ? { no: formatNo(today, await repo.nextNumber(tx)), queryCode: newQueryCode() } : {};
      const row = await repo.insertApplication(tx, {
        ...numbers,
        itemId: part.item.id,
        departmentId: part.item.departmentId,
        applicantId: p.userId,
        enterpriseId: who.enterpriseId,
        status: opensNow ? 'submitted' : 'draft',
        form: part.def.form,
        route: part.def.route,
        definitionVersion: part.def.version,
        answers: part.answers,
        delivery: { method: 'window' },
        submittedAt: opensNow ? now : null,
        idempotencyKey: i === 0 ? (key ?? null) : null,
        bundleNo: no,
        bundleSlug: bundle.slug,
        bundlePart: part.key,
        waitsFor: opensNow ? null : part.dependsOn,
      });
      if (!row) throw new ConflictError(msg('error.conflict')); // the same key, committed by a racing request
      const materials = await repo.insertMaterials(tx, [...kept[i]!.map((k) => ({ ...k, applicationId: row.id })), ...part.certificates.map((r) => ({ ...r, applicationId: row.id }))]);
      let saved = row;
      const fileFields = part.def.form.fields.filter((f) => f.type === 'file').map((f) => f.key);
      if (opensNow && fileFields.length) {
        const answers = { ...part.answers };
        for (const k of fileFields) {
          const list = materials.filter((m) => m.slot === k).map((m) => ({ id: String(m.id), name: m.filename, contentType: m.contentType, size: m.size }));
          if (list.length) answers[k] = list;
        }
        saved = (await repo.updateApplication(tx, row.id, row.version, { answers })) ?? row;
      }
      await repo.insertEvents(tx, [opensNow ? eventRow(saved, 'submit', p, { from: 'draft', to: 'submitted', note: t('lifeBundle.title', { title: bundle.title }) }) : eventRow(saved, 'created', p, { note: t('lifeBundle.waiting') })]);
      await ctx.audit.record(tx, actorOf(p), [auditEntry(opensNow ? 'application.submit' : 'application.draft', saved, saved)]);
      if (opensNow) {
        await ctx.accounts.notifyAccount(tx, p.userId, 'application-submitted', { no: saved.no as string, item: part.item.name });
        const decided = await decideAtSubmission(ctx, tx, saved, { def: part.def, item: part.item, facts: part.facts, holderName: holder, departmentName: names.byId.get(part.item.departmentId)?.name ?? '', now });
        if (decided.concluded) concluded.push({ row: decided.row, implCode: part.item.implCode });
      }
    }
    return no;
  });
  // 秒批 granted a first part: the reminders, and the parts waiting for it open
  for (const c of concluded) await afterConclusion(ctx, c.row, c.implCode);
  return { ...(await bundleViewOf(ctx, bundleNo)), created: true };
}

/**
 * After a case concludes (准予, by a department or 秒批): the parts of its bundle that waited for
 * it, and for nothing else still open, are submitted in the applicant's name. A part the system
 * cannot submit (something only the applicant can give) stays a draft with the reason in its
 * history; the applicant completes it from 我的办件.
 */
export async function openWaitingParts(ctx: ApplicationsContext, concluded: repo.ApplicationRow): Promise<void> {
  if (!concluded.bundleNo || concluded.status !== 'approved') return;
  const members = await repo.bundleMembers(ctx.db, concluded.bundleNo);
  const statuses = Object.fromEntries(members.map((m) => [m.bundlePart ?? String(m.id), partStatus(m)]));
  const plan = members.map((m) => ({ key: m.bundlePart ?? String(m.id), dependsOn: m.waitsFor ?? [] }));
  for (const key of readyParts(plan, statuses)) {
    const row = members.find((m) => m.bundlePart === key);
    if (row?.status !== 'draft') continue;
    const name = (await ctx.accounts.userNames([row.applicantId])).get(row.applicantId) ?? '';
    try {
      await submitApplication(ctx, applicantOf(row, name), { id: row.id, version: row.version });
      const opened = await repo.findById(ctx.db, row.id);
      if (opened) await repo.insertEvents(ctx.db, [eventRow(opened, 'bundleOpened', SYSTEM, { note: t('lifeBundle.opened') })]);
    } catch (e) {
      const detail = e instanceof ValidationError ? e.problems.map((d) => d.message).join('；') : (e as Error).message;
      await repo.insertEvents(ctx.db, [eventRow(row, 'bundleOpened', SYSTEM, { note: t('lifeBundle.openFailed', { detail: detail.slice(0, 500) }) })]);
    }
  }
}

onGrant(openWaitingParts);

async function bundleViewOf(ctx: ApplicationsContext, bundleNo: string, members?: repo.ApplicationRow[]): Promise<BundleView> {
  const rows = members ?? (await repo.bundleMembers(ctx.db, bundleNo));
  const first = rows[0] as repo.ApplicationRow;
  const bundle = await publishedBundle(ctx, first.bundleSlug);
  const titleOf = (part: string | null) => bundle?.parts.find((x) => x.key === part)?.title ?? part ?? '';
  const list: BundleMember[] = rows.map((r) => {
    const status = partStatus(r);
    return {
      id: r.id,
      part: r.bundlePart ?? '',
      title: titleOf(r.bundlePart),
      itemId: r.itemId,
      no: r.no,
      status,
      statusLabel: status === 'waiting' ? t('lifeBundle.waiting') : msg(`status.${status}`),
      waitsFor: (r.waitsFor ?? []).map(titleOf),
      url: r.no ? `/me/applications/${r.no}` : `/me/applications/drafts/${r.id}`,
    };
  });
  return {
    ref: bundleNo,
    slug: first.bundleSlug ?? '',
    title: bundle?.title ?? first.bundleSlug ?? '',
    status: combinedStatus(list.map((m) => m.status)),
    submittedAt: first.createdAt.toISOString(),
    members: list,
    url: `/me/bundles/${bundleNo}`,
  };
}

/** One of the applicant's bundles, by its number; another person's is not found. */
export async function myBundle(ctx: ApplicationsContext, principal: Principal | undefined, ref: unknown): Promise<BundleView> {
  const p = requireApplicant(principal);
  const rows = typeof ref === 'string' && REF.test(ref) ? await repo.bundleMembers(ctx.db, ref) : [];
  const mine = rows.length > 0 && rows.every((r) => r.applicantId === p.userId || (p.enterpriseId !== null && r.enterpriseId === p.enterpriseId));
  if (!mine) throw new NotFoundError(t('lifeBundle.refNotFound'));
  return bundleViewOf(ctx, ref as string, rows);
}

/** The applicant's bundles (newest first), each with its combined status: 我的办件 shows them as one entry each. */
export async function myBundles(ctx: ApplicationsContext, principal: Principal | undefined): Promise<BundleView[]> {
  const p = requireApplicant(principal);
  const nos = await repo.myBundleNos(ctx.db, { userId: p.userId, enterpriseId: p.kind === 'enterprise' ? p.enterpriseId : null });
  return Promise.all(nos.map((no) => bundleViewOf(ctx, no)));
}
