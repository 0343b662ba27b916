/**
 * What every certificates operation receives: the database, the clock and the local date, the
 * portal's public address (for the QR code), the PDF renderer, and what it uses of other
 * modules (their faces, cut down to what it calls). Built once by the face (index.ts).
 */
import type { Database } from '../../db/client.js';
import { type AccountService, recordAudit } from './faces.js';
import type { FontConfig } from './pdf.js';
import { type CertificatePdfRenderer, createCertificatePdfRenderer } from './pdf-render.js';

export interface CertificatesDeps {
  accounts: Pick<AccountService, 'notifyAccount'>;
  /** the portal's public base address (PUBLIC_URL), without a trailing slash */
  publicUrl: string;
  timeZone: string;
  /** the PDF font (PDF_FONT, PDF_FONT_FAMILY); the bundled Noto Sans SC when unset */
  font?: FontConfig;
  /** the time; tests may pass their own */
  clock?: { now(): Date };
  /** tests may pass their own */
  pdf?: CertificatePdfRenderer;
}

export interface CertificatesContext {
  database: Database;
  db: Database['db'];
  clock: { now(): Date };
  timeZone: string;
  /** the local date now, YYYY-MM-DD (what "expired" is measured against) */
  today(): string;
  /** the local date of an instant, YYYY-MM-DD */
  localDate(at: Date): string;
  publicUrl: string;
  accounts: CertificatesDeps['accounts'];
  audit: { record: typeof recordAudit };
  pdf: CertificatePdfRenderer;
}

export function createCertificatesContext(database: Database, deps: CertificatesDeps): CertificatesContext {
  const clock = deps.clock ?? { now: () => new Date() };
  // en-CA formats a date as YYYY-MM-DD
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: deps.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return {
    database,
    db: database.db,
    clock,
    timeZone: deps.timeZone,
    today: () => day.format(clock.now()),
    localDate: (at) => day.format(at),
    publicUrl: deps.publicUrl.replace(/\/+$/, ''),
    accounts: deps.accounts,
    audit: { record: recordAudit },
    pdf: deps.pdf ?? createCertificatePdfRenderer(deps.font ?? {}),
  };
}
