/** Runs in a worker thread of the certificates' PDF pool (pdf-render.ts): the QR code and the PDF. */
import QRCode from 'qrcode';
import { type CertificateForPdf, certificatePdf, type FontConfig } from './pdf.js';

export const tasks = {
  async certificate(input: { certificate: CertificateForPdf; font: FontConfig }) {
    const qr = await QRCode.toBuffer(input.certificate.verifyUrl, { margin: 1, width: 330, errorCorrectionLevel: 'M' });
    // a fresh copy: the Buffer may share a pooled ArrayBuffer, which must not be transferred
    return new Uint8Array(await certificatePdf(input.certificate, qr, input.font));
  },
};
