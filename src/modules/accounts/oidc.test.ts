import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, type TestOidcProvider } from '../../../test/oidc-provider.js';
import { createOidcClient, OidcError, type OidcSettings } from './oidc.js';

const CLIENT = { clientId: 'yimen-portal', clientSecret: 'a-test-secret-that-is-long-enough-0123456789' };
const REDIRECT_URI = 'http://127.0.0.1:8080/auth/oidc/callback';
const ACCOUNTS = {
  'citizen-1': { name: '张三', email: 'zhangsan@example.cn', phone: '+8613800000000' },
  'citizen-2': { name: '李四' },
};

/** A localhost port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function expectOidcError(promise: Promise<unknown>, code?: OidcError['code']): Promise<OidcError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OidcError);
  if (code) expect((err as OidcError).code).toBe(code);
  return err as OidcError;
}

describe.each([
  { label: 'claims from userinfo (strict provider)', claimsInIdToken: false, auth: 'client_secret_basic' as const },
  { label: 'claims in ID token, client_secret_post', claimsInIdToken: true, auth: 'client_secret_post' as const },
])('OIDC login — $label', ({ claimsInIdToken, auth }) => {
  let op: TestOidcProvider;
  let settings: OidcSettings;

  beforeAll(async () => {
    op = await startOidcProvider({
      ...CLIENT,
      redirectUri: REDIRECT_URI,
      accounts: ACCOUNTS,
      claimsInIdToken,
      tokenEndpointAuthMethod: auth,
    });
    settings = { ...CLIENT, issuer: op.issuer, redirectUri: REDIRECT_URI, allowInsecure: true };
  });
  afterAll(async () => {
    await op?.close();
  });

  it('logs in and returns the account claims', async () => {
    const oidc = createOidcClient(settings);
    const start = await oidc.start();
    const authUrl = new URL(start.url);
    expect(authUrl.origin).toBe(op.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('scope')).toBe('openid profile email phone');
    expect(authUrl.searchParams.get('state')).toBe(start.state);
    expect(authUrl.searchParams.get('nonce')).toBe(start.nonce);
    expect(authUrl.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);

    const callback = new URL(await op.login(start.url, 'citizen-1'));
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('iss')).toBe(op.issuer);

    const realFetch = globalThis.fetch;
    const requested: string[] = [];
    globalThis.fetch = (input, init) => {
      requested.push(new URL(input instanceof Request ? input.url : input).pathname);
      return realFetch(input, init);
    };
    let claims: Awaited<ReturnType<typeof oidc.finish>>;
    try {
      claims = await oidc.finish(callback, start);
    } finally {
      globalThis.fetch = realFetch;
    }
    // a strict provider gives the claims only from userinfo; otherwise the ID token suffices
    expect(requested).toEqual(claimsInIdToken ? ['/token'] : ['/token', '/me']);
    expect(claims).toEqual({
      subject: 'citizen-1',
      issuer: op.issuer,
      name: '张三',
      email: 'zhangsan@example.cn',
      emailVerified: true,
      phone: '+8613800000000',
      phoneVerified: true,
    });

    // the code is single-use
    await expectOidcError(oidc.finish(callback, start), 'token_failed');
  });

  it('returns only the claims the account has', async () => {
    const oidc = createOidcClient(settings);
    const start = await oidc.start();
    const callback = new URL(await op.login(start.url, 'citizen-2'));
    expect(await oidc.finish(callback, start)).toEqual({ subject: 'citizen-2', issuer: op.issuer, name: '李四' });
  });

  it('accepts a callback URL rebuilt with another origin (behind a proxy)', async () => {
    const oidc = createOidcClient(settings);
    const start = await oidc.start();
    const callback = new URL(await op.login(start.url, 'citizen-2'));
    const behindProxy = new URL(`/auth/oidc/callback${callback.search}`, 'http://10.0.0.5:3000');
    expect((await oidc.finish(behindProxy, start)).subject).toBe('citizen-2');
  });

  it('rejects a tampered state', async () => {
    const oidc = createOidcClient(settings);
    const start = await oidc.start();
    const callback = new URL(await op.login(start.url, 'citizen-1'));
    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'forged-state');
    await expectOidcError(oidc.finish(tampered, start), 'invalid_callback');
    // and a state kept for another login does not fit this callback
    const other = await oidc.start();
    await expectOidcError(oidc.finish(callback, { ...start, state: other.state }), 'invalid_callback');
  });

  it('rejects a wrong nonce or PKCE verifier', async () => {
    const oidc = createOidcClient(settings);
    const a = await oidc.start();
    const callbackA = new URL(await op.login(a.url, 'citizen-1'));
    await expectOidcError(oidc.finish(callbackA, { ...a, codeVerifier: 'x'.repeat(43) }), 'token_failed');

    const b = await oidc.start();
    const callbackB = new URL(await op.login(b.url, 'citizen-1'));
    await expectOidcError(oidc.finish(callbackB, { ...b, nonce: 'other-nonce' }), 'token_failed');
  });

  it('rejects a forged iss parameter', async () => {
    const oidc = createOidcClient(settings);
    const start = await oidc.start();
    const callback = new URL(await op.login(start.url, 'citizen-1'));
    callback.searchParams.set('iss', 'https://evil.example');
    await expectOidcError(oidc.finish(callback, start), 'invalid_callback');
    // the provider advertises RFC 9207, so a callback without iss is refused as well
    callback.searchParams.delete('iss');
    await expectOidcError(oidc.finish(callback, start), 'invalid_callback');
  });

  it('turns a denial at the provider into OidcError access_denied', async () => {
    const oidc = createOidcClient(settings);
    const start = await oidc.start();
    const callback = new URL(await op.login(start.url, 'citizen-1', { deny: true }));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const err = await expectOidcError(oidc.finish(callback, start), 'provider_error');
    expect(err.providerError).toBe('access_denied');
  });

  it('rejects a wrong client secret', async () => {
    const oidc = createOidcClient({ ...settings, clientSecret: 'wrong-secret' });
    const start = await oidc.start();
    const callback = new URL(await op.login(start.url, 'citizen-1'));
    await expectOidcError(oidc.finish(callback, start), 'token_failed');
  });
});

describe('OIDC client configuration', () => {
  it('gives OidcError for an unreachable issuer (no crash, on every call)', async () => {
    const port = await closedPort();
    const oidc = createOidcClient({
      ...CLIENT,
      issuer: `http://127.0.0.1:${port}`,
      redirectUri: REDIRECT_URI,
      allowInsecure: true,
      timeoutSeconds: 5,
    });
    await expectOidcError(oidc.start(), 'discovery_failed');
    await expectOidcError(
      oidc.finish(new URL(`${REDIRECT_URI}?code=x&state=y`), { state: 'y', nonce: 'n', codeVerifier: 'v' }),
      'discovery_failed',
    );
  });

  it('refuses an http issuer unless allowInsecure is set', async () => {
    const op = await startOidcProvider({ ...CLIENT, redirectUri: REDIRECT_URI, accounts: ACCOUNTS });
    try {
      const strict = createOidcClient({ ...CLIENT, issuer: op.issuer, redirectUri: REDIRECT_URI });
      await expectOidcError(strict.start(), 'misconfigured');
      const relaxed = createOidcClient({ ...CLIENT, issuer: op.issuer, redirectUri: REDIRECT_URI, allowInsecure: true });
      await expect(relaxed.start()).resolves.toMatchObject({ url: expect.stringContaining(op.issuer) });
    } finally {
      await op.close();
    }
  });

  it('gives OidcError for an issuer that is not a URL or serves no metadata', async () => {
    await expectOidcError(
      createOidcClient({ ...CLIENT, issuer: 'not a url', redirectUri: REDIRECT_URI }).start(),
      'misconfigured',
    );
    const op = await startOidcProvider({ ...CLIENT, redirectUri: REDIRECT_URI, accounts: ACCOUNTS });
    try {
      const wrongPath = createOidcClient({
        ...CLIENT,
        issuer: `${op.issuer}/no-such-tenant`,
        redirectUri: REDIRECT_URI,
        allowInsecure: true,
      });
      await expectOidcError(wrongPath.start(), 'discovery_failed');
    } finally {
      await op.close();
    }
  });
});
