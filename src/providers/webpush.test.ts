import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PushServiceFake } from '../../test/fakes/push-service-fake.js';
import type { DeviceTarget, PushMessage } from './provider.js';
import { providerContract } from './provider.contract.js';
import { loadVapidKeys } from './vapid.js';
import { createWebPushProvider } from './webpush.js';

const vapid = webpush.generateVAPIDKeys();
const subject = 'mailto:ops@example.com';
const fake = new PushServiceFake({ vapidPublicKey: vapid.publicKey });
const webPush = (timeoutMs = 1500) => createWebPushProvider({ ...vapid, subject, timeoutMs });
const provider = webPush();

const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'c42' },
};

function target(sub: object, deviceId = 'd1') {
  return { deviceId, token: JSON.stringify(sub) };
}

describe('web push provider contract', () => {
  const scripted = (answer: Parameters<PushServiceFake['script']>[1]) => {
    const sub = fake.subscribe();
    fake.script(sub, answer);
    return target(sub);
  };
  providerContract<PushMessage, DeviceTarget>({
    start: async () => void (await fake.start()),
    close: () => fake.close(),
    reset: () => fake.reset(),
    provider: webPush,
    unconfigured: () => createWebPushProvider({ publicKey: undefined, privateKey: undefined, subject }),
    message,
    requests: () => fake.received.length + fake.rejected.length,
    success: () => ({ target: target(fake.subscribe()), statusCode: 201, messageId: true }),
    retryable: () => ({ target: scripted({ status: 503 }), statusCode: 503 }),
    retryAfter: (s) => ({ target: scripted({ status: 429, headers: { 'retry-after': String(s) }, body: 'slow down' }), statusCode: 429 }),
    permanent: () => ({ target: scripted({ status: 413, body: 'payload too large' }), statusCode: 413 }),
    // The browser unsubscribed: 410 Gone.
    deadTarget: () => {
      const gone = fake.subscribe();
      fake.expire(gone);
      return { target: target(gone), statusCode: 410 };
    },
    hang: () => ({ target: scripted('hang') }),
  });
});

describe('web push provider', () => {
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await provider.close();
    await fake.close();
  });
  beforeEach(() => fake.reset());

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
    expect(result).toMatchObject({ kind: 'delivered', statusCode: 201, providerMessageId: expect.stringMatching(/\/message\//) });

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

  it('sends bodies encrypted ahead (prepare) to each device, and none prepared for another message', async () => {
    const subs = Array.from({ length: 5 }, () => fake.subscribe());
    const targets = subs.map((sub, i) => target(sub, `d${i}`));
    provider.prepare!(message, targets);
    const results = await Promise.all(targets.slice(0, 4).map((t) => provider.send(message, t)));
    expect(results.map((r) => r.kind)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    // Prepared for `message`, sent with another: the other one arrives.
    const other = { ...message, notificationId: 'ntf_2', body: 'Another message' };
    expect((await provider.send(other, targets[4]!)).kind).toBe('delivered');
    // Prepared again and sent twice to one device: two messages, each decrypts (a body is used once).
    provider.prepare!(message, [targets[0]!]);
    await provider.send(message, targets[0]!);
    await provider.send(message, targets[0]!);
    expect(fake.received.map((r) => JSON.parse(r.payload).body)).toEqual([...Array(4).fill(message.body), 'Another message', message.body, message.body]);
  });

  it('hashes a collapse id that is not a valid Topic and keeps the default TTL', async () => {
    const sub = fake.subscribe();
    await provider.send({ ...message, collapseId: 'conversation:c42/with spaces and more than 32 chars' }, target(sub));
    const got = fake.received[0]!;
    expect(got.topic).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(got.ttl).toBe(2419200);
    expect(got.urgency).toBe('normal');
  });

  it('drops a subscription the push service does not know (404), like one it says is gone', async () => {
    const notFound = fake.subscribe();
    fake.script(notFound, { status: 404 });
    expect(await provider.send(message, target(notFound))).toMatchObject({ kind: 'dead-target', statusCode: 404 });
  });

  it('a hanging endpoint does not delay another device', async () => {
    const slow = fake.subscribe();
    const fast = fake.subscribe();
    fake.script(slow, 'hang');
    let slowSettled = false;
    const slowSend = provider.send(message, target(slow, 'slow')).finally(() => {
      slowSettled = true;
    });
    expect((await provider.send(message, target(fast, 'fast'))).kind).toBe('delivered');
    expect(slowSettled).toBe(false);
    expect((await slowSend).kind).toBe('retryable');
  });

  it('drops a token that is not a usable PushSubscription, without network I/O', async () => {
    expect(await provider.send(message, { deviceId: 'x', token: 'not json' })).toMatchObject({ kind: 'dead-target' });
    const bad = { endpoint: `${fake.url}/push/nope`, keys: { p256dh: 'AAAA', auth: 'BBBB' } };
    expect(await provider.send(message, target(bad))).toMatchObject({ kind: 'dead-target' });
    expect(fake.received).toHaveLength(0);
  });

  it('says which VAPID setting is missing or wrong, never showing the private key', async () => {
    const noSubject = createWebPushProvider({ ...vapid, subject: undefined });
    expect(noSubject.status()).toMatchObject({ configured: false, reason: expect.stringMatching(/VAPID_SUBJECT/) });
    const mismatched = createWebPushProvider({ ...vapid, publicKey: webpush.generateVAPIDKeys().publicKey, subject });
    expect(mismatched.status()).toMatchObject({ configured: false, reason: expect.stringMatching(/does not belong/) });
    expect(JSON.stringify(mismatched.status())).not.toContain(vapid.privateKey);
    expect(await mismatched.send(message, target(fake.subscribe()))).toMatchObject({ kind: 'unconfigured' });
    expect(fake.received).toHaveLength(0);
    await Promise.all([noSubject.close(), mismatched.close()]);
  });
});

describe('loadVapidKeys', () => {
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });
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
      expect(await p.send(message, target(fake.subscribe()))).toMatchObject({ kind: 'permanent', statusCode: 403 });
      const open = new PushServiceFake();
      await open.start();
      expect(await p.send(message, target(open.subscribe()))).toMatchObject({ kind: 'delivered' });
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
    await expect(loadVapidKeys({ dataDir, publicKey: other.publicKey, privateKey: vapid.privateKey })).rejects.toThrow(/does not belong/);
    await expect(loadVapidKeys({ dataDir, publicKey: 'short', privateKey: vapid.privateKey })).rejects.toThrow(/65 bytes/);
  });
});
