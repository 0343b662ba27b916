/**
 * Certificates over the JSON API v1: the public verification by code, the same content as the
 * page /verify/<code> (holder masked, no ID number, no phone). An unknown or malformed code is a
 * 404 with `{ error: { code: 'not_found', message } }`.
 */
import { Type as T } from '@sinclair/typebox';
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { t } from '../../lib/i18n/index.js';
import { CodeParams } from './forms.js';
import type { CertificatesService } from './service.js';

const Nullable = <S extends ReturnType<typeof T.String>>(s: S) => T.Union([s, T.Null()]);
const Day = T.String({ format: 'date' });
const ErrorBody = T.Object({ error: T.Object({ code: T.String(), message: T.String() }) });

export const VerifiedCertificate = T.Object({
  code: T.String(),
  kind: T.String({ description: 'certificate | approval_letter | decision_letter' }),
  kindLabel: T.String(),
  title: T.String(),
  status: T.String({ description: 'valid | revoked | expired' }),
  statusLabel: T.String(),
  holder: T.String({ description: '持证主体：个人只返回遮盖后的姓名，企业返回企业名称' }),
  item: T.Object({ id: T.Integer(), name: T.String() }),
  department: T.Object({ id: T.Integer(), name: T.String() }),
  facts: T.Array(T.Object({ label: T.String(), value: T.String() })),
  validFrom: Day,
  validUntil: Nullable(Day),
  issuedAt: T.String({ format: 'date-time' }),
  revokedAt: Nullable(T.String({ format: 'date-time' })),
  revokedReason: Nullable(T.String()),
});

export async function certificateApiRoutes(app: FastifyInstance, deps: { certificates: CertificatesService; rateLimit: number }) {
  const limited: FastifyContextConfig = deps.rateLimit > 0 ? { rateLimit: { max: deps.rateLimit, timeWindow: '1 minute' } } : { rateLimit: false };
  app.get(
    '/api/v1/verify/:code',
    {
      config: limited,
      schema: {
        tags: ['certificates'],
        summary: t('certificates.api.verifySummary'),
        description: t('certificates.api.verifyDescription'),
        params: CodeParams,
        response: { 200: VerifiedCertificate, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
    },
    async (request) => deps.certificates.verify((request.params as { code: string }).code),
  );
}
