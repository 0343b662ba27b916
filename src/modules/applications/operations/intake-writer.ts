/**
 * Group commit of submissions (copied in shape from letters' intake, decision 0006): submissions
 * that arrive while a write is in progress wait and go together into the next transaction, each
 * in its own savepoint, so one that fails (a broken row, a racing Idempotency-Key) is rolled back
 * alone and the others are written. A caller learns its outcome only after the transaction that
 * holds its case has committed; if the commit itself fails, each is tried again in a transaction
 * of its own. At low load a batch is one submission, written at once. The bodies use only their
 * `tx` (never ctx.db), as in any transaction.
 */
import type { Database, Tx } from '../../../db/client.js';

interface Waiting {
  body: (tx: Tx) => Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

const MAX_BATCH = 100;

function createWriter(database: Database) {
  const queue: Waiting[] = [];
  // PostgreSQL: several batches at once (a batch of 100 spends ~1 s on round trips on the loaded
  // 2-core machine; 4 writers measured 105–118/s against 2 writers' 55–90/s); PGlite has one connection
  const maxWriters = database.kind === 'postgres' ? 4 : 1;
  let writers = 0;

  const settle = (w: Waiting) => (w.outcome?.ok ? w.resolve(w.outcome.value) : w.reject(w.outcome?.error));

  async function drain() {
    writers++;
    try {
      while (queue.length) {
        const batch = queue.splice(0, MAX_BATCH);
        try {
          if (batch.length === 1) {
            const only = batch[0] as Waiting;
            only.outcome = { ok: true, value: await database.db.transaction((tx) => only.body(tx)) };
          } else
            await database.db.transaction(async (tx) => {
              for (const w of batch) {
                try {
                  w.outcome = { ok: true, value: await tx.transaction((sp) => w.body(sp)) };
                } catch (error) {
                  w.outcome = { ok: false, error };
                }
              }
            });
          for (const w of batch) settle(w);
        } catch (error) {
          if (batch.length === 1) {
            batch[0]?.reject(error);
            continue;
          }
          // the commit failed: each alone, so the others are still written
          for (const w of batch) {
            try {
              w.resolve(await database.db.transaction((tx) => w.body(tx)));
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
    write<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ body, resolve: resolve as (v: unknown) => void, reject });
        if (writers < maxWriters) void drain();
      });
    },
  };
}

const writers = new WeakMap<Database, ReturnType<typeof createWriter>>();

/** Run `body` in the next group-committed transaction (savepoint of its own); resolves after the commit. */
export function groupCommit<T>(database: Database, body: (tx: Tx) => Promise<T>): Promise<T> {
  let writer = writers.get(database);
  if (!writer) {
    writer = createWriter(database);
    writers.set(database, writer);
  }
  return writer.write(body);
}
