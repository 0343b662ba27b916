import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.js';
import { buildStaff } from '../../../test/factories/accounts.js';
import { buildBundle } from '../../../test/factories/catalog.js';
import { eq } from 'drizzle-orm';
import { outbox } from '../../db/schema/notify.js';
import { createNotifyService } from './service.js';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';

let t: Awaited<ReturnType<typeof testApp>>;
let smtp: SMTPServer;
let gateway: Server;
const mails: { to: string; data: string }[] = [];
const sms: { to: string; text: string; auth?: string }[] = [];
let gatewayFails = 0;
let smtpPort = 0;
let gatewayUrl = '';
let accountId = 0;

beforeAll(async () => {
  t = await testApp();
  await t.services.catalog.importBundle(buildBundle(0));
  const dept = (await t.services.catalog.listDepartments())[0]!.slug;
  accountId = (await buildStaff(t.services, { username: 'notified', displayName: '王通知', role: 'handler', department: dept, password: 'long enough 1' })).id;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => {
        data += c.toString();
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      if (gatewayFails > 0) {
        gatewayFails--;
        res.writeHead(503).end();
        return;
      }
      const { to, text } = JSON.parse(body) as { to: string; text: string };
      sms.push({ to, text, auth: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => gateway.close(() => r()));
  await t.close();
});

const notifier = (overrides = {}) =>
  createNotifyService(t.db.database, {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailFrom: '示范市政务服务网 <noreply@shifan.example>',
    smsGatewayUrl: gatewayUrl,
    smsGatewayToken: 'gw-token',
    baseDelaySeconds: 0,
    ...overrides,
  });

describe('notifications', () => {
  it('delivers a message committed with a change to the inbox, by e-mail and by SMS', async () => {
    const notify = notifier();
    await t.db.database.db.transaction((tx) =>
      notify.enqueue(tx, {
        template: 'verification-code',
        vars: { code: '482913', minutes: 10 },
        to: { accountId, email: 'citizen@example.cn', phone: '13800138000' },
        channels: ['inbox', 'email', 'sms'],
      }),
    );
    expect(await notify.deliverDue()).toEqual({ sent: 3, retrying: 0, dead: 0 });
    const box = await notify.inbox(accountId);
    expect(box.unread).toBe(1);
    expect(box.rows[0]?.body).toContain('482913');
    expect(mails.at(-1)?.to).toBe('citizen@example.cn');
    expect(mails.at(-1)?.data).toContain('Subject:');
    expect(sms.at(-1)).toEqual({ to: '13800138000', text: expect.stringContaining('482913'), auth: 'Bearer gw-token' });
    expect(await notify.deliverDue()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    // once delivered, the outbox keeps the record but not the code
    const kept = await t.db.database.db.select().from(outbox).where(eq(outbox.template, 'verification-code'));
    expect(kept.map((r) => [r.status, r.vars])).toEqual([
      ['sent', { minutes: 10 }],
      ['sent', { minutes: 10 }],
      ['sent', { minutes: 10 }],
    ]);
  });

  it('writes nothing when the change rolls back', async () => {
    const notify = notifier();
    await t.db.database.db
      .transaction(async (tx) => {
        await notify.enqueue(tx, { template: 'test-message', vars: { text: 'x' }, to: { phone: '13900139000' }, channels: ['sms'] });
        throw new Error('the change failed');
      })
      .catch(() => {});
    expect(await notify.deliverDue()).toEqual({ sent: 0, retrying: 0, dead: 0 });
  });

  it('retries a failing gateway with backoff, then sends', async () => {
    const notify = notifier();
    gatewayFails = 2;
    await t.db.database.db.transaction((tx) =>
      notify.enqueue(tx, { template: 'test-message', vars: { text: '重试' }, to: { phone: '13700137000' }, channels: ['sms'] }),
    );
    expect(await notify.deliverDue()).toEqual({ sent: 0, retrying: 1, dead: 0 });
    expect(await notify.deliverDue()).toEqual({ sent: 0, retrying: 1, dead: 0 });
    expect(await notify.deliverDue()).toEqual({ sent: 1, retrying: 0, dead: 0 });
    expect(sms.at(-1)?.text).toContain('重试');
  });

  it('gives up into the dead letters after the last attempt, and an operator can retry', async () => {
    const broken = notifier({ smtpUrl: undefined, maxAttempts: 2 });
    await t.db.database.db.transaction((tx) =>
      broken.enqueue(tx, { template: 'test-message', vars: { text: '死信' }, to: { email: 'x@example.cn' }, channels: ['email'] }),
    );
    expect(await broken.deliverDue()).toEqual({ sent: 0, retrying: 1, dead: 0 });
    expect(await broken.deliverDue()).toEqual({ sent: 0, retrying: 0, dead: 1 });
    const dead = await broken.deadLetters();
    expect(dead[0]?.lastError).toContain('SMTP_URL');
    const working = notifier();
    expect(await working.retry(dead[0]!.id)).toBe(true);
    expect(await working.deliverDue()).toEqual({ sent: 1, retrying: 0, dead: 0 });
  });

  it('keeps each inbox to its own account', async () => {
    const notify = notifier();
    const box = await notify.inbox(accountId);
    const id = box.rows[0]!.id;
    expect(await notify.markRead(accountId + 999, id)).toBe(false);
    expect(await notify.markRead(accountId, id)).toBe(true);
    expect((await notify.inbox(accountId)).unread).toBe(0);
    expect((await notify.inbox(accountId + 999)).total).toBe(0);
  });
});

describe('delivery in the back office', () => {
  it('shows the outbox and retries a dead letter only for those who manage delivery, audited under their name', async () => {
    const admin = await buildStaff(t.services);
    const handler = await buildStaff(t.services, { role: 'handler', department: (await t.services.catalog.listDepartments())[0]!.slug });
    const broken = notifier({ smtpUrl: undefined, maxAttempts: 1 });
    await t.db.database.db.transaction((tx) =>
      broken.enqueue(tx, { template: 'test-message', vars: { text: '后台重发' }, to: { email: 'desk@example.cn' }, channels: ['email'] }),
    );
    expect(await broken.deliverDue()).toEqual({ sent: 0, retrying: 0, dead: 1 });
    await expect(broken.outboxOverview(handler.principal)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await broken.outboxCounts(handler.principal)).toBeUndefined();
    const { dead } = await broken.outboxOverview(admin.principal);
    const id = dead.find((d) => d.recipient.endsWith('@example.cn'))!.id;
    expect((await broken.outboxCounts(admin.principal))?.dead).toBeGreaterThan(0);
    await expect(broken.retryDelivery(handler.principal, id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(broken.retryDelivery(admin.principal, undefined)).rejects.toBeInstanceOf(NotFoundError);
    await broken.retryDelivery(admin.principal, id);
    await expect(broken.retryDelivery(admin.principal, id)).rejects.toBeInstanceOf(NotFoundError);
    const audit = await t.services.audit.search({ action: 'notify.retry', entityId: String(id), limit: 5, offset: 0 });
    expect(audit.entries.map((e) => e.actor)).toEqual([`user:${admin.id}`]);
  });
});
