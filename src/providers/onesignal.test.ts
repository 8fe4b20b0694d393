import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OneSignalFake } from '../../test/fakes/onesignal-fake.js';
import { createOneSignalProvider } from './onesignal.js';
import type { DeliveryResult, DeviceTarget, PushMessage } from './provider.js';
import { providerContract } from './provider.contract.js';

const APP_ID = '0f4b2c1e-1111-4222-8333-944445555666';
const API_KEY = 'os_v2_app_secret';
const fake = new OneSignalFake({ appId: APP_ID, apiKey: API_KEY });
const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Поддержка',
  body: 'Новое сообщение от оператора',
  data: { type: 'chat', conversationId: 'c42' },
};

const onesignal = (apiKey = API_KEY, timeoutMs = 2000) => createOneSignalProvider({ appId: APP_ID, apiKey, apiBase: fake.url, timeoutMs });
const user = { deviceId: 'd', token: 'customer-7' };
const messageId = (r: DeliveryResult) => (r.kind === 'delivered' ? r.providerMessageId : undefined);

describe('OneSignal provider contract', () => {
  providerContract<PushMessage, DeviceTarget>({
    start: async () => void (await fake.start()),
    close: () => fake.close(),
    reset: () => fake.reset(),
    provider: (timeoutMs) => onesignal(API_KEY, timeoutMs),
    unconfigured: () => createOneSignalProvider({ appId: APP_ID, apiKey: undefined, apiBase: fake.url }),
    message,
    requests: () => fake.requests,
    success: () => ({ target: user, statusCode: 200, messageId: true }),
    retryable: () => {
      fake.script({ status: 503 });
      return { target: user, statusCode: 503 };
    },
    retryAfter: (s) => {
      fake.script({ status: 429, errors: ['API rate limit exceeded'], headers: { 'retry-after': String(s) } });
      return { target: user, statusCode: 429 };
    },
    permanent: () => {
      fake.script({ status: 400, errors: ['Bad'] });
      return { target: user, statusCode: 400 };
    },
    // OneSignal answers 200 and names the subscription it could not reach.
    deadTarget: () => {
      fake.invalidSubscriptionIds.add('4b2e-dead');
      return { target: { deviceId: 'd', token: 'subscription:4b2e-dead' }, statusCode: 200 };
    },
    hang: () => {
      fake.script('hang');
      return { target: user };
    },
  });
});

describe('OneSignal provider', () => {
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('targets the external_id with headings, contents and data', async () => {
    const p = onesignal();
    const r = await p.send(
      { ...message, collapseId: 'conv-c42', urgency: 'high', actions: [{ id: 'reply', title: 'Ответить', input: true }] },
      { deviceId: 'd', token: 'customer-7' },
    );
    expect(r).toMatchObject({ kind: 'delivered', statusCode: 200, providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const body = fake.received[0]!.body;
    expect(body).toMatchObject({
      app_id: APP_ID,
      target_channel: 'push',
      include_aliases: { external_id: ['customer-7'] },
      headings: { en: 'Поддержка' },
      contents: { en: 'Новое сообщение от оператора' },
      data: { type: 'chat', conversationId: 'c42', actions: JSON.stringify([{ id: 'reply', title: 'Ответить', input: true }]) },
      collapse_id: 'conv-c42',
      priority: 10,
      buttons: [{ id: 'reply', text: 'Ответить' }],
    });
    expect(body.include_subscription_ids).toBeUndefined();
    await p.close();
  });

  it('uses a stable idempotency key so a retried send is not a second notification', async () => {
    const p = onesignal();
    const retried = { ...message, notificationId: 'ntf_retry' };
    const first = await p.send(retried, { deviceId: 'd', token: 'customer-7' });
    const again = await p.send(retried, { deviceId: 'd', token: 'customer-7' });
    expect(first.kind).toBe('delivered');
    expect(messageId(again)).toBe(messageId(first));
    expect(fake.received.map((r) => r.duplicate)).toEqual([false, true]);
    const other = await p.send(retried, { deviceId: 'd2', token: 'customer-8' });
    expect(messageId(other)).toEqual(expect.any(String));
    expect(messageId(other)).not.toBe(messageId(first));
    await p.close();
  });

  it('keeps an external_id without devices: the user may subscribe later', async () => {
    const p = onesignal();
    fake.unknownExternalIds.add('nobody');
    const none = await p.send(message, { deviceId: 'd', token: 'nobody' });
    expect(none).toMatchObject({ kind: 'permanent', statusCode: 200, error: expect.stringMatching(/no subscribed device/) });
    await p.close();
  });

  it('a wrong API key is permanent and never shows in the result', async () => {
    const bad = onesignal('wrong-api-key');
    const denied = await bad.send(message, { deviceId: 'd', token: 'u' });
    expect(denied).toMatchObject({ kind: 'permanent', statusCode: 403 });
    expect(JSON.stringify(denied)).not.toContain(API_KEY);
    await bad.close();
  });
});
