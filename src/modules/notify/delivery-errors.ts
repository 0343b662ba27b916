/**
 * Why a delivery failed, kept on the outbox row as a stable code (with a technical detail after
 * a colon) and shown to the operator in Chinese: the row outlives any wording, and the code
 * tells what to fix (a missing gateway, an address the server refused, a network that is down).
 */
import { type MessageKey, t } from '../../lib/i18n/index.js';

export const DELIVERY_ERRORS = [
  'email_not_configured',
  'sms_not_configured',
  'sms_gateway_status',
  'smtp_rejected',
  'smtp_auth',
  'bad_address',
  'timeout',
  'unreachable',
  'failed',
] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERRORS)[number];

export class DeliveryError extends Error {
  constructor(
    readonly code: DeliveryErrorCode,
    readonly detail = '',
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/** What goes into the outbox row for an error thrown while delivering. */
export function deliveryErrorOf(e: unknown): string {
  if (e instanceof DeliveryError) return e.message;
  const err = (e ?? {}) as { name?: string; code?: string; responseCode?: number; message?: string; cause?: { code?: string } };
  const detail = (s: unknown) => String(s ?? '').slice(0, 300);
  if (err.name === 'TimeoutError' || err.code === 'ETIMEDOUT' || err.code === 'ETIMEOUT') return `timeout: ${detail(err.message)}`;
  if (err.code === 'EAUTH') return `smtp_auth: ${detail(err.responseCode ?? err.message)}`;
  if (err.code === 'EENVELOPE') return `bad_address: ${detail(err.message)}`;
  if (typeof err.responseCode === 'number') return `smtp_rejected: ${err.responseCode}`;
  const net = err.cause?.code ?? err.code;
  if (net && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ECONNECTION|ESOCKET|EDNS)$/.test(net)) return `unreachable: ${net}`;
  return `failed: ${detail(err.message ?? e)}`;
}

/** The Chinese sentence for a stored error; rows written before codes existed are recognised too. */
export function deliveryErrorText(stored: string | null | undefined): string {
  if (!stored) return '';
  const m = /^([a-z_]+)(?::\s*(.*))?$/s.exec(stored);
  if (m && (DELIVERY_ERRORS as readonly string[]).includes(m[1] as string))
    return t(`outbox.error.${m[1]}` as MessageKey, { detail: m[2] ?? '' });
  // the English messages of earlier versions
  if (stored.includes('SMTP_URL')) return t('outbox.error.email_not_configured');
  if (stored.includes('SMS_GATEWAY_URL')) return t('outbox.error.sms_not_configured');
  const status = /SMS gateway answered (\d+)/.exec(stored);
  if (status) return t('outbox.error.sms_gateway_status', { detail: status[1] as string });
  return t('outbox.error.failed', { detail: stored });
}
