/**
 * An acknowledged letter survives the process being killed: a real server (`yimen serve`) takes
 * a stream of submissions, is killed with SIGKILL in the middle of it, and is started again on
 * the same data; every letter that got a 201 must open with its tracking and query codes, its
 * attachments' files must be in the file store whole, and resending every Idempotency-Key —
 * answered or not — must create each letter exactly once.
 * On PostgreSQL when DATABASE_URL is set, otherwise on PGlite in a temporary DATA_DIR.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterAttachments } from '../../db/schema/letters.js';
import { type DurabilityHarness, databaseKind, durabilityHarness } from '../../../test/durability.js';

const PASSWORD = 'durability-2026';

let harness: DurabilityHarness;
let token: string;

/** every third letter carries a photo of its own */
const photoOf = (i: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`photo ${i} `), randomBytes(2048)]);

const letter = (i: number) => ({
  channel: 'mayor',
  type: (['complaint', 'consultation', 'suggestion', 'help'] as const)[i % 4],
  title: `持久性测试来信 ${i}`,
  body: `这是第 ${i} 封来信，用来检验进程被强行终止后已确认的来信不会丢失。`,
  name: '测试',
  phone: `139${String(10_000_000 + i).slice(-8)}`,
  isPublic: false,
  ...(i % 3 === 0 ? { attachments: [{ filename: `现场${i}.jpg`, data: photoOf(i).toString('base64') }] } : {}),
});

interface Receipt {
  trackingCode: string;
  queryCode: string;
}

async function submit(base: string, key: string, i: number): Promise<{ status: number; receipt?: Receipt }> {
  const res = await fetch(`${base}/api/v1/letters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify(letter(i)),
  });
  const body = (await res.json()) as Receipt;
  return { status: res.status, receipt: res.status === 201 ? body : undefined };
}

describe(`an acknowledged letter survives SIGKILL (${databaseKind})`, () => {
  beforeAll(async () => {
    harness = await durabilityHarness();
    // the integration's account and token, written before the server owns the data
    token = await harness.withServices(async (services) => {
      await services.accounts.staff.createStaff({ username: 'hotline', displayName: '12345 热线', role: 'dispatcher', password: PASSWORD });
      const p = await services.accounts.signInStaff('hotline', PASSWORD);
      return (await services.accounts.createToken(p, { name: '热线对接', scopes: ['letters:read', 'letters:write'], days: 1 })).token;
    });
  });

  afterAll(() => harness?.close());

  it('finds every letter that got a 201 after a kill and a restart, each once, with its attachments', async () => {
    const runId = randomBytes(4).toString('hex');
    const keyOf = (i: number) => `durability-${runId}-${i}`;
    const KILL_AFTER = 60;
    const run = await harness.killDuring({
      killAfter: KILL_AFTER,
      max: 400,
      write: async (base, i) => (await submit(base, keyOf(i), i)).receipt,
    });
    expect(run.killed).toBe(true);
    expect(run.acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER);
    const { base } = run;

    const missing: string[] = [];
    for (const r of run.acknowledged.values()) {
      const res = await fetch(`${base}/api/v1/letters/${r.trackingCode}?queryCode=${r.queryCode}`);
      if (res.status !== 200) missing.push(`${r.trackingCode}: ${res.status}`);
    }
    expect(missing).toEqual([]);

    // every key again: the answered ones give back their letter, the others are created now, once
    for (const i of run.sent) {
      const r = await submit(base, keyOf(i), i);
      expect(r.status).toBe(201);
      const before = run.acknowledged.get(i);
      if (before) expect(r.receipt?.trackingCode).toBe(before.trackingCode);
    }
    const list = await fetch(`${base}/api/v1/staff/letters?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await list.json()) as { total: number }).total).toBe(run.sent.length);
    await harness.stop('SIGTERM');

    // every attachment a letter names is in the file store, whole
    const broken = await harness.withServices(async (services) => {
      const rows = await services.database.db.select({ sha256: letterAttachments.sha256, size: letterAttachments.size }).from(letterAttachments);
      expect(rows.length).toBe(run.sent.filter((i) => i % 3 === 0).length);
      const bad: string[] = [];
      for (const row of rows) {
        const file = row.sha256 ? await services.files.open(row.sha256) : undefined;
        const hash = createHash('sha256');
        for await (const c of file?.stream ?? []) hash.update(c as Buffer);
        if (!file || file.size !== row.size || hash.digest('hex') !== row.sha256) bad.push(String(row.sha256));
      }
      return bad;
    });
    expect(broken).toEqual([]);
  }, 240_000);
});
