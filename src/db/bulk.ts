/**
 * Writing many rows in one statement, cheaply. Drizzle builds a multi-row insert value by value
 * (a 200-row batch of a 40-column table is 8,000 checked parameters); for the write paths that
 * take hundreds of rows a second (letter intake: letters, their history, audit entries, outbox
 * messages) the rows travel instead as one JSON parameter that `jsonb_populate_recordset` turns
 * back into rows of the table's own types. Columns missing from every row get their defaults.
 * Not for bytea columns (JSON cannot carry bytes).
 */
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Runner } from './client.js';

export async function insertRows<T extends PgTable, R extends Record<string, unknown> = Record<string, never>>(
  db: Runner,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean; returning?: (keyof T['$inferSelect'] & string)[] } = {},
): Promise<R[]> {
  if (!rows.length) return [];
  // a column given in some rows only would be NULL (not its default) in the others: one
  // statement per set of columns
  const signature = (r: object) => Object.keys(r).filter((k) => (r as Record<string, unknown>)[k] !== undefined).sort().join(',');
  const groups = new Map<string, T['$inferInsert'][]>();
  for (const r of rows) {
    const key = signature(r as object);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  if (groups.size > 1) {
    const out: R[] = [];
    for (const group of groups.values()) out.push(...(await insertRows<T, R>(db, table, group, options)));
    return out;
  }
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object)))].filter((k) => k in columns && (rows as Record<string, unknown>[]).some((r) => r[k] !== undefined));
  const names = sql.raw(keys.map((k) => `"${columns[k]?.name}"`).join(', '));
  const json = JSON.stringify(rows.map((r) => Object.fromEntries(keys.map((k) => [columns[k]?.name, (r as Record<string, unknown>)[k] ?? null]))));
  const name = sql.raw(`"${getTableName(table)}"`);
  const returning = options.returning?.length ? sql.raw(` returning ${options.returning.map((k) => `"${columns[k]?.name}" as "${k}"`).join(', ')}`) : sql.raw('');
  const conflict = options.onConflictDoNothing ? sql.raw(' on conflict do nothing') : sql.raw('');
  const result = await db.execute(sql`insert into ${name} (${names}) select ${names} from jsonb_populate_recordset(null::${name}, ${json}::jsonb)${conflict}${returning}`);
  return (result as unknown as { rows: R[] }).rows;
}

/** `set` for an upsert: each of these columns (by their camelCase keys) takes the incoming (excluded) value. */
export function excludedAll(keys: string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const key of keys) {
    const column = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    set[key] = sql.raw(`excluded.${column}`);
  }
  return set;
}
