/**
 * Two app processes on one PostgreSQL: a change published through one is shown by the other
 * within 2 s, though the other had the old page in its cache. (PGlite serves one process only.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServices } from '../src/app.js';
import { openDatabase } from '../src/db/client.js';
import { buildBundle } from './factories/catalog.js';
import { testApp, testConfig } from './helpers.js';

describe.skipIf(!process.env.DATABASE_URL)('page cache across app processes (PostgreSQL)', () => {
  let first: Awaited<ReturnType<typeof testApp>>;
  let second: { app: Awaited<ReturnType<typeof createApp>>; close: () => Promise<void> };

  beforeAll(async () => {
    first = await testApp();
    const databaseUrl = first.db.databaseUrl as string;
    const database = await openDatabase({ databaseUrl, dataDir: '' });
    const services = await createServices(testConfig({}, databaseUrl), database);
    const app = await createApp(services);
    await app.ready();
    second = {
      app,
      close: async () => {
        await app.close();
        await services.close();
        await database.close();
      },
    };
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('drops the stale guide on the other process within 2 s', async () => {
    const bundle = buildBundle(1);
    await first.services.catalog.importBundle(bundle);
    const id = (await first.services.catalog.listItems({ limit: 1, offset: 0 })).items[0]!.id;
    expect((await second.app.inject(`/items/${id}`)).body).toContain(bundle.items[0]!.summary);

    const changed = { ...bundle.items[0]!, summary: '第二个进程应当看到的新简介。' };
    await first.services.catalog.importBundle({ ...bundle, items: [changed] });
    const deadline = Date.now() + 2000;
    let body = '';
    while (Date.now() < deadline) {
      body = (await second.app.inject(`/items/${id}`)).body;
      if (body.includes('第二个进程应当看到的新简介')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toContain('第二个进程应当看到的新简介');
  });
});
