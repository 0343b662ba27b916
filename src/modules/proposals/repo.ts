/** The proposals module's SQL: its own tables only. */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Runner } from '../../db/client.js';
import { proposalCoHandlers, proposals } from '../../db/schema/proposals.js';

export type ProposalRow = typeof proposals.$inferSelect;
export type NewProposalRow = typeof proposals.$inferInsert;
export type CoHandlerRow = typeof proposalCoHandlers.$inferSelect;

export async function insertProposal(db: Runner, row: NewProposalRow): Promise<ProposalRow> {
  const [r] = await db.insert(proposals).values(row).returning();
  return r!;
}

export async function byId(db: Runner, id: number): Promise<ProposalRow | undefined> {
  const [r] = await db.select().from(proposals).where(eq(proposals.id, id));
  return r;
}

export async function byNumber(db: Runner, kind: string, year: number, number: number): Promise<ProposalRow | undefined> {
  const [r] = await db.select().from(proposals).where(and(eq(proposals.kind, kind), eq(proposals.year, year), eq(proposals.number, number)));
  return r;
}

export async function lockById(db: Runner, id: number): Promise<ProposalRow | undefined> {
  const [r] = await db.select().from(proposals).where(eq(proposals.id, id)).for('update');
  return r;
}

/** Update when the version is still the one read; undefined when someone changed it first. */
export async function updateProposal(db: Runner, id: number, version: number, set: Partial<NewProposalRow>): Promise<ProposalRow | undefined> {
  const [r] = await db
    .update(proposals)
    .set({ ...set, version: version + 1, updatedAt: new Date() })
    .where(and(eq(proposals.id, id), eq(proposals.version, version)))
    .returning();
  return r;
}

export async function addCoHandlers(db: Runner, proposalId: number, departmentIds: number[]): Promise<void> {
  if (departmentIds.length) await db.insert(proposalCoHandlers).values(departmentIds.map((departmentId) => ({ proposalId, departmentId })));
}

export async function coHandlersOf(db: Runner, ids: number[]): Promise<CoHandlerRow[]> {
  if (!ids.length) return [];
  return db.select().from(proposalCoHandlers).where(inArray(proposalCoHandlers.proposalId, ids)).orderBy(asc(proposalCoHandlers.id));
}

export async function setOpinion(db: Runner, proposalId: number, departmentId: number, opinion: string, on: string, by: string): Promise<number> {
  const r = await db
    .update(proposalCoHandlers)
    .set({ opinion, opinionOn: on, opinionBy: by })
    .where(and(eq(proposalCoHandlers.proposalId, proposalId), eq(proposalCoHandlers.departmentId, departmentId)))
    .returning({ id: proposalCoHandlers.id });
  return r.length;
}

/** The department's proposals (main or co-handler; all when null), open ones first, by due day. */
export async function listForStaff(db: Runner, departmentId: number | null, q: { open: boolean; limit: number; offset: number }) {
  const conds = [q.open ? sql`${proposals.status} <> 'published'` : eq(proposals.status, 'published')];
  if (departmentId !== null)
    conds.push(
      sql`(${proposals.mainDepartmentId} = ${departmentId} or exists (select 1 from ${proposalCoHandlers} c where c.proposal_id = ${proposals.id} and c.department_id = ${departmentId}))`,
    );
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(proposals).where(where);
  const rows = await db
    .select()
    .from(proposals)
    .where(where)
    .orderBy(q.open ? asc(proposals.dueOn) : desc(proposals.publishedOn), asc(proposals.id))
    .limit(q.limit)
    .offset(q.offset);
  return { total: Number(total?.n ?? 0), rows };
}

export interface PublicFilter {
  year?: number;
  kind?: string;
  departmentId?: number;
}

const publicWhere = (f: PublicFilter) => {
  const conds = [eq(proposals.status, 'published'), eq(proposals.openness, 'public')];
  if (f.year) conds.push(eq(proposals.year, f.year));
  if (f.kind) conds.push(eq(proposals.kind, f.kind));
  if (f.departmentId) conds.push(eq(proposals.mainDepartmentId, f.departmentId));
  return and(...conds);
};

/** Proposals whose reply is published as public, newest session first. */
export async function listPublished(db: Runner, f: PublicFilter, limit: number, offset: number) {
  const where = publicWhere(f);
  const [total] = await db.select({ n: count() }).from(proposals).where(where);
  const rows = await db.select().from(proposals).where(where).orderBy(desc(proposals.year), asc(proposals.kind), asc(proposals.number)).limit(limit).offset(offset);
  return { total: Number(total?.n ?? 0), rows };
}

/** Counts per main department and year (of the kind when given): registered, replied, published as public, overdue. */
export async function counts(db: Runner, f: { kind?: string }, today: string) {
  const conds = f.kind ? [eq(proposals.kind, f.kind)] : [];
  return db
    .select({
      departmentId: proposals.mainDepartmentId,
      year: proposals.year,
      total: sql<number>`count(*)::int`,
      replied: sql<number>`count(*) filter (where ${proposals.status} <> 'handling')::int`,
      published: sql<number>`count(*) filter (where ${proposals.status} = 'published' and ${proposals.openness} = 'public')::int`,
      overdue: sql<number>`count(*) filter (where ${proposals.status} = 'handling' and ${proposals.dueOn} < ${today})::int`,
    })
    .from(proposals)
    .where(conds.length ? and(...conds) : undefined)
    .groupBy(proposals.mainDepartmentId, proposals.year);
}

/** Every proposal with a public reply (a full re-index of search's `proposal` documents). */
export async function allPublished(db: Runner): Promise<ProposalRow[]> {
  return db.select().from(proposals).where(publicWhere({}));
}

export async function countAll(db: Runner): Promise<number> {
  const [r] = await db.select({ n: count() }).from(proposals);
  return Number(r?.n ?? 0);
}
