/** All SQL of accounts. */
import { eq, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { departments, users } from '../../db/schema.js';

export type UserRow = typeof users.$inferSelect;

export async function findUserByUsername(db: Runner, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  return row;
}

export async function insertUser(db: Runner, values: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await db.insert(users).values(values).returning();
  return row as UserRow;
}

export async function departmentIdBySlug(db: Runner, slug: string): Promise<number | undefined> {
  const [row] = await db.select({ id: departments.id }).from(departments).where(eq(departments.slug, slug));
  return row?.id;
}
