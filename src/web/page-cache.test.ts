import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache.js';

describe('page cache', () => {
  it('renders a page once for a crowd asking at the same time', async () => {
    const cache = new PageCache();
    let renders = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const render = async () => {
      renders++;
      await gate;
      return 'page';
    };
    const crowd = Array.from({ length: 100 }, () => cache.get('k', render));
    release();
    const pages = await Promise.all(crowd);
    expect(renders).toBe(1);
    expect(new Set(pages.map((p) => p.etag)).size).toBe(1);
    await cache.get('k', render);
    expect(renders).toBe(1);
  });

  it('keeps no more bytes than its bound, dropping the oldest page first', async () => {
    const cache = new PageCache(100, 250);
    let renders = 0;
    const render = async () => {
      renders++;
      return Buffer.alloc(100);
    };
    await cache.get('a', render);
    await cache.get('b', render);
    await cache.get('c', render); // 300 bytes: a goes
    await cache.get('c', render);
    await cache.get('b', render);
    expect(renders).toBe(3);
    await cache.get('a', render);
    expect(renders).toBe(4);
  });

  it('renders again after a change emptied it, even while a rendering was under way', async () => {
    const cache = new PageCache();
    let version = 1;
    const render = async () => `v${version}`;
    const before = cache.get('k', render);
    cache.clear();
    version = 2;
    expect((await before).body.toString()).toBe('v1');
    expect((await cache.get('k', render)).body.toString()).toBe('v2');
  });
});
