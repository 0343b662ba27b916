/**
 * The development inbox: outside production, a channel with no gateway configured (no SMS
 * gateway, no SMTP) delivers here instead of failing, so the demo can be walked without any
 * service — a citizen asks for a code and reads it at /dev/inbox. Delivered outbox rows forget
 * their secrets (codes), so the inbox keeps its own copy of what was "sent": in this process's
 * memory only, the newest few hundred, gone at restart. Production never builds one.
 */
import { maskEmail, maskPhone } from '../../lib/identity.js';

export type DevChannel = 'sms' | 'email';

export interface DevMessage {
  id: number;
  at: Date;
  channel: DevChannel;
  /** masked, as in every log line */
  to: string;
  title: string;
  body: string;
}

const KEEP = 200;

export function createDevInbox(options: { channels: DevChannel[]; print?: (line: string) => void }) {
  const messages: DevMessage[] = [];
  const channels = new Set(options.channels);
  let next = 1;
  return {
    /** whether messages of this channel end up here */
    captures: (channel: string): channel is DevChannel => channels.has(channel as DevChannel),

    record(channel: DevChannel, recipient: string, message: { title: string; body: string }) {
      const entry: DevMessage = {
        id: next++,
        at: new Date(),
        channel,
        to: channel === 'sms' ? maskPhone(recipient) : maskEmail(recipient),
        title: message.title,
        body: message.body,
      };
      messages.unshift(entry);
      messages.length = Math.min(messages.length, KEEP);
      options.print?.(`[dev inbox] ${channel} → ${entry.to}: ${channel === 'email' ? `${entry.title} | ` : ''}${entry.body}`);
      return entry;
    },

    /** newest first */
    list: (limit = 50): DevMessage[] => messages.slice(0, limit),
  };
}

export type DevInbox = ReturnType<typeof createDevInbox>;
