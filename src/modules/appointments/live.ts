/**
 * The live queue: display boards and citizens' phones listen (Server-Sent Events) to a hall.
 * A change anywhere (this process or another, through the change bus) makes each process read
 * the hall's board once and hand it to every listener of that hall: 1,000 listeners cost one
 * read, not 1,000. Reads of one hall never overlap; a change during a read triggers one more.
 */
import type { AppointmentsContext } from './context.js';
import { hallBoard, type HallBoard } from './operations/queue.js';
import { hallById } from './operations/halls.js';

export type BoardListener = (board: HallBoard) => void;

export interface LiveHub {
  /** listen to a hall; returns how to stop */
  watch(hallId: number, listener: BoardListener): () => void;
  listeners(): number;
}

export function createLiveHub(ctx: AppointmentsContext): LiveHub {
  const watchers = new Map<number, Set<BoardListener>>();
  const running = new Map<number, boolean>();
  const dirty = new Set<number>();

  async function refresh(hallId: number): Promise<void> {
    if (running.get(hallId)) {
      dirty.add(hallId);
      return;
    }
    running.set(hallId, true);
    try {
      do {
        dirty.delete(hallId);
        const set = watchers.get(hallId);
        if (!set?.size) break;
        const board = await hallBoard(ctx, await hallById(ctx, hallId));
        for (const listener of set) {
          try {
            listener(board);
          } catch {
            // a listener whose connection broke is removed by its own close handler
          }
        }
      } while (dirty.has(hallId));
    } catch {
      // the next change (or the listener's reconnect) reads again
    } finally {
      running.set(hallId, false);
    }
  }

  ctx.onQueueChange((hallId) => {
    const halls = hallId === -1 ? [...watchers.keys()] : [hallId];
    for (const h of halls) if (watchers.get(h)?.size) void refresh(h);
  });

  return {
    watch(hallId, listener) {
      let set = watchers.get(hallId);
      if (!set) {
        set = new Set();
        watchers.set(hallId, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    listeners: () => [...watchers.values()].reduce((n, s) => n + s.size, 0),
  };
}
