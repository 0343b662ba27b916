// A worker thread of the pool (pool.ts): TypeScript through tsx, then the module named in
// workerData, whose exported `tasks` answer the pool's messages. Plain JavaScript because a
// worker's entry point is loaded before any loader could be registered for it.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { tasks } = await import(workerData.module);

parentPort.on('message', async ({ id, task, input }) => {
  try {
    const run = tasks[task];
    if (!run) throw new Error(`no task ${task}`);
    const value = await run(input);
    // bytes go back without a copy
    parentPort.postMessage({ id, ok: true, value }, value instanceof Uint8Array ? [value.buffer] : []);
  } catch (e) {
    parentPort.postMessage({ id, ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
parentPort.postMessage({ ready: true });
