/**
 * 一件事一次办: a life-event bundle is one combined form whose answers fan out to the linked
 * items' applications, in an order written with → (after) and ‖ (at the same time), brackets
 * for grouping:
 *
 *   birthCert → hukou → insurance → card          企业开办: register ‖ seal ‖ invoice ‖ social
 *   register → (seal ‖ invoice) → social
 *
 * `planBundle` splits one submission into the linked applications with what each waits for;
 * `readyParts` says which can be opened now; `combinedStatus` is the one status the applicant sees.
 */
import { type Static, Type as T } from '@sinclair/typebox';
import { type MessageKey, t } from '../../../lib/i18n/index.js';
import { checkSchema, type Problem } from '../../../lib/validation.js';
import { FIELD_KEY, FormDefinition, checkFormDefinition } from '../form-notation.js';
import type { ApplicationStatus } from '../machine.js';

const Text = (max: number) => T.String({ minLength: 1, maxLength: max });
const PART_KEY = '^[a-z][a-zA-Z0-9]{0,29}$';
const Key = T.String({ pattern: FIELD_KEY });

export const BundlePart = T.Object(
  {
    key: T.String({ pattern: PART_KEY }),
    title: Text(40),
    /** the item's implementation code (实施编码) */
    item: T.String({ pattern: '^[0-9A-Z]{12,30}$' }),
    /** the part's form field ← the combined form's field */
    answers: T.Optional(T.Record(T.String({ pattern: FIELD_KEY }), Key)),
    /** answers the part always gets */
    fixed: T.Optional(T.Record(T.String({ pattern: FIELD_KEY }), T.Union([Text(200), T.Number()]))),
    /** the part's upload slot (a file field key or a material's name) ← the combined form's file field */
    files: T.Optional(T.Record(Text(120), Key)),
  },
  { additionalProperties: false },
);
export type BundlePart = Static<typeof BundlePart>;

export const BundleDefinition = T.Object(
  {
    slug: T.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
    title: Text(40),
    aliases: T.Array(Text(40), { maxItems: 20 }),
    audience: T.Union([T.Literal('citizen'), T.Literal('enterprise')]),
    summary: Text(400),
    form: FormDefinition,
    parts: T.Array(BundlePart, { minItems: 2, maxItems: 12 }),
    order: Text(300),
  },
  { additionalProperties: false },
);
export type BundleDefinition = Static<typeof BundleDefinition>;

// ---- the order notation ------------------------------------------------------------------------

export type OrderNode = { kind: 'part'; key: string } | { kind: 'serial'; nodes: OrderNode[] } | { kind: 'parallel'; nodes: OrderNode[] };

class OrderError extends Error {}

/** Read an order expression; throws OrderError with a Chinese message. */
function parseOrder(text: string): OrderNode {
  const tokens = text.match(/→|->|‖|\|\||\(|\)|（|）|[A-Za-z][A-Za-z0-9]*|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const serial = (): OrderNode => {
    const nodes = [parallel()];
    while (peek() === '→' || peek() === '->') {
      i++;
      nodes.push(parallel());
    }
    return nodes.length === 1 ? (nodes[0] as OrderNode) : { kind: 'serial', nodes };
  };
  const parallel = (): OrderNode => {
    const nodes = [atom()];
    while (peek() === '‖' || peek() === '||') {
      i++;
      nodes.push(atom());
    }
    return nodes.length === 1 ? (nodes[0] as OrderNode) : { kind: 'parallel', nodes };
  };
  const atom = (): OrderNode => {
    const tok = tokens[i++];
    if (tok === undefined) throw new OrderError(t('auto.bundle.orderEnd'));
    if (tok === '(' || tok === '（') {
      const node = serial();
      const close = tokens[i++];
      if (close !== ')' && close !== '）') throw new OrderError(close === undefined ? t('auto.bundle.orderEnd') : t('auto.bundle.orderToken', { token: close }));
      return node;
    }
    if (/^[A-Za-z][A-Za-z0-9]*$/.test(tok)) return { kind: 'part', key: tok };
    throw new OrderError(t('auto.bundle.orderToken', { token: tok }));
  };
  const node = serial();
  if (i < tokens.length) throw new OrderError(t('auto.bundle.orderToken', { token: tokens[i] as string }));
  return node;
}

const keysOf = (n: OrderNode): string[] => (n.kind === 'part' ? [n.key] : n.nodes.flatMap(keysOf));

/** Each part's direct prerequisites: the parts that must conclude before it starts. */
function dependencies(node: OrderNode): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  const walk = (n: OrderNode, before: string[]): string[] => {
    if (n.kind === 'part') {
      deps.set(n.key, before);
      return [n.key];
    }
    if (n.kind === 'parallel') return n.nodes.flatMap((c) => walk(c, before));
    let current = before;
    for (const c of n.nodes) current = walk(c, current);
    return current;
  };
  walk(node, []);
  return deps;
}

/** The order read and checked against the parts: every part once. */
export function readOrder(order: string, partKeys: readonly string[]): { deps: Map<string, string[]> } | { error: string } {
  const fail = (detail: string) => ({ error: t('auto.bundle.order', { order, detail }) });
  let node: OrderNode;
  try {
    node = parseOrder(order);
  } catch (e) {
    if (e instanceof OrderError) return fail(e.message);
    throw e;
  }
  const keys = keysOf(node);
  const known = new Set(partKeys);
  const seen = new Set<string>();
  for (const k of keys) {
    if (!known.has(k)) return fail(t('auto.bundle.orderUnknown', { key: k }));
    if (seen.has(k)) return fail(t('auto.bundle.orderTwice', { key: k }));
    seen.add(k);
  }
  const missing = partKeys.find((k) => !seen.has(k));
  if (missing) return fail(t('auto.bundle.orderMissing', { key: missing }));
  return { deps: dependencies(node) };
}

/** What a bundle's parts are checked against: the linked items' published forms, by implementation code. */
export type KnownItems = ReadonlyMap<string, { name: string; form: FormDefinition | null }>;

/**
 * Every problem with a bundle: shape; its combined form; parts unique and all in the order;
 * answers taken from fields the combined form has (files from its file fields); with the
 * linked items, the items exist with a published form that has the fields the bundle fills.
 */
export function checkBundle(value: unknown, items?: KnownItems, where = ''): Problem[] {
  const shape = checkSchema(BundleDefinition, value, where);
  if (shape.length) return shape;
  const b = value as BundleDefinition;
  const problems = checkFormDefinition(b.form, where);
  const p = (field: string, message: string) => problems.push({ where, field, message });
  const combined = new Map(b.form.fields.map((f) => [f.key, f]));
  const keys = new Set<string>();
  for (const part of b.parts) {
    if (keys.has(part.key)) p(part.title, t('auto.bundle.duplicatePart', { key: part.key }));
    keys.add(part.key);
    for (const from of Object.values(part.answers ?? {})) if (!combined.has(from)) p(part.title, t('auto.bundle.answerField', { part: part.title, key: from }));
    for (const from of Object.values(part.files ?? {}))
      if (combined.get(from)?.type !== 'file') p(part.title, t('auto.bundle.fileField', { part: part.title, key: from }));
    if (items) {
      const item = items.get(part.item);
      if (!item?.form) p(part.title, t('auto.bundle.unknownItem', { part: part.title, code: part.item }));
      else {
        const fields = new Set(item.form.fields.map((f) => f.key));
        for (const to of [...Object.keys(part.answers ?? {}), ...Object.keys(part.fixed ?? {})])
          if (!fields.has(to)) p(part.title, t('auto.bundle.partField', { part: part.title, key: to }));
      }
    }
  }
  const order = readOrder(b.order, b.parts.map((x) => x.key));
  if ('error' in order) p(b.title, order.error);
  return problems;
}

// ---- planning and status -----------------------------------------------------------------------

export interface PlannedPart<F = unknown> {
  key: string;
  title: string;
  item: string;
  answers: Record<string, unknown>;
  files: Record<string, F[]>;
  /** the parts that must conclude (准予) before this one is opened */
  dependsOn: string[];
}

/**
 * One bundle submission split into the linked applications, in an order that respects the
 * dependencies (a part after everything it waits for). The bundle must have passed checkBundle.
 */
export function planBundle<F>(bundle: BundleDefinition, answers: Readonly<Record<string, unknown>>, files: Readonly<Record<string, F[]>>): PlannedPart<F>[] {
  const order = readOrder(bundle.order, bundle.parts.map((p) => p.key));
  if ('error' in order) throw new Error(order.error);
  const planned = bundle.parts.map((part) => {
    const a: Record<string, unknown> = {};
    for (const [to, from] of Object.entries(part.answers ?? {})) if (answers[from] !== undefined) a[to] = answers[from];
    for (const [to, v] of Object.entries(part.fixed ?? {})) a[to] = v;
    const f: Record<string, F[]> = {};
    for (const [slot, from] of Object.entries(part.files ?? {})) if (files[from]?.length) f[slot] = [...(files[from] as F[])];
    return { key: part.key, title: part.title, item: part.item, answers: a, files: f, dependsOn: order.deps.get(part.key) ?? [] };
  });
  // a stable topological order: each part after what it waits for, otherwise as written
  const out: PlannedPart<F>[] = [];
  const done = new Set<string>();
  while (out.length < planned.length) {
    const next = planned.find((p) => !done.has(p.key) && p.dependsOn.every((d) => done.has(d))) as PlannedPart<F>;
    out.push(next);
    done.add(next.key);
  }
  return out;
}

export type PartStatus = ApplicationStatus | 'waiting';

/** The parts to open now: waiting, with every prerequisite granted (准予). */
export function readyParts(plan: readonly Pick<PlannedPart, 'key' | 'dependsOn'>[], statuses: Readonly<Record<string, PartStatus>>): string[] {
  return plan.filter((p) => (statuses[p.key] ?? 'waiting') === 'waiting' && p.dependsOn.every((d) => statuses[d] === 'approved')).map((p) => p.key);
}

export interface CombinedStatus {
  status: 'draft' | 'inProgress' | 'needsAction' | 'blocked' | 'completed' | 'withdrawn';
  label: string;
  done: number;
  total: number;
}

/**
 * The one status of a bundle the applicant sees: 待您补正 first (they must act), then a part
 * refused or denied (what follows cannot go on), all granted, all withdrawn, nothing submitted,
 * otherwise in progress with how many are done.
 */
export function combinedStatus(statuses: readonly PartStatus[]): CombinedStatus {
  const total = statuses.length;
  const done = statuses.filter((s) => s === 'approved').length;
  const of = (status: CombinedStatus['status']): CombinedStatus => ({
    status,
    label: t(`auto.bundle.status.${status}` as MessageKey, { done, total }),
    done,
    total,
  });
  if (statuses.includes('correcting')) return of('needsAction');
  if (statuses.some((s) => s === 'denied' || s === 'refused')) return of('blocked');
  if (total > 0 && done === total) return of('completed');
  if (total > 0 && statuses.every((s) => s === 'withdrawn')) return of('withdrawn');
  if (statuses.every((s) => s === 'draft' || s === 'waiting')) return of('draft');
  return of('inProgress');
}
