/** The audit log's filter (a GET form): one schema, read from the query string. */
import { Type as T } from '@sinclair/typebox';

const filter = T.String({ maxLength: 80 });
export const AuditFilterForm = T.Object({ actor: filter, action: filter, entity: filter, entityId: filter, from: filter, to: filter });
export type AuditFilters = Record<keyof (typeof AuditFilterForm)['properties'], string>;

/** The filters as typed (each cut to 80 characters; anything not text is empty). */
export function readAuditFilters(query: unknown): AuditFilters {
  const q = (query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(AuditFilterForm.properties).map((k) => [k, typeof q[k] === 'string' ? (q[k] as string).slice(0, 80) : ''])) as AuditFilters;
}

/** A day typed as YYYY-MM-DD, as the start or the end of that day in the portal's zone (UTC+8). */
export function filterDate(s: string, end: boolean): Date | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? new Date(`${s}T${end ? '23:59:59.999' : '00:00:00'}+08:00`) : undefined;
}

/** The actor filter: a bare number is an account id. */
export const actorFilter = (raw: string) => (raw ? (/^\d+$/.test(raw) ? `user:${raw}` : raw) : undefined);
