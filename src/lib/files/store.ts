/**
 * The file store: bytes of attachments (and later application materials, forms and dataset
 * resources) live here, never in the database, which keeps their metadata (hash, size, type,
 * name). Files are content-addressed by their SHA-256, so the same file is stored once and a
 * name can never point at other bytes. Uploads are received into a temporary file while being
 * hashed and counted, and only kept (renamed into place, or sent to S3) once the record that
 * names them is about to be committed; whatever is not kept is deleted.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export const SHA256 = /^[0-9a-f]{64}$/;

/** A file received into the store's temporary folder, not yet kept. */
export interface Received {
  sha256: string;
  size: number;
  /** the first bytes, to recognise the type by content */
  head: Buffer;
  /** the source went past the limit: the file is incomplete and must not be kept */
  truncated: boolean;
  tempPath: string;
}

export interface StoredFile {
  size: number;
  stream: Readable;
}

export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Stream `source` into a temporary file, hashing as it goes; stops writing past `maxBytes`. */
  receive(source: Readable, maxBytes: number): Promise<Received>;
  /** Keep a received file under its hash (durable when this returns). */
  keep(file: Received): Promise<string>;
  /** Delete a received file that is not kept (no error when it is gone already). */
  discard(file: Received): Promise<void>;
  /** Store bytes held in memory (the API's base64 attachments); returns the hash. */
  put(data: Buffer): Promise<string>;
  /** The file's bytes as a stream, or undefined when the store has no such file. */
  open(sha256: string): Promise<StoredFile | undefined>;
  has(sha256: string): Promise<boolean>;
  /** Delete temporary files older than `ms` (uploads of crashed processes). */
  sweep(ms?: number): Promise<number>;
}

const HEAD_BYTES = 16;

/** Receive a stream into a new file in `tmpDir`: hash, size, first bytes; fsynced. */
export async function receiveInto(tmpDir: string, source: Readable, maxBytes: number): Promise<Received> {
  await mkdir(tmpDir, { recursive: true });
  const tempPath = join(tmpDir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  const heads: Buffer[] = [];
  let size = 0;
  let headSize = 0;
  let truncated = false;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (truncated) return done(); // past the limit: read on (to finish the request), keep nothing
      if (size + chunk.length > maxBytes) {
        truncated = true;
        return done();
      }
      size += chunk.length;
      hash.update(chunk);
      if (headSize < HEAD_BYTES) {
        heads.push(chunk.subarray(0, HEAD_BYTES - headSize));
        headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
      }
      done(null, chunk);
    },
  });
  try {
    // flush: the bytes are on the disk (fsync) before the stream closes
    await pipeline(source, counter, createWriteStream(tempPath, { flags: 'wx', flush: true }));
  } catch (e) {
    await unlink(tempPath).catch(() => {});
    throw e;
  }
  // busboy cuts a file at its limit and says so on the stream
  if ((source as Readable & { truncated?: boolean }).truncated) truncated = true;
  return { sha256: hash.digest('hex'), size, head: Buffer.concat(heads), truncated, tempPath };
}

/** Remove temporary files older than `ms` from `tmpDir`. */
export async function sweepDir(tmpDir: string, ms: number): Promise<number> {
  let removed = 0;
  const names = await readdir(tmpDir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(tmpDir, name);
    const s = await stat(path).catch(() => undefined);
    if (s && Date.now() - s.mtimeMs > ms) {
      await rm(path, { force: true });
      removed++;
    }
  }
  return removed;
}

async function fsyncDir(dir: string) {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // some file systems cannot sync a directory; the rename is then as durable as they allow
  } finally {
    await fh.close();
  }
}

/**
 * Files in a local folder: `<root>/ab/cd/<sha256>`, written to `<root>/tmp` first, fsynced,
 * then renamed into place (and the folder fsynced), so a file under its name is always whole.
 */
export function localFileStore(root: string): FileStore {
  const tmpDir = join(root, 'tmp');
  const pathOf = (sha256: string) => join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const has = async (sha256: string) => {
    if (!SHA256.test(sha256)) return false;
    return (await stat(pathOf(sha256)).catch(() => undefined))?.isFile() ?? false;
  };
  return withTemporaryFiles(tmpDir, {
    kind: 'local',
    async keep(file) {
      if (file.truncated) throw new Error('an incomplete file cannot be kept');
      const target = pathOf(file.sha256);
      if (await has(file.sha256)) {
        await unlink(file.tempPath).catch(() => {});
        return file.sha256;
      }
      const dir = join(target, '..');
      await mkdir(dir, { recursive: true });
      await rename(file.tempPath, target);
      await fsyncDir(dir);
      return file.sha256;
    },
    async open(sha256) {
      if (!SHA256.test(sha256)) return undefined;
      const s = await stat(pathOf(sha256)).catch(() => undefined);
      if (!s?.isFile()) return undefined;
      return { size: s.size, stream: createReadStream(pathOf(sha256)) };
    },
    has,
  });
}

/**
 * A store from what is its own (where a kept file goes and how it is read back) and what every
 * store does alike with uploads in its temporary folder: receive, discard, put, sweep.
 */
export function withTemporaryFiles(tmpDir: string, own: Pick<FileStore, 'kind' | 'keep' | 'open' | 'has'>): FileStore {
  return {
    ...own,
    receive: (source, maxBytes) => receiveInto(tmpDir, source, maxBytes),
    discard: (file) => unlink(file.tempPath).catch(() => {}),
    put: async (data) => own.keep(await receiveInto(tmpDir, Readable.from([data]), data.length)),
    sweep: (ms = 3_600_000) => sweepDir(tmpDir, ms),
  };
}
