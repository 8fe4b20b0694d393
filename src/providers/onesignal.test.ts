import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OneSignalFake } from '../../test/fakes/onesignal-fake.js';
import { createOneSignalProvider } from './onesignal.js';
import type { PushMessage } from './provider.js';

const APP_ID = '0f4b2c1e-1111-4222-8333-944445555666';
const API_KEY = 'os_v2_app_secret';
const fake = new OneSignalFake({ appId: APP_ID, apiKey: API_KEY });
const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Поддержка',
  body: 'Новое сообщение от оператора',
  data: { type: 'chat', conversationId: 'c42' },
};

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const onesignal = (apiKey = API_KEY, timeoutMs = 2000) =>
  createOneSignalProvider({ appId: APP_ID, apiKey, apiBase: fake.url, timeoutMs });

describe('OneSignal provider', () => {
  it('targets the external_id with headings, contents and data', async () => {
    const p = onesignal();
    const r = await p.send(
      { ...message, collapseId: 'conv-c42', urgency: 'high', actions: [{ id: 'reply', title: 'Ответить', input: true }] },
      { deviceId: 'd', token: 'customer-7' },
    );
    expect(r).toMatchObject({ ok: true, statusCode: 200, providerMessageId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
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
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(fake.received.map((r) => r.duplicate)).toEqual([false, true]);
    const other = await p.send(retried, { deviceId: 'd2', token: 'customer-8' });
    expect(other.providerMessageId).not.toBe(first.providerMessageId);
    await p.close();
  });

  it('drops an unsubscribed subscription id but keeps an external_id without devices', async () => {
    const p = onesignal();
    fake.invalidSubscriptionIds.add('4b2e-dead');
    const dead = await p.send(message, { deviceId: 'd', token: 'subscription:4b2e-dead' });
    expect(fake.received[0]!.body.include_subscription_ids).toEqual(['4b2e-dead']);
    expect(dead).toMatchObject({ ok: false, statusCode: 200, dropTarget: true });

    fake.unknownExternalIds.add('nobody');
    const none = await p.send(message, { deviceId: 'd', token: 'nobody' });
    expect(none).toMatchObject({ ok: false, statusCode: 200, error: expect.stringMatching(/no subscribed device/) });
    expect(none.dropTarget).toBeFalsy();
    expect(none.retryable).toBeFalsy();
    await p.close();
  });

  it('maps auth, rate-limit, server errors and timeouts', async () => {
    const bad = onesignal('wrong');
    const denied = await bad.send(message, { deviceId: 'd', token: 'u' });
    expect(denied).toMatchObject({ ok: false, statusCode: 403 });
    expect(denied.retryable).toBeFalsy();
    expect(JSON.stringify(denied)).not.toContain(API_KEY);
    await bad.close();

    const p = onesignal(API_KEY, 300);
    fake.script({ status: 429, errors: ['API rate limit exceeded'], headers: { 'retry-after': '3' } }, { status: 503 }, { status: 400, errors: ['Bad'] }, 'hang');
    expect(await p.send(message, { deviceId: 'd', token: 'u' })).toMatchObject({ ok: false, statusCode: 429, retryable: true, retryAfterMs: 3000 });
    expect(await p.send(message, { deviceId: 'd', token: 'u' })).toMatchObject({ ok: false, statusCode: 503, retryable: true });
    const bad400 = await p.send(message, { deviceId: 'd', token: 'u' });
    expect(bad400).toMatchObject({ ok: false, statusCode: 400, error: 'OneSignal 400: Bad' });
    expect(bad400.retryable).toBeFalsy();
    expect(await p.send(message, { deviceId: 'd', token: 'u' })).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/timeout/) });
    await p.close();
  });

  it('is a no-op with a reason when unconfigured', async () => {
    const off = createOneSignalProvider({ appId: undefined, apiKey: undefined, apiBase: fake.url });
    expect(off.status()).toEqual({ configured: false, reason: 'ONESIGNAL_APP_ID, ONESIGNAL_API_KEY are not set' });
    expect(await off.send(message, { deviceId: 'd', token: 'u' })).toEqual({ ok: false, error: 'ONESIGNAL_APP_ID, ONESIGNAL_API_KEY are not set' });
    expect(fake.received).toHaveLength(0);
    await off.close();
  });
});
