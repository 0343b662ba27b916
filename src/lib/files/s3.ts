/**
 * Files in an S3-compatible bucket, for several hosts sharing one store. Uploads are received
 * into a local temporary folder first (so the size limit, the hash and the type check happen
 * before anything is sent), then PUT with their SHA-256 as the signed payload hash, so the
 * bucket refuses bytes that do not match. Objects are named `<prefix>ab/cd/<sha256>`
 * (path-style URLs: `<endpoint>/<bucket>/<key>`).
 */
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type Credentials, EMPTY_SHA256, sign, uriEncode } from './sigv4.js';
import { type FileStore, SHA256, withTemporaryFiles } from './store.js';

export interface S3Options extends Credentials {
  /** e.g. https://s3.example.gov.cn or http://127.0.0.1:9000 */
  endpoint: string;
  bucket: string;
  prefix?: string;
  /** where uploads wait before they are sent */
  tmpDir: string;
}

export function s3FileStore(o: S3Options): FileStore {
  const base = new URL(o.endpoint);
  const keyOf = (sha256: string) => `${o.prefix ?? ''}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;

  async function request(method: 'GET' | 'PUT' | 'HEAD', sha256: string, body?: { path: string; size: number }) {
    const path = `${base.pathname.replace(/\/$/, '')}/${uriEncode(o.bucket)}/${uriEncode(keyOf(sha256), true)}`;
    const headers: Record<string, string> = { host: base.host };
    if (body) headers['content-length'] = String(body.size);
    const signed = sign(o, { method, path, headers, payloadSha256: body ? sha256 : EMPTY_SHA256, now: new Date() });
    const init: RequestInit & { duplex?: 'half' } = { method, headers: { ...headers, ...signed } };
    delete (init.headers as Record<string, string>).host;
    if (body) {
      init.body = Readable.toWeb(createReadStream(body.path)) as unknown as ReadableStream;
      init.duplex = 'half';
    }
    return fetch(new URL(path, base), init);
  }

  const fail = async (what: string, res: Response) => {
    const text = await res.text().catch(() => '');
    return new Error(`S3 ${what} failed: ${res.status} ${text.slice(0, 200)}`);
  };

  const has = async (sha256: string) => {
    if (!SHA256.test(sha256)) return false;
    const res = await request('HEAD', sha256);
    if (res.status === 404) return false;
    if (!res.ok) throw await fail('HEAD', res);
    return true;
  };
  return withTemporaryFiles(o.tmpDir, {
    kind: 's3',
    async keep(file) {
      if (file.truncated) throw new Error('an incomplete file cannot be kept');
      try {
        if (!(await has(file.sha256))) {
          const res = await request('PUT', file.sha256, { path: file.tempPath, size: file.size });
          if (!res.ok) throw await fail('PUT', res);
          await res.arrayBuffer();
        }
      } finally {
        await unlink(file.tempPath).catch(() => {});
      }
      return file.sha256;
    },
    async open(sha256) {
      if (!SHA256.test(sha256)) return undefined;
      const res = await request('GET', sha256);
      if (res.status === 404) return undefined;
      if (!res.ok || !res.body) throw await fail('GET', res);
      return { size: Number(res.headers.get('content-length') ?? 0), stream: Readable.fromWeb(res.body as unknown as WebReadableStream) };
    },
    has,
  });
}

