/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 for tests: one confidential
 * client, PKCE required, accounts given by the test. Its login and consent interaction is a
 * tiny JSON/form handler of our own, driven over plain HTTP by `login()` (no browser).
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Account, type Adapter, type AdapterPayload, type Configuration, type JWK } from 'oidc-provider';

export interface TestAccount {
  name: string;
  email?: string;
  phone?: string;
}

export interface StartOidcProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  accounts: Record<string, TestAccount>;
  /**
   * Put scope-requested claims into the ID token too. Default false: like a strict provider
   * (oidc-provider's conformIdTokenClaims), they then come only from the userinfo endpoint.
   */
  claimsInIdToken?: boolean;
  /** token endpoint auth method of the registered client; default client_secret_basic */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
}

export interface LoginOptions {
  /** the user refuses at the first interaction (→ error=access_denied at the redirect URI) */
  deny?: boolean;
}

export interface TestOidcProvider {
  issuer: string;
  close(): Promise<void>;
  /**
   * Follows the authorization URL like a browser would, logs in as `accountId`, consents,
   * and returns the final redirect to the client's redirect_uri (with code, state and iss,
   * or error).
   */
  login(authorizationUrl: string, accountId: string, options?: LoginOptions): Promise<string>;
}

/** Per-provider in-memory storage (the built-in one is process-wide and warns on every start). */
function memoryAdapterFactory(): (model: string) => Adapter {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const get = (key: string) => {
    const entry = store.get(key);
    if (entry && entry.expiresAt <= Date.now()) store.delete(key);
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  };
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = async (field: 'uid' | 'userCode', value: string) => {
      for (const [k] of store) {
        if (!k.startsWith(`${model}:`)) continue;
        const payload = get(k);
        if (payload && payload[field] === value) return payload;
      }
      return undefined;
    };
    return {
      async upsert(id, payload, expiresIn) {
        store.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
      },
      async find(id) {
        return get(key(id));
      },
      findByUid: (uid) => findBy('uid', uid),
      findByUserCode: (userCode) => findBy('userCode', userCode),
      async consume(id) {
        const payload = get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [k, entry] of store) if (entry.payload.grantId === grantId) store.delete(k);
      },
    };
  };
}

const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/;

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export async function startOidcProvider(opts: StartOidcProviderOptions): Promise<TestOidcProvider> {
  let provider: Provider | undefined;
  let dispatch: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  async function interaction(req: IncomingMessage, res: ServerResponse, action: string | undefined) {
    if (!provider) throw new Error('provider not ready');
    const details = await provider.interactionDetails(req, res);
    const { prompt, params, session } = details;
    if (!action) {
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'method not allowed' });
      return sendJson(res, 200, { uid: details.uid, prompt: prompt.name, clientId: params.client_id });
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method not allowed' });
    const form = await readBody(req);

    if (action === 'abort') {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
    }
    if (action === 'login') {
      if (prompt.name !== 'login') return sendJson(res, 400, { error: `prompt is ${prompt.name}, not login` });
      const accountId = form.get('accountId') ?? '';
      if (!Object.hasOwn(opts.accounts, accountId)) return sendJson(res, 400, { error: 'unknown account' });
      return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    }
    // confirm (consent): grant everything the client asked for
    if (prompt.name !== 'consent') return sendJson(res, 400, { error: `prompt is ${prompt.name}, not consent` });
    const accountId = session?.accountId;
    if (!accountId) return sendJson(res, 400, { error: 'no session' });
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(params.client_id) });
    if (!grant) return sendJson(res, 400, { error: 'grant not found' });
    const missingScope = prompt.details.missingOIDCScope as string[] | undefined;
    if (missingScope) grant.addOIDCScope(missingScope.join(' '));
    const missingClaims = prompt.details.missingOIDCClaims as string[] | undefined;
    if (missingClaims) grant.addOIDCClaims(missingClaims);
    const missingResources = prompt.details.missingResourceScopes as Record<string, string[]> | undefined;
    if (missingResources) {
      for (const [indicator, scopes] of Object.entries(missingResources)) grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    return provider.interactionFinished(
      req,
      res,
      { consent: details.grantId ? {} : { grantId } },
      { mergeWithLastSubmission: true },
    );
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const match = INTERACTION.exec(path);
    if (match) {
      interaction(req, res, match[2]).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
        else res.end();
      });
      return;
    }
    if (!dispatch) {
      res.statusCode = 503;
      res.end();
      return;
    }
    dispatch(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' } as JWK;

  const configuration: Configuration = {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: opts.tokenEndpointAuthMethod ?? 'client_secret_basic',
      },
    ],
    adapter: memoryAdapterFactory(),
    jwks: { keys: [signingKey] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    cookies: { keys: ['yimen-test-cookie-key-not-secret'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, i) => `/interaction/${i.uid}` },
    pkce: { required: () => true },
    conformIdTokenClaims: !opts.claimsInIdToken,
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    async findAccount(_ctx, sub): Promise<Account | undefined> {
      if (!Object.hasOwn(opts.accounts, sub)) return undefined;
      const account = opts.accounts[sub];
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: account.name,
            ...(account.email ? { email: account.email, email_verified: true } : {}),
            ...(account.phone ? { phone_number: account.phone, phone_number_verified: true } : {}),
          };
        },
      };
    },
  };

  try {
    provider = new Provider(issuer, configuration);
  } catch (err) {
    server.close();
    throw err;
  }
  dispatch = provider.callback();

  const redirect = new URL(opts.redirectUri);
  const isRedirectUri = (url: URL) => url.origin === redirect.origin && url.pathname === redirect.pathname;

  async function login(authorizationUrl: string, accountId: string, options: LoginOptions = {}): Promise<string> {
    const jar = new Map<string, string>();
    let url = new URL(authorizationUrl);
    let method: 'GET' | 'POST' = 'GET';
    let body: URLSearchParams | undefined;
    for (let step = 0; step < 20; step++) {
      if (isRedirectUri(url)) return url.href;
      if (url.origin !== new URL(issuer).origin) throw new Error(`login left the provider: ${url.href}`);
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
      const res = await fetch(url, {
        method,
        body,
        redirect: 'manual',
        headers: cookie ? { cookie } : {},
      });
      for (const header of res.headers.getSetCookie()) {
        const [pair, ...attributes] = header.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        const expired = attributes.some((a) => {
          const [key, val = ''] = a.trim().split('=');
          if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
          if (key.toLowerCase() === 'expires') return Date.parse(val) <= Date.now();
          return false;
        });
        if (expired || value === '') jar.delete(name);
        else jar.set(name, value);
      }
      method = 'GET';
      body = undefined;
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      const match = INTERACTION.exec(url.pathname);
      if (res.ok && match && !match[2]) {
        const { prompt } = (await res.json()) as { prompt: string };
        method = 'POST';
        if (options.deny) {
          url = new URL(`/interaction/${match[1]}/abort`, issuer);
          body = new URLSearchParams();
        } else if (prompt === 'login') {
          url = new URL(`/interaction/${match[1]}/login`, issuer);
          body = new URLSearchParams({ accountId });
        } else if (prompt === 'consent') {
          url = new URL(`/interaction/${match[1]}/confirm`, issuer);
          body = new URLSearchParams();
        } else {
          throw new Error(`unexpected prompt ${prompt}`);
        }
        continue;
      }
      throw new Error(`provider answered ${res.status} at ${url.pathname}: ${(await res.text()).slice(0, 500)}`);
    }
    throw new Error('too many redirects during login');
  }

  return {
    issuer,
    login,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
