/** Signing in through the city's identity platform: the portal against a local OpenID Connect provider. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../../test/helpers.js';
import { type TestOidcProvider, startOidcProvider } from '../../../test/oidc-provider.js';
import { WebClient } from '../../../test/web.js';

const PUBLIC_URL = 'http://portal.test';
let op: TestOidcProvider;
let t: Awaited<ReturnType<typeof testApp>>;

beforeAll(async () => {
  op = await startOidcProvider({
    clientId: 'yimen',
    clientSecret: 'yimen-test-secret-0123456789',
    redirectUri: `${PUBLIC_URL}/login/oidc/callback`,
    accounts: { 'zw-001': { name: '吴国庆', phone: '13600000001', email: 'wuguoqing@example.com' } },
  });
  t = await testApp({
    publicUrl: PUBLIC_URL,
    oidc: { issuer: op.issuer, clientId: 'yimen', clientSecret: 'yimen-test-secret-0123456789', name: '示范市统一身份认证平台', allowInsecure: true },
  });
});
afterAll(async () => {
  await t.close();
  await op.close();
});

describe('identity platform sign-in', () => {
  it('offers the platform on the sign-in page and signs a new person in with their verified details', async () => {
    const web = new WebClient(t.app);
    expect((await web.get('/login')).body).toContain('使用示范市统一身份认证平台登录');
    await web.get('/login/oidc?next=/me/settings');
    expect(web.last.status).toBe(303);
    expect(web.last.location.startsWith(op.issuer)).toBe(true);
    const back = new URL(await op.login(web.last.location, 'zw-001'));
    const done = await web.get(`${back.pathname}${back.search}`);
    expect(done.status).toBe(303);
    expect(done.location).toBe('/me/settings');
    const me = await web.get('/me');
    expect(me.body).toContain('吴国庆');
    // the same person next time is the same account
    const again = new WebClient(t.app);
    await again.get('/login/oidc');
    const back2 = new URL(await op.login(again.last.location, 'zw-001'));
    await again.get(`${back2.pathname}${back2.search}`);
    expect((await again.get('/me')).body).toContain('吴国庆');
    const accounts = await t.db.database.db.query.users.findMany({ where: (u, { eq }) => eq(u.displayName, '吴国庆') });
    expect(accounts).toHaveLength(1);
  });

  it('shows a clear page when the person refuses, or the callback is forged', async () => {
    const web = new WebClient(t.app);
    await web.get('/login/oidc');
    const denied = new URL(await op.login(web.last.location, 'zw-001', { deny: true }));
    const res = await web.get(`${denied.pathname}${denied.search}`);
    expect(res.status).toBe(400);
    expect(res.body).toContain('统一身份认证未能完成登录');
    const forged = await new WebClient(t.app).get('/login/oidc/callback?code=abc&state=def');
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('登录请求已过期');
  });
});
