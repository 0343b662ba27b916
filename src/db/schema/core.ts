/**
 * Tables of the database itself.
 */
import { pgTable, text } from 'drizzle-orm/pg-core';

/** Facts about the database itself, e.g. which dataset it holds (demo or scale). */
export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
