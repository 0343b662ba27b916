/**
 * AWS Signature Version 4 for the S3 REST API, with node's crypto only: enough for PUT, GET
 * and HEAD of single objects on AWS S3 and the S3-compatible stores (MinIO, Ceph, OSS, COS).
 */
import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  service?: string;
}

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** RFC 3986 encoding as S3 wants it: every byte but A-Z a-z 0-9 - _ . ~ (and '/' in paths). */
export const uriEncode = (s: string, keepSlash = false) =>
  encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(keepSlash ? /%2F/g : /$^/, '/');

/** 20130524T000000Z */
export const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * The headers to add to a request: x-amz-date, x-amz-content-sha256 and Authorization.
 * `headers` are the other headers to sign (host must be among them); `path` is already encoded.
 */
export function sign(
  c: Credentials,
  req: { method: string; path: string; query?: Record<string, string>; headers: Record<string, string>; payloadSha256: string; now: Date },
): Record<string, string> {
  const date = amzDate(req.now);
  const day = date.slice(0, 8);
  const all: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) all[k.toLowerCase()] = v.trim().replace(/\s+/g, ' ');
  all['x-amz-content-sha256'] = req.payloadSha256;
  all['x-amz-date'] = date;
  const names = Object.keys(all).sort();
  const canonicalQuery = Object.entries(req.query ?? {})
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [req.method, req.path, canonicalQuery, names.map((n) => `${n}:${all[n]}\n`).join(''), names.join(';'), req.payloadSha256].join('\n');
  const service = c.service ?? 's3';
  const scope = `${day}/${c.region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', date, scope, hex(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${c.secretAccessKey}`, day), c.region), service), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  return {
    'x-amz-date': date,
    'x-amz-content-sha256': req.payloadSha256,
    authorization: `AWS4-HMAC-SHA256 Credential=${c.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
