/**
 * PDFs are rendered in worker threads (pdfkit and the CJK font subsetting take tens of
 * milliseconds of CPU each), so a crowd downloading guides never holds up other requests.
 * What is rendered is cached by the routes (PageCache), emptied on every catalogue change.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkerPool, type WorkerPool } from '../../lib/workers/pool.js';
import type { FontConfig, FormForPdf } from './pdf.js';
import type { Guide } from './present.js';

export interface PdfRenderer {
  guide(guide: Guide, qrText: string, printedOn: string): Promise<Buffer>;
  form(form: FormForPdf, sample: boolean): Promise<Buffer>;
  close(): Promise<void>;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export function createPdfRenderer(font: FontConfig, threads?: number): PdfRenderer {
  let pool: WorkerPool | undefined;
  // the worker module beside this one: .ts under tsx, .js when compiled (npm start runs dist/)
  const workers = () => (pool ??= createWorkerPool(new URL(`./pdf-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url), threads));
  return {
    guide: async (guide, qrText, printedOn) => asBuffer(await workers().run<Uint8Array>('guide', { guide, qrText, printedOn, font })),
    form: async (form, sample) => asBuffer(await workers().run<Uint8Array>('form', { form, sample, font })),
    close: async () => pool?.close(),
  };
}
