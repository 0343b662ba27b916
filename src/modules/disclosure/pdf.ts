/**
 * The gazette issue as a PDF (pdfkit, with the Noto Sans SC font the catalogue's PDFs embed, or
 * PDF_FONT), its QR code on the cover; and QR codes (qrcode) for an issue or a document as SVG.
 * Rendered on request: an issue is a few pages and is cached by browsers.
 */
import { t } from '../../lib/i18n/index.js';
import { type FontConfig, pdfFonts } from '../../lib/pdf-fonts.js';
import { parseBody } from './markup.js';


// loaded at the first QR code, once: an import() per call goes through the module loader each time
let qrcode: ReturnType<typeof loadQrcode> | undefined;
const loadQrcode = async () => (await import('qrcode')).default;

/** A QR code of an absolute address, as an SVG image. */
export async function qrSvg(url: string): Promise<string> {
  qrcode ??= loadQrcode();
  const QR = await qrcode;
  return QR.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export interface IssueForPdf {
  title: string;
  serial: number;
  publishedOn: string;
  url: string;
  documents: { title: string; docNo: string; issuer: string; writtenOn: string; body: string }[];
}

export async function issuePdf(issue: IssueForPdf, font: FontConfig = {}): Promise<Buffer> {
  const PDFDocument = (await import('pdfkit')).default;
  const QR = (await import('qrcode')).default;
  const f = pdfFonts(font);
  const doc = new PDFDocument({ size: 'A4', margins: { top: 56, bottom: 56, left: 60, right: 60 }, info: { Title: issue.title } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('body', f.regular, f.family as string);
  doc.registerFont('bold', f.bold, f.family as string);
  // cover: the title, the issue, its contents and the QR code of the reading view
  doc.font('bold').fontSize(30).fillColor('#b3121b').text(t('disclosure.gazette.name'), { align: 'center' });
  doc.moveDown(0.5).font('body').fontSize(14).fillColor('#000').text(`${issue.title}（${t('disclosure.gazette.serial', { n: issue.serial })}）`, { align: 'center' });
  doc.fontSize(11).text(issue.publishedOn, { align: 'center' }).moveDown();
  doc.font('bold').fontSize(13).text(t('disclosure.gazette.contents')).moveDown(0.3);
  doc.font('body').fontSize(11);
  for (const d of issue.documents) doc.text(`${d.title}${d.docNo ? `（${d.docNo}）` : ''}`, { indent: 12 });
  const qr = await QR.toBuffer(issue.url, { type: 'png', margin: 1, width: 240 });
  doc.moveDown().image(qr, { width: 96 });
  doc.fontSize(9).text(t('disclosure.gazette.scan'));
  for (const d of issue.documents) {
    doc.addPage();
    doc.font('bold').fontSize(16).text(d.title, { align: 'center' });
    if (d.docNo) doc.font('body').fontSize(11).text(d.docNo, { align: 'center' });
    doc.moveDown();
    for (const b of parseBody(d.body)) {
      if (b.type === 'h') doc.font('bold').fontSize(b.level === 3 ? 13 : 12).text(b.text).moveDown(0.2);
      else if (b.type === 'p') doc.font('body').fontSize(11).text(b.text, { indent: 22, lineGap: 3 }).moveDown(0.2);
      else if (b.type === 'ul') for (const i of b.items) doc.font('body').fontSize(11).text(`· ${i}`, { indent: 22 });
      else for (const r of [b.head, ...b.rows]) doc.font('body').fontSize(10).text(r.join(' ｜ '), { indent: 12 });
    }
    doc.moveDown().font('body').fontSize(11).text(d.issuer, { align: 'right' }).text(d.writtenOn, { align: 'right' });
  }
  doc.end();
  return done;
}
