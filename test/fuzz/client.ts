/**
 * Who the fuzzer acts as: an anonymous visitor, the system administrator in the back office,
 * the demo citizen, and an integration with an API token. Each keeps its cookies (the session
 * and the CSRF anchor) and the last CSRF token it was served, as a browser would.
 */
import type { FastifyInstance } from 'fastify';
import { cookieHeader, keepCookies } from '../cookies.js';
import { FUZZ_ID } from './site.js';

export type SessionName = 'anon' | 'staff' | 'citizen' | 'token';

export const DEMO_PASSWORD = 'Shifan2026demo';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: Buffer | string;
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  location: string;
}

export class Session {
  readonly cookies = new Map<string, string>();
  csrf = '';
  bearer = '';

  constructor(
    readonly app: FastifyInstance,
    readonly name: SessionName,
  ) {}

  cookieHeader(): string {
    return cookieHeader(this.cookies);
  }

  /** Send a request as this session; `id` tags it so a captured server error can be matched. */
  async send(req: FuzzRequest, id = ''): Promise<FuzzResponse> {
    const headers: Record<string, string> = { ...req.headers };
    if (!('cookie' in headers) && this.cookies.size) headers.cookie = this.cookieHeader();
    if (!('authorization' in headers) && this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (id) headers[FUZZ_ID] = id;
    const res = await this.app.inject({ method: req.method as 'GET', url: req.url, headers, payload: req.payload, payloadAsStream: true });
    return this.keep({ headers: res.headers, statusCode: res.statusCode, body: await bodyOf(res) });
  }

  private keep(res: { headers: Record<string, unknown>; statusCode: number; body: string }): FuzzResponse {
    keepCookies(this.cookies, res.headers);
    const type = String(res.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
      if (token) this.csrf = token;
    }
    return { status: res.statusCode, headers: res.headers, body: res.body, location: String(res.headers.location ?? '') };
  }

  async get(url: string): Promise<FuzzResponse> {
    return this.send({ method: 'GET', url, headers: {} });
  }

  async postForm(url: string, form: Record<string, string>): Promise<FuzzResponse> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form });
    return this.send({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: body.toString() });
  }

  /** Sign in (again) as this session's person; anonymous and token sessions just get a CSRF anchor. */
  async signIn(): Promise<boolean> {
    this.cookies.clear();
    this.csrf = '';
    if (this.name === 'staff') {
      await this.get('/admin/login');
      return (await this.postForm('/admin/login', { username: 'sysadmin', password: DEMO_PASSWORD })).location === '/admin';
    }
    if (this.name === 'citizen') {
      await this.get('/login');
      const res = await this.postForm('/login', { identifier: '13800000001', password: DEMO_PASSWORD });
      return res.status === 303 || res.status === 302;
    }
    if (this.name === 'token') {
      const res = await this.send({
        method: 'POST',
        url: '/api/v1/auth/token',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ username: 'sysadmin', password: DEMO_PASSWORD }),
      });
      this.bearer = res.status === 201 ? (JSON.parse(res.body) as { token: string }).token : '';
      return this.bearer !== '';
    }
    await this.get('/');
    return true;
  }

  /** Still signed in? (A fuzzed form may have signed the session out or changed the account.) */
  async alive(): Promise<boolean> {
    if (this.name === 'staff') return (await this.get('/admin')).status === 200;
    if (this.name === 'citizen') return (await this.get('/me')).status === 200;
    if (this.name === 'token') return (await this.send({ method: 'GET', url: '/api/v1/me', headers: {} })).status === 200;
    return true;
  }
}

/**
 * The whole body, except of an event stream (a hall board's live updates never end): of that,
 * what came in the first moment, the stream is then closed as a browser leaving the page would.
 */
async function bodyOf(res: { headers: Record<string, unknown>; stream(): NodeJS.ReadableStream; raw: { res: { req?: { destroy(): void } } } }): Promise<string> {
  const stream = res.stream();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const live = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
  await new Promise<void>((resolve) => {
    stream.once('end', resolve);
    stream.once('error', () => resolve());
    if (live)
      setTimeout(() => {
        res.raw.res.req?.destroy();
        resolve();
      }, 200);
  });
  return Buffer.concat(chunks).toString();
}
