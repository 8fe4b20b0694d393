import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApnsFake } from '../../test/fakes/apns-fake.js';
import { eventually } from '../../test/helpers/eventually.js';
import { createApnsProvider, type ApnsProviderOptions } from './apns.js';
import type { DeviceTarget, PushMessage } from './provider.js';
import { providerContract } from './provider.contract.js';

const KEY_ID = 'ABC123DEFG';
const TEAM_ID = 'TEAM123456';
const TOPIC = 'com.example.app';
const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const fake = new ApnsFake({ keyId: KEY_ID, teamId: TEAM_ID, topic: TOPIC, publicKey: pair.publicKey });
let dir: string;
let keyFile: string;

const token = (n: number) => n.toString(16).padStart(64, '0');
const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'c42' },
};

function apns(extra: Partial<ApnsProviderOptions> = {}) {
  return createApnsProvider({ keyFile, keyId: KEY_ID, teamId: TEAM_ID, topic: TOPIC, host: fake.host, ca: fake.ca, timeoutMs: 2000, ...extra });
}

async function setup() {
  await fake.start();
  dir = await mkdtemp(join(tmpdir(), 'herald-apns-'));
  keyFile = join(dir, `AuthKey_${KEY_ID}.p8`);
  await writeFile(keyFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
}
async function teardown() {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}

describe('APNs provider contract', () => {
  const device = { deviceId: 'd1', token: token(1) };
  providerContract<PushMessage, DeviceTarget>({
    start: setup,
    close: teardown,
    reset: () => fake.reset(),
    provider: (timeoutMs) => apns({ timeoutMs }),
    unconfigured: () => createApnsProvider({ keyFile: undefined, keyId: undefined, teamId: TEAM_ID, topic: TOPIC, host: fake.host }),
    message,
    requests: () => fake.received.length,
    success: () => ({ target: device, statusCode: 200, messageId: true }),
    retryable: () => {
      fake.script({ status: 503, reason: 'ServiceUnavailable' });
      return { target: device, statusCode: 503 };
    },
    retryAfter: (s) => {
      fake.script({ status: 429, reason: 'TooManyRequests', headers: { 'retry-after': String(s) } });
      return { target: device, statusCode: 429 };
    },
    permanent: () => {
      fake.script({ status: 403, reason: 'InvalidProviderToken' });
      return { target: device, statusCode: 403 };
    },
    // The app was uninstalled: 410 Unregistered.
    deadTarget: () => {
      fake.unregistered.add(token(7));
      return { target: { deviceId: 'd7', token: token(7) }, statusCode: 410 };
    },
    hang: () => {
      fake.script('hang');
      return { target: device };
    },
  });
});

describe('APNs provider', () => {
  beforeAll(setup);
  afterAll(teardown);
  beforeEach(() => fake.reset());

  it('sends an alert with the right headers, payload and provider token', async () => {
    const p = apns();
    const result = await p.send(
      { ...message, collapseId: 'conv-c42', ttlSeconds: 3600, actions: [{ id: 'reply', title: 'Reply', input: true }] },
      { deviceId: 'd1', token: token(1) },
    );
    expect(result).toMatchObject({ kind: 'delivered', statusCode: 200, providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    const got = fake.received[0]!;
    expect(got.deviceToken).toBe(token(1));
    expect(got.headers).toMatchObject({
      'apns-topic': TOPIC,
      'apns-push-type': 'alert',
      'apns-priority': '10',
      'apns-collapse-id': 'conv-c42',
    });
    const expiration = Number(got.headers['apns-expiration']);
    expect(Math.abs(expiration - (Date.now() / 1000 + 3600))).toBeLessThan(60);
    expect(got.payload).toEqual({
      aps: { alert: { title: 'Support', body: 'New message from operator' }, sound: 'default', category: 'HERALD_ACTIONS_reply' },
      type: 'chat',
      conversationId: 'c42',
      actions: JSON.stringify([{ id: 'reply', title: 'Reply', input: true }]),
    });
    expect(got.jwt).toMatchObject({ iss: TEAM_ID, kid: KEY_ID });
    await p.close();
  });

  it('keeps one HTTP/2 session and one provider token for many sends, low urgency at priority 5', async () => {
    const before = fake.sessions;
    const p = apns();
    await p.send(message, { deviceId: 'd0', token: token(0) });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => p.send({ ...message, urgency: 'normal' }, { deviceId: `d${i}`, token: token(i + 10) })),
    );
    expect(results.every((r) => r.kind === 'delivered')).toBe(true);
    expect(fake.sessions - before).toBe(1);
    expect(new Set(fake.received.map((r) => r.jwt.iat)).size).toBe(1);
    expect(fake.received.at(-1)!.headers['apns-priority']).toBe('5');
    await p.close();
  });

  it('refreshes the provider token after ~50 minutes', async () => {
    let clock = Date.now();
    const p = apns({ now: () => clock });
    await p.send(message, { deviceId: 'd', token: token(1) });
    clock += 45 * 60_000;
    await p.send(message, { deviceId: 'd', token: token(1) });
    clock += 6 * 60_000;
    await p.send(message, { deviceId: 'd', token: token(1) });
    const iats = fake.received.map((r) => r.jwt.iat);
    expect(iats[1]).toBe(iats[0]);
    expect(iats[2]! - iats[0]!).toBeGreaterThanOrEqual(51 * 60);
    await p.close();
  });

  it('reconnects after the server sends GOAWAY', async () => {
    const before = fake.sessions;
    const p = apns();
    expect((await p.send(message, { deviceId: 'd', token: token(1) })).kind).toBe('delivered');
    fake.goaway(); // the next send races the GOAWAY: a refused stream is replayed on a new session
    expect(await p.send(message, { deviceId: 'd', token: token(2) })).toMatchObject({ kind: 'delivered' });
    expect(fake.sessions - before).toBe(2);
    expect(fake.received.at(-1)!.session).toBe(before + 2);
    await p.close();
  });

  it('drops a device token APNs calls malformed (BadDeviceToken), like an unregistered one', async () => {
    const p = apns();
    expect(await p.send(message, { deviceId: 'd', token: 'not-a-token' })).toEqual({
      kind: 'dead-target',
      statusCode: 400,
      response: expect.any(String),
      error: 'APNs 400 BadDeviceToken',
    });
    await p.close();
  });

  it('re-signs once on ExpiredProviderToken', async () => {
    const p = apns();
    fake.script({ status: 403, reason: 'ExpiredProviderToken' });
    expect(await p.send(message, { deviceId: 'd', token: token(1) })).toMatchObject({ kind: 'delivered' });
    expect(fake.received).toHaveLength(2);
    await p.close();
  });

  it('times out a hung stream without blocking other devices on the same session', async () => {
    const p = apns({ timeoutMs: 800 });
    fake.script('hang');
    let hungSettled = false;
    const hung = p.send(message, { deviceId: 'slow', token: token(1) }).finally(() => (hungSettled = true));
    // The hung request is at the server, holding its stream, before the other one goes.
    await eventually(() => fake.received.length === 1);
    expect((await p.send(message, { deviceId: 'fast', token: token(2) })).kind).toBe('delivered');
    expect(hungSettled).toBe(false);
    expect(await hung).toMatchObject({ kind: 'retryable', error: expect.stringMatching(/timeout/) });
    await p.close();
  });

  it('reports an unreachable host as retryable, and check() connects', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const down = apns({ host: `127.0.0.1:${port}` });
    expect(await down.send(message, { deviceId: 'd', token: token(1) })).toMatchObject({ kind: 'retryable' });
    expect(await down.check!()).toMatchObject({ ok: false });
    await down.close();
    const up = apns();
    expect(await up.check!()).toMatchObject({ ok: true });
    await up.close();
  });

  it('works with the .p8 key the fake writes for itself (integration-test helper)', async () => {
    const own = new ApnsFake({ keyId: 'K2', teamId: 'T2' });
    const { host, ca } = await own.start();
    const p = createApnsProvider({ keyFile: await own.writeKey(dir), keyId: 'K2', teamId: 'T2', topic: 'com.x', host, ca });
    expect(await p.send(message, { deviceId: 'd', token: token(3) })).toMatchObject({ kind: 'delivered' });
    expect(own.received[0]).toMatchObject({ deviceToken: token(3), jwt: { iss: 'T2', kid: 'K2' } });
    await p.close();
    await own.close();
  });

  it('names every missing setting and says why a key is unusable, without connecting', async () => {
    const before = fake.sessions;
    const none = createApnsProvider({ keyFile: undefined, keyId: undefined, teamId: TEAM_ID, topic: TOPIC, host: fake.host });
    expect(none.status()).toEqual({ configured: false, reason: 'APNS_KEY_FILE, APNS_KEY_ID are not set' });
    const missing = apns({ keyFile: join(dir, 'nope.p8') });
    expect(missing.status()).toMatchObject({ configured: false, reason: expect.stringMatching(/cannot be read/) });
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    expect(apns({ key: rsa }).status()).toMatchObject({ configured: false, reason: expect.stringMatching(/not an EC/) });
    expect(fake.sessions).toBe(before);
    await Promise.all([none.close(), missing.close()]);
  });
});
