import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PushServiceFake } from '../../test/fakes/push-service-fake.js';
import type { PushMessage } from './provider.js';
import { loadVapidKeys } from './vapid.js';
import { createWebPushProvider } from './webpush.js';

const vapid = webpush.generateVAPIDKeys();
const subject = 'mailto:ops@example.com';
const fake = new PushServiceFake({ vapidPublicKey: vapid.publicKey });
const provider = createWebPushProvider({ ...vapid, subject, timeoutMs: 1500 });

const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'c42' },
};

function target(sub: object, deviceId = 'd1') {
  return { deviceId, token: JSON.stringify(sub) };
}

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await provider.close();
  await fake.close();
});
beforeEach(() => fake.reset());

describe('web push provider', () => {
  it('delivers a payload the browser can decrypt, signed with our VAPID key', async () => {
    const sub = fake.subscribe();
    const result = await provider.send(
      {
        ...message,
        collapseId: 'conv-c42',
        ttlSeconds: 3600,
        urgency: 'high',
        url: 'https://app.example.com/chat/c42',
        actions: [
          { id: 'reply', title: 'Reply', input: true },
          { id: 'close', title: 'Close', destructive: true },
        ],
      },
      target(sub),
    );
    expect(result).toMatchObject({ ok: true, statusCode: 201 });
    expect(result.providerMessageId).toMatch(/\/message\//);

    expect(fake.received).toHaveLength(1);
    const got = fake.received[0]!;
    expect(JSON.parse(got.payload)).toEqual({
      notificationId: 'ntf_1',
      title: 'Support',
      body: 'New message from operator',
      data: { type: 'chat', conversationId: 'c42' },
      tag: 'conv-c42',
      url: 'https://app.example.com/chat/c42',
      actions: [
        { action: 'reply', title: 'Reply', type: 'text' },
        { action: 'close', title: 'Close', type: 'button', destructive: true },
      ],
    });
    expect(got).toMatchObject({ ttl: 3600, urgency: 'high', topic: 'conv-c42' });
    expect(got.vapid).toMatchObject({ sub: subject, aud: fake.url, publicKey: vapid.publicKey });
  });

  it('hashes a collapse id that is not a valid Topic and keeps the default TTL', async () => {
    const sub = fake.subscribe();
    await provider.send({ ...message, collapseId: 'conversation:c42/with spaces and more than 32 chars' }, target(sub));
    const got = fake.received[0]!;
    expect(got.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(got.ttl).toBe(2419200);
    expect(got.urgency).toBe('normal');
  });

  it('drops a subscription the push service says is gone (410, 404)', async () => {
    const gone = fake.subscribe();
    fake.expire(gone);
    expect(await provider.send(message, target(gone))).toMatchObject({ ok: false, statusCode: 410, dropTarget: true });

    const notFound = fake.subscribe();
    fake.script(notFound, { status: 404 });
    expect(await provider.send(message, target(notFound))).toMatchObject({ ok: false, statusCode: 404, dropTarget: true });
  });

  it('marks 429 and 5xx retryable, honouring Retry-After', async () => {
    const sub = fake.subscribe();
    fake.script(sub, { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }, { status: 503 });
    const first = await provider.send(message, target(sub));
    expect(first).toMatchObject({ ok: false, statusCode: 429, retryable: true, retryAfterMs: 7000, response: 'slow down' });
    expect(first.dropTarget).toBeUndefined();
    expect(await provider.send(message, target(sub))).toMatchObject({ ok: false, statusCode: 503, retryable: true });
    expect(await provider.send(message, target(sub))).toMatchObject({ ok: true });
  });

  it('times out a hanging endpoint without delaying another device', async () => {
    const slow = fake.subscribe();
    const fast = fake.subscribe();
    fake.script(slow, 'hang');
    const started = Date.now();
    let slowSettled = false;
    const slowSend = provider.send(message, target(slow, 'slow')).finally(() => {
      slowSettled = true;
    });
    const fastResult = await provider.send(message, target(fast, 'fast'));
    expect(fastResult.ok).toBe(true);
    expect(slowSettled).toBe(false);

    const slowResult = await slowSend;
    expect(slowResult).toMatchObject({ ok: false, retryable: true });
    expect(slowResult.error).toMatch(/timeout/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('drops a token that is not a usable PushSubscription, without network I/O', async () => {
    expect(await provider.send(message, { deviceId: 'x', token: 'not json' })).toMatchObject({ ok: false, dropTarget: true });
    const bad = { endpoint: `${fake.url}/push/nope`, keys: { p256dh: 'AAAA', auth: 'BBBB' } };
    expect(await provider.send(message, target(bad))).toMatchObject({ ok: false, dropTarget: true });
    expect(fake.received).toHaveLength(0);
  });

  it('is a no-op with a reason when unconfigured', async () => {
    const off = createWebPushProvider({ publicKey: undefined, privateKey: undefined, subject });
    expect(off.status()).toEqual({ configured: false, reason: expect.stringMatching(/VAPID_PUBLIC_KEY/) });
    const r = await off.send(message, target(fake.subscribe()));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/VAPID/) });
    expect(fake.received).toHaveLength(0);
    const noSubject = createWebPushProvider({ ...vapid, subject: undefined });
    expect(noSubject.status()).toMatchObject({ configured: false, reason: expect.stringMatching(/VAPID_SUBJECT/) });
    const mismatched = createWebPushProvider({ ...vapid, publicKey: webpush.generateVAPIDKeys().publicKey, subject });
    expect(mismatched.status()).toMatchObject({ configured: false, reason: expect.stringMatching(/does not belong/) });
    expect(JSON.stringify(mismatched.status())).not.toContain(vapid.privateKey);
    await Promise.all([off.close(), noSubject.close(), mismatched.close()]);
  });
});

describe('loadVapidKeys', () => {
  it('generates vapid.json once and loads it afterwards; env keys win', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-vapid-'));
    try {
      const dataDir = join(dir, 'data');
      const [a, b] = await Promise.all([loadVapidKeys({ dataDir }), loadVapidKeys({ dataDir })]);
      expect(a.publicKey).toBe(b.publicKey);
      expect([a.source, b.source].sort()).toEqual(['file', 'generated']);
      const onDisk = JSON.parse(await readFile(join(dataDir, 'vapid.json'), 'utf8')) as Record<string, string>;
      expect(onDisk.publicKey).toBe(a.publicKey);
      expect((await stat(join(dataDir, 'vapid.json'))).mode & 0o077).toBe(0);

      const again = await loadVapidKeys({ dataDir });
      expect(again).toEqual({ publicKey: a.publicKey, privateKey: a.privateKey, source: 'file' });

      const env = await loadVapidKeys({ dataDir, ...vapid });
      expect(env).toEqual({ ...vapid, source: 'env' });

      // The loaded keys actually sign pushes a push service accepts (and the pinned fake refuses).
      const p = createWebPushProvider({ ...again, subject });
      expect(await p.send(message, target(fake.subscribe()))).toMatchObject({ ok: false, statusCode: 403 });
      const open = new PushServiceFake();
      await open.start();
      expect(await p.send(message, target(open.subscribe()))).toMatchObject({ ok: true });
      expect(open.received[0]!.vapid.publicKey).toBe(a.publicKey);
      await Promise.all([p.close(), open.close()]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses half or mismatched key pairs with a readable error', async () => {
    const dataDir = '/nonexistent';
    await expect(loadVapidKeys({ dataDir, publicKey: vapid.publicKey })).rejects.toThrow(/set together/);
    const other = webpush.generateVAPIDKeys();
    await expect(loadVapidKeys({ dataDir, publicKey: other.publicKey, privateKey: vapid.privateKey })).rejects.toThrow(
      /does not belong/,
    );
    await expect(loadVapidKeys({ dataDir, publicKey: 'short', privateKey: vapid.privateKey })).rejects.toThrow(/65 bytes/);
  });
});
