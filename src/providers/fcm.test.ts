import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FcmFake } from '../../test/fakes/fcm-fake.js';
import { createFcmProvider } from './fcm.js';
import type { DeviceTarget, PushMessage } from './provider.js';
import { providerContract } from './provider.contract.js';

const PROJECT = 'herald-test';
const EMAIL = 'herald@herald-test.iam.gserviceaccount.com';
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const fake = new FcmFake({ publicKey: keys.publicKey, clientEmail: EMAIL, projectId: PROJECT });
let dir: string;
let accountPath: string;

const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'c42' },
};
const device = { deviceId: 'd1', token: 'fcm-token-1' };

function provider(extra: Partial<Parameters<typeof createFcmProvider>[0]> = {}) {
  return createFcmProvider({ serviceAccount: accountPath, endpoint: fake.url, timeoutMs: 2000, ...extra });
}

async function setup() {
  await fake.start();
  dir = await mkdtemp(join(tmpdir(), 'herald-fcm-'));
  accountPath = join(dir, 'sa.json');
  const account = {
    type: 'service_account',
    project_id: PROJECT,
    private_key_id: 'key-1',
    private_key: privatePem,
    client_email: EMAIL,
    token_uri: fake.tokenUri,
  };
  await writeFile(accountPath, JSON.stringify(account));
}
async function teardown() {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
}

describe('FCM provider contract', () => {
  providerContract<PushMessage, DeviceTarget>({
    start: setup,
    close: teardown,
    reset: () => fake.reset(),
    provider: (timeoutMs) => provider({ timeoutMs }),
    unconfigured: () => createFcmProvider({ serviceAccount: undefined, endpoint: fake.url }),
    message,
    requests: () => fake.received.length,
    success: () => ({ target: device, statusCode: 200, messageId: true }),
    retryable: () => {
      fake.script(FcmFake.error(503, 'UNAVAILABLE'));
      return { target: device, statusCode: 503 };
    },
    retryAfter: (s) => {
      fake.script({ ...FcmFake.error(429, 'QUOTA_EXCEEDED'), headers: { 'retry-after': String(s) } });
      return { target: device, statusCode: 429 };
    },
    // INVALID_ARGUMENT about something other than the token is our bug, not a dead device.
    permanent: () => {
      fake.script(FcmFake.error(400, 'INVALID_ARGUMENT', 'Invalid data payload', 'message.data'));
      return { target: device, statusCode: 400 };
    },
    // The app was uninstalled.
    deadTarget: () => {
      fake.unregistered.add('gone');
      return { target: { deviceId: 'a', token: 'gone' }, statusCode: 404 };
    },
    hang: () => {
      fake.script('hang');
      return { target: device };
    },
  });
});

describe('FCM provider', () => {
  beforeAll(setup);
  afterAll(teardown);
  beforeEach(() => fake.reset());

  it('mints a token with a JWT-bearer grant and sends the contract payload', async () => {
    const fcm = provider();
    const result = await fcm.send(message, device);
    expect(result).toMatchObject({
      kind: 'delivered',
      statusCode: 200,
      providerMessageId: expect.stringMatching(new RegExp(`^projects/${PROJECT}/messages/`)),
    });

    expect(fake.tokenRequests).toHaveLength(1);
    const grant = fake.tokenRequests[0]!;
    expect(grant).toMatchObject({
      iss: EMAIL,
      aud: fake.tokenUri,
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
      kid: 'key-1',
    });
    expect(grant.exp - grant.iat).toBe(3600);

    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]!.accessToken).toBe(grant.accessToken);
    expect(fake.received[0]!.message).toEqual({
      token: 'fcm-token-1',
      notification: { title: 'Support', body: 'New message from operator' },
      data: { type: 'chat', conversationId: 'c42' },
    });
    await fcm.close();
  });

  it('shares one token between concurrent sends and refreshes it shortly before expiry', async () => {
    let clock = Date.now();
    const fcm = provider({ now: () => clock });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => fcm.send(message, { deviceId: `d${i}`, token: `t${i}` })));
    expect(results.every((r) => r.kind === 'delivered')).toBe(true);
    expect(fake.tokenRequests).toHaveLength(1);

    clock += 50 * 60_000; // 50 min into a ~60 min token: still fine
    await fcm.send(message, device);
    expect(fake.tokenRequests).toHaveLength(1);

    clock += 6 * 60_000; // within 5 min of expiry: refresh
    await fcm.send(message, device);
    expect(fake.tokenRequests).toHaveLength(2);
    expect(fake.received.at(-1)!.accessToken).toBe(fake.tokenRequests[1]!.accessToken);
    await fcm.close();
  });

  it('refreshes the token once on 401, and gives up after a second 401', async () => {
    const fcm = provider();
    await fcm.send(message, device);
    fake.revokeTokens();
    expect(await fcm.send(message, device)).toMatchObject({ kind: 'delivered' });
    expect(fake.tokenRequests).toHaveLength(2);

    fake.reset();
    fake.script(FcmFake.error(401, 'UNAUTHENTICATED'), FcmFake.error(401, 'UNAUTHENTICATED'));
    expect(await fcm.send(message, device)).toMatchObject({ kind: 'permanent', statusCode: 401 });
    expect(fake.received).toHaveLength(2);
    await fcm.close();
  });

  it('drops dead tokens beyond UNREGISTERED: an invalid registration token, a sender mismatch', async () => {
    const fcm = provider();
    fake.invalid.add('garbage');
    expect(await fcm.send(message, { deviceId: 'b', token: 'garbage' })).toMatchObject({ kind: 'dead-target', statusCode: 400 });
    fake.script(FcmFake.error(403, 'SENDER_ID_MISMATCH'));
    expect(await fcm.send(message, device)).toMatchObject({ kind: 'dead-target', statusCode: 403, error: expect.stringMatching(/SENDER_ID_MISMATCH/) });
    await fcm.close();
  });

  it('carries actions in data and as an iOS category, plus collapse, TTL and priority', async () => {
    const fcm = provider();
    await fcm.send(
      {
        ...message,
        collapseId: 'conv-c42',
        ttlSeconds: 600,
        urgency: 'high',
        url: 'https://app.example.com/c/42',
        actions: [{ id: 'reply', title: 'Reply', input: true }],
      },
      device,
    );
    const sent = fake.received[0]!.message as Record<string, any>;
    expect(JSON.parse(sent.data.actions)).toEqual([{ id: 'reply', title: 'Reply', input: true }]);
    expect(sent.data.conversationId).toBe('c42');
    expect(sent.android).toEqual({ collapse_key: 'conv-c42', ttl: '600s', priority: 'HIGH' });
    expect(sent.apns.headers).toMatchObject({ 'apns-collapse-id': 'conv-c42', 'apns-priority': '10' });
    expect(sent.apns.payload).toEqual({ aps: { category: 'HERALD_ACTIONS_reply' } });
    expect(sent.webpush).toEqual({ headers: { TTL: '600', Urgency: 'high' }, fcm_options: { link: 'https://app.example.com/c/42' } });
    await fcm.close();
  });

  it('reports bad credentials without sending, and never leaks the key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const fcm = createFcmProvider({
      serviceAccount: { project_id: PROJECT, client_email: EMAIL, private_key: other, token_uri: fake.tokenUri },
      endpoint: fake.url,
    });
    expect(fcm.status()).toEqual({ configured: true });
    const r = await fcm.send(message, device);
    expect(r).toMatchObject({ kind: 'permanent', statusCode: 400, error: expect.stringMatching(/invalid_grant/) });
    expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
    expect(fake.received).toHaveLength(0);
    expect(await fcm.check!()).toMatchObject({ ok: false });
    expect(await provider().check!()).toEqual({ ok: true, detail: expect.stringContaining(PROJECT) });
    await fcm.close();
  });

  it('works with the service account the fake writes for itself (integration-test helper)', async () => {
    const own = new FcmFake();
    await own.start();
    const fcm = createFcmProvider({ serviceAccount: await own.writeServiceAccount(dir, 'other-project'), endpoint: own.url });
    expect(await fcm.send(message, device)).toMatchObject({ kind: 'delivered' });
    expect(own.received[0]).toMatchObject({ projectId: 'other-project', message: { token: 'fcm-token-1' } });
    await fcm.close();
    await own.close();
  });

  it('says why a service account is unusable, and sends nothing with it', async () => {
    const cases: [Parameters<typeof createFcmProvider>[0]['serviceAccount'], RegExp][] = [
      [join(dir, 'missing.json'), /cannot be read.*ENOENT/],
      [{ project_id: PROJECT, client_email: '', private_key: privatePem }, /lacks client_email/],
      [{ project_id: PROJECT, client_email: EMAIL, private_key: 'nope' }, /not a valid PEM/],
    ];
    for (const [serviceAccount, reason] of cases) {
      const fcm = createFcmProvider({ serviceAccount, endpoint: fake.url });
      expect(fcm.status()).toEqual({ configured: false, reason: expect.stringMatching(reason) });
      expect(await fcm.send(message, device)).toEqual({ kind: 'unconfigured', reason: expect.stringMatching(reason) });
      await fcm.close();
    }
    expect(fake.tokenRequests).toHaveLength(0);
    expect(fake.received).toHaveLength(0);
  });
});
