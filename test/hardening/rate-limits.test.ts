/**
 * Rate limits per principal (CONTRACT §11): RateLimit-* headers, 429 with Retry-After in Herald's
 * error shape, one budget per customer token / operator / anonymous address, server keys unlimited
 * unless configured; in cluster mode the counters and the login throttle are shared by processes.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { backends, freshPostgres } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, startHerald } from '../helpers/herald.js';
import { type TestRedis, startRedis } from '../helpers/redis.js';

const LIMIT = 5;
const CLUSTER_LIMIT = 20;

describe('rate limits (embedded)', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startHerald({ env: { HERALD_RATE_LIMIT_PER_MIN: String(LIMIT) } });
  });
  afterAll(() => h.close());

  const asCustomer = async (id: string) => `Bearer ${(await h.api('POST', `/api/customers/${id}/token`, {})).body.token}`;

  it('counts each customer token on its own, with headers, and answers 429 + Retry-After past the limit', async () => {
    const alice = await asCustomer('rl-alice');
    const bob = await asCustomer('rl-bob');
    for (let i = 1; i <= LIMIT; i++) {
      const res = await h.api('GET', '/api/devices', undefined, { authorization: alice });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(res.headers.get('ratelimit-remaining')).toBe(String(LIMIT - i));
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    const over = await h.api('GET', '/api/devices', undefined, { authorization: alice });
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('HERALD_RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.api('GET', '/api/devices', undefined, { authorization: bob })).status).toBe(200);
  });

  it('leaves server keys unlimited by default, and never limits health probes', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      const res = await h.api('GET', '/api/agents');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    for (let i = 0; i < LIMIT * 2; i++) expect((await fetch(`${h.url}/api/health`)).status).toBe(200);
  });

  it('limits anonymous callers by address, bad credentials included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      statuses.push((await fetch(`${h.url}/api/sessions`, { headers: { authorization: 'Bearer hk_not_a_real_key_0123456789abcdef' } })).status);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
  });

  it('limits server keys when HERALD_SERVER_KEY_RATE_LIMIT_PER_MIN is set', async () => {
    const s = await startHerald({ env: { HERALD_SERVER_KEY_RATE_LIMIT_PER_MIN: '3' } });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await s.api('GET', '/api/agents')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await s.close();
    }
  });
});

describe.skipIf(!backends().includes('postgres'))('rate limits and login throttle shared across processes (cluster mode)', () => {
  let redis: TestRedis;
  let a: TestHerald;
  let b: TestHerald;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    redis = await startRedis();
    const pg = await freshPostgres();
    drop = pg.drop;
    const vapid = webpush.generateVAPIDKeys();
    const env = {
      HERALD_REDIS_URL: redis.url,
      HERALD_SECRET_KEY: randomBytes(32).toString('base64'),
      HERALD_IDENTITY_SECRET: randomBytes(32).toString('base64'),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      // Above the login throttle's 10 failures, so the test below meets the throttle, not this.
      HERALD_RATE_LIMIT_PER_MIN: String(CLUSTER_LIMIT),
    };
    a = await startHerald({ databaseUrl: pg.url, env });
    b = await startHerald({ databaseUrl: pg.url, env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
    await redis?.stop();
  });

  it('shares one budget per customer between processes', async () => {
    const token = `Bearer ${(await a.api('POST', '/api/customers/rl-cluster/token', {})).body.token}`;
    const statuses = [];
    for (let i = 0; i < CLUSTER_LIMIT + 1; i++) statuses.push((await (i % 2 ? b : a).api('GET', '/api/devices', undefined, { authorization: token })).status);
    expect(statuses).toEqual([...Array(CLUSTER_LIMIT).fill(200), 429]);
  });

  it('shares the login throttle: failures on one process count on the other', async () => {
    const login = (h: TestHerald, password: string) =>
      fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: TEST_ADMIN.email, password }),
      });
    // Ten failures spread over both processes: with a throttle per process neither would have seen ten.
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(i % 2 ? b : a, `wrong-${i}`)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const eleventh = await login(a, TEST_ADMIN.password);
    expect(eleventh.status).toBe(429);
    expect(((await eleventh.json()) as { error: { message: string } }).error.message).toMatch(/failed sign-ins/);
    expect(Number(eleventh.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
