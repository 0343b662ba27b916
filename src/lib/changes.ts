/**
 * Change notices between app processes. A service publishes a topic after its transaction
 * commits; every process (this one included) hears it and drops what it cached. On PostgreSQL
 * the notice travels by LISTEN/NOTIFY, so N processes behind a load balancer agree within
 * milliseconds; the embedded database serves one process, so an in-process notice suffices.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';

export type Topic = 'catalog' | 'search' | 'search-settings' | 'letters-rules' | 'journeys' | 'disclosure' | 'appointments-queue';
const CHANNEL = 'yimen_changes';

export interface ChangeBus {
  publish(topic: Topic): Promise<void>;
  subscribe(topic: Topic, listener: () => void): void;
  close(): Promise<void>;
}

export function localChangeBus(): ChangeBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    publish: async (topic) => {
      emitter.emit(topic);
    },
    subscribe: (topic, listener) => {
      emitter.on(topic, listener);
    },
    close: async () => {
      emitter.removeAllListeners();
    },
  };
}

export async function postgresChangeBus(databaseUrl: string): Promise<ChangeBus> {
  const local = localChangeBus();
  let closed = false;
  let client: pg.Client | undefined;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) void local.publish(msg.payload as Topic);
    });
    c.on('error', () => {
      // The listening connection dropped: reconnect, and treat the gap as a change to everything,
      // since a notice may have been missed while it was down.
      if (closed) return;
      client = undefined;
      setTimeout(() => {
        void connect()
          .then(() => local.publish('catalog'))
          .catch(() => {});
      }, 500).unref();
    });
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
    client = c;
  };
  await connect();
  const sender = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  sender.on('error', () => {});
  return {
    // This process hears its own change at once; the others through NOTIFY (and this one
    // again when the notice comes back, which is harmless).
    publish: async (topic) => {
      await local.publish(topic);
      await sender.query('select pg_notify($1, $2)', [CHANNEL, topic]).catch(() => {});
    },
    subscribe: local.subscribe,
    close: async () => {
      closed = true;
      await client?.end().catch(() => {});
      await sender.end().catch(() => {});
      await local.close();
    },
  };
}
