/** Queries of the published definitions and bundles (db/schema/application-definitions.ts). */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Runner, Tx } from '../../../db/client.js';
import { applicationBundles, applicationDefinitions } from '../../../db/schema/application-definitions.js';

export type DefinitionRow = typeof applicationDefinitions.$inferSelect;
export type BundleRow = typeof applicationBundles.$inferSelect;

/** The latest published version of an item's definition. */
export async function latest(db: Runner, itemId: number): Promise<DefinitionRow | undefined> {
  const [row] = await db.select().from(applicationDefinitions).where(eq(applicationDefinitions.itemId, itemId)).orderBy(desc(applicationDefinitions.version)).limit(1);
  return row;
}

export async function latestByCode(db: Runner, itemCode: string): Promise<DefinitionRow | undefined> {
  const [row] = await db.select().from(applicationDefinitions).where(eq(applicationDefinitions.itemCode, itemCode)).orderBy(desc(applicationDefinitions.version)).limit(1);
  return row;
}

/** One published version, as a submitted case used it. */
export async function version(db: Runner, itemId: number, v: number): Promise<DefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(applicationDefinitions)
    .where(and(eq(applicationDefinitions.itemId, itemId), eq(applicationDefinitions.version, v)))
    .limit(1);
  return row;
}

/** The first row of each item, in the given order (the latest version first). */
function firstPerItem(rows: DefinitionRow[]): DefinitionRow[] {
  const seen = new Set<number>();
  const out: DefinitionRow[] = [];
  for (const r of rows) {
    if (seen.has(r.itemId)) continue;
    seen.add(r.itemId);
    out.push(r);
  }
  return out;
}

/** Every item's latest version (one row per item). */
export async function allLatest(db: Runner): Promise<DefinitionRow[]> {
  const rows = await db.select().from(applicationDefinitions).orderBy(applicationDefinitions.itemId, desc(applicationDefinitions.version));
  return firstPerItem(rows);
}

/**
 * Publish a new version: the next number for the item, written in one statement; the unique
 * index (item, version) turns a race between two publications into a retry, never two rows
 * with one number. Versions are never updated.
 */
export async function insertVersion(
  tx: Tx,
  v: { itemId: number; itemCode: string; form: unknown; route: unknown; automation: unknown; publishedBy: number | null },
): Promise<number> {
  const [row] = await tx
    .insert(applicationDefinitions)
    .values({
      itemId: v.itemId,
      itemCode: v.itemCode,
      version: sql`(select coalesce(max(${applicationDefinitions.version}), 0) + 1 from ${applicationDefinitions} where ${applicationDefinitions.itemId} = ${v.itemId})`,
      form: v.form,
      route: v.route,
      automation: v.automation ?? null,
      publishedBy: v.publishedBy,
    })
    .returning({ version: applicationDefinitions.version });
  return (row as { version: number }).version;
}

export async function upsertBundle(tx: Runner, b: { slug: string; title: string; definition: unknown }) {
  await tx
    .insert(applicationBundles)
    .values(b)
    .onConflictDoUpdate({
      target: applicationBundles.slug,
      set: { title: b.title, definition: b.definition, version: sql`${applicationBundles.version} + 1`, updatedAt: sql`now()` },
    });
}

export async function findBundle(db: Runner, slug: string): Promise<BundleRow | undefined> {
  const [row] = await db.select().from(applicationBundles).where(eq(applicationBundles.slug, slug)).limit(1);
  return row;
}

export async function listBundles(db: Runner): Promise<BundleRow[]> {
  return db.select().from(applicationBundles).orderBy(applicationBundles.id);
}
