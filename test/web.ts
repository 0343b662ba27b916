/**
 * A browser-like client over `app.inject`: keeps cookies, and posts forms with the CSRF token
 * of the last page it fetched, as a person filling in the form would.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { cookieHeader, keepCookies } from './cookies.js';

export class WebClient {
  readonly cookies = new Map<string, string>();
  csrf = '';
  last = { status: 0, body: '', location: '' };

  /** `remoteAddress`: the client address the app sees (light-my-request's default otherwise) */
  constructor(
    readonly app: FastifyInstance,
    readonly remoteAddress?: string,
  ) {}

  private header() {
    return cookieHeader(this.cookies);
  }

  private keep(res: { headers: Record<string, unknown>; statusCode: number; body: string }) {
    keepCookies(this.cookies, res.headers);
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    this.last = { status: res.statusCode, body: res.body, location: String(res.headers.location ?? '') };
    return this.last;
  }

  async get(url: string) {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.header() }, remoteAddress: this.remoteAddress }));
  }

  /** Post a form; `_csrf` is added unless given (pass `_csrf: ''` to leave it out). */
  async post(url: string, form: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    const withToken = { _csrf: this.csrf, ...form };
    for (const [k, v] of Object.entries(withToken)) for (const x of Array.isArray(v) ? v : [v]) if (!(k === '_csrf' && x === '')) body.append(k, x);
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body.toString(),
        remoteAddress: this.remoteAddress,
      }),
    );
  }
}

/** A client signed in to the back office (/admin) as a member of staff. */
export async function staffWeb(app: FastifyInstance, username: string, password: string): Promise<WebClient> {
  const web = new WebClient(app);
  await web.get('/admin/login');
  await web.post('/admin/login', { username, password });
  expect(web.last.location).toBe('/admin');
  return web;
}
