/**
 * The 手机扫码阅读 QR code of every public page (the footer's image): GET /qr?u=<path> answers an
 * SVG of the site's own address (PUBLIC_URL + the path). Only a canonical path of this site is
 * accepted — never a full address or any other text — so this is not an open QR generator. Each
 * code is drawn once and kept (a bounded cache), and browsers may keep it a day.
 */
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { t } from '../lib/i18n/index.js';
import { BadRequestError } from '../lib/errors.js';
import { canonicalPath } from './site-meta.js';

const MAX_ENTRIES = 2000;

export function registerPageQr(app: FastifyInstance, opts: { publicUrl: string }) {
  const base = opts.publicUrl.replace(/\/+$/, '');
  const drawn = new Map<string, Promise<string>>();
  const draw = (path: string): Promise<string> => {
    const hit = drawn.get(path);
    if (hit) {
      // most recently used last, so the oldest goes first
      drawn.delete(path);
      drawn.set(path, hit);
      return hit;
    }
    const svg = QRCode.toString(base + path, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    svg.catch(() => drawn.delete(path));
    drawn.set(path, svg);
    if (drawn.size > MAX_ENTRIES) drawn.delete(drawn.keys().next().value as string);
    return svg;
  };

  app.get<{ Querystring: { u?: string } }>(
    '/qr',
    { schema: { hide: true, querystring: { type: 'object', properties: { u: { type: 'string', maxLength: 400 } } } } },
    async (request, reply) => {
      const u = request.query.u ?? '';
      if (!u || canonicalPath(u) !== u) throw new BadRequestError(t('meta.qr.badPath'));
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(await draw(u));
    },
  );
}
