/**
 * Configuration comes from environment variables only, checked once at start. A bad value stops
 * the process with a message naming the variable; production also refuses to start without the
 * secrets it needs.
 */
import { resolve } from 'node:path';

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** where the embedded database lives when DATABASE_URL is not set */
  dataDir: string;
  /** where uploaded files (attachments) live: content-addressed, never in the database */
  filesDir: string;
  /** an S3-compatible bucket for the files instead (several hosts); filesDir then only holds uploads in progress */
  filesS3: { endpoint: string; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; prefix?: string } | undefined;
  /** a real PostgreSQL; when absent the embedded PGlite in dataDir is used */
  databaseUrl: string | undefined;
  /** absolute base URL of the public site, for QR codes, feeds and e-mails */
  publicUrl: string;
  /** the site's name in its page meta tags (SiteName); default: the catalogue's site name */
  siteName: string | undefined;
  /** the national site code (政府网站标识码, 10 characters) in every page's meta tags (SiteIDCode) */
  siteIdCode: string;
  timeZone: string;
  logLevel: string;
  /** a TTF/OTF/TTC with CJK glyphs for PDFs; default: the bundled Noto Sans SC */
  pdfFont: string | undefined;
  /** PostScript name of the face to use when pdfFont is a collection (.ttc) */
  pdfFontFamily: string | undefined;
  sessionSecret: string | undefined;
  /** searches per minute per client address (pages and API); 0 turns the limit off */
  searchRateLimit: number;
  /** e-mail: smtp(s)://user:pass@host:port; without it no e-mail is sent */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** SMS: an HTTP gateway taking POST { to, text }; without it no SMS is sent */
  smsGatewayUrl: string | undefined;
  smsGatewayToken: string | undefined;
  /** deliver notifications in the web process (default) or only in `yimen worker` processes */
  inProcessWorker: boolean;
  /** sign-in and code requests per minute per client address; 0 turns the limit off */
  loginRateLimit: number;
  /** letter submissions per minute per client address; 0 turns the limit off */
  letterRateLimit: number;
  /** letters one phone number may send in 24 hours; 0 turns the limit off */
  lettersPerPhone: number;
  /**
   * Which proxies to believe about the client's address (X-Forwarded-For), which rate limits are
   * keyed by: false (none, the default), true (any), a number of hops, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string[];
  /** the public-holiday schedule for working-day deadlines; default: the bundled one */
  holidaysFile: string | undefined;
  /** the city's unified identity platform (OpenID Connect); absent: not offered */
  oidc?: {
    issuer: string;
    clientId: string;
    clientSecret: string;
    /** the name on the button, e.g. 示范市统一身份认证平台 */
    name: string;
    allowInsecure: boolean;
  };
}

export class ConfigError extends Error {}

/**
 * The embedded database's own folder. Not ./data: that folder is the repository's committed
 * content (demo, search dictionaries, holiday calendar), and PGlite refuses a folder that is
 * neither empty nor a database. Hidden and git-ignored, so a clone stays clean.
 */
export const DEFAULT_DATA_DIR = '.yimen/db';

/** TRUST_PROXY: empty or "false", "true", a number of hops, or a comma-separated list of addresses/CIDRs */
function trustProxyOf(raw: string | undefined): boolean | number | string[] {
  const value = (raw ?? '').trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const list = value.split(',').map((x) => x.trim()).filter(Boolean);
  if (!list.every((x) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(x))) throw new ConfigError(`TRUST_PROXY "${value}" is not true, false, a number of hops or a list of addresses`);
  return list;
}

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function url(name: string, raw: string | undefined, scheme: RegExp): string | undefined {
  if (!raw) return undefined;
  try {
    new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL`);
  }
  if (!scheme.test(raw)) throw new ConfigError(`${name} has the wrong scheme (${scheme.source})`);
  return raw;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const rawEnv = source.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(rawEnv))
    throw new ConfigError(`NODE_ENV must be development, test or production, got "${rawEnv}"`);
  const env = rawEnv as Config['env'];
  const port = int('PORT', source.PORT, 3000, 0, 65535);
  const databaseUrl = source.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  const publicUrl = (source.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl)) throw new ConfigError('PUBLIC_URL must be an http(s) URL');
  // 示范市's code in the demo; a deployment sets the code its site was given
  const siteIdCode = source.SITE_ID_CODE || '3600000001';
  if (!/^[0-9A-Z]{10}$/.test(siteIdCode)) throw new ConfigError('SITE_ID_CODE must be the 10-character 政府网站标识码 (digits and capital letters)');
  const timeZone = source.TZ_PORTAL || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('zh-CN', { timeZone });
  } catch {
    throw new ConfigError(`TZ_PORTAL "${timeZone}" is not a known time zone`);
  }
  const sessionSecret = source.SESSION_SECRET || undefined;
  if (env === 'production') {
    if (!sessionSecret || sessionSecret.length < 32)
      throw new ConfigError('production needs SESSION_SECRET (at least 32 characters)');
    if (!source.PUBLIC_URL) throw new ConfigError('production needs PUBLIC_URL (the address citizens use)');
  }
  const oidcIssuer = url('OIDC_ISSUER', source.OIDC_ISSUER, /^https?:\/\//);
  let oidc: Config['oidc'];
  if (oidcIssuer) {
    if (!source.OIDC_CLIENT_ID || !source.OIDC_CLIENT_SECRET) throw new ConfigError('OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
    const allowInsecure = source.OIDC_ALLOW_HTTP === 'true';
    if (oidcIssuer.startsWith('http:') && !allowInsecure) throw new ConfigError('OIDC_ISSUER is http: set OIDC_ALLOW_HTTP=true to allow it (test and intranet only)');
    oidc = { issuer: oidcIssuer, clientId: source.OIDC_CLIENT_ID, clientSecret: source.OIDC_CLIENT_SECRET, name: source.OIDC_NAME || '统一身份认证平台', allowInsecure };
  }
  const s3Endpoint = url('FILES_S3_ENDPOINT', source.FILES_S3_ENDPOINT, /^https?:\/\//);
  let filesS3: Config['filesS3'];
  if (s3Endpoint) {
    const { FILES_S3_BUCKET: bucket, FILES_S3_ACCESS_KEY: accessKeyId, FILES_S3_SECRET_KEY: secretAccessKey } = source;
    if (!bucket || !accessKeyId || !secretAccessKey) throw new ConfigError('FILES_S3_ENDPOINT needs FILES_S3_BUCKET, FILES_S3_ACCESS_KEY and FILES_S3_SECRET_KEY');
    filesS3 = { endpoint: s3Endpoint, bucket, region: source.FILES_S3_REGION || 'us-east-1', accessKeyId, secretAccessKey, prefix: source.FILES_S3_PREFIX || undefined };
  }
  return {
    env,
    port,
    host: source.HOST || '0.0.0.0',
    dataDir: resolve(source.DATA_DIR || DEFAULT_DATA_DIR),
    filesDir: resolve(source.FILES_DIR || '.yimen/files'),
    filesS3,
    databaseUrl,
    publicUrl,
    siteName: source.SITE_NAME || undefined,
    siteIdCode,
    timeZone,
    logLevel: source.LOG_LEVEL || (env === 'test' ? 'silent' : 'info'),
    pdfFont: source.PDF_FONT || undefined,
    pdfFontFamily: source.PDF_FONT_FAMILY || undefined,
    sessionSecret,
    searchRateLimit: int('RATE_LIMIT_SEARCH', source.RATE_LIMIT_SEARCH, 300, 0, 1_000_000),
    smtpUrl: url('SMTP_URL', source.SMTP_URL, /^smtps?:\/\//),
    mailFrom: source.MAIL_FROM || '示范市政务服务网 <noreply@localhost>',
    smsGatewayUrl: url('SMS_GATEWAY_URL', source.SMS_GATEWAY_URL, /^https?:\/\//),
    smsGatewayToken: source.SMS_GATEWAY_TOKEN || undefined,
    inProcessWorker: source.WORKER !== 'separate',
    loginRateLimit: int('RATE_LIMIT_LOGIN', source.RATE_LIMIT_LOGIN, 20, 0, 1_000_000),
    letterRateLimit: int('RATE_LIMIT_LETTERS', source.RATE_LIMIT_LETTERS, 10, 0, 1_000_000),
    lettersPerPhone: int('LETTERS_PER_PHONE', source.LETTERS_PER_PHONE, 5, 0, 1_000_000),
    holidaysFile: source.HOLIDAYS_FILE ? resolve(source.HOLIDAYS_FILE) : undefined,
    trustProxy: trustProxyOf(source.TRUST_PROXY),
    oidc,
  };
}
