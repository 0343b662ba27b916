/**
 * Snapshots of the in-memory index (decision 0021). A process that analysed the documents writes
 * the index as named sections (strings, typed arrays, the analyzer's learnt words) in parts of
 * 4 MB to search_snapshots / search_snapshot_parts; a process that starts later loads the newest
 * complete snapshot section by section (never more than one section and one batch of parts
 * beyond the index itself in memory) and catches up from its seq.
 */
import type { Runner } from '../../db/client.js';
import type { LearntWords } from './analyzer.js';
import type { IndexState } from './inverted-index.js';
import * as repo from './repo.js';

/** bumped whenever what a snapshot holds or how it is analysed changes: older snapshots are ignored */
export const SNAPSHOT_FORMAT = 3; // 2: published documents keep no snippet; 3: postings as varint deltas, titleNorm '' when the title; string columns in latin1 or UTF-16 (UTF-8 still read)
const PART = 4 * 2 ** 20;
const PARTS_PER_READ = 8;
const SEP = '\u0001';
/** strings are encoded this many at a time, so no single string grows to the size of a column */
const STRING_BATCH = 20_000;

export interface Snapshot {
  seq: number;
  index: IndexState;
  learnt: LearntWords;
}

type Typed = Int32Array | Uint32Array | Float64Array | Float32Array | Uint8Array;
const TYPES = { i32: Int32Array, u32: Uint32Array, f64: Float64Array, f32: Float32Array, u8: Uint8Array } as const;
type TypeName = keyof typeof TYPES;
const typeOf = (a: Typed): TypeName =>
  a instanceof Int32Array ? 'i32' : a instanceof Uint32Array ? 'u32' : a instanceof Float64Array ? 'f64' : a instanceof Float32Array ? 'f32' : 'u8';

/**
 * How a string column is stored: 'str' UTF-8; 'latin1' when every character is below U+0100
 * (keys, addresses); 'utf16' for the rest (titles: two bytes a Chinese character instead of
 * three, and decoded by a copy where UTF-8 needs a decoder — the load reads them several times faster).
 */
type StringType = 'str' | 'latin1' | 'utf16';
const ENCODING = { str: 'utf8', latin1: 'latin1', utf16: 'utf16le' } as const;

interface SectionHead {
  name: string;
  type: TypeName | StringType | 'json';
  bytes: number;
}

function stringType(values: string[]): StringType {
  for (const v of values) for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) > 0xff) return 'utf16';
  return 'latin1';
}

/** The bytes of a string column, encoded a batch at a time. */
function* encodeStrings(values: string[], type: StringType): Iterable<Buffer> {
  for (let i = 0; i < values.length; i += STRING_BATCH) {
    const text = values.slice(i, i + STRING_BATCH).join(SEP);
    yield Buffer.from(i + STRING_BATCH < values.length ? text + SEP : text, ENCODING[type]);
  }
}

/** Cut a stream of buffers into parts of exactly PART bytes (the last one shorter). */
class Parter {
  private pending: Buffer[] = [];
  private size = 0;
  constructor(private readonly emit: (part: Buffer) => Promise<void>) {}
  async push(b: Buffer) {
    let buf = b;
    while (this.size + buf.length >= PART) {
      const take = PART - this.size;
      this.pending.push(buf.subarray(0, take));
      await this.emit(Buffer.concat(this.pending));
      this.pending = [];
      this.size = 0;
      buf = buf.subarray(take);
    }
    if (buf.length) {
      this.pending.push(buf);
      this.size += buf.length;
    }
  }
  async end() {
    if (this.size) await this.emit(Buffer.concat(this.pending));
  }
}

/** Write a snapshot; returns its id and size. Older snapshots are deleted once this one is complete. */
export async function writeSnapshot(db: Runner, snap: Snapshot, documents: number): Promise<{ id: number; bytes: number }> {
  const sections: { head: SectionHead; chunks: () => Iterable<Buffer> }[] = [];
  const json = (name: string, value: unknown) => {
    const b = Buffer.from(JSON.stringify(value), 'utf8');
    sections.push({ head: { name, type: 'json', bytes: b.length }, chunks: () => [b] });
  };
  json('meta', snap.index.meta);
  json('learnt', snap.learnt);
  for (const [name, values] of Object.entries(snap.index.strings)) {
    const type = stringType(values);
    let bytes = 0;
    for (const b of encodeStrings(values, type)) bytes += b.length;
    sections.push({ head: { name, type, bytes }, chunks: () => encodeStrings(values, type) });
  }
  for (const [name, a] of Object.entries(snap.index.arrays)) {
    const b = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    sections.push({ head: { name, type: typeOf(a), bytes: b.length }, chunks: () => [b] });
  }
  const heads = sections.map((s) => s.head);
  const bytes = heads.reduce((n, h) => n + h.bytes, 0);
  const id = await repo.createSnapshot(db, { seq: snap.seq, documents, bytes, format: SNAPSHOT_FORMAT });
  let part = 0;
  await repo.insertSnapshotPart(db, id, part++, Buffer.from(JSON.stringify(heads), 'utf8'));
  const parter = new Parter((b) => repo.insertSnapshotPart(db, id, part++, b));
  for (const s of sections) for (const chunk of s.chunks()) await parter.push(chunk);
  await parter.end();
  await repo.completeSnapshot(db, id);
  return { id, bytes };
}

/** Read the newest complete snapshot of this format, or undefined when there is none. */
export async function readSnapshot(db: Runner): Promise<(Snapshot & { id: number; bytes: number; documents: number }) | undefined> {
  const found = await repo.latestSnapshot(db, SNAPSHOT_FORMAT);
  if (!found) return undefined;
  const [headPart] = await repo.snapshotParts(db, found.id, 0, 0);
  if (!headPart) return undefined;
  const heads = JSON.parse(headPart.toString('utf8')) as SectionHead[];
  // parts arrive in order; each section is filled from them as they come
  let next = 1;
  let queue: Buffer[] = [];
  let queueAt = 0;
  // the next batch of parts is asked for while this one is decoded (the database encodes, this process decodes)
  const ask = () => {
    const p = repo.snapshotParts(db, found!.id, next, next + PARTS_PER_READ - 1);
    p.catch(() => {});
    next += PARTS_PER_READ;
    return p;
  };
  let ahead = ask();
  async function take(into: Uint8Array): Promise<void> {
    let filled = 0;
    while (filled < into.length) {
      if (!queue.length || queueAt >= (queue[0] as Buffer).length) {
        if (queue.length) queue.shift();
        queueAt = 0;
        if (!queue.length) {
          queue = await ahead;
          if (!queue.length) throw new Error('search snapshot: missing parts');
          ahead = ask();
        }
        continue;
      }
      const head = queue[0] as Buffer;
      const n = Math.min(into.length - filled, head.length - queueAt);
      into.set(head.subarray(queueAt, queueAt + n), filled);
      filled += n;
      queueAt += n;
    }
  }
  const strings: Record<string, string[]> = {};
  const arrays: Record<string, Typed> = {};
  let meta: IndexState['meta'] | undefined;
  let learnt: LearntWords | undefined;
  for (const h of heads) {
    if (h.type === 'json' || h.type in ENCODING) {
      const b = Buffer.allocUnsafe(h.bytes);
      await take(b);
      if (h.type !== 'json') strings[h.name] = h.bytes ? b.toString(ENCODING[h.type as StringType]).split(SEP) : [];
      else if (h.name === 'meta') meta = JSON.parse(b.toString('utf8'));
      else learnt = JSON.parse(b.toString('utf8'));
    } else {
      const Type = TYPES[h.type as TypeName];
      if (!Type) throw new Error(`search snapshot: unknown section type ${h.type}`);
      const a = new Type(h.bytes / Type.BYTES_PER_ELEMENT);
      await take(new Uint8Array(a.buffer));
      arrays[h.name] = a;
    }
  }
  if (!meta || !learnt) throw new Error('search snapshot: incomplete');
  // one document whose value is empty: a column of no bytes, which reads as no values
  for (const [k, v] of Object.entries(strings)) if (k !== 'terms' && v.length === 0 && meta.n === 1) strings[k] = [''];
  return {
    id: found.id,
    bytes: found.bytes,
    documents: found.documents,
    seq: found.seq,
    learnt,
    index: { meta, strings: strings as IndexState['strings'], arrays: arrays as unknown as IndexState['arrays'] },
  };
}
