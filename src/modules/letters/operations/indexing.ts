/** The search documents of public letters: written when a reply is published, rebuilt on demand. */
import type { Runner } from '../../../db/client.js';
import type { SearchDocInput } from '../faces.js';
import { type Departments, departmentsOf, type LettersContext, nameIn } from '../context.js';
import { searchDoc } from '../present.js';
import * as repo from '../repo.js';

/** Write the search documents of public letters, each with its published replies. */
export async function indexLetters(ctx: LettersContext, tx: Runner, rows: repo.LetterRow[], names: Departments): Promise<SearchDocInput[]> {
  const replies = await repo.publishedReplyBodies(tx, rows.map((l) => l.id));
  const docs = rows.map((l) => searchDoc(l, nameIn(names, l.departmentId), (replies.get(l.id) ?? []).join('\n')));
  await ctx.search.indexer.upsert(tx, docs);
  return docs;
}

/**
 * Rebuild the search documents of the published letters (after a repair, a restore or a
 * change of masking rules); documents of letters no longer public are removed.
 */
export async function reindexLetters(ctx: LettersContext): Promise<number> {
  const names = await departmentsOf(ctx);
  const indexed = await ctx.db.transaction(async (tx) => {
    const rows = await repo.publicForIndex(tx);
    const docs: SearchDocInput[] = [];
    for (let i = 0; i < rows.length; i += 500) docs.push(...(await indexLetters(ctx, tx, rows.slice(i, i + 500), names)));
    const keep = new Set(docs.map((d) => d.key));
    await ctx.search.indexer.remove(tx, (await ctx.search.indexer.keysOfKind(tx, 'letter')).filter((k) => !keep.has(k)));
    return docs.length;
  });
  await ctx.changes.publish('search');
  return indexed;
}
