/**
 * Attachments of government information: PDF, DOCX and XLSX only, recognised by their content —
 * a PDF by its signature, a Word or Excel file by the parts inside its ZIP container
 * (word/document.xml, xl/workbook.xml) — and refused when the name says otherwise (a report.pdf
 * that is a picture, a table.xlsx that is a Word document). Kept in the file store (decision 0013).
 */
import { open } from 'node:fs/promises';
import type { Received } from '../../lib/files/index.js';
import { t } from '../../lib/i18n/index.js';
import type { Problem } from '../../lib/validation.js';
import { LIMITS } from './model.js';

export type Format = 'pdf' | 'docx' | 'xlsx';
export const CONTENT_TYPES: Record<Format, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface Upload {
  filename: string;
  received: Received;
}

async function readAll(path: string, max: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The format the bytes are, whatever the name says (undefined: none we take). */
export async function sniff(received: Received): Promise<Format | undefined> {
  const head = received.head;
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') return undefined;
  // entry names of a ZIP are stored uncompressed, in each local header and the central directory
  const all = await readAll(received.tempPath, Math.min(received.size, LIMITS.attachmentBytes));
  if (all.includes('word/document.xml')) return 'docx';
  if (all.includes('xl/workbook.xml')) return 'xlsx';
  return undefined;
}

const extOf = (name: string) => /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** Check each upload; the problems say which file and why. */
export async function checkUploads(uploads: Upload[], already: number): Promise<{ ok: (Upload & { format: Format })[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const ok: (Upload & { format: Format })[] = [];
  const field = t('disclosure.field.attachments');
  if (already + uploads.length > LIMITS.attachments) problems.push({ where: '', field, message: t('disclosure.error.tooManyFiles', { max: LIMITS.attachments }) });
  for (const u of uploads) {
    const name = u.filename.slice(0, 120) || t('disclosure.file.unnamed');
    if (u.received.truncated || u.received.size > LIMITS.attachmentBytes) {
      problems.push({ where: '', field, message: t('disclosure.error.fileSize', { name, mb: LIMITS.attachmentBytes / 1048576 }) });
      continue;
    }
    const format = await sniff(u.received);
    if (!format) {
      problems.push({ where: '', field, message: t('disclosure.error.fileType', { name }) });
      continue;
    }
    const ext = extOf(u.filename);
    if (ext !== format) {
      problems.push({ where: '', field, message: t('disclosure.error.fileMismatch', { name, format: format.toUpperCase() }) });
      continue;
    }
    ok.push({ ...u, filename: name, format });
  }
  return { ok, problems };
}
