/**
 * Writing received letters: group commit. Submissions that arrive while a write is in progress
 * wait and go together into the next transaction, with one multi-row statement per table (the
 * letters, their departments, their history, attachments, audit entries, outbox messages). At
 * low load a batch is one letter, written at once; under load the cost of a transaction is
 * shared, so intake keeps up with hundreds of letters a second. Every caller gets its receipt
 * only after the transaction that holds its letter has committed. A batch that fails is retried
 * letter by letter, so one bad letter never takes others down with it.
 */
import { randomInt } from 'node:crypto';
import { getTableColumns, is, SQL } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';
import { letters as lettersTable } from '../../db/schema/letters.js';
import { AppError } from '../../lib/errors.js';
import { t } from '../../lib/i18n/index.js';
import { type AccountService, type Actor, type AuditEntry, type NotifyService, recordAudit } from './faces.js';
import { newTrackingCode, type StoredAttachment } from './model.js';
import { staffNotice, writerNotice } from './notices.js';
import * as repo from './repo.js';

export interface PendingLetter {
  row: Omit<repo.NewLetterRow, 'trackingCode' | 'queryCode'>;
  /** the department the rules (or the writer) chose, and its name for the history */
  lead: { id: number; name: string } | null;
  /** their bytes are in the file store already */
  attachments: StoredAttachment[];
  actor: Actor;
}

export interface Written {
  letter: repo.LetterRow;
  /** false when the Idempotency-Key had already made this letter */
  created: boolean;
}

interface Waiting extends PendingLetter {
  trackingCode: string;
  queryCode: string;
  resolve(w: Written): void;
  reject(e: unknown): void;
  result?: Written;
  /** a repeat of a key that came with a different letter */
  refused?: AppError;
}

const MAX_BATCH = 200;

/**
 * What the database fills in for a column left out: its literal default (`.default(x)`), or null
 * for a nullable column without one. Read from the schema, so a new column cannot be forgotten
 * here; columns whose default is computed by the database (now()) are always given by intake.
 */
const COLUMN_DEFAULTS: Record<string, unknown> = Object.fromEntries(
  Object.entries(getTableColumns(lettersTable)).flatMap(([key, column]): [string, unknown][] => {
    if (column.hasDefault && column.default !== undefined && !is(column.default, SQL)) return [[key, column.default]];
    if (!column.notNull && !column.hasDefault) return [[key, null]];
    return [];
  }),
);

/** The row as written: what the caller gave, the codes, the id, and the columns' defaults. */
function asInserted(w: Waiting, id: number): repo.LetterRow {
  return { ...COLUMN_DEFAULTS, ...w.row, id, trackingCode: w.trackingCode, queryCode: w.queryCode, updatedAt: w.row.receivedAt } as repo.LetterRow;
}

export function createIntake(database: Database, deps: { accounts: AccountService; notify: NotifyService; formatDue: (d: Date) => string; localDate: (d: Date) => string }) {
  const { db } = database;
  const queue: Waiting[] = [];
  // PostgreSQL: while one batch commits, the next is being written (more writers only make
  // smaller batches); PGlite has one connection
  const maxWriters = database.kind === 'postgres' ? 2 : 1;
  let writers = 0;

  const codes = (receivedAt: Date) => ({
    trackingCode: newTrackingCode(deps.localDate(receivedAt), randomInt),
    queryCode: String(randomInt(0, 1_000_000)).padStart(6, '0'),
  });

  /** Write a batch in the transaction; sets each waiting letter's result. */
  async function writeBatch(tx: Tx, batch: Waiting[], attempt = 0): Promise<void> {
    const inserted = await repo.insertLetters(
      tx,
      batch.map((w) => ({ ...w.row, trackingCode: w.trackingCode, queryCode: w.queryCode, updatedAt: w.row.receivedAt })),
    );
    const byCode = new Map(inserted.map((l) => [l.trackingCode, l]));
    const created: Waiting[] = [];
    const missing: Waiting[] = [];
    for (const w of batch) {
      const found = byCode.get(w.trackingCode);
      if (found && found.idempotencyKey === (w.row.idempotencyKey ?? null) && found.body === w.row.body && found.receivedAt.getTime() === (w.row.receivedAt as Date).getTime()) {
        w.result = { letter: asInserted(w, found.id), created: true };
        created.push(w);
      } else missing.push(w);
    }
    if (missing.length) {
      // not inserted: the key was used already (perhaps by a submission in this very batch), or
      // — one in a billion — the tracking code was taken; then the letter gets another code
      const keys = missing.map((w) => w.row.idempotencyKey).filter((k): k is string => !!k);
      const existing = new Map((await repo.findByIdempotencyKeys(tx, keys)).map((l) => [l.idempotencyKey, l]));
      const retry: Waiting[] = [];
      for (const w of missing) {
        const earlier = w.row.idempotencyKey ? existing.get(w.row.idempotencyKey) : undefined;
        if (earlier && earlier.title === w.row.title && earlier.body === w.row.body) w.result = { letter: earlier, created: false };
        else if (earlier) w.refused = new AppError(422, 'idempotency_key_reused', t('letters.error.idempotencyMismatch'));
        else retry.push(Object.assign(w, codes(w.row.receivedAt as Date)));
      }
      if (retry.length) {
        if (attempt >= 3) throw new Error('could not find a free tracking code');
        await writeBatch(tx, retry, attempt + 1);
      }
    }
    if (!created.length) return;

    const letters = created.map((w) => w.result?.letter as repo.LetterRow);
    await repo.insertLetterDepartments(
      tx,
      created.filter((w) => w.lead).map((w) => ({ letterId: (w.result as Written).letter.id, departmentId: (w.lead as { id: number }).id, role: 'lead' as const })),
    );
    await repo.insertEvents(
      tx,
      created.flatMap((w) => {
        const letter = (w.result as Written).letter;
        const received = { letterId: letter.id, kind: 'received', actorName: t('letters.actor.system'), note: t(`letters.channel.${letter.channel as 'mayor'}`), at: letter.receivedAt };
        return w.lead ? [received, { letterId: letter.id, kind: 'assigned', actorName: t('letters.actor.system'), note: w.lead.name, departmentId: w.lead.id, at: letter.receivedAt }] : [received];
      }),
    );
    await repo.insertAttachments(
      tx,
      created.flatMap((w) =>
        w.attachments.map((a) => ({ letterId: (w.result as Written).letter.id, filename: a.filename, contentType: a.contentType, size: a.size, sha256: a.sha256 })),
      ),
    );
    // audit entries, one statement per actor (a batch usually has one or two)
    const byActor = new Map<string, { actor: Actor; entries: AuditEntry[] }>();
    for (const w of created) {
      const l = (w.result as Written).letter;
      const group = byActor.get(w.actor.id) ?? { actor: w.actor, entries: [] };
      group.entries.push({
        action: 'letter.received',
        entity: 'letter',
        entityId: l.trackingCode,
        after: { channel: l.channel, type: l.type, status: l.status, departmentId: l.departmentId, source: l.source },
        departmentId: l.departmentId,
      });
      byActor.set(w.actor.id, group);
    }
    for (const g of byActor.values()) await recordAudit(tx, g.actor, g.entries);

    // the receipt to every writer; the new case to the handlers of its department
    const accountIds = [...new Set(letters.map((l) => l.accountId).filter((id): id is number => id !== null))];
    const accounts = new Map(accountIds.length ? (await deps.accounts.contactsFor(tx, { ids: accountIds })).map((c) => [c.id, c]) : []);
    const leadIds = [...new Set(letters.map((l) => l.departmentId).filter((id): id is number => id !== null))];
    const staff = leadIds.length ? await deps.accounts.contactsFor(tx, { departmentIds: leadIds, roles: ['handler', 'dept_admin'] }) : [];
    const messages: Parameters<NotifyService['enqueueMany']>[1] = [];
    for (const l of letters) {
      const receipt = { trackingCode: l.trackingCode, queryCode: l.queryCode, due: deps.formatDue(l.dueAt), link: `/letters/track?code=${l.trackingCode}` };
      const notice = writerNotice(l, 'letter-received', receipt, l.accountId ? accounts.get(l.accountId) : undefined);
      if (notice) messages.push(notice);
      for (const s of staff.filter((x) => x.departmentId === l.departmentId)) messages.push(staffNotice(l, 'letter-assigned', s, deps.formatDue));
    }
    await deps.notify.enqueueMany(tx, messages);
  }

  const settle = (w: Waiting) => (w.refused ? w.reject(w.refused) : w.resolve(w.result as Written));

  async function drain() {
    writers++;
    try {
      while (queue.length) {
        const batch = queue.splice(0, MAX_BATCH);
        try {
          await db.transaction((tx) => writeBatch(tx, batch));
          for (const w of batch) settle(w);
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          // find the one that failed: each alone, the others still written
          for (const w of batch) {
            try {
              await db.transaction((tx) => writeBatch(tx, [w]));
              settle(w);
            } catch (e) {
              w.reject(e);
            }
          }
        }
      }
    } finally {
      writers--;
    }
  }

  return {
    /** Queue a letter for the next write; resolves once it is committed. */
    write(letter: PendingLetter): Promise<Written> {
      return new Promise<Written>((resolve, reject) => {
        queue.push({ ...letter, ...codes(letter.row.receivedAt as Date), resolve, reject });
        if (writers < maxWriters) void drain();
      });
    },
  };
}
