/**
 * Notifications. A change that should tell someone writes outbox rows in its own transaction
 * (`enqueue`); a worker delivers them — to the account's in-site message box, by e-mail over
 * SMTP, or by SMS through an HTTP gateway — with retries and backoff, and gives up into a
 * dead-letter list an operator can see and retry. Messages come from templates with variables.
 */
import nodemailer from 'nodemailer';
import type { Database, Runner } from '../../db/client.js';
import { BadRequestError } from '../../lib/errors.js';
import { maskEmail, maskPhone } from '../../lib/identity.js';
import { type Actor, SYSTEM, recordAudit } from '../audit/index.js';
import { type MessageKey, t } from '../../lib/i18n/index.js';
import { DeliveryError, deliveryErrorOf, deliveryErrorText } from './delivery-errors.js';
import { type DevChannel, createDevInbox } from './dev-inbox.js';
import * as repo from './repo.js';
import { outboxCounts, outboxOverview, retryDelivery } from './operations/outbox.js';
import type { Principal } from '../../lib/principal.js';

export const CHANNELS = ['inbox', 'email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Templates: each has a title and a body in the message catalogue, with {variables}. */
export const TEMPLATES = [
  'verification-code',
  'test-message',
  'account-exists',
  'welcome',
  'password-changed',
  'enterprise-invite',
  'draft-submitted',
  'draft-published',
  'draft-rejected',
  'letter-received',
  'letter-assigned',
  'letter-returned',
  'letter-merged',
  'letter-review',
  'letter-reply-returned',
  'letter-replied',
  'letter-reopened',
  'letter-extension',
  'letter-extended',
  'letter-due-soon',
  'letter-overdue',
  'journey-reminder',
  'certificate-revoked',
  'rating-invitation',
  'rectification-opened',
  'rectification-overdue',
  'application-submitted',
  'application-accepted',
  'application-refused',
  'application-correction',
  'application-review',
  'application-decide',
  'application-concluded',
  'application-due-soon',
  'application-overdue',
  'application-proactive',
  'booking-confirmed',
  'booking-reminder',
  'booking-from-waitlist',
  'booking-cancelled',
  'booking-changed',
  'registration-confirmed',
  'registration-cancelled',
  'registration-suspended',
  'foi-received',
  'foi-correction',
  'foi-extended',
  'foi-consulting',
  'foi-replied',
] as const;
export type Template = (typeof TEMPLATES)[number];

export interface NotifyConfig {
  /** smtp://user:pass@host:port — e-mail is not sent without it */
  smtpUrl?: string;
  mailFrom: string;
  /** an HTTP endpoint taking POST { to, text } — SMS is not sent without it */
  smsGatewayUrl?: string;
  smsGatewayToken?: string;
  /** attempts before a message goes to the dead letters */
  maxAttempts?: number;
  /** seconds before the first retry; doubles each time, at most an hour */
  baseDelaySeconds?: number;
  /**
   * Outside production only: SMS and e-mail with no gateway configured are delivered to the
   * development inbox (and printed with `print`) instead of failing.
   */
  devInbox?: { print?: (line: string) => void };
}

export interface Recipient {
  accountId?: number;
  email?: string;
  phone?: string;
}

const LEASE_SECONDS = 300;

/** An outbox row for an operator's eyes: the phone number or address masked, the variables (codes!) left out, the error in words. */
function masked(row: repo.OutboxRow) {
  const { vars: _vars, ...rest } = row;
  return {
    ...rest,
    recipient: row.channel === 'sms' ? maskPhone(row.recipient) : row.channel === 'email' ? maskEmail(row.recipient) : row.recipient,
    lastError: row.lastError ? deliveryErrorText(row.lastError) : null,
  };
}

export function render(template: Template, vars: Record<string, string | number>) {
  return {
    title: t(`notify.${template}.title` as MessageKey, vars),
    body: t(`notify.${template}.body` as MessageKey, vars),
    link: typeof vars.link === 'string' ? vars.link : null,
  };
}

/** An SMTP transport from smtp(s)://user:pass@host:port, with timeouts so a dead server cannot hold the worker. */
function smtpTransport(url: string) {
  const u = new URL(url);
  return nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'smtps:' ? 465 : 25),
    secure: u.protocol === 'smtps:',
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

export function createNotifyService(database: Database, config: NotifyConfig) {
  const { db } = database;
  const maxAttempts = config.maxAttempts ?? 8;
  const baseDelay = config.baseDelaySeconds ?? 30;
  const mailer = config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined;
  const unconfigured: DevChannel[] = [...(mailer ? [] : ['email' as const]), ...(config.smsGatewayUrl ? [] : ['sms' as const])];
  const devInbox = config.devInbox ? createDevInbox({ channels: unconfigured, print: config.devInbox.print }) : undefined;
  /** work that turns into messages when it falls due (reminders scheduled for later), run before each round */
  const sources: (() => Promise<unknown>)[] = [];

  async function deliver(row: repo.OutboxRow): Promise<void> {
    const message = render(row.template as Template, row.vars);
    if (devInbox?.captures(row.channel)) {
      devInbox.record(row.channel, row.recipient, message);
      return;
    }
    switch (row.channel) {
      case 'inbox':
        await repo.insertInbox(db, { accountId: Number(row.recipient), title: message.title, body: message.body, link: message.link });
        return;
      case 'email':
        if (!mailer) throw new DeliveryError('email_not_configured');
        await mailer.sendMail({ from: config.mailFrom, to: row.recipient, subject: message.title, text: message.body });
        return;
      case 'sms': {
        if (!config.smsGatewayUrl) throw new DeliveryError('sms_not_configured');
        const r = await fetch(config.smsGatewayUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(config.smsGatewayToken ? { authorization: `Bearer ${config.smsGatewayToken}` } : {}),
          },
          body: JSON.stringify({ to: row.recipient, text: message.body, ref: String(row.id) }),
          signal: AbortSignal.timeout(10_000),
        });
        if (!r.ok) throw new DeliveryError('sms_gateway_status', String(r.status));
        return;
      }
    }
  }

  const service = {
    /**
     * Write the messages for a recipient into the outbox, in the caller's transaction: they are
     * sent only if the change commits, and they are not lost if the process dies after it.
     */
    async enqueue(tx: Runner, input: { template: Template; vars: Record<string, string | number>; to: Recipient; channels: Channel[] }) {
      if (!(TEMPLATES as readonly string[]).includes(input.template)) throw new BadRequestError(t('notify.unknownTemplate'));
      const rows: repo.NewOutboxRow[] = [];
      for (const channel of new Set(input.channels)) {
        const recipient =
          channel === 'inbox' ? input.to.accountId?.toString() : channel === 'email' ? input.to.email : input.to.phone;
        if (recipient) rows.push({ channel, recipient, template: input.template, vars: input.vars });
      }
      await repo.insertOutbox(tx, rows);
      return rows.length;
    },

    /** Many messages at once (one statement), e.g. for a batch of letters; same rules as `enqueue`. */
    async enqueueMany(tx: Runner, messages: { template: Template; vars: Record<string, string | number>; to: Recipient; channels: Channel[] }[]) {
      const rows: repo.NewOutboxRow[] = [];
      for (const m of messages) {
        if (!(TEMPLATES as readonly string[]).includes(m.template)) throw new BadRequestError(t('notify.unknownTemplate'));
        for (const channel of new Set(m.channels)) {
          const recipient = channel === 'inbox' ? m.to.accountId?.toString() : channel === 'email' ? m.to.email : m.to.phone;
          if (recipient) rows.push({ channel, recipient, template: m.template, vars: m.vars });
        }
      }
      await repo.insertOutbox(tx, rows);
      return rows.length;
    },

    /** Deliver what is due; returns how many were sent, will be retried, and gave up. */
    async deliverDue(limit = 50) {
      // a failing source must not hold up delivery; it is tried again next round
      for (const source of sources) await source().catch(() => {});
      const claimed = await repo.claimDue(db, limit, LEASE_SECONDS);
      const result = { sent: 0, retrying: 0, dead: 0 };
      for (const row of claimed) {
        try {
          await deliver(row);
          await repo.markSent(db, row.id);
          result.sent++;
        } catch (e) {
          const attempts = row.attempts + 1;
          const retryIn = attempts >= maxAttempts ? null : Math.min(3600, baseDelay * 2 ** (attempts - 1));
          await repo.markFailed(db, row.id, deliveryErrorOf(e), retryIn);
          if (retryIn === null) result.dead++;
          else result.retrying++;
        }
      }
      return result;
    },

    /** Add work the worker runs before each round (e.g. releasing scheduled reminders into the outbox). */
    addSource(source: () => Promise<unknown>) {
      sources.push(source);
    },

    /** Close the mail connection (delivery itself is the scheduler's `notify.deliver` job, src/jobs/). */
    async stop() {
      mailer?.close();
    },

    deadLetters: async (limit = 100) => (await repo.listOutbox(db, 'dead', limit)).map(masked),
    pending: async (limit = 100) => (await repo.listOutbox(db, 'pending', limit)).map(masked),

    async counts() {
      const c = await repo.countByStatus(db);
      return { dead: c.dead ?? 0, pending: c.pending ?? 0 };
    },

    /** Send a dead letter again from the first attempt; the operator's retry is audited. */
    async retry(id: number, actor: Actor = SYSTEM) {
      return db.transaction(async (tx) => {
        const ok = await repo.requeue(tx, id);
        if (ok) await recordAudit(tx, actor, [{ action: 'notify.retry', entity: 'outbox', entityId: id }]);
        return ok;
      });
    },

    // ---- the back office (each checks 'notify.manage') ----
    /** dead letters and messages waiting, for /admin/notifications */
    outboxOverview: (p: Principal) => outboxOverview(service, p),
    /** an operator sends a dead letter again ("not found" when it is not one) */
    retryDelivery: (p: Principal, id: number | undefined) => retryDelivery(service, p, id),
    /** the work desk's counts; undefined for those who do not manage delivery */
    outboxCounts: (p: Principal) => outboxCounts(service, p),

    /** outside production, what went to the development inbox (undefined in production) */
    devInbox,

    inbox: (accountId: number, limit = 20, offset = 0) => repo.listInbox(db, accountId, limit, offset),
    markRead: (accountId: number, id: number) => repo.markRead(db, accountId, id),
  };
  return service;
}

export type NotifyService = ReturnType<typeof createNotifyService>;
