/**
 * CPU-heavy work (PDF rendering) off the event loop: a small pool of worker threads with a
 * queue. Workers start on the first task (a process that renders nothing pays nothing), a
 * worker that dies is replaced and its task fails with an error instead of hanging, and close()
 * ends them all. The worker module exports `tasks: Record<name, (input) => Promise<output>>`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

interface Job {
  task: string;
  input: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job?: Job;
}

export interface WorkerPool {
  run<T>(task: string, input: unknown): Promise<T>;
  /** tasks waiting for a free worker */
  queued(): number;
  close(): Promise<void>;
}

const BOOT = new URL('./boot.mjs', import.meta.url);

/**
 * Two workers at most, and always one core left for the event loop: on a two-core host two busy
 * workers would take the CPU from the requests they were moved away from.
 */
export const defaultPoolSize = () => Math.max(1, Math.min(2, availableParallelism() - 1));

export function createWorkerPool(module: URL, size = defaultPoolSize()): WorkerPool {
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let closed = false;
  let nextId = 0;

  function start(): Slot {
    const worker = new Worker(BOOT, { workerData: { module: module.href } });
    // the pool must not keep a finished CLI command alive
    worker.unref();
    const slot: Slot = { worker, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    worker.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (m.id === undefined || !slot.job) return;
      const job = slot.job;
      slot.job = undefined;
      worker.unref();
      if (m.ok) job.resolve(m.value);
      else job.reject(new Error(m.error));
      pump();
    });
    worker.on('error', (e) => fail(slot, e));
    worker.on('exit', (code) => fail(slot, new Error(`worker exited with ${code}`)));
    return slot;
  }

  function fail(slot: Slot, error: Error) {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots.splice(i, 1);
    slot.job?.reject(error);
    slot.job = undefined;
    if (!closed) pump();
  }

  function pump() {
    while (queue.length && !closed) {
      let slot = slots.find((s) => !s.job);
      if (!slot && slots.length < size) {
        slot = start();
        slots.push(slot);
      }
      if (!slot) return;
      const job = queue.shift() as Job;
      slot.job = job;
      // a worker at work keeps the process alive until it answers
      slot.worker.ref();
      const s = slot;
      const id = nextId++;
      s.ready.then(
        () => s.worker.postMessage({ id, task: job.task, input: job.input }),
        (e: Error) => fail(s, e),
      );
    }
  }

  return {
    run<T>(task: string, input: unknown) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ task, input, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });
    },
    queued: () => queue.length,
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('the worker pool is closed'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}
