/** The file store the configuration asks for: a local folder, or an S3-compatible bucket. */
import { join } from 'node:path';
import { s3FileStore } from './s3.js';
import { type FileStore, localFileStore } from './store.js';

export type { FileStore, Received, StoredFile } from './store.js';
export { SHA256 } from './store.js';

export interface FileStoreConfig {
  filesDir: string;
  s3?: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; prefix?: string };
}

export function openFileStore(c: FileStoreConfig): FileStore {
  return c.s3 ? s3FileStore({ ...c.s3, tmpDir: join(c.filesDir, 'tmp') }) : localFileStore(c.filesDir);
}
