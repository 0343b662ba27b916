/**
 * Letters: one front desk for every mailbox, departments behind it. A letter is received
 * (and answered with a tracking code and a query code), dispatched by rules or by a dispatcher
 * to a lead department and any assisting ones, handled, answered through a reviewed reply, and
 * rated by its writer, who may reopen an unsatisfactory case once. Deadlines are working days;
 * cases that pass them are put under supervision (督办). Every state change is one transaction
 * with its history entry, its audit entry and its notifications, and is refused (409) when
 * someone else changed the case since it was read.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Database, Runner, Tx } from '../../db/client.js';
import type { ChangeBus } from '../../lib/changes.js';
import type { FileStore } from '../../lib/files/index.js';
import { AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError, TooManyError, ValidationError } from '../../lib/errors.js';
import { maskName, maskPhone } from '../../lib/identity.js';
import { maskPersonalData } from '../../lib/masking.js';
import { cleanText } from '../../lib/text.js';
import type { WorkCalendar } from '../../lib/workdays.js';
import { type MessageKey, t } from '../../web/i18n/index.js';
import { type Actor, recordAudit } from '../audit/index.js';
import type { LockPolicy } from '../accounts/index.js';
import type { AccountService } from '../accounts/index.js';
import { can, isPortalWide, isStaff, type Principal, requirePermission } from '../../lib/principal.js';
import type { CatalogService } from '../catalog/index.js';
import type { NotifyService, Template } from '../notify/index.js';
import type { SearchDocInput, SearchService } from '../search/index.js';
import { matchRule, type RuleInput, checkRule } from './rules.js';
import {
  type AttachmentInput,
  checkAttachments,
  checkSubmission,
  DISPATCH_DAYS,
  EXTENSION_DAYS,
  LIMITS,
  type LetterChannel,
  type LetterType,
  CONFIDENTIAL_CHANNELS,
  newTrackingCode,
  OPEN_STATUSES,
  QUERY_CODE,
  type Rating,
  RATINGS,
  REMIND_DAYS_BEFORE,
  REPLY_DAYS,
  type SubmissionInput,
  TRACKING_CODE,
} from './model.js';
import { keepAttachments, moveAttachmentsOut, openAttachment } from './attachments.js';
import { createIntake } from './intake.js';
import { abilitiesOf, commissionOf, decide, type Denial, inCommission, isConfidential, type LetterAbility, type PolicyContext } from './policy.js';
import { staffNotice, writerNotice } from './notices.js';
import * as repo from './repo.js';

export interface LetterServiceDeps {
  catalog: CatalogService;
  accounts: AccountService;
  notify: NotifyService;
  search: SearchService;
  changes: ChangeBus;
  calendar: WorkCalendar;
  /** where attachments' bytes live */
  files: FileStore;
  /** letters one phone number may send in 24 hours (0: no limit) */
  perPhonePerDay: number;
}

export interface SubmitContext {
  principal?: Principal;
  /** the code sent to the phone, when the writer is not signed in */
  code?: string;
  files?: AttachmentInput[];
  idempotencyKey?: string;
  source: 'web' | 'api' | 'open311';
}

export interface Receipt {
  id: number;
  trackingCode: string;
  queryCode: string;
  status: string;
  dueAt: Date;
  /** false when the same Idempotency-Key had already created this letter */
  created: boolean;
}

/** how long the public statistics are reused before they are computed again */
const STATS_CACHE_MS = 5 * 60_000;

interface StatRow {
  departmentId: number;
  department: string;
  month: string;
  received: number;
  /** letters whose reply is due (or already given): the reply rate's denominator */
  due: number;
  replied: number;
  /** replied ÷ due; null while none is due yet */
  replyRate: number | null;
  onTimeRate: number;
  averageDays: number;
  satisfaction: number | null;
  rated: number;
}

/** A reason a person must give (returning, reopening, extending): at least five characters. */
function reasonOf(raw: string | undefined, message: MessageKey, min = 5): string {
  const reason = cleanText(raw ?? '', { multiline: true, max: LIMITS.noteMax });
  if (reason.length < min) throw new BadRequestError(t(message), 'reason_required');
  return reason;
}

/** history entries whose note the writer may read (the rest are the departments' own) */
const WRITER_NOTES = new Set(['rated', 'reopened', 'received', 'assigned', 'extended', 'merged']);

/** how long the receipt page (with the query code) can be opened again after writing */
const RECEIPT_MINUTES = 30;

/** What opens a case to its writer: both codes, and the address asking (for the guess limits). */
export interface WriterKey {
  trackingCode: string;
  queryCode: string;
  from: string;
}
// Guessing a query code: a wrong pair counts against that code from that address, and five in 15
// minutes lock it there for 15 minutes, as at sign-in. Tracking codes are public on published
// letters, so a lock for everyone would let anyone shut a writer out of their own case; only
// many failures from many addresses (50 in a day) close a code for everyone, for a day — by then
// a guesser has tried 50 of a million query codes.
const PER_ADDRESS: LockPolicy = { after: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };
const PER_CODE: LockPolicy = { after: 50, windowSeconds: 86_400, lockSeconds: 86_400, message: () => t('letters.error.codesLocked') };

/** Everyone who drafted, edited or submitted the reply: none of them may publish or return it. */
const contributorsOf = (r: Pick<repo.ReplyRow, 'authorId' | 'contributorIds'>): number[] =>
  [...new Set([...(r.contributorIds ?? []), ...(r.authorId ? [r.authorId] : [])])];

const actorOfPrincipal = (p: Principal): Actor => ({ id: `user:${p.userId}`, name: p.name });
const WRITER: Actor = { id: 'writer', name: t('letters.actor.writer') };
const conflict = () => new ConflictError(t('letters.error.conflict'));
function refusal(denial: Denial) {
  if (denial === 'leadOnly') return new ConflictError(t('letters.error.leadOnly'));
  if (denial === 'confidential') return new ForbiddenError(t('letters.error.confidential'));
  if (denial === 'forbidden') return new ForbiddenError(t('auth.forbidden'));
  return notFound();
}
/** A confidential case for those who may know only that it exists: no writer, no words. */
function conceal(letter: repo.LetterRow): repo.LetterRow {
  return { ...letter, title: t('letters.confidential.title'), body: '', name: null, phone: null, email: null, address: null, lat: null, lng: null, ratingComment: null };
}
const notFound = () => new NotFoundError(t('letters.error.notFound'));

export function createLetterService(database: Database, deps: LetterServiceDeps) {
  const { db } = database;
  const { calendar } = deps;

  // departments and dispatch rules change rarely: kept in memory, reloaded when they change
  let departments = new Map<number, { id: number; name: string; slug: string }>();
  let departmentsStale = true;
  let rules: repo.RuleRow[] | undefined;
  // 'catalog' is also what a process hears after its change feed reconnected: reload both
  deps.changes.subscribe('catalog', () => {
    departmentsStale = true;
    rules = undefined;
  });
  deps.changes.subscribe('letters-rules', () => {
    rules = undefined;
  });
  /** Reload after a change; never call this inside a transaction (it reads through the catalogue). */
  let loadingDepartments: Promise<void> | undefined;
  async function departmentMap() {
    if (departmentsStale) {
      // one load at a time; the stale flag is cleared only when a load succeeded
      loadingDepartments ??= (async () => {
        const list = await deps.catalog.listDepartments();
        departments = new Map(list.map((d) => [d.id, { id: d.id, name: d.name, slug: d.slug }]));
        departmentsStale = false;
      })().finally(() => {
        loadingDepartments = undefined;
      });
      await loadingDepartments;
    }
    return departments;
  }
  async function rulesNow() {
    rules ??= await repo.rules(db);
    return rules;
  }
  /** A department's name from the map as last loaded: safe inside a transaction. */
  const departmentName = (id: number | null | undefined) => (id ? (departments.get(id)?.name ?? '') : '');
  const formatDate = new Intl.DateTimeFormat('zh-CN', { timeZone: calendar.timeZone, dateStyle: 'long' });
  // deadlines fall at the end of a day, so a few dates serve every letter: remembered, as Intl is slow
  const dueTexts = new Map<number, string>();
  const formatDue = (d: Date) => {
    let text = dueTexts.get(d.getTime());
    if (text === undefined) {
      if (dueTexts.size > 1000) dueTexts.clear();
      text = formatDate.format(d);
      dueTexts.set(d.getTime(), text);
    }
    return text;
  };
  // the public statistics page and its charts read the same figures: computed once a few minutes
  const statsCache = new Map<number, { rows: StatRow[]; until: number }>();
  const intake = createIntake(database, { accounts: deps.accounts, notify: deps.notify, formatDue, localDate: calendar.localDate });

  /** Who the discipline commission is, for the letters policy: read before any transaction (it may query). */
  async function policyContext(): Promise<PolicyContext> {
    return { commission: commissionOf(await rulesNow()) };
  }

  /**
   * A letter and the principal's part in it, if the letters policy lets the principal do this
   * with it (policy.ts); refused as the policy says why (not found, forbidden, lead only, confidential).
   */
  async function forAbility(tx: Runner, p: Principal, id: number, ability: LetterAbility, ctx: PolicyContext) {
    if (!isStaff(p) || !Number.isInteger(id) || id < 1 || id > 2_147_483_647) throw notFound();
    const letter = await repo.findById(tx, id);
    if (!letter) throw notFound();
    const role = !isPortalWide(p) && p.departmentId ? await repo.worksOn(tx, id, p.departmentId) : undefined;
    const facts = { channel: letter.channel, departmentId: letter.departmentId, role };
    const denial = decide(p, facts, ability, ctx);
    if (denial) throw refusal(denial);
    return { letter, facts, role: isPortalWide(p) ? (letter.departmentId ? ('dispatcher' as const) : undefined) : role };
  }

  /** The row as the principal may see it: a confidential case without its content for whoever may not read it. */
  function shown(p: Principal, letter: repo.LetterRow, ctx: PolicyContext, role?: 'lead' | 'assist') {
    const facts = { channel: letter.channel, departmentId: letter.departmentId, role: role ?? (!isPortalWide(p) ? ('assist' as const) : undefined) };
    return decide(p, facts, 'readContent', ctx) === undefined ? letter : conceal(letter);
  }

  /** The writer's view needs both codes; wrong guesses are throttled per code and address, and per code (see PER_CODE). */
  async function forWriter(tx: Database['db'], key: WriterKey) {
    const code = (key.trackingCode ?? '').trim().toUpperCase();
    const queryCode = (key.queryCode ?? '').trim();
    if (!TRACKING_CODE.test(code) || !QUERY_CODE.test(queryCode)) throw new NotFoundError(t('letters.error.codes'));
    const { credentials } = deps.accounts;
    const here = `letter:${code}@${key.from}`;
    await credentials.assertNotLocked(`letter:${code}`, PER_CODE);
    await credentials.assertNotLocked(here, PER_ADDRESS);
    const letter = await repo.findByTrackingCode(tx, code);
    const ok = letter && timingSafeEqual(Buffer.from(letter.queryCode), Buffer.from(queryCode.padEnd(6).slice(0, 6)));
    if (!letter || !ok) {
      await credentials.failed(here, PER_ADDRESS);
      await credentials.failed(`letter:${code}`, PER_CODE);
      throw new NotFoundError(t('letters.error.codes'));
    }
    await credentials.succeeded(here);
    return letter;
  }

  async function change(tx: Tx, letter: repo.LetterRow, version: number, changes: Partial<repo.NewLetterRow>) {
    if (!Number.isInteger(version)) throw new BadRequestError(t('letters.error.version'), 'bad_version');
    if (letter.version !== version) throw conflict();
    const updated = await repo.updateLetter(tx, letter.id, version, changes);
    if (!updated) throw conflict();
    return updated;
  }

  function audit(tx: Runner, actor: Actor, action: string, before: repo.LetterRow, after: Partial<repo.LetterRow>, note?: string) {
    return recordAudit(tx, actor, [
      {
        action,
        entity: 'letter',
        entityId: before.trackingCode,
        before: { status: before.status, departmentId: before.departmentId, dueAt: before.dueAt },
        after: { status: after.status ?? before.status, departmentId: after.departmentId ?? before.departmentId, dueAt: after.dueAt ?? before.dueAt },
        // reasons and comments may repeat what a confidential letter says: its audit entries keep none
        note: isConfidential(before.channel) ? undefined : note,
        departmentId: after.departmentId ?? before.departmentId,
      },
    ]);
  }

  function event(tx: Runner, letter: repo.LetterRow, kind: string, by: Principal | Actor | null, fields: { note?: string; internal?: boolean; departmentId?: number | null } = {}) {
    const actorName = by ? by.name : t('letters.actor.system');
    return repo.insertEvents(tx, [
      {
        letterId: letter.id,
        kind,
        actorId: by && 'userId' in by ? by.userId : null,
        actorName,
        departmentId: fields.departmentId ?? (by && 'userId' in by ? by.departmentId : null) ?? null,
        note: fields.note ?? null,
        internal: fields.internal ?? false,
      },
    ]);
  }

  /** Tell the writer: their account's message box and channels, or the phone and e-mail they gave. */
  async function tellWriter(tx: Runner, letter: repo.LetterRow, template: Template, vars: Record<string, string | number>) {
    const [account] = letter.accountId ? await deps.accounts.contactsFor(tx, { ids: [letter.accountId] }) : [];
    const notice = writerNotice(letter, template, vars, account);
    if (notice) await deps.notify.enqueueMany(tx, [notice]);
  }

  /** Tell the staff of a department (or the portal-wide dispatchers when null) with these roles. */
  async function tellStaff(tx: Runner, departmentId: number | null, roles: ('handler' | 'dept_admin' | 'reviewer' | 'dispatcher' | 'admin')[], template: Template, letter: repo.LetterRow) {
    const staff = await deps.accounts.contactsFor(tx, { departmentIds: [departmentId], roles });
    await deps.notify.enqueueMany(tx, staff.map((s) => staffNotice(letter, template, s, formatDue)));
  }


  function searchDoc(letter: repo.LetterRow, department: string, reply: string): SearchDocInput {
    const names = [letter.name];
    return {
      key: `letter:${letter.id}`,
      kind: 'letter',
      refId: letter.id,
      title: maskPersonalData(letter.title, { names }),
      keywords: [t(`letters.type.${letter.type as LetterType}`), department],
      body: `${maskPersonalData(letter.body, { names })} ${maskPersonalData(reply, { names, official: true })}`.slice(0, 4000),
      url: `/letters/${letter.trackingCode}`,
      departmentId: letter.departmentId,
      departmentName: department,
    };
  }

  /** Write the search documents of public letters, each with its published replies. */
  async function indexLetters(tx: Runner, rows: repo.LetterRow[]): Promise<SearchDocInput[]> {
    const replies = await repo.publishedReplyBodies(tx, rows.map((l) => l.id));
    const docs = rows.map((l) => searchDoc(l, departmentName(l.departmentId), (replies.get(l.id) ?? []).join('\n')));
    await deps.search.indexer.upsert(tx, docs);
    return docs;
  }

  const service = {
    calendar,

    /**
     * Receive a letter. The receipt (201 or redirect) is given only after the letter, its history,
     * its attachments and its notifications are committed; the same Idempotency-Key gives the
     * same letter back.
     */
    async submit(input: SubmissionInput, ctx: SubmitContext): Promise<Receipt> {
      const given = ctx.idempotencyKey?.trim() || undefined;
      if (given && (given.length > 200 || !/^[\x21-\x7e]+$/.test(given))) throw new BadRequestError(t('letters.error.idempotencyKey'), 'bad_idempotency_key');
      const p = ctx.principal;
      // keys belong to who sent them: the same key from someone else is another letter
      const key = given && (ctx.source === 'web' ? `form:${given}` : `${p ? `user:${p.userId}` : 'anon'}:${given}`);
      // an integration's token needs no phone code: its repeats are settled where letters are
      // written; anyone else's repeat must not spend a second code
      const integration = isStaff(p) && can(p, 'letters.handle');
      // a signed-in citizen who leaves the phone empty writes with the account's proven phone
      const ownPhone = p && !isStaff(p) ? await deps.accounts.verifiedPhone(p.userId) : undefined;
      if (ownPhone && !input.phone?.trim() && !input.anonymous) input = { ...input, phone: ownPhone };
      const { submission, problems } = checkSubmission(input);
      if (key && submission && !integration) {
        const existing = await repo.findByIdempotencyKey(db, key);
        if (existing) return replayOf(existing, submission);
      }
      const files = checkAttachments(ctx.files ?? []);
      problems.push(...files.problems);
      if (submission?.departmentId && !(await departmentMap()).has(submission.departmentId))
        problems.push({ where: '', field: t('letters.field.department'), message: t('letters.error.department') });
      if (problems.length || !submission) throw new ValidationError(t('letters.error.invalid'), problems);

      let phoneVerified = false;
      if (submission.phone && ownPhone === submission.phone) phoneVerified = true;
      else if (submission.phone && !integration) {
        if (!ctx.code) throw new BadRequestError(t('letters.error.codeRequired'), 'code_required');
        if (!(await deps.accounts.checkCode('letter', submission.phone, ctx.code))) {
          // the same form posted twice at once: the first used the code and wrote the letter
          const existing = key ? await repo.findByIdempotencyKey(db, key) : undefined;
          if (existing) return replayOf(existing, submission);
          throw new BadRequestError(t('letters.error.code'), 'bad_code');
        }
        phoneVerified = true;
      }
      if (submission.phone && !integration && deps.perPhonePerDay > 0) {
        const recent = await repo.lettersFromPhoneSince(db, submission.phone, new Date(Date.now() - 86_400_000));
        if (recent >= deps.perPhonePerDay) throw new TooManyError(t('letters.error.tooManyFromPhone', { n: deps.perPhonePerDay }));
      }

      const receivedAt = new Date();
      const dueAt = calendar.addWorkingDays(receivedAt, REPLY_DAYS[submission.type]);
      const dispatchDueAt = calendar.addWorkingDays(receivedAt, DISPATCH_DAYS);
      const matched = submission.departmentId ?? matchRule(await rulesNow(), submission)?.departmentId ?? null;
      const lead = matched && (await departmentMap()).has(matched) ? matched : null;

      // the files are kept (durably) before the letter that names them is committed
      const attachments = await keepAttachments(deps.files, files.attachments);
      const written = await intake.write({
        row: {
          ...submission,
          addressedDepartmentId: submission.departmentId,
          departmentId: lead,
          phoneVerified,
          accountId: p && !isStaff(p) ? p.userId : null,
          source: ctx.source === 'open311' ? 'open311' : integration ? 'hotline' : ctx.source,
          status: lead ? 'handling' : 'dispatching',
          receivedAt,
          dispatchDueAt,
          dispatchedAt: lead ? receivedAt : null,
          dueAt,
          idempotencyKey: key ?? null,
        },
        lead: lead ? { id: lead, name: departmentName(lead) } : null,
        attachments,
        actor: p ? actorOfPrincipal(p) : WRITER,
      });
      return receiptOf(written.letter, written.created);
    },

    /** Move attachments' bytes written before the file store out of the database (on start). */
    moveAttachmentsOut: () => moveAttachmentsOut(db, deps.files),

    /** The receipt again, for the browser that submitted the form (it holds the form's key). */
    async receiptFor(trackingCode: string, formKey: string) {
      const letter = formKey ? await repo.findByIdempotencyKey(db, `form:${formKey}`) : undefined;
      // the receipt page shows the query code: only for a while, to the browser that wrote
      if (!letter || letter.trackingCode !== trackingCode || Date.now() - letter.receivedAt.getTime() > RECEIPT_MINUTES * 60_000) throw notFound();
      return { ...receiptOf(letter, false), channel: letter.channel };
    },

    /** A signed-in citizen's proven phone number, which then needs no code. */
    verifiedPhoneOf: (p: Principal) => deps.accounts.verifiedPhone(p.userId),

    /** Send the code that proves the writer's phone number. */
    sendPhoneCode: (phone: string) => deps.accounts.sendCode('letter', phone),

    /**
     * Rebuild the search documents of the published letters (after a repair, a restore or a
     * change of masking rules); documents of letters no longer public are removed.
     */
    async reindex(): Promise<number> {
      await departmentMap();
      const indexed = await db.transaction(async (tx) => {
        const rows = await repo.publicForIndex(tx);
        const docs: SearchDocInput[] = [];
        for (let i = 0; i < rows.length; i += 500) docs.push(...(await indexLetters(tx, rows.slice(i, i + 500))));
        const keep = new Set(docs.map((d) => d.key));
        await deps.search.indexer.remove(tx, (await deps.search.indexer.keysOfKind(tx, 'letter')).filter((k) => !keep.has(k)));
        return docs.length;
      });
      await deps.changes.publish('search');
      return indexed;
    },

    /** The whole case, for whoever holds both codes. */
    async track(key: WriterKey) {
      const letter = await forWriter(db, key);
      return writerView(letter);
    },

    async writerAttachment(key: WriterKey, attachmentId: number) {
      const letter = await forWriter(db, key);
      const row = Number.isInteger(attachmentId) ? await repo.attachment(db, letter.id, attachmentId) : undefined;
      const file = row && (await openAttachment(deps.files, row));
      if (!file) throw notFound();
      return file;
    },

    /** The writer rates the reply; an unsatisfactory one may be reopened afterwards, once. */
    async rate(key: WriterKey, input: { rating?: string; comment?: string }) {
      const rating = RATINGS.find((r) => r === input.rating);
      if (!rating) throw new BadRequestError(t('letters.error.rating'), 'bad_rating');
      const comment = cleanText(input.comment ?? '', { multiline: true, max: LIMITS.noteMax }) || null;
      // the codes are checked first: the check counts failures in a transaction of its own
      const found = await forWriter(db, key);
      return db.transaction(async (tx) => {
        const letter = (await repo.findById(tx, found.id)) as repo.LetterRow;
        if (letter.status !== 'replied') throw new ConflictError(t('letters.error.notRateable'));
        const after = { status: 'closed', rating, ratingComment: comment, closedAt: new Date() };
        const updated = await change(tx, letter, letter.version, after);
        await event(tx, updated, 'rated', WRITER, { note: t(`letters.rating.${rating}`) + (comment ? `：${comment}` : '') });
        await audit(tx, WRITER, 'letter.rated', letter, after, rating);
        return updated;
      });
    },

    async reopen(key: WriterKey, input: { reason?: string }) {
      const reason = reasonOf(input.reason, 'letters.error.reopenReason');
      const found = await forWriter(db, key);
      return db.transaction(async (tx) => {
        const letter = (await repo.findById(tx, found.id)) as repo.LetterRow;
        if (!canReopen(letter)) throw new ConflictError(t('letters.error.notReopenable'));
        const now = new Date();
        const after = {
          status: 'handling',
          reopenCount: letter.reopenCount + 1,
          dueAt: calendar.addWorkingDays(now, REPLY_DAYS[letter.type as LetterType]),
          remindedAt: null,
          supervisedAt: null,
          closedAt: null,
          rating: null,
          ratingComment: null,
        };
        const updated = await change(tx, letter, letter.version, after);
        await event(tx, updated, 'reopened', WRITER, { note: reason });
        await audit(tx, WRITER, 'letter.reopened', letter, after, reason);
        await tellStaff(tx, updated.departmentId, ['handler', 'dept_admin'], 'letter-reopened', updated);
        return updated;
      });
    },

    // ---- public page ------------------------------------------------------------------------------

    /** Published letters, masked; `q` goes through the search index. */
    async publicList(q: { q?: string; departmentId?: number; type?: string; month?: string; limit: number; offset: number }) {
      await departmentMap();
      let ids: number[] | undefined;
      if (q.q?.trim()) {
        await deps.search.whenReady();
        const found = deps.search.search({ q: q.q, kind: 'letter', limit: 500, offset: 0, noLog: true });
        ids = found.results.map((r) => r.id);
      }
      const month = q.month && /^\d{4}-(0[1-9]|1[0-2])$/.test(q.month) ? monthRange(calendar, q.month) : undefined;
      const { total, rows } = await repo.listPublic(db, { ids, departmentId: q.departmentId, type: q.type, month, limit: q.limit, offset: q.offset });
      const list = [];
      for (const r of rows) list.push(publicView(r.letter, r.departmentName ?? '', await publishedReply(r.letter.id)));
      return { total, letters: list };
    },

    async publicLetter(trackingCode: string) {
      await departmentMap();
      const code = (trackingCode ?? '').toUpperCase();
      const letter = TRACKING_CODE.test(code) ? await repo.findByTrackingCode(db, code) : undefined;
      if (!letter?.isPublic || !letter.repliedAt || letter.status === 'merged') throw notFound();
      return publicView(letter, departmentName(letter.departmentId), await publishedReply(letter.id));
    },

    /** Department figures per month for a year: received, replied, on time, days to reply, satisfaction. */
    async statistics(year: number): Promise<StatRow[]> {
      const cached = statsCache.get(year);
      if (cached && cached.until > Date.now()) return cached.rows;
      const rows = (await repo.monthlyStats(db, calendar.startOfDay(`${year}-01-01`), calendar.startOfDay(`${year + 1}-01-01`), calendar.timeZone, new Date())).map((r) => ({
        departmentId: r.departmentId as number,
        department: r.departmentName,
        month: r.month,
        received: r.received,
        due: r.due,
        replied: r.replied,
        replyRate: r.due ? r.replied / r.due : null,
        onTimeRate: r.replied ? r.onTime / r.replied : 0,
        averageDays: r.replied ? r.daysSum / r.replied : 0,
        satisfaction: r.rated ? r.satisfied / r.rated : null,
        rated: r.rated,
      }));
      statsCache.set(year, { rows, until: Date.now() + STATS_CACHE_MS });
      return rows;
    },

    /** Before writing: public letters and guides that may already answer the question. */
    async similar(text: string) {
      const q = cleanText(text, { max: 60 });
      if (q.length < 2) return [];
      await deps.search.whenReady();
      const seen = new Set<string>();
      const out: { kind: string; title: string; url: string; snippet: string }[] = [];
      for (const kind of ['letter', 'item', 'faq']) {
        for (const r of deps.search.search({ q, kind, limit: 3, offset: 0, noLog: true }).results) {
          if (seen.has(r.url)) continue;
          seen.add(r.url);
          out.push({ kind: r.kind, title: r.title, url: r.url, snippet: r.snippet });
        }
      }
      return out.slice(0, 8);
    },

    departments: async () => [...(await departmentMap()).values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN')),

    // ---- staff: dispatch ------------------------------------------------------------------------

    async list(p: Principal, f: Omit<repo.StaffFilter, 'departmentId'> & { departmentId?: number }) {
      requirePermission(p, 'letters.view');
      const departmentId = isPortalWide(p) ? f.departmentId : (p.departmentId ?? -1);
      const ctx = await policyContext();
      // words typed into the search find confidential cases only for those who may read them
      const { total, rows } = await repo.listForStaff(db, { ...f, departmentId, searchConfidential: inCommission(p, ctx) });
      return { total, letters: rows.map((r) => ({ ...staffSummary(shown(p, r.letter, ctx, r.letter.departmentId === p.departmentId ? 'lead' : undefined)), departmentName: r.departmentName })) };
    },

    async counts(p: Principal) {
      requirePermission(p, 'letters.view');
      return repo.statusCounts(db, isPortalWide(p) ? undefined : (p.departmentId ?? -1));
    },

    /** The whole case for staff: history with internal notes, replies, departments, attachments. */
    async getForStaff(p: Principal, id: number) {
      requirePermission(p, 'letters.view');
      const ctx = await policyContext();
      const { letter: row, facts, role } = await forAbility(db, p, id, 'read', ctx);
      const abilities = abilitiesOf(p, facts, ctx);
      const content = abilities.has('readContent');
      const letter = content ? row : conceal(row);
      const replies = content ? await repo.replies(db, letter.id) : [];
      const submitted = replies.find((r) => r.status === 'submitted');
      const departments = await repo.departmentsOf(db, letter.id);
      return {
        ...staffSummary(letter),
        body: letter.body,
        name: letter.name,
        phone: letter.phone,
        email: letter.email,
        address: letter.address,
        lat: letter.lat,
        lng: letter.lng,
        role,
        /** true when the case is confidential and this person may know only that it exists */
        contentWithheld: !content,
        abilities: [...abilities],
        departments: content ? departments : departments.map((d) => ({ ...d, opinion: null })),
        events: (await repo.events(db, letter.id, true)).map((e) => (content ? e : { ...e, note: null })),
        replies,
        attachments: content ? await repo.attachmentList(db, letter.id) : [],
        mergedInto: letter.mergedIntoId ? (await repo.findById(db, letter.mergedIntoId))?.trackingCode : undefined,
        templates: content ? await repo.templates(db, letter.departmentId) : [],
        // four eyes: not the reply of someone who worked on it
        canReview: abilities.has('review') && !(submitted && contributorsOf(submitted).includes(p.userId)),
        canDispatch: abilities.has('dispatch'),
      };
    },

    async staffAttachment(p: Principal, id: number, attachmentId: number) {
      requirePermission(p, 'letters.view');
      const { letter } = await forAbility(db, p, id, 'readContent', await policyContext());
      const row = Number.isInteger(attachmentId) ? await repo.attachment(db, letter.id, attachmentId) : undefined;
      const file = row && (await openAttachment(deps.files, row));
      if (!file) throw notFound();
      return file;
    },

    /** Send a letter to its lead department and any assisting ones. */
    async assign(p: Principal, id: number, input: { version: number; lead: number; assists?: number[]; note?: string }) {
      requirePermission(p, 'letters.dispatch');
      const known = await departmentMap();
      if (!known.has(input.lead)) throw new BadRequestError(t('letters.error.department'), 'bad_department');
      const assists = [...new Set(input.assists ?? [])].filter((d) => d !== input.lead);
      if (assists.some((d) => !known.has(d))) throw new BadRequestError(t('letters.error.department'), 'bad_department');
      const note = cleanText(input.note ?? '', { multiline: true, max: LIMITS.noteMax });
      const ctx = await policyContext();
      return db.transaction(async (tx) => {
        const { letter } = await forAbility(tx, p, id, 'dispatch', ctx);
        if (!['dispatching', 'handling'].includes(letter.status)) throw new ConflictError(t('letters.error.wrongState'));
        // the commission's cases go to the commission only: nobody else may read them
        if (isConfidential(letter.channel) && ctx.commission.size > 0 && ![input.lead, ...assists].every((d) => ctx.commission.has(d)))
          throw new BadRequestError(t('letters.error.confidentialDepartment'), 'bad_department');
        // the dispatch deadline is met: reminders and supervision now follow the reply deadline
        const after = { status: 'handling', departmentId: input.lead, dispatchedAt: letter.dispatchedAt ?? new Date(), remindedAt: null, supervisedAt: letter.status === 'dispatching' ? null : letter.supervisedAt };
        const updated = await change(tx, letter, input.version, after);
        await repo.setDepartments(tx, letter.id, input.lead, assists);
        // a reply drafted by the department that had the case is not the new department's
        if (letter.departmentId && letter.departmentId !== input.lead) await repo.supersedeReplies(tx, letter.id);
        const names = [input.lead, ...assists].map((d) => known.get(d)?.name).join('、');
        await event(tx, updated, 'assigned', p, { note: assists.length ? t('letters.assignedWithAssists', { lead: known.get(input.lead)?.name ?? '', assists: assists.map((d) => known.get(d)?.name).join('、') }) : names, departmentId: input.lead });
        if (note) await event(tx, updated, 'note', p, { note, internal: true });
        await audit(tx, actorOfPrincipal(p), 'letter.assigned', letter, after, names);
        await tellStaff(tx, input.lead, ['handler', 'dept_admin'], 'letter-assigned', updated);
        for (const d of assists) await tellStaff(tx, d, ['handler', 'dept_admin'], 'letter-assigned', updated);
        return shown(p, updated, ctx);
      });
    },

    /** Merge a duplicate into another letter: its writer follows the other letter's reply. */
    async merge(p: Principal, id: number, input: { version: number; into: string }) {
      requirePermission(p, 'letters.dispatch');
      const ctx = await policyContext();
      return db.transaction(async (tx) => {
        const { letter } = await forAbility(tx, p, id, 'merge', ctx);
        const target = await repo.findByTrackingCode(tx, (input.into ?? '').trim().toUpperCase());
        if (!target || target.id === letter.id || target.status === 'merged') throw new BadRequestError(t('letters.error.mergeTarget'), 'bad_merge_target');
        // the commission's confidential mailboxes never share a case (or a reply) with the others
        if (CONFIDENTIAL_CHANNELS.includes(letter.channel as LetterChannel) || CONFIDENTIAL_CHANNELS.includes(target.channel as LetterChannel))
          throw new BadRequestError(t('letters.error.mergeConfidential'), 'bad_merge_target');
        if (!OPEN_STATUSES.includes(letter.status as never)) throw new ConflictError(t('letters.error.wrongState'));
        const after = { status: 'merged', mergedIntoId: target.id, closedAt: new Date() };
        const updated = await change(tx, letter, input.version, after);
        await event(tx, updated, 'merged', p, { note: target.trackingCode });
        await event(tx, target, 'merged_from', p, { note: letter.trackingCode, internal: true });
        await audit(tx, actorOfPrincipal(p), 'letter.merged', letter, after, target.trackingCode);
        await deps.search.indexer.remove(tx, [`letter:${letter.id}`]);
        await tellWriter(tx, updated, 'letter-merged', { trackingCode: letter.trackingCode, target: target.trackingCode, link: `/letters/track?code=${letter.trackingCode}` });
        return updated;
      });
    },

    /** A department gives back a letter it does not own, with the reason; the dispatchers place it again. */
    async giveBack(p: Principal, id: number, input: { version: number; reason?: string }) {
      requirePermission(p, 'letters.handle');
      const reason = reasonOf(input.reason, 'letters.error.returnReason');
      const ctx = await policyContext();
      return db.transaction(async (tx) => {
        const { letter } = await forAbility(tx, p, id, 'giveBack', ctx);
        if (letter.status !== 'handling') throw new ConflictError(t('letters.error.wrongState'));
        // back at the desk: a new day to place it
        const after = { status: 'dispatching', departmentId: null, dispatchDueAt: calendar.addWorkingDays(new Date(), DISPATCH_DAYS), remindedAt: null, supervisedAt: null };
        const updated = await change(tx, letter, input.version, after);
        await repo.setDepartments(tx, letter.id, null, []);
        await event(tx, updated, 'returned', p, { note: reason, internal: true });
        await audit(tx, actorOfPrincipal(p), 'letter.returned', letter, after, reason);
        await tellStaff(tx, null, ['dispatcher'], 'letter-returned', updated);
        return shown(p, updated, ctx, 'lead');
      });
    },

    async addNote(p: Principal, id: number, input: { note?: string }) {
      requirePermission(p, 'letters.handle');
      const note = cleanText(input.note ?? '', { multiline: true, max: LIMITS.noteMax });
      if (!note) throw new BadRequestError(t('letters.error.noteRequired'), 'note_required');
      const ctx = await policyContext();
      return db.transaction(async (tx) => {
        const { letter, role } = await forAbility(tx, p, id, 'note', ctx);
        if (role === 'assist') await repo.setOpinion(tx, letter.id, p.departmentId as number, note);
        await event(tx, letter, role === 'assist' ? 'opinion' : 'note', p, { note, internal: true });
        return letter;
      });
    },

    /** Draft the reply (or change the draft); `submit` sends it to review. */
    async saveReply(p: Principal, id: number, input: { version: number; body?: string; submit?: boolean }) {
      requirePermission(p, 'letters.handle');
      const body = cleanText(input.body ?? '', { multiline: true });
      if (body.length < 10 || body.length > LIMITS.replyMax) throw new BadRequestError(t('letters.error.replyLength', { min: 10, max: LIMITS.replyMax }), 'bad_reply');
      const ctx = await policyContext();
      return db.transaction(async (tx) => {
        const { letter } = await forAbility(tx, p, id, 'reply', ctx);
        if (letter.status !== 'handling') throw new ConflictError(t('letters.error.wrongState'));
        const current = await repo.currentReply(tx, letter.id);
        const status = input.submit ? 'submitted' : 'draft';
        const after = input.submit ? { status: 'reviewing' } : {};
        const updated = await change(tx, letter, input.version, after);
        if (current) await repo.updateReply(tx, current.id, { body, status, authorId: p.userId, authorName: p.name, returnReason: null, contributorIds: [...contributorsOf(current), p.userId] });
        else await repo.insertReply(tx, { letterId: letter.id, departmentId: letter.departmentId as number, body, status, authorId: p.userId, authorName: p.name, contributorIds: [p.userId] });
        await event(tx, updated, input.submit ? 'reply_submitted' : 'reply_drafted', p, { internal: true });
        if (input.submit) {
          await audit(tx, actorOfPrincipal(p), 'letter.reply_submitted', letter, after);
          await tellStaff(tx, letter.departmentId, ['reviewer', 'dept_admin'], 'letter-review', updated);
        }
        return updated;
      });
    },

    /** A reviewer publishes the reply (never their own) or sends it back with a reason. */
    async review(p: Principal, id: number, input: { version: number; approve: boolean; reason?: string }) {
      requirePermission(p, 'letters.review');
      const reason = cleanText(input.reason ?? '', { multiline: true, max: LIMITS.noteMax });
      if (!input.approve && reason.length < 2) throw new BadRequestError(t('letters.error.reviewReason'), 'reason_required');
      await departmentMap();
      const ctx = await policyContext();
      const published = await db.transaction(async (tx) => {
        const { letter } = await forAbility(tx, p, id, 'review', ctx);
        if (letter.status !== 'reviewing') throw new ConflictError(t('letters.error.wrongState'));
        const reply = await repo.currentReply(tx, letter.id);
        if (reply?.status !== 'submitted') throw new ConflictError(t('letters.error.wrongState'));
        if (contributorsOf(reply).includes(p.userId)) throw new ConflictError(t('letters.error.ownReply'));
        if (!input.approve) {
          const after = { status: 'handling' };
          const updated = await change(tx, letter, input.version, after);
          await repo.updateReply(tx, reply.id, { status: 'returned', reviewerId: p.userId, returnReason: reason });
          await event(tx, updated, 'reply_returned', p, { note: reason, internal: true });
          await audit(tx, actorOfPrincipal(p), 'letter.reply_returned', letter, after, reason);
          if (reply.authorId) await deps.accounts.notifyAccount(tx, reply.authorId, 'letter-reply-returned', { trackingCode: letter.trackingCode, title: letter.title, reason, link: `/admin/letters/${letter.id}` });
          return undefined;
        }
        const now = new Date();
        const first = !letter.repliedAt;
        const after = {
          status: 'replied',
          repliedAt: letter.repliedAt ?? now,
          ...(first ? { replyWorkingDays: calendar.workingDaysBetween(letter.receivedAt, now), repliedOnTime: now <= letter.dueAt } : {}),
        };
        const updated = await change(tx, letter, input.version, after);
        await repo.updateReply(tx, reply.id, { status: 'published', reviewerId: p.userId, publishedAt: now });
        await event(tx, updated, 'replied', p, { departmentId: letter.departmentId });
        await audit(tx, actorOfPrincipal(p), 'letter.replied', letter, after);
        await tellWriter(tx, updated, 'letter-replied', { trackingCode: letter.trackingCode, link: `/letters/track?code=${letter.trackingCode}` });
        if (updated.isPublic) await indexLetters(tx, [updated]);
        return updated;
      });
      if (published?.isPublic) await deps.changes.publish('search');
      return published;
    },

    async requestExtension(p: Principal, id: number, input: { version: number; reason?: string }) {
      requirePermission(p, 'letters.handle');
      const reason = reasonOf(input.reason, 'letters.error.extensionReason');
      const ctx = await policyContext();
      return db.transaction(async (tx) => {
        const { letter } = await forAbility(tx, p, id, 'requestExtension', ctx);
        if (!['handling', 'reviewing'].includes(letter.status)) throw new ConflictError(t('letters.error.wrongState'));
        if (letter.extensionStatus) throw new ConflictError(t('letters.error.extensionOnce'));
        const after = { extensionStatus: 'requested', extensionReason: reason };
        const updated = await change(tx, letter, input.version, after);
        await event(tx, updated, 'extension_requested', p, { note: reason, internal: true });
        await audit(tx, actorOfPrincipal(p), 'letter.extension_requested', letter, after, reason);
        await tellStaff(tx, letter.departmentId, ['reviewer', 'dept_admin'], 'letter-extension', updated);
        return updated;
      });
    },

    async decideExtension(p: Principal, id: number, input: { version: number; approve: boolean }) {
      requirePermission(p, 'letters.review');
      const ctx = await policyContext();
      return db.transaction(async (tx) => {
        const { letter } = await forAbility(tx, p, id, 'decideExtension', ctx);
        if (letter.extensionStatus !== 'requested' || !OPEN_STATUSES.includes(letter.status as never)) throw new ConflictError(t('letters.error.wrongState'));
        const requested = (await repo.events(tx, letter.id, true)).filter((e) => e.kind === 'extension_requested').at(-1);
        if (requested?.actorId === p.userId) throw new ConflictError(t('letters.error.ownExtension'));
        const dueAt = input.approve ? calendar.addWorkingDays(letter.dueAt, EXTENSION_DAYS[letter.type as LetterType]) : letter.dueAt;
        const after = input.approve ? { extensionStatus: 'approved', dueAt, remindedAt: null } : { extensionStatus: 'rejected' };
        const updated = await change(tx, letter, input.version, after);
        await event(tx, updated, input.approve ? 'extended' : 'extension_rejected', p, {
          note: input.approve ? t('letters.extendedTo', { due: formatDue(dueAt) }) : undefined,
          internal: !input.approve,
        });
        await audit(tx, actorOfPrincipal(p), input.approve ? 'letter.extended' : 'letter.extension_rejected', letter, after);
        if (input.approve) await tellWriter(tx, updated, 'letter-extended', { trackingCode: letter.trackingCode, due: formatDue(dueAt), link: `/letters/track?code=${letter.trackingCode}` });
        return updated;
      });
    },

    /**
     * Reminders and supervision, run by the worker every few minutes: cases due within a working
     * day remind their department once; cases past their deadline go under supervision (督办),
     * once, and their department's administrators and the dispatchers are told.
     */
    async runDeadlines(now = new Date()) {
      const soon = calendar.addWorkingDays(now, REMIND_DAYS_BEFORE);
      let reminded = 0;
      let supervised = 0;
      for (const candidate of await repo.dueForReminder(db, soon)) {
        await db.transaction(async (tx) => {
          const letter = await repo.markReminded(tx, candidate.id, now);
          if (!letter) return;
          await event(tx, letter, 'reminded', null, { internal: true, departmentId: letter.departmentId });
          await tellStaff(tx, letter.departmentId, ['handler', 'dept_admin'], 'letter-due-soon', letter);
          reminded++;
        });
      }
      for (const candidate of await repo.overdue(db, now)) {
        await db.transaction(async (tx) => {
          const letter = await repo.markSupervised(tx, candidate.id, now);
          if (!letter) return;
          await event(tx, letter, 'supervised', null, { departmentId: letter.departmentId });
          await recordAudit(tx, { id: 'system', name: t('letters.actor.system') }, [
            { action: 'letter.supervised', entity: 'letter', entityId: letter.trackingCode, departmentId: letter.departmentId },
          ]);
          await tellStaff(tx, null, ['dispatcher'], 'letter-overdue', letter);
          if (letter.departmentId) await tellStaff(tx, letter.departmentId, ['dept_admin', 'handler'], 'letter-overdue', letter);
          supervised++;
        });
      }
      return { reminded, supervised };
    },

    // ---- rules and templates ----------------------------------------------------------------------

    async listRules(p: Principal) {
      requirePermission(p, 'letters.dispatch');
      return repo.rules(db);
    },

    async addRule(p: Principal, input: RuleInput) {
      requirePermission(p, 'letters.dispatch');
      const rule = checkRule(input, await departmentMap());
      const row = await db.transaction(async (tx) => {
        const created = await repo.insertRule(tx, rule);
        await recordAudit(tx, actorOfPrincipal(p), [{ action: 'dispatch_rule.created', entity: 'dispatch_rule', entityId: created.id, after: created }]);
        return created;
      });
      await deps.changes.publish('letters-rules');
      return row;
    },

    async removeRule(p: Principal, id: number) {
      requirePermission(p, 'letters.dispatch');
      const removed = await db.transaction(async (tx) => {
        const row = Number.isInteger(id) ? await repo.deleteRule(tx, id) : undefined;
        if (!row) throw notFound();
        await recordAudit(tx, actorOfPrincipal(p), [{ action: 'dispatch_rule.deleted', entity: 'dispatch_rule', entityId: row.id, before: row }]);
        return row;
      });
      await deps.changes.publish('letters-rules');
      return removed;
    },

    /** For the demo: rules, templates and finished letters, without notifications; once only. */
    async seed(content: DemoLetters) {
      if ((await repo.countLetters(db)) > 0 || (await repo.rules(db)).length > 0) return undefined;
      const known = await departmentMap();
      const bySlug = new Map([...known.values()].map((d) => [d.slug, d.id]));
      const dept = (slug: string) => {
        const id = bySlug.get(slug);
        if (!id) throw new Error(`letters demo: unknown department ${slug}`);
        return id;
      };
      const docs: SearchDocInput[] = [];
      await db.transaction(async (tx) => {
        for (const r of content.rules) await repo.insertRule(tx, checkRule({ ...r, departmentId: dept(r.department) }, known));
        for (const tpl of content.templates) await repo.insertTemplate(tx, { departmentId: tpl.department ? dept(tpl.department) : null, title: tpl.title, body: tpl.body });
        for (const l of content.letters) {
          const receivedAt = new Date(l.receivedAt);
          const departmentId = dept(l.department);
          const type = l.type as LetterType;
          const dueAt = calendar.addWorkingDays(receivedAt, REPLY_DAYS[type]);
          const repliedAt = l.reply ? calendar.addWorkingDays(receivedAt, l.reply.workingDays) : null;
          if (repliedAt) repliedAt.setTime(repliedAt.getTime() - 6 * 3_600_000); // late afternoon, not midnight
          const letter = await repo.insertLetter(tx, {
            trackingCode: newTrackingCode(calendar.localDate(receivedAt), randomInt),
            queryCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
            channel: l.channel,
            type,
            title: l.title,
            body: l.body,
            name: l.name,
            phone: l.phone,
            phoneVerified: true,
            address: l.address,
            isPublic: l.isPublic && !['discipline', 'supervision'].includes(l.channel),
            addressedDepartmentId: l.channel === 'department' ? departmentId : null,
            status: !l.reply ? 'handling' : l.rating ? 'closed' : 'replied',
            departmentId,
            receivedAt,
            dispatchDueAt: calendar.addWorkingDays(receivedAt, DISPATCH_DAYS),
            dispatchedAt: receivedAt,
            dueAt,
            repliedAt,
            replyWorkingDays: l.reply?.workingDays ?? null,
            repliedOnTime: repliedAt ? repliedAt <= dueAt : null,
            closedAt: l.rating ? repliedAt : null,
            rating: l.rating,
          });
          if (!letter) continue;
          await repo.setDepartments(tx, letter.id, departmentId, []);
          await repo.insertEvents(tx, [
            { letterId: letter.id, kind: 'received', actorName: t('letters.actor.system'), at: receivedAt, note: t(`letters.channel.${l.channel as 'mayor'}`) },
            { letterId: letter.id, kind: 'assigned', actorName: t('letters.actor.system'), at: receivedAt, departmentId, note: departmentName(departmentId) },
            ...(repliedAt ? [{ letterId: letter.id, kind: 'replied', actorName: departmentName(departmentId), at: repliedAt, departmentId }] : []),
            ...(l.rating && repliedAt ? [{ letterId: letter.id, kind: 'rated', actorName: t('letters.actor.writer'), at: repliedAt, note: t(`letters.rating.${l.rating as Rating}`) }] : []),
          ]);
          if (l.reply && repliedAt) {
            await repo.insertReply(tx, { letterId: letter.id, departmentId, body: l.reply.body, status: 'published', authorName: departmentName(departmentId), publishedAt: repliedAt });
            if (letter.isPublic) docs.push(searchDoc(letter, departmentName(departmentId), l.reply.body));
          }
        }
        await deps.search.indexer.upsert(tx, docs);
      });
      await deps.changes.publish('letters-rules');
      await deps.changes.publish('search');
      return { letters: content.letters.length, rules: content.rules.length, templates: content.templates.length };
    },

    count: () => repo.countLetters(db),
  };

  /** A repeat of a key: the same letter back, or a conflict when the key came with another letter. */
  function replayOf(existing: repo.LetterRow, submission: { title: string; body: string }): Receipt {
    if (existing.title !== submission.title || existing.body !== submission.body)
      throw new AppError(422, 'idempotency_key_reused', t('letters.error.idempotencyMismatch'));
    return receiptOf(existing, false);
  }

  function receiptOf(letter: repo.LetterRow, created: boolean): Receipt {
    return { id: letter.id, trackingCode: letter.trackingCode, queryCode: letter.queryCode, status: letter.status, dueAt: letter.dueAt, created };
  }

  function canReopen(letter: repo.LetterRow) {
    return letter.status === 'closed' && letter.rating === 'unsatisfied' && letter.reopenCount < 1;
  }

  async function publishedReply(letterId: number) {
    const rows = await repo.replies(db, letterId);
    return rows.filter((r) => r.status === 'published');
  }

  async function writerView(letter: repo.LetterRow) {
    await departmentMap();
    const target = letter.mergedIntoId ? await repo.findById(db, letter.mergedIntoId) : undefined;
    return {
      id: letter.id,
      trackingCode: letter.trackingCode,
      channel: letter.channel,
      type: letter.type,
      title: letter.title,
      body: letter.body,
      name: letter.name,
      phone: letter.phone ? maskPhone(letter.phone) : null,
      address: letter.address,
      isPublic: letter.isPublic,
      status: letter.status,
      department: departmentName(letter.departmentId),
      receivedAt: letter.receivedAt,
      dueAt: letter.dueAt,
      repliedAt: letter.repliedAt,
      rating: letter.rating,
      ratingComment: letter.ratingComment,
      canRate: letter.status === 'replied',
      canReopen: canReopen(letter),
      mergedInto: target?.trackingCode ?? null,
      // the writer sees departments act, not the names of the clerks in them
      events: (await repo.events(db, letter.id, false)).map((e) => ({
        at: e.at,
        kind: e.kind,
        note: WRITER_NOTES.has(e.kind) ? e.note : null,
        actor: e.actorId ? departmentName(e.departmentId) || t('letters.actor.desk') : e.actorName,
      })),
      // a merged letter's writer reads the other letter's reply, with that writer's details masked
      replies: (await publishedReply(target?.id ?? letter.id)).map((r) => ({
        body: target ? maskPersonalData(r.body, { names: [target.name], official: true }) : r.body,
        department: departmentName(r.departmentId),
        publishedAt: r.publishedAt,
      })),
      attachments: await repo.attachmentList(db, letter.id),
    };
  }

  return service;
}

function publicView(letter: repo.LetterRow, department: string, replies: repo.ReplyRow[]) {
  const names = [letter.name];
  return {
    trackingCode: letter.trackingCode,
    type: letter.type,
    channel: letter.channel,
    title: maskPersonalData(letter.title, { names }),
    body: maskPersonalData(letter.body, { names }),
    writer: letter.name ? maskName(letter.name) : null,
    department,
    departmentId: letter.departmentId,
    receivedAt: letter.receivedAt,
    repliedAt: letter.repliedAt,
    rating: letter.rating,
    replies: replies.map((r) => ({ body: maskPersonalData(r.body, { names, official: true }), publishedAt: r.publishedAt })),
  };
}

function staffSummary(letter: repo.LetterRow) {
  const now = Date.now();
  const open = OPEN_STATUSES.includes(letter.status as never);
  return {
    id: letter.id,
    trackingCode: letter.trackingCode,
    channel: letter.channel,
    type: letter.type,
    title: letter.title,
    status: letter.status,
    departmentId: letter.departmentId,
    source: letter.source,
    anonymous: letter.anonymous,
    isPublic: letter.isPublic,
    receivedAt: letter.receivedAt,
    dueAt: letter.status === 'dispatching' ? letter.dispatchDueAt : letter.dueAt,
    repliedAt: letter.repliedAt,
    overdue: open && (letter.status === 'dispatching' ? letter.dispatchDueAt : letter.dueAt).getTime() < now,
    supervised: letter.supervisedAt !== null,
    extensionStatus: letter.extensionStatus,
    rating: letter.rating,
    reopenCount: letter.reopenCount,
    version: letter.version,
  };
}

/** a month ('YYYY-MM') as instants in the portal's time zone */
function monthRange(calendar: WorkCalendar, month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: calendar.startOfDay(`${month}-01`), to: calendar.startOfDay(`${next}-01`) };
}

/** data/demo/letters/*.json */
export interface DemoLetters {
  rules: (Omit<RuleInput, 'departmentId'> & { department: string })[];
  templates: { department: string | null; title: string; body: string }[];
  letters: {
    channel: string;
    type: string;
    department: string;
    title: string;
    body: string;
    name: string;
    phone: string;
    address: string | null;
    isPublic: boolean;
    receivedAt: string;
    reply: { body: string; workingDays: number } | null;
    rating: string | null;
  }[];
}

export type LetterService = ReturnType<typeof createLetterService>;
