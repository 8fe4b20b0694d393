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
