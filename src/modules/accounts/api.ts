/** The accounts' API: a token for a staff account (scripts), and who a token stands for. */
import type { FastifyContextConfig, FastifyInstance } from 'fastify';
import { type StaffRole, scopesFor } from '../../lib/principal.js';
import { t } from '../../lib/i18n/index.js';
import { TokenRequest } from './forms.js';
import type { AccountService } from './service.js';

export async function accountApiRoutes(app: FastifyInstance, deps: { accounts: AccountService; loginRateLimit: number }) {
  const { accounts } = deps;
  const limited = (max: number): FastifyContextConfig => (deps.loginRateLimit ? { rateLimit: { max, timeWindow: '1 minute' } } : { rateLimit: false });

  /** a token from POST /api/v1/auth/token (scripts): a day; longer ones are made in the back office */
  const TOKEN_DAYS = 1;

  app.post(
    '/api/v1/auth/token',
    {
      config: limited(deps.loginRateLimit),
      schema: {
        tags: ['auth'],
        summary: `用工作人员账号换取 API 令牌（${TOKEN_DAYS * 24} 小时有效）`,
        body: TokenRequest,
      },
    },
    async (request, reply) => {
      const body = request.body as TokenRequest;
      const p = await accounts.signInStaff(body.username, body.password, request.ip);
      const scopes = body.scopes ?? scopesFor(p.role as StaffRole);
      const token = await accounts.createToken(p, { name: body.name ?? t('token.scriptName'), scopes, days: TOKEN_DAYS });
      return reply.code(201).send({ token: token.token, tokenType: 'Bearer', scopes: token.scopes, expiresAt: token.expiresAt.toISOString() });
    },
  );

  app.get('/api/v1/me', { schema: { tags: ['auth'], summary: '当前令牌代表的工作人员', security: [{ bearer: [] }] } }, async (request) => {
    const p = await request.apiPrincipal();
    return { id: p.userId, username: p.username, name: p.name, role: p.role, departmentId: p.departmentId, scopes: p.scopes ?? [] };
  });
}
