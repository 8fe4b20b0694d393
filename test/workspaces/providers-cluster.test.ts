/**
 * Cluster mode: a workspace's provider settings changed through one process reach the providers
 * the other process already built for that workspace (over the Redis bus). Needs PostgreSQL
 * (BACKENDS includes postgres) and redis-server.
 */
import { randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FcmFake } from '../fakes/fcm-fake.js';
import { backends, freshPostgres } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { type TestRedis, startRedis } from '../helpers/redis.js';

describe.skipIf(!backends().includes('postgres'))('provider settings of a workspace across a cluster', () => {
  let redis: TestRedis;
  let drop: (() => Promise<void>) | undefined;
  let a: TestHerald;
  let b: TestHerald;
  const fcm = new FcmFake({ projectId: 'shop-b', clientEmail: 'push@shop-b.iam.gserviceaccount.com' });

  beforeAll(async () => {
    redis = await startRedis();
    await fcm.start();
    const pg = await freshPostgres();
    drop = pg.drop;
    const vapid = webpush.generateVAPIDKeys();
    const env = {
      HERALD_REDIS_URL: redis.url,
      HERALD_SECRET_KEY: randomBytes(32).toString('base64'),
      HERALD_IDENTITY_SECRET: randomBytes(32).toString('base64'),
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
    };
    [a, b] = await Promise.all([startHerald({ databaseUrl: pg.url, env }), startHerald({ databaseUrl: pg.url, env })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fcm.close();
    await drop?.();
    await redis?.stop();
  });

  it('rebuilds the provider on the other process when a workspace changes it on one', async () => {
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const made = await a.api('POST', '/api/workspaces', { name: 'Shop B' }, { authorization: '', cookie });
    const key = { authorization: `Bearer ${made.body.apiKey}` };
    const fcmOn = async (h: TestHerald) =>
      ((await h.api('GET', '/api/settings/providers', undefined, key)).body.items as Array<{ name: string; configured: boolean }>).find(
        (p) => p.name === 'fcm',
      )!;

    // Process b builds the workspace's providers now, before any setting exists.
    expect((await fcmOn(b)).configured).toBe(false);
    const values = { serviceAccount: JSON.stringify(fcm.serviceAccount('shop-b')), endpoint: fcm.url };
    expect((await a.api('PUT', '/api/settings/providers/fcm', { values }, key)).status).toBe(200);
    await eventually(async () => (await fcmOn(b)).configured);

    // A reply posted on b reaches the customer's phone through the workspace's project.
    const agent = (await b.api('POST', '/api/agents', { name: 'bot' }, key)).body.id as string;
    const session = (await b.api('POST', '/api/sessions', { agentId: agent, channel: 'mobile', customerId: 'cluster-bob' }, key)).body.id as string;
    const token = (await b.api('POST', '/api/customers/cluster-bob/token', {}, key)).body.token as string;
    expect((await b.api('POST', '/api/devices/register', { platform: 'mobile', token: 'fcm-cluster-bob' }, { authorization: `Bearer ${token}` })).status).toBe(
      201,
    );
    expect((await b.api('POST', `/api/sessions/${session}/messages`, { text: 'from b' }, key)).status).toBe(201);
    await eventually(() => fcm.received.some((r) => r.message.token === 'fcm-cluster-bob'), 20_000);

    // Removing the service account on a turns the provider off on b too.
    expect((await a.api('PUT', '/api/settings/providers/fcm', { values: { serviceAccount: null } }, key)).status).toBe(200);
    await eventually(async () => !(await fcmOn(b)).configured);
    expect((await fcmOn(a)).configured).toBe(false);
  });
});
