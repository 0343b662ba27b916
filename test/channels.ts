/**
 * Real delivery channels for tests: a local SMTP server (smtp-server) and a local HTTP SMS
 * gateway, recording what arrives, so tests read a verification code the way a person would.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  to: string;
  text: string;
}

/** The text body of a raw single-part e-mail, decoded from base64 or quoted-printable. */
export function mailText(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).toLowerCase();
  const body = raw.slice(split + 4);
  if (head.includes('content-transfer-encoding: base64')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (head.includes('content-transfer-encoding: quoted-printable')) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

export async function startChannels() {
  const mails: Delivered[] = [];
  const sms: Delivered[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => {
        data += c.toString('latin1');
      });
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), text: mailText(Buffer.from(data, 'latin1').toString('latin1')) });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const gateway: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      const { to, text } = JSON.parse(body) as { to: string; text: string };
      sms.push({ to, text });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  const all = () => [...sms, ...mails];
  return {
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    smsGatewayUrl: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`,
    mails,
    sms,
    /** messages that reached this phone number or address */
    to: (recipient: string) => all().filter((m) => m.to === recipient),
    /** the six-digit code in the newest message to the recipient */
    lastCode(recipient: string): string | undefined {
      const list = all().filter((m) => m.to === recipient);
      return /(\d{6})/.exec(list[list.length - 1]?.text ?? '')?.[1];
    },
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => gateway.close(() => r()));
    },
  };
}
