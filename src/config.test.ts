import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/\.yimen\/db$/);
    expect(c.timeZone).toBe('Asia/Shanghai');
  });

  it('honours PORT and DATA_DIR', () => {
    const c = loadConfig({ PORT: '4123', DATA_DIR: '/tmp/yimen-x' });
    expect(c.port).toBe(4123);
    expect(c.dataDir).toBe('/tmp/yimen-x');
    expect(c.publicUrl).toBe('http://localhost:4123');
  });

  it('rejects bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TZ_PORTAL: 'Mars/Base' })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'not a url' })).toThrow(/SMS_GATEWAY_URL/);
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@127.0.0.1:2525' }).smtpUrl).toBe('smtp://u:p@127.0.0.1:2525');
  });

  it('refuses to start in production without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) })).toThrow(/PUBLIC_URL/);
    expect(
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), PUBLIC_URL: 'https://zw.example.cn' }).env,
    ).toBe('production');
  });
});

describe('SITE_ID_CODE and SITE_NAME', () => {
  it('takes the site code of the page meta tags, and refuses one not in the national form', () => {
    expect(loadConfig({}).siteIdCode).toBe('3600000001');
    expect(loadConfig({ SITE_ID_CODE: '3601000012', SITE_NAME: '示范市人民政府门户网站' })).toMatchObject({ siteIdCode: '3601000012', siteName: '示范市人民政府门户网站' });
    expect(() => loadConfig({ SITE_ID_CODE: '36010' })).toThrow(/SITE_ID_CODE/);
    expect(() => loadConfig({ SITE_ID_CODE: '3601-00001' })).toThrow(/SITE_ID_CODE/);
  });
});

describe('TRUST_PROXY', () => {
  it('believes no proxy unless told, and refuses nonsense', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
  });

  it('keeps files in ./.yimen/files, or FILES_DIR, or an S3 bucket given in full', () => {
    expect(loadConfig({}).filesDir).toMatch(/\.yimen\/files$/);
    expect(loadConfig({}).filesS3).toBeUndefined();
    expect(loadConfig({ FILES_DIR: '/srv/yimen-files' }).filesDir).toBe('/srv/yimen-files');
    const s3 = { FILES_S3_ENDPOINT: 'https://s3.example.gov.cn', FILES_S3_BUCKET: 'yimen', FILES_S3_ACCESS_KEY: 'k', FILES_S3_SECRET_KEY: 's' };
    expect(loadConfig(s3).filesS3).toEqual({ endpoint: 'https://s3.example.gov.cn', bucket: 'yimen', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', prefix: undefined });
    expect(() => loadConfig({ ...s3, FILES_S3_BUCKET: '' })).toThrow(/FILES_S3_BUCKET/);
    expect(() => loadConfig({ ...s3, FILES_S3_ENDPOINT: 'ftp://x' })).toThrow(/FILES_S3_ENDPOINT/);
  });
});
