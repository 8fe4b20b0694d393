import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults and freezes the result', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, presenceTtlS: 30, webhookTimeoutMs: 5000, botGraceS: 20 });
    expect(c.retryScheduleS).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(Object.isFrozen(c.providers.fcm)).toBe(true);
  });

  it.each([
    [{ HERALD_DATABASE_URL: 'postgres://' }, /HERALD_DATABASE_URL/],
    [{ HERALD_RETRY_SCHEDULE_S: '5,soon' }, /HERALD_RETRY_SCHEDULE_S must be a comma-separated list/],
    [{ HERALD_ALLOW_PRIVATE_WEBHOOKS: 'maybe' }, /must be true or false/],
    [{ HERALD_ADMIN_EMAIL: 'a@b.c' }, /must be set together/],
    [{ HERALD_REDIS_URL: 'redis://localhost:6379' }, /HERALD_SECRET_KEY, HERALD_IDENTITY_SECRET, VAPID_PUBLIC_KEY .* must be set when HERALD_REDIS_URL is set/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL must start with smtp:\/\/ or smtps:\/\//],
  ])('%j is refused with a sentence naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('loadConfig: operations (retention, CORS, log format)', () => {
  it('defaults: 30 days of retention, no CORS origin, log format chosen by the terminal', () => {
    expect(loadConfig({})).toMatchObject({ retentionDays: 30, corsOrigins: [], logFormat: undefined });
  });

  it('reads origins as browsers send them, and the other values', () => {
    const c = loadConfig({ HERALD_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173/', HERALD_LOG_FORMAT: 'json', HERALD_RETENTION_DAYS: '0' });
    expect(c.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(c.logFormat).toBe('json');
    expect(c.retentionDays).toBe(0);
  });

  it.each([
    [{ HERALD_CORS_ORIGINS: 'app.example.com' }, 'HERALD_CORS_ORIGINS must list origins like https://app.example.com, not "app.example.com".'],
    [
      { HERALD_CORS_ORIGINS: 'https://app.example.com/path' },
      /HERALD_CORS_ORIGINS must list origins like https:\/\/app\.example\.com \(scheme, host and port only\)/,
    ],
    [{ HERALD_LOG_FORMAT: 'xml' }, 'HERALD_LOG_FORMAT must be one of pretty, json, not "xml".'],
    [{ HERALD_RETENTION_DAYS: '-1' }, 'HERALD_RETENTION_DAYS must be a whole number from 0 to 36500, not "-1".'],
  ])('%j is refused with one sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  // --- single sign-on and audit log (issue 15) ---
  it('reads single sign-on and audit settings', () => {
    const base = loadConfig({});
    expect([base.oidc, base.passwordLogin, base.auditRetentionDays]).toEqual([undefined, true, 365]);
    const c = loadConfig({
      HERALD_OIDC_ISSUER: 'https://login.example.com/realms/x/',
      HERALD_OIDC_CLIENT_ID: 'herald',
      HERALD_PASSWORD_LOGIN: 'false',
      HERALD_AUDIT_RETENTION_DAYS: '0',
    });
    expect(c.oidc).toEqual({ issuer: 'https://login.example.com/realms/x', clientId: 'herald', clientSecret: undefined });
    expect([c.passwordLogin, c.auditRetentionDays]).toEqual([false, 0]);
    expect(loadConfig({ HERALD_OIDC_ISSUER: 'http://127.0.0.1:9000', HERALD_OIDC_CLIENT_ID: 'x' }).oidc?.issuer).toBe('http://127.0.0.1:9000');
  });

  it.each([
    [{ HERALD_OIDC_ISSUER: 'https://login.example.com' }, /HERALD_OIDC_ISSUER and HERALD_OIDC_CLIENT_ID must be set together/],
    [{ HERALD_OIDC_ISSUER: 'http://login.example.com', HERALD_OIDC_CLIENT_ID: 'x' }, /HERALD_OIDC_ISSUER must be an https:\/\/ URL/],
    [{ HERALD_PASSWORD_LOGIN: 'false' }, /HERALD_PASSWORD_LOGIN=false needs HERALD_OIDC_ISSUER/],
    [{ HERALD_AUDIT_RETENTION_DAYS: 'a year' }, 'HERALD_AUDIT_RETENTION_DAYS must be a whole number from 0 to 36500, not "a year".'],
  ])('SSO/audit: %j is refused with one sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
