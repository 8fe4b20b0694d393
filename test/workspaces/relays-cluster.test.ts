/**
 * Cluster mode: a workspace's SMTP relay stored through one process reaches the relays the other
 * process already built for that workspace (over the Redis bus), and carries its emails. Needs
 * PostgreSQL (BACKENDS includes postgres) and redis-server.
 */
import { randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { backends, freshPostgres } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { type TestRedis, startRedis } from '../helpers/redis.js';

describe.skipIf(!backends().includes('postgres'))("a workspace's SMTP relay across a cluster", () => {
  let redis: TestRedis;
  let drop: (() => Promise<void>) | undefined;
  let a: TestHerald;
  let b: TestHerald;
  const smtp = new SmtpFake();

  beforeAll(async () => {
    redis = await startRedis();
    await smtp.start();
    const pg = await freshPostgres();
    drop = pg.drop;
    // Cluster mode wants the VAPID pair in the environment (every node signs with the same one).
    const vapid = webpush.generateVAPIDKeys();
    const env = {
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      HERALD_REDIS_URL: redis.url,
      HERALD_SECRET_KEY: randomBytes(32).toString('base64'),
      HERALD_IDENTITY_SECRET: randomBytes(32).toString('base64'),
      HERALD_BOT_GRACE_S: '0',
    };
    [a, b] = await Promise.all([startHerald({ databaseUrl: pg.url, env }), startHerald({ databaseUrl: pg.url, env })]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await smtp.close();
    await drop?.();
    await redis?.stop();
  });

  it('rebuilds the relay on the other process when a workspace stores it on one', async () => {
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const made = await a.api('POST', '/api/workspaces', { name: 'Shop B' }, { authorization: '', cookie });
    const key = { authorization: `Bearer ${made.body.apiKey}` };
    const smtpOn = async (h: TestHerald) => (await h.api('GET', '/api/settings/providers/smtp', undefined, key)).body as { configured: boolean };

    // Process b builds the workspace's relays now, before any setting exists.
    expect((await smtpOn(b)).configured).toBe(false);
    const values = { url: smtp.url(), from: 'help@shop-b.example.test' };
    expect((await a.api('PUT', '/api/settings/providers/smtp', { values }, key)).status).toBe(200);
    await eventually(async () => (await smtpOn(b)).configured);

    // The test email asked of b goes out through the workspace's relay.
    const sent = await b.api('POST', '/api/settings/email/test', { to: 'owner@shop-b.example.test' }, key);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    await eventually(() => smtp.messages.some((m) => m.envelope.to.includes('owner@shop-b.example.test')));

    expect((await a.api('PUT', '/api/settings/providers/smtp', { values: { url: null } }, key)).status).toBe(200);
    await eventually(async () => !(await smtpOn(b)).configured);
  });
});
