import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BeamsFake } from '../../test/fakes/beams-fake.js';
import { createBeamsProvider } from './beams.js';
import type { DeviceTarget, PushMessage } from './provider.js';
import { providerContract } from './provider.contract.js';

const INSTANCE = 'inst-1234';
const SECRET = 'beams-secret-key';
const fake = new BeamsFake({ instanceId: INSTANCE, secretKey: SECRET });
const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'c42' },
};

const beams = (secretKey = SECRET, timeoutMs = 2000) => createBeamsProvider({ instanceId: INSTANCE, secretKey, apiBase: fake.url, timeoutMs });
const user = { deviceId: 'd', token: 'customer-7' };

describe('Pusher Beams provider contract', () => {
  providerContract<PushMessage, DeviceTarget>({
    start: async () => void (await fake.start()),
    close: () => fake.close(),
    reset: () => fake.reset(),
    provider: (timeoutMs) => beams(SECRET, timeoutMs),
    unconfigured: () => createBeamsProvider({ instanceId: INSTANCE, secretKey: undefined, apiBase: fake.url }),
    message,
    requests: () => fake.requests,
    success: () => ({ target: user, statusCode: 200, messageId: true }),
    retryable: () => {
      fake.script({ status: 500, error: 'Internal Server Error' });
      return { target: user, statusCode: 500 };
    },
    retryAfter: (s) => {
      fake.script({ status: 429, error: 'Too Many Requests', headers: { 'retry-after': String(s) } });
      return { target: user, statusCode: 429 };
    },
    // Beams validates the user id: an over-long one is refused as a bad request, not retried.
    permanent: () => ({ target: { deviceId: 'd', token: 'x'.repeat(200) }, statusCode: 400 }),
    deadTarget: { notApplicable: 'Beams fans out to the user’s own devices and reports no per-device failures' },
    hang: () => {
      fake.script('hang');
      return { target: user };
    },
  });
});

describe('Pusher Beams provider', () => {
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('publishes to the Beams user with APNs, FCM and web payloads', async () => {
    const p = beams();
    const r = await p.send(
      { ...message, url: 'https://app.example.com/c/42', actions: [{ id: 'reply', title: 'Reply', input: true }] },
      { deviceId: 'd', token: 'customer-7' },
    );
    expect(r).toMatchObject({ kind: 'delivered', statusCode: 200, providerMessageId: expect.stringMatching(/^pubid-/) });
    expect(fake.received).toHaveLength(1);
    const got = fake.received[0]!;
    expect(got.kind).toBe('users');
    expect(got.targets).toEqual(['customer-7']);
    const actions = JSON.stringify([{ id: 'reply', title: 'Reply', input: true }]);
    expect(got.body.fcm).toEqual({
      notification: { title: 'Support', body: 'New message from operator' },
      data: { type: 'chat', conversationId: 'c42', actions },
    });
    expect(got.body.apns).toEqual({
      aps: { alert: { title: 'Support', body: 'New message from operator' }, sound: 'default', category: 'HERALD_ACTIONS_reply' },
      type: 'chat',
      conversationId: 'c42',
      actions,
    });
    expect(got.body.web.notification).toEqual({ title: 'Support', body: 'New message from operator', deep_link: 'https://app.example.com/c/42' });
    await p.close();
  });

  it('publishes to an interest when the token says so', async () => {
    const p = beams();
    expect((await p.send(message, { deviceId: 'd', token: 'interest:operators' })).kind).toBe('delivered');
    expect(fake.received[0]).toMatchObject({ kind: 'interests', targets: ['operators'] });
    await p.close();
  });

  it('a wrong secret key is permanent and never shows in the result', async () => {
    const bad = beams('wrong-secret-key');
    const r = await bad.send(message, { deviceId: 'd', token: 'u' });
    expect(r).toEqual({ kind: 'permanent', statusCode: 401, response: expect.any(String), error: 'Beams 401: Unauthorized — Incorrect API Key' });
    expect(JSON.stringify(r)).not.toContain(SECRET);
    await bad.close();
  });
});
