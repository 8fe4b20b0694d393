import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BeamsFake } from '../../test/fakes/beams-fake.js';
import { createBeamsProvider } from './beams.js';
import type { PushMessage } from './provider.js';

const INSTANCE = 'inst-1234';
const SECRET = 'beams-secret-key';
const fake = new BeamsFake({ instanceId: INSTANCE, secretKey: SECRET });
const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'c42' },
};

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const beams = (secretKey = SECRET, timeoutMs = 2000) =>
  createBeamsProvider({ instanceId: INSTANCE, secretKey, apiBase: fake.url, timeoutMs });

describe('Pusher Beams provider', () => {
  it('publishes to the Beams user with APNs, FCM and web payloads', async () => {
    const p = beams();
    const r = await p.send(
      { ...message, url: 'https://app.example.com/c/42', actions: [{ id: 'reply', title: 'Reply', input: true }] },
      { deviceId: 'd', token: 'customer-7' },
    );
    expect(r).toMatchObject({ ok: true, statusCode: 200, providerMessageId: expect.stringMatching(/^pubid-/) });
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
    expect((await p.send(message, { deviceId: 'd', token: 'interest:operators' })).ok).toBe(true);
    expect(fake.received[0]).toMatchObject({ kind: 'interests', targets: ['operators'] });
    await p.close();
  });

  it('maps errors: bad key is permanent, 429/5xx retryable with Retry-After, hang times out', async () => {
    const bad = beams('wrong');
    const r = await bad.send(message, { deviceId: 'd', token: 'u' });
    expect(r).toMatchObject({ ok: false, statusCode: 401, error: 'Beams 401: Unauthorized — Incorrect API Key' });
    expect(r.retryable).toBeFalsy();
    expect(r.dropTarget).toBeFalsy();
    expect(JSON.stringify(r)).not.toContain(SECRET);
    await bad.close();

    const p = beams(SECRET, 300);
    fake.script({ status: 429, error: 'Too Many Requests', headers: { 'retry-after': '2' } }, { status: 500 }, 'hang');
    expect(await p.send(message, { deviceId: 'd', token: 'u' })).toMatchObject({ ok: false, statusCode: 429, retryable: true, retryAfterMs: 2000 });
    expect(await p.send(message, { deviceId: 'd', token: 'u' })).toMatchObject({ ok: false, statusCode: 500, retryable: true });
    expect(await p.send(message, { deviceId: 'd', token: 'u' })).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/timeout/) });
    // Beams validates the user id: an over-long one is refused as a bad request, not retried.
    const long = await p.send(message, { deviceId: 'd', token: 'x'.repeat(200) });
    expect(long).toMatchObject({ ok: false, statusCode: 400 });
    expect(long.retryable).toBeFalsy();
    await p.close();
  });

  it('is a no-op with a reason when unconfigured', async () => {
    const off = createBeamsProvider({ instanceId: INSTANCE, secretKey: undefined, apiBase: fake.url });
    expect(off.status()).toEqual({ configured: false, reason: 'BEAMS_SECRET_KEY is not set' });
    expect(await off.send(message, { deviceId: 'd', token: 'u' })).toEqual({ ok: false, error: 'BEAMS_SECRET_KEY is not set' });
    expect(fake.received).toHaveLength(0);
    await off.close();
  });
});
