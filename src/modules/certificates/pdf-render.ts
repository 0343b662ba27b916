/**
 * Certificate PDFs are rendered in worker threads, as the catalogue's guides are: pdfkit and the
 * CJK font subsetting take tens of milliseconds of CPU, which a crowd downloading must not take
 * from other requests. The pool starts on the first download.
 */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkerPool, type WorkerPool } from '../../lib/workers/pool.js';
import type { CertificateForPdf, FontConfig } from './pdf.js';

export interface CertificatePdfRenderer {
  render(certificate: CertificateForPdf): Promise<Buffer>;
  close(): Promise<void>;
}

export function createCertificatePdfRenderer(font: FontConfig, threads?: number): CertificatePdfRenderer {
  let pool: WorkerPool | undefined;
  const workers = () => (pool ??= createWorkerPool(new URL(`./pdf-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url), threads));
  return {
    async render(certificate) {
      const u = await workers().run<Uint8Array>('certificate', { certificate, font });
      return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
    },
    close: async () => pool?.close(),
  };
}
