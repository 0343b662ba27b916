/**
 * Rendered pages kept in memory, so a guide read a thousand times is rendered once. Any change
 * to the catalogue — in this process or another, through the change bus — empties it, so a
 * citizen never sees a page older than the last published change by more than the bus delay.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { variantKey } from '../lib/prefs.js';

export interface CachedPage {
  body: Buffer;
  etag: string;
  type: string;
  /** when the page must be rendered again even without a change (0: never) */
  expiresAt: number;
}

export class PageCache {
  private pages = new Map<string, CachedPage>();
  /** pages being rendered: a crowd asking for the same page at once waits for one rendering */
  private rendering = new Map<string, Promise<CachedPage>>();
  private bytes = 0;
  private generation = 0;

  /** bounded by count and by bytes (PDFs weigh hundreds of KB); the oldest page goes first */
  constructor(
    private readonly maxEntries = 5000,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  clear(): void {
    this.pages.clear();
    this.rendering.clear();
    this.bytes = 0;
    this.generation++;
  }

  /**
   * Return the page for `key`, rendering it with `render` if it is not cached. `ttlMs` bounds
   * the age of pages that show more than the catalogue (e.g. hot services from usage).
   */
  async get(
    page: string,
    render: () => Promise<string | Buffer>,
    { type = 'text/html; charset=utf-8', ttlMs = 0 }: { type?: string; ttlMs?: number } = {},
  ): Promise<CachedPage> {
    // 长辈版 and 繁體 readers get pages rendered for them: one copy per display variant
    const key = type.startsWith('text/html') ? variantKey() + page : page;
    const hit = this.pages.get(key);
    if (hit && (hit.expiresAt === 0 || hit.expiresAt > Date.now())) return hit;
    const pending = this.rendering.get(key);
    if (pending) return pending;
    const rendered = this.render(key, render, type, ttlMs).finally(() => {
      if (this.rendering.get(key) === rendered) this.rendering.delete(key);
    });
    this.rendering.set(key, rendered);
    return rendered;
  }

  private async render(key: string, render: () => Promise<string | Buffer>, type: string, ttlMs: number): Promise<CachedPage> {
    const startedAt = this.generation;
    const out = await render();
    const body = typeof out === 'string' ? Buffer.from(out) : out;
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const page = { body, type, etag, expiresAt: ttlMs ? Date.now() + ttlMs : 0 };
    // A change that arrived while rendering may have made this page stale: serve it once, keep nothing.
    if (startedAt === this.generation && body.length <= this.maxBytes) {
      this.drop(key);
      while (this.pages.size && (this.pages.size >= this.maxEntries || this.bytes + body.length > this.maxBytes)) this.drop(this.pages.keys().next().value as string);
      this.pages.set(key, page);
      this.bytes += body.length;
    }
    return page;
  }

  private drop(key: string) {
    const old = this.pages.get(key);
    if (!old) return;
    this.pages.delete(key);
    this.bytes -= old.body.length;
  }
}

/** Send a cached page, answering 304 when the browser already has it. */
export function sendPage(request: FastifyRequest, reply: FastifyReply, page: CachedPage): FastifyReply {
  reply.header('etag', page.etag).header('cache-control', 'no-cache').type(page.type);
  if (request.headers['if-none-match'] === page.etag) return reply.code(304).send();
  return reply.send(page.body);
}
