/**
 * The certificate (or letter) as a PDF with the embedded CJK font the catalogue's printable
 * guide uses — the bundled Noto Sans SC, or the font PDF_FONT names — and the QR code that opens
 * its verification page. The verification address is also a link on the page and the
 * document's subject, so a reader without a QR scanner can follow it.
 */
import type PDFKitDocument from 'pdfkit';
import { t } from '../../lib/i18n/index.js';
import { type FontConfig, pdfFonts } from '../../lib/pdf-fonts.js';

export type { FontConfig };

/** What the PDF shows: the holder's own copy (full name, masked ID number). */
export interface CertificateForPdf {
  code: string;
  kind: string;
  kindLabel: string;
  title: string;
  statusLabel: string;
  revoked: boolean;
  holder: { name: string; idNumber: string | null; creditCode: string | null };
  itemName: string;
  departmentName: string;
  sourceNo: string;
  facts: { label: string; value: string }[];
  validFrom: string;
  validUntil: string;
  issuedOn: string;
  verifyUrl: string;
}

let pdfkit: typeof PDFKitDocument | undefined;
const loadPdfKit = async () => (pdfkit ??= (await import('pdfkit')).default);


function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

const RED = '#a11d1d';

export async function certificatePdf(c: CertificateForPdf, qrPng: Buffer, config: FontConfig = {}): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const f = pdfFonts(config);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 64, right: 64 },
    info: { Title: c.title, Subject: c.verifyUrl, Author: c.departmentName, Keywords: c.code },
  });
  doc.registerFont('body', f.regular, f.family as string);
  doc.registerFont('bold', f.bold, f.family as string);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // a frame, as a printed certificate has
  doc.lineWidth(2).strokeColor(RED).rect(36, 36, doc.page.width - 72, doc.page.height - 72).stroke();
  doc.lineWidth(0.6).rect(42, 42, doc.page.width - 84, doc.page.height - 84).stroke().strokeColor('#000');

  doc.font('body').fontSize(10).fillColor('#555').text(t('certificates.pdf.heading'), left, 64, { width, align: 'center' });
  doc.font('bold').fontSize(24).fillColor(RED).text(c.title, { width, align: 'center' });
  doc.font('body').fontSize(10.5).fillColor('#333').text(`${c.kindLabel} · ${t('certificates.field.code')} ${c.code}`, { width, align: 'center' });
  if (c.revoked) doc.moveDown(0.3).font('bold').fontSize(14).fillColor(RED).text(c.statusLabel, { width, align: 'center' });
  doc.fillColor('#000').moveDown(1.2);

  const row = (label: string, value: string) => {
    const y = doc.y;
    doc.font('bold').fontSize(11).text(label, left, y, { width: 120 });
    const afterLabel = doc.y;
    doc.font('body').fontSize(11).text(value || '—', left + 128, y, { width: width - 128 });
    doc.y = Math.max(doc.y, afterLabel) + 6;
  };
  row(t('certificates.field.holder'), c.holder.name);
  if (c.holder.creditCode) row(t('certificates.field.creditCode'), c.holder.creditCode);
  if (c.holder.idNumber) row(t('certificates.field.idNumber'), c.holder.idNumber);
  for (const fact of c.facts) row(fact.label, fact.value);
  row(t('certificates.field.item'), c.itemName);
  row(t('certificates.field.sourceNo'), c.sourceNo);
  row(t('certificates.field.validity'), `${c.validFrom} — ${c.validUntil}`);

  // the QR code and the issuing department, at the foot of the page
  const qrSize = 110;
  const footY = doc.page.height - doc.page.margins.bottom - qrSize - 24;
  if (doc.y > footY - 10) doc.addPage();
  doc.image(qrPng, left, footY, { width: qrSize });
  doc.link(left, footY, qrSize, qrSize, c.verifyUrl);
  doc.font('body').fontSize(9).fillColor('#333').text(t('certificates.pdf.scan'), left, footY + qrSize + 4, { width: qrSize + 60 });
  doc.font('bold').fontSize(13).fillColor('#000').text(c.departmentName, left + qrSize + 40, footY + 24, { width: width - qrSize - 40, align: 'right' });
  doc.font('body').fontSize(11).text(c.issuedOn, { width: width - qrSize - 40, align: 'right' });
  doc.fontSize(8.5).fillColor('#555').text(c.verifyUrl, { width: width - qrSize - 40, align: 'right', link: c.verifyUrl });
  return finish(doc);
}
