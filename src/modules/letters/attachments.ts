/**
 * Attachments' bytes in the file store: kept before the letter naming them is committed (so an
 * acknowledged letter never names a missing file), read back as a stream, and moved out of the
 * database for rows written before the file store existed.
 */
import type { Readable } from 'node:stream';
import type { Runner } from '../../db/client.js';
import type { FileStore } from '../../lib/files/index.js';
import type { Attachment, StoredAttachment } from './model.js';
import * as repo from './repo.js';

/** Keep each checked attachment in the store; returns what the letter's rows record. */
export async function keepAttachments(files: FileStore, list: Attachment[]): Promise<StoredAttachment[]> {
  const kept: StoredAttachment[] = [];
  for (const a of list) {
    const sha256 = a.received ? await files.keep(a.received) : await files.put(a.data as Buffer);
    kept.push({ filename: a.filename, contentType: a.contentType, size: a.size, sha256 });
  }
  return kept;
}

export interface AttachmentFile {
  filename: string;
  contentType: string;
  size: number;
  body: Readable | Buffer;
}

/** An attachment row's bytes: from the store, or (not moved out yet) from the row itself. */
export async function openAttachment(files: FileStore, row: { filename: string; contentType: string; size: number; sha256: string | null; data: Buffer | null }): Promise<AttachmentFile | undefined> {
  const meta = { filename: row.filename, contentType: row.contentType };
  if (row.sha256) {
    const stored = await files.open(row.sha256);
    return stored && { ...meta, size: stored.size, body: stored.stream };
  }
  return row.data ? { ...meta, size: row.data.length, body: row.data } : undefined;
}

/**
 * Move bytes still in the database to the file store, a few rows at a time (each row: the file
 * is kept first, then the row points at it and forgets its bytes). Safe to run in several
 * processes at once and to interrupt. Returns how many rows were moved.
 */
export async function moveAttachmentsOut(db: Runner, files: FileStore, batch = 20): Promise<number> {
  let moved = 0;
  for (;;) {
    const rows = await repo.attachmentsWithBytes(db, batch);
    if (!rows.length) return moved;
    for (const row of rows) {
      const sha256 = await files.put(row.data);
      await repo.markAttachmentStored(db, row.id, sha256);
      moved++;
    }
  }
}
