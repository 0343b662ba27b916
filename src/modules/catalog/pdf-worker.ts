/** Runs in a worker thread of the PDF pool (pdf-render.ts): the QR code and the PDF itself. */
import QRCode from 'qrcode';
import { type FontConfig, type FormForPdf, formPdf, guidePdf } from './pdf.js';
import type { Guide } from './present.js';

// a fresh copy: the renderer's Buffer may share a pooled ArrayBuffer, which must not be transferred
const own = (b: Buffer) => new Uint8Array(b);

export const tasks = {
  async guide(input: { guide: Guide; qrText: string; printedOn: string; font: FontConfig }) {
    const qr = await QRCode.toBuffer(input.qrText, { margin: 1, width: 240 });
    return own(await guidePdf(input.guide, qr, input.printedOn, input.font));
  },
  async form(input: { form: FormForPdf; sample: boolean; font: FontConfig }) {
    return own(await formPdf(input.form, input.sample, input.font));
  },
};
