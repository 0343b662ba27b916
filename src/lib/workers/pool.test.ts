import { afterAll, describe, expect, it } from 'vitest';
import { createWorkerPool } from './pool.js';

const pool = createWorkerPool(new URL('../../../test/fixtures/pool-worker.ts', import.meta.url), 2);
afterAll(() => pool.close());

describe('worker pool', () => {
  it('runs TypeScript tasks in worker threads while the main thread stays free', async () => {
    expect(await pool.run('double', 21)).toBe(42);
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const blocked = pool.run('wait', flag);
    // the worker is blocked until released; this thread meanwhile does other work
    expect(await pool.run('double', 2)).toBe(4);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    expect(await blocked).toBe('released');
  });

  it('queues tasks beyond its size and answers each', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.run<number>('double', i)));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
  });

  it('reports a failed task, and replaces a worker that died', async () => {
    await expect(pool.run('fail', null)).rejects.toThrow('RangeError: bad input');
    await expect(pool.run('die', null)).rejects.toThrow('worker exited with 3');
    expect(await pool.run('double', 5)).toBe(10);
  });
});
