import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3FileStore } from './s3.js';
import { sign } from './sigv4.js';
import { type FileStore, localFileStore } from './store.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yimen-files-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function behavesAsAStore(store: FileStore) {
  const data = Buffer.from('%PDF-1.4 a letter attachment');
  const received = await store.receive(Readable.from([data.subarray(0, 5), data.subarray(5)]), 1024);
  expect(received).toMatchObject({ sha256: sha(data), size: data.length, truncated: false });
  expect(received.head.toString('latin1')).toBe('%PDF-1.4 a lette');
  expect(await store.has(received.sha256)).toBe(false);
  await store.keep(received);
  expect(await store.has(received.sha256)).toBe(true);
  const opened = await store.open(received.sha256);
  expect(opened?.size).toBe(data.length);
  expect(await text(opened!.stream)).toBe(data.toString());
  // the same bytes again are the same file
  expect(await store.put(data)).toBe(received.sha256);
  expect(await store.open('0'.repeat(64))).toBeUndefined();
  expect(await store.open('../etc/passwd')).toBeUndefined();

  // past the limit: cut short, never kept, and the temporary file goes away when discarded
  const big = await store.receive(Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), 1000);
  expect(big.truncated).toBe(true);
  await expect(store.keep(big)).rejects.toThrow();
  await store.discard(big);
  expect(await store.has(big.sha256)).toBe(false);
}

describe('file store', () => {
  it('keeps files in a local folder under their hash, written whole or not at all', async () => {
    const root = join(dir, 'local');
    await behavesAsAStore(localFileStore(root));
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    const data = Buffer.from('%PDF-1.4 a letter attachment');
    expect(await readdir(join(root, sha(data).slice(0, 2), sha(data).slice(2, 4)))).toEqual([sha(data)]);
  });

  it('signs S3 requests as AWS documents them (GET Object example)', () => {
    const headers = sign(
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' },
      {
        method: 'GET',
        path: '/test.txt',
        headers: { host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9' },
        payloadSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        now: new Date('2013-05-24T00:00:00Z'),
      },
    );
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  describe('in an S3-compatible bucket', () => {
    const credentials = { accessKeyId: 'test-key', secretAccessKey: 'test-secret', region: 'cn-south-1' };
    const objects = new Map<string, Buffer>();
    const refused: string[] = [];
    let server: Server;
    let endpoint: string;

    /** A tiny S3: checks each request's signature and payload hash, keeps objects in memory. */
    function verified(req: IncomingMessage, body: Buffer): boolean {
      const auth = String(req.headers.authorization ?? '');
      const signedNames = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
      const headers = Object.fromEntries(signedNames.filter((n) => !n.startsWith('x-amz-')).map((n) => [n, String(req.headers[n] ?? '')]));
      const payload = String(req.headers['x-amz-content-sha256']);
      if (req.method === 'PUT' && payload !== sha(body)) return false;
      const expected = sign(credentials, { method: req.method ?? '', path: req.url ?? '', headers, payloadSha256: payload, now: new Date(Date.parse(String(req.headers['x-amz-date']).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'))) });
      return signedNames.includes('host') && expected.authorization === auth;
    }

    beforeAll(async () => {
      server = createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const body = Buffer.concat(chunks);
        if (!verified(req, body)) {
          refused.push(`${req.method} ${req.url}`);
          return res.writeHead(403).end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        }
        const key = req.url ?? '';
        if (req.method === 'PUT') {
          objects.set(key, body);
          return res.writeHead(200).end();
        }
        const found = objects.get(key);
        if (!found) return res.writeHead(404).end();
        res.writeHead(200, { 'content-length': found.length });
        return res.end(req.method === 'HEAD' ? undefined : found);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('stores, finds and reads files with signed requests', async () => {
      await behavesAsAStore(s3FileStore({ ...credentials, endpoint, bucket: 'yimen-files', prefix: 'letters/', tmpDir: join(dir, 's3tmp') }));
      const data = Buffer.from('%PDF-1.4 a letter attachment');
      expect([...objects.keys()]).toEqual([`/yimen-files/letters/${sha(data).slice(0, 2)}/${sha(data).slice(2, 4)}/${sha(data)}`]);
      expect(refused).toEqual([]);
      expect(await readdir(join(dir, 's3tmp'))).toEqual([]);
    });

    it('fails loudly with wrong credentials, and keeps nothing', async () => {
      const store = s3FileStore({ ...credentials, secretAccessKey: 'wrong', endpoint, bucket: 'yimen-files', tmpDir: join(dir, 's3tmp') });
      await expect(store.put(Buffer.from('GIF89a other bytes'))).rejects.toThrow(/S3 HEAD failed: 403/);
      expect(objects.size).toBe(1);
    });
  });
});
