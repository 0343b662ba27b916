/**
 * PDFs with an embedded CJK font: the guide as a downloadable 明白纸, and each form as a blank
 * form and a filled-in sample. The bundled Noto Sans SC (an npm package, OFL) means a fresh
 * machine needs no system fonts; PDF_FONT points at another font file instead.
 */
import type PDFKitDocument from 'pdfkit';

// pdfkit is loaded on the first PDF, not with the app (it costs start-up time every process pays)
let pdfkit: typeof PDFKitDocument | undefined;
const loadPdfKit = async () => (pdfkit ??= (await import('pdfkit')).default);
import { t } from '../../lib/i18n/index.js';
import { type FontConfig, pdfFonts } from '../../lib/pdf-fonts.js';

export type { FontConfig };
import type { Guide } from './present.js';
import { limitText, visitsText } from './views/parts.js';


/**
 * The fonts as parsed by the first document, given to every later one: parsing a CJK font
 * (and warming its glyph caches) is most of the cost of a PDF. pdfkit takes a parsed font
 * wherever it takes a file; each document still embeds its own subset.
 */
let parsed: { regular: unknown; bold: unknown } | undefined;
const fontOf = (doc: PDFKit.PDFDocument) => (doc as unknown as { _font: { font: unknown } })._font.font;

function newDoc(config: FontConfig, title: string, PDFDocument: typeof PDFKitDocument): PDFKit.PDFDocument {
  const f = pdfFonts(config);
  const doc = new PDFDocument({ size: 'A4', margins: { top: 48, bottom: 48, left: 52, right: 52 }, info: { Title: title } });
  doc.registerFont('body', (parsed?.regular ?? f.regular) as Buffer, f.family as string);
  doc.registerFont('bold', (parsed?.bold ?? f.bold) as Buffer, f.family as string);
  if (!parsed) {
    const bold = fontOf(doc.font('bold'));
    parsed = { regular: fontOf(doc.font('body')), bold };
  }
  doc.font('body');
  return doc;
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  if (doc.y > doc.page.height - 120) doc.addPage();
  doc.moveDown(0.6).font('bold').fontSize(13).fillColor('#8a1c1c').text(text).fillColor('#000').font('body').fontSize(10.5);
  doc.moveDown(0.2);
}

function para(doc: PDFKit.PDFDocument, text: string, indent = 0) {
  doc.text(text, { indent, paragraphGap: 3, lineGap: 1.5 });
}

/** The guide as a PDF. `qrPng` is a PNG of the page's QR code. */
export async function guidePdf(g: Guide, qrPng: Buffer, printedOn: string, config: FontConfig = {}): Promise<Buffer> {
  const doc = newDoc(config, t('print.title', { name: g.name }), await loadPdfKit());
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.image(qrPng, doc.page.width - doc.page.margins.right - 80, doc.page.margins.top, { width: 80 });
  doc.fontSize(10).fillColor('#555').text(t('print.heading'), { width: width - 90 });
  doc.font('bold').fontSize(18).fillColor('#000').text(g.name, { width: width - 90 });
  doc.font('body').fontSize(10.5).text(`${g.department.name} · ${g.type}`, { width: width - 90 });
  doc.moveDown(0.4).text(g.summary, { width: width - 90 });
  doc.y = Math.max(doc.y, doc.page.margins.top + 96);

  heading(doc, t('guide.conditions'));
  g.conditions.forEach((c, i) => {
    para(doc, `${i + 1}. ${c}`);
  });

  heading(doc, t('guide.materials'));
  g.materials.forEach((m) => {
    para(
      doc,
      `□ ${m.name}${m.required ? '' : `（${t('guide.optional')}）`} —— ${m.form}，${m.medium}，${m.copies > 0 ? t('guide.copies', { n: m.copies }) : t('guide.noCopies')}；${t('guide.source')}${m.source}${m.note ? `。${m.note}` : ''}`,
    );
  });

  heading(doc, t('guide.steps'));
  g.steps.forEach((s, i) => {
    para(doc, `${i + 1}. ${s.title}：${s.description}`);
  });

  heading(doc, t('guide.limits'));
  para(
    doc,
    `${t('guide.legal')}：${t('guide.workingDays', { days: g.timeLimits.legalDays })}；${t('guide.promised')}：${limitText(g.timeLimits.promisedDays, g.timeLimits.kind)}（${g.timeLimits.kind}）${g.timeLimits.note ? `。${g.timeLimits.note}` : ''}`,
  );
  para(doc, `${t('guide.visitsLabel')}：${visitsText(g.visits)}；${t('guide.forms')}：${g.handlingForms.join('、')}`);

  heading(doc, t('guide.fees'));
  if (g.free) para(doc, t('guide.free'));
  else g.fees.forEach((f) => {
    para(doc, `${f.name}：${f.standard}（${t('guide.feeBasis')}：${f.basis}）`);
  });

  heading(doc, t('guide.where'));
  g.halls.forEach((h) => {
    doc.font('bold').text(h.name).font('body');
    para(doc, `${t('guide.address')}：${h.address}`);
    para(doc, `${t('guide.hours')}：${h.hours}`);
    para(doc, `${t('guide.phone')}：${h.phone}　${t('guide.transit')}：${h.transit}`);
  });

  heading(doc, t('guide.contact'));
  para(doc, `${t('guide.consultPhone')}：${g.consultPhone}　${t('guide.complaintPhone')}：${g.complaintPhone}`);
  heading(doc, t('guide.result'));
  para(doc, `${g.results.name}（${g.results.kind}）；${t('guide.delivery')}：${g.results.delivery.join('、')}`);

  heading(doc, t('guide.faq'));
  g.faq.forEach((f) => {
    doc.font('bold').text(`问：${f.q}`).font('body');
    para(doc, `答：${f.a}`);
  });

  heading(doc, t('guide.basis'));
  g.legalBasis.forEach((b) => {
    para(doc, b);
  });
  doc.moveDown(1).fontSize(9).fillColor('#555').text(t('print.footer', { date: printedOn, version: g.version }));
  return finish(doc);
}

export interface FormForPdf {
  title: string;
  departmentName: string;
  note: string | null;
  fields: { label: string; example: string; wide?: boolean }[];
}

/** A form as a grid of labelled boxes: blank to fill in by hand, or the sample with examples. */
export async function formPdf(form: FormForPdf, sample: boolean, config: FontConfig = {}): Promise<Buffer> {
  const doc = newDoc(config, form.title, await loadPdfKit());
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  doc.font('bold').fontSize(17).text(form.title, { align: 'center' });
  if (sample) doc.font('body').fontSize(11).fillColor('#b00').text(t('form.sampleMark'), { align: 'center' }).fillColor('#000');
  doc.moveDown(0.8).font('body').fontSize(10.5);
  const labelW = 110;
  let y = doc.y;
  const half = (width - 2 * labelW) / 2;
  let col = 0;
  for (const f of form.fields) {
    const wide = f.wide || f.example.length > 14;
    const rowH = wide ? 42 : 30;
    if (wide && col === 1) {
      y += 30;
      col = 0;
    }
    if (y + rowH > doc.page.height - doc.page.margins.bottom - 40) {
      doc.addPage();
      y = doc.page.margins.top;
      col = 0;
    }
    const x = left + col * (labelW + half);
    const valueW = wide ? width - labelW : half;
    doc.rect(x, y, labelW, rowH).stroke();
    doc.rect(x + labelW, y, valueW, rowH).stroke();
    doc.text(f.label, x + 6, y + 8, { width: labelW - 12, height: rowH - 8 });
    if (sample) doc.fillColor('#1a4fa0').text(f.example, x + labelW + 6, y + 8, { width: valueW - 12, height: rowH - 8 }).fillColor('#000');
    if (wide) {
      y += rowH;
      col = 0;
    } else if (col === 0) col = 1;
    else {
      col = 0;
      y += rowH;
    }
  }
  if (col === 1) y += 30;
  doc.x = left;
  doc.y = y + 16;
  doc.text(t('form.signature'));
  if (form.note) doc.moveDown(0.5).fontSize(9.5).text(`${t('form.note')}${form.note}`, { width });
  doc.moveDown(0.5).fontSize(9).fillColor('#555').text(t('form.issuer', { dept: form.departmentName }), { width });
  return finish(doc);
}
