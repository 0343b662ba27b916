/**
 * Letters' attachments in the file store: streamed to disk while the form is read, cut at the
 * size limit, checked by content, kept only with an accepted letter, never in the database;
 * a form with files is refused before its body is read when its CSRF token is wrong or missing;
 * bytes written before the file store move out of the database.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannels } from '../../../test/channels.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { testApp } from '../../../test/helpers.js';
import { WebClient } from '../../../test/web.js';
import { cookieHeader } from '../../../test/cookies.js';

let t: Awaited<ReturnType<typeof testApp>>;
let channels: Awaited<ReturnType<typeof startChannels>>;
let base: string;

beforeAll(async () => {
  channels = await startChannels();
  t = await testApp({ smsGatewayUrl: channels.smsGatewayUrl, letterRateLimit: 0, lettersPerPhone: 0 });
  await t.services.catalog.importBundle(buildBundle(0));
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  await channels.close();
});

const rows = async (text: string) => ((await t.db.database.db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] }).rows;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const png = (bytes: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(bytes - 8)]);
const BOUNDARY = '----yimen-upload';

function multipart(fields: Record<string, string>, files: { name: string; filename: string; data: Buffer }[]): Buffer {
  const part = (name: string, value: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return Buffer.concat([
    Buffer.from(Object.entries(fields).map(([k, v]) => part(k, v)).join('')),
    ...files.flatMap((f) => [Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: image/png\r\n\r\n`), f.data, Buffer.from('\r\n')]),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
}

/** A citizen with a phone code, ready to send the form with files. */
async function writer(phone: string) {
  const web = new WebClient(t.app);
  await web.get('/letters/new?channel=mayor');
  const formKey = /name="formKey" value="([^"]+)"/.exec(web.last.body)![1]!;
  // the page's form carries its token in its URL, so the server can check it before the files
  expect(web.last.body).toContain(`action="/letters/new?_csrf=${web.csrf}"`);
  const fields = { channel: 'mayor', type: 'complaint', title: '小区门口道路破损', body: '小区门口道路破损严重，附现场照片，请尽快修复。', name: '李建国', phone, formKey };
  await web.post('/letters/new/code', fields);
  await t.services.notify.deliverDue(50);
  const code = channels.lastCode(phone)!;
  const send = (files: { filename: string; data: Buffer }[], url = `/letters/new?_csrf=${web.csrf}`) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, cookie: cookieHeader(web.cookies) },
      payload: multipart({ ...fields, code }, files.map((f) => ({ name: 'attachments', ...f }))),
    });
  return { web, send };
}

const tmpFiles = () => readdir(join(t.services.config.filesDir, 'tmp')).catch(() => []);

describe('attachments in the file store', () => {
  it('keeps the bytes in the file store and only their hash in the database; the writer downloads the same bytes', async () => {
    const photo = png(2 * 1024 * 1024);
    const { web, send } = await writer('13800001001');
    const res = await send([{ filename: '现场.png', data: photo }]);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(303);
    const [row] = await rows(`select a.sha256, a.size, a.data is null as "noBytes", a.content_type as type from letter_attachments a join letters l on l.id = a.letter_id where l.phone = '13800001001'`);
    expect(row).toEqual({ sha256: sha(photo), size: photo.length, noBytes: true, type: 'image/png' });
    expect(await t.services.files.has(sha(photo))).toBe(true);
    expect(await tmpFiles()).toEqual([]);

    await web.get(res.headers.location as string);
    const trackingCode = /<strong class="code">(XF\w+)<\/strong>/.exec(web.last.body)![1]!;
    const queryCode = /<strong class="code">(\d{6})<\/strong>/.exec(web.last.body)![1]!;
    await web.post('/letters/track', { code: trackingCode, queryCode });
    const id = /name="id" value="(\d+)"/.exec(web.last.body)![1]!;
    const download = await t.app.inject({
      method: 'POST',
      url: '/letters/track/attachment',
      headers: { cookie: cookieHeader(web.cookies), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: web.csrf, code: trackingCode, queryCode, id }).toString(),
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['content-disposition']).toMatch(/^attachment;/);
    expect(sha(download.rawPayload)).toBe(sha(photo));
  });

  it('cuts a file over 5 MB while reading it, says so in Chinese, and keeps nothing', async () => {
    const before = await rows('select count(*)::int as n from letters');
    const { send } = await writer('13800001002');
    const big = png(6 * 1024 * 1024);
    const res = await send([{ filename: '大照片.png', data: big }]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('附件“大照片.png”超过 5 MB');
    expect(await rows('select count(*)::int as n from letters')).toEqual(before);
    expect(await t.services.files.has(sha(big))).toBe(false);
    expect(await tmpFiles()).toEqual([]);
  });

  it('refuses a file that is not an image or PDF by its content, and keeps nothing', async () => {
    const { send } = await writer('13800001003');
    const exe = Buffer.concat([Buffer.from('MZ'), randomBytes(4096)]);
    const res = await send([{ filename: 'photo.png', data: exe }]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('不是图片');
    expect(await t.services.files.has(sha(exe))).toBe(false);
    expect(await tmpFiles()).toEqual([]);
  });

  /** Send the start of a 20 MB form over a real connection and see whether the answer comes before the rest. */
  function answerBeforeTheBody(url: string, cookie: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const head = multipart(fields, []).subarray(0, -`--${BOUNDARY}--\r\n`.length);
      const fileStart = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`);
      const req = httpRequest(`${base}${url}`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(20 * 1024 * 1024), cookie },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.on('error', reject);
      // 64 KB of the announced 20 MB: the answer must come without the rest
      req.write(Buffer.concat([head, fileStart, png(64 * 1024)]));
    });
  }

  it('refuses a form with files before reading its body when the CSRF token is wrong or missing', async () => {
    const { web } = await writer('13800001004');
    const cookie = cookieHeader(web.cookies);
    const fields = { channel: 'mayor', type: 'complaint', title: '伪造的表单', body: '伪造的表单正文' };
    const wrongInUrl = await answerBeforeTheBody('/letters/new?_csrf=forged', cookie, fields);
    expect(wrongInUrl.status).toBe(403);
    expect(wrongInUrl.body).toContain('页面已过期');
    // no token in the URL, none among the fields before the file: refused when the file starts
    const missing = await answerBeforeTheBody('/letters/new', cookie, fields);
    expect(missing.status).toBe(403);
    // an older page with the token as its first field still works
    const older = await answerBeforeTheBody('/letters/new', cookie, { _csrf: 'forged', ...fields });
    expect(older.status).toBe(403);
    expect(await tmpFiles()).toEqual([]);
  });

  it('moves bytes written before the file store out of the database, and serves them from there', async () => {
    const { send } = await writer('13800001005');
    expect((await send([])).statusCode).toBe(303);
    const [letter] = await rows(`select id from letters where phone = '13800001005'`);
    const old = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000)]);
    await rows(`insert into letter_attachments (letter_id, filename, content_type, size, data) values (${letter!.id}, '旧附件.pdf', 'application/pdf', ${old.length}, '\\x${old.toString('hex')}'::bytea)`);
    expect(await t.services.letters.moveAttachmentsOut()).toBe(1);
    expect(await rows(`select sha256, data from letter_attachments where letter_id = ${letter!.id}`)).toEqual([{ sha256: sha(old), data: null }]);
    expect(await t.services.letters.moveAttachmentsOut()).toBe(0);
    const stored = await t.services.files.open(sha(old));
    const chunks: Buffer[] = [];
    for await (const c of stored!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(old)).toBe(true);
  });
});
