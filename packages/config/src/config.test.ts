import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the embedded default with no settings', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.archive.kind).toBe('local');
    expect(config.kafka).toBeUndefined();
    expect(config.bootstrapDemoKeys).toBe(true);
    expect([...config.roles]).toEqual(['api', 'assessor', 'relay']);
  });

  it('switches to real servers by configuration only', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      S3_BUCKET: 'filings',
      S3_ENDPOINT: 'http://127.0.0.1:19000',
      KAFKA_BROKERS: '127.0.0.1:19092',
    });
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/db' });
    expect(config.archive).toMatchObject({ kind: 's3', bucket: 'filings', endpoint: 'http://127.0.0.1:19000' });
    expect(config.kafka?.brokers).toBe('127.0.0.1:19092');
    expect(config.bootstrapDemoKeys).toBe(false);
    expect(config.migrateOnStart).toBe(false);
  });

  it('reads lane quotas as lane=count pairs, and refuses anything else', () => {
    expect(loadConfig({}).assessment.laneQuotas).toEqual({});
    expect(loadConfig({ LANE_QUOTAS: 'red=200,yellow=1000' }).assessment.laneQuotas).toEqual({ red: 200, yellow: 1000 });
    expect(() => loadConfig({ LANE_QUOTAS: 'green=5' })).toThrow(/LANE_QUOTAS/);
    expect(() => loadConfig({ LANE_QUOTAS: 'red=lots' })).toThrow(/LANE_QUOTAS/);
  });

  it('names a malformed setting', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ ROLES: 'api,cook' })).toThrow(/ROLES/);
  });

  it('names an unknown setting with our prefix and suggests the right one', () => {
    try {
      loadConfig({ S3_BUKET: 'x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/S3_BUKET: unknown setting \(did you mean S3_BUCKET\?\)/);
    }
  });

  it('ignores variables that are not ours', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });

  it('recognises AEOs as an EU or GB administration would out of the box, and as told otherwise', () => {
    const gb = loadConfig({});
    expect(gb.aeoDomesticCountries).toEqual(['GB']);
    expect(gb.mraPartners.map((p) => p.country)).toEqual(expect.arrayContaining(['US', 'JP', 'NL', 'DE']));
    // An MRA recognises the security component only.
    expect(gb.mraPartners.every((p) => p.types.join('+') === 'AEOS+AEOF')).toBe(true);
    const nl = loadConfig({ ADMINISTRATION_COUNTRY: 'NL' });
    expect(nl.aeoDomesticCountries).toEqual(expect.arrayContaining(['NL', 'DE', 'FR', 'IE']));
    expect(nl.mraPartners.map((p) => p.country).sort()).toEqual(['AD', 'CA', 'CH', 'CN', 'GB', 'JP', 'NO', 'US']);
    expect(loadConfig({ ADMINISTRATION_COUNTRY: 'BR' }).mraPartners).toEqual([]);
    expect(loadConfig({ MRA_PARTNERS: 'none' }).mraPartners).toEqual([]);
    expect(loadConfig({ MRA_PARTNERS: 'US:AEOS' }).mraPartners).toEqual([{ country: 'US', types: ['AEOS'] }]);
    expect(() => loadConfig({ MRA_PARTNERS: 'US' })).toThrow(/MRA_PARTNERS/);
  });

  it('refuses demo keys in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', BOOTSTRAP_DEMO_KEYS: 'true', DATABASE_URL: 'postgres://x@h/db' })).toThrow(/BOOTSTRAP_DEMO_KEYS/);
  });

  it('reads trusted proxies and the webhook allowlist as addresses or CIDR ranges, and refuses anything else', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1' }).trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
    expect(() => loadConfig({ TRUSTED_PROXIES: 'haproxy' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(loadConfig({ WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1/32' }).webhookAllowedAddresses).toEqual(['127.0.0.1/32']);
    expect(() => loadConfig({ TRUSTED_PROXYS: '127.0.0.1' })).toThrow(/did you mean TRUSTED_PROXIES/);
  });

  it('keeps JSON bodies small and unauthenticated traffic limited by default', () => {
    const config = loadConfig({});
    expect(config.jsonBodyLimitBytes).toBe(1024 * 1024);
    expect(config.unauthenticatedRateLimit).toEqual({ perMinute: 600, burst: 200 });
    expect(loadConfig({ UNAUTHENTICATED_RATE_LIMIT_PER_MINUTE: '0' }).unauthenticatedRateLimit).toBeUndefined();
  });
});
