/**
 * Login through a city's unified identity platform by OpenID Connect (authorization code
 * flow with PKCE S256, state and nonce). Works with any standard provider configured by
 * issuer URL, client id and client secret; the provider's metadata is discovered lazily
 * on first use and cached.
 *
 * The caller keeps `state`, `nonce` and `codeVerifier` from `start()` (e.g. in a short-lived,
 * HttpOnly cookie) and hands them back to `finish()` together with the callback URL.
 */
import * as client from 'openid-client';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** allow http issuers (tests, intranet) */
  allowInsecure?: boolean;
  scope?: string;
  /** seconds for each HTTP request to the provider (discovery, token, userinfo); default 10 */
  timeoutSeconds?: number;
}

export interface OidcStart {
  url: string;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface OidcClaims {
  subject: string;
  issuer: string;
  name?: string;
  phone?: string;
  email?: string;
  emailVerified?: boolean;
  phoneVerified?: boolean;
}

export type OidcErrorCode =
  /** the issuer's metadata could not be fetched or is invalid */
  | 'discovery_failed'
  /** the settings are unusable (bad URL, http issuer without allowInsecure...) */
  | 'misconfigured'
  /** the provider answered the authorization request with an error (e.g. the user denied) */
  | 'provider_error'
  /** the callback did not match what was started (state, iss, missing code) */
  | 'invalid_callback'
  /** the token exchange or ID-token validation failed */
  | 'token_failed';

export class OidcError extends Error {
  /** coarse reason, for logs and for choosing a message to show */
  readonly code: OidcErrorCode;
  /** the provider's `error` parameter (e.g. `access_denied`) when it sent one */
  readonly providerError?: string;

  constructor(message: string, options: { code?: OidcErrorCode; providerError?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OidcError';
    this.code = options.code ?? 'token_failed';
    if (options.providerError !== undefined) this.providerError = options.providerError;
  }
}

const DEFAULT_SCOPE = 'openid profile email phone';

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let text = err.message;
  // oauth4webapi's ResponseBodyError carries the provider's error code (e.g. invalid_grant)
  const body = err as { error?: unknown; error_description?: unknown };
  if (typeof body.error === 'string') {
    text += ` (${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''})`;
  }
  if (err.cause instanceof Error) text += `: ${err.cause.message}`;
  return text;
}

/**
 * client_secret_basic when the provider supports it (or says nothing, which by the
 * discovery spec means basic), otherwise client_secret_post.
 */
function secretAuth(secret: string): client.ClientAuth {
  const basic = client.ClientSecretBasic(secret);
  const post = client.ClientSecretPost(secret);
  return (as, metadata, body, headers) => {
    const supported = as.token_endpoint_auth_methods_supported;
    if (supported && !supported.includes('client_secret_basic') && supported.includes('client_secret_post')) {
      post(as, metadata, body, headers);
    } else {
      basic(as, metadata, body, headers);
    }
  };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  // some providers send "true"/"false" as strings
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function toClaims(issuer: string, sub: string, source: Record<string, unknown>): OidcClaims {
  const claims: OidcClaims = { subject: sub, issuer };
  const name = str(source.name) ?? str(source.preferred_username) ?? str(source.nickname);
  if (name !== undefined) claims.name = name;
  const phone = str(source.phone_number);
  if (phone !== undefined) claims.phone = phone;
  const email = str(source.email);
  if (email !== undefined) claims.email = email;
  const emailVerified = bool(source.email_verified);
  if (emailVerified !== undefined) claims.emailVerified = emailVerified;
  const phoneVerified = bool(source.phone_number_verified);
  if (phoneVerified !== undefined) claims.phoneVerified = phoneVerified;
  return claims;
}

/** The claim that shows a scope's claims made it into the ID token. */
const SCOPE_CLAIM = new Map([
  ['profile', 'name'],
  ['email', 'email'],
  ['phone', 'phone_number'],
]);

export function createOidcClient(settings: OidcSettings) {
  const scope = settings.scope?.trim() || DEFAULT_SCOPE;
  const timeout = settings.timeoutSeconds ?? 10;
  const wanted = scope
    .split(/\s+/)
    .map((s) => SCOPE_CLAIM.get(s))
    .filter((claim): claim is string => claim !== undefined);
  let configuration: Promise<client.Configuration> | undefined;

  function parseUrl(value: string, what: string, requireHttps: boolean): URL {
    let url: URL;
    try {
      url = new URL(value);
    } catch (err) {
      throw new OidcError(`OIDC ${what} is not a valid URL: ${value}`, { code: 'misconfigured', cause: err });
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (settings.allowInsecure || !requireHttps))) {
      throw new OidcError(`OIDC ${what} must use https (set allowInsecure for http): ${value}`, { code: 'misconfigured' });
    }
    return url;
  }

  async function discover(): Promise<client.Configuration> {
    const issuer = parseUrl(settings.issuer, 'issuer', true);
    // the redirect URI is the provider's business (it must match the registered one exactly)
    parseUrl(settings.redirectUri, 'redirect URI', false);
    try {
      return await client.discovery(
        issuer,
        settings.clientId,
        { client_secret: settings.clientSecret },
        secretAuth(settings.clientSecret),
        {
          timeout,
          execute: settings.allowInsecure ? [client.allowInsecureRequests] : [],
        },
      );
    } catch (err) {
      throw new OidcError(`OIDC discovery failed for ${settings.issuer}: ${describe(err)}`, {
        code: 'discovery_failed',
        cause: err,
      });
    }
  }

  /** Discovery is cached once it succeeds; a failure is not, so the next login tries again. */
  function config(): Promise<client.Configuration> {
    if (!configuration) {
      const pending = discover();
      configuration = pending;
      pending.catch(() => {
        if (configuration === pending) configuration = undefined;
      });
    }
    return configuration;
  }

  return {
    async start(): Promise<OidcStart> {
      const cfg = await config();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: settings.redirectUri,
        scope,
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
      return { url: url.href, state, nonce, codeVerifier };
    },

    async finish(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<OidcClaims> {
      const cfg = await config();
      if (!checks.state || !checks.nonce || !checks.codeVerifier) {
        throw new OidcError('OIDC login was not started here (missing state, nonce or verifier)', {
          code: 'invalid_callback',
        });
      }
      // Only the query of the callback matters; the redirect_uri sent to the token endpoint is
      // the configured one, so a callback URL rebuilt behind a proxy (http, internal host) works.
      const current = new URL(settings.redirectUri);
      current.search = callbackUrl.search;
      current.hash = '';

      const providerError = current.searchParams.get('error');
      if (providerError) {
        // Reported even when state is absent (some providers omit it on errors): an error link
        // can only make the login fail, never succeed.
        const description = current.searchParams.get('error_description');
        throw new OidcError(`OIDC provider returned ${providerError}${description ? `: ${description}` : ''}`, {
          code: 'provider_error',
          providerError,
        });
      }
      if (current.searchParams.get('state') !== checks.state) {
        throw new OidcError('OIDC state mismatch', { code: 'invalid_callback' });
      }
      // RFC 9207: when present (or promised by the provider) `iss` must name our issuer — it
      // stops mix-up attacks. openid-client checks it too; this only gives the clearer code.
      const metadata = cfg.serverMetadata();
      const iss = current.searchParams.get('iss');
      if (iss !== null ? iss !== metadata.issuer : metadata.authorization_response_iss_parameter_supported === true) {
        throw new OidcError('OIDC callback iss parameter is missing or names another issuer', {
          code: 'invalid_callback',
        });
      }

      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(cfg, current, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        });
      } catch (err) {
        if (err instanceof client.AuthorizationResponseError) {
          throw new OidcError(`OIDC provider returned ${err.error}`, {
            code: 'provider_error',
            providerError: err.error,
            cause: err,
          });
        }
        throw new OidcError(`OIDC token exchange failed: ${describe(err)}`, { code: 'token_failed', cause: err });
      }

      const idToken = tokens.claims();
      if (!idToken) throw new OidcError('OIDC provider returned no ID token', { code: 'token_failed' });
      let source: Record<string, unknown> = { ...idToken };

      // Providers that follow the spec strictly (e.g. oidc-provider's conformIdTokenClaims) put
      // scope-requested claims only in the userinfo response, so ask it whenever the ID token
      // lacks any of them. Its `sub` must equal the ID token's; ID-token values win on overlap.
      const userinfoEndpoint = metadata.userinfo_endpoint;
      if (userinfoEndpoint && tokens.access_token && wanted.some((claim) => !(claim in idToken))) {
        try {
          const userinfo = await client.fetchUserInfo(cfg, tokens.access_token, idToken.sub);
          source = { ...userinfo, ...source };
        } catch (err) {
          throw new OidcError(`OIDC userinfo request failed: ${describe(err)}`, { code: 'token_failed', cause: err });
        }
      }
      return toClaims(idToken.iss, idToken.sub, source);
    },
  };
}
export type OidcClient = ReturnType<typeof createOidcClient>;
