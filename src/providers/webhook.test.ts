import { describe, expect, it } from 'vitest';
import { WebhookReceiverFake } from '../../test/fakes/webhook-receiver-fake.js';
import { newSigningSecret } from '../security/webhook-signature.js';
import { providerContract } from './provider.contract.js';
import { createWebhookProvider, type WebhookMessage } from './webhook.js';

const secret = newSigningSecret();
const fake = new WebhookReceiverFake(secret);
const message: WebhookMessage = {
  id: 'evt_1',
  body: JSON.stringify({ id: 'evt_1', event: 'message.created', data: { text: 'hello' } }),
  headers: [{ name: 'x-api-key', value: 'receiver-api-key-123' }],
  secrets: [secret],
};
const webhook = (timeoutMs = 3000) => createWebhookProvider({ timeoutMs, allowPrivate: true });
const at = (path = '/hooks/herald') => `${fake.url}${path}`;

describe('webhook provider contract', () => {
  providerContract<WebhookMessage, string>({
    start: async () => void (await fake.start()),
    close: () => fake.close(),
    reset: () => fake.reset(),
    provider: webhook,
    unconfigured: { notApplicable: 'each destination carries its own URL and signing keys; the provider has no settings' },
    message,
    requests: () => fake.requests,
    success: () => ({ target: at(), statusCode: 200, messageId: false }),
    retryable: () => {
      fake.script({ status: 503 });
      return { target: at(), statusCode: 503 };
    },
    retryAfter: (s) => {
      fake.script({ status: 429, headers: { 'retry-after': String(s) } });
      return { target: at(), statusCode: 429 };
    },
    permanent: () => {
      fake.script({ status: 400, body: 'unknown event' });
      return { target: at(), statusCode: 400 };
    },
    deadTarget: () => {
      fake.script({ status: 410 });
      return { target: at(), statusCode: 410 };
    },
    hang: () => {
      fake.script('hang');
      return { target: at() };
    },
  });
});

describe('webhook provider', () => {
  it('signs every request the way a Standard Webhooks receiver verifies it, to the path and query given', async () => {
    fake.reset();
    await fake.start();
    try {
      const p = webhook();
      const rotated = { ...message, secrets: [newSigningSecret(), secret] };
      expect(await p.send(rotated, at('/hooks/herald?tenant=7'))).toMatchObject({ kind: 'delivered', statusCode: 200 });
      const got = fake.received[0]!;
      expect(got).toMatchObject({ path: '/hooks/herald?tenant=7', id: 'evt_1', body: message.body, verified: true });
      expect(got.headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'receiver-api-key-123' });
      expect(Math.abs(got.timestamp! - Date.now() / 1000)).toBeLessThan(60);

      // A receiver that echoes the request never gets our configured header values into the console.
      fake.script({ status: 500, body: 'echo: x-api-key=receiver-api-key-123' });
      const echoed = await p.send(message, at());
      expect(echoed.kind).toBe('retryable');
      expect(JSON.stringify(echoed)).not.toContain('receiver-api-key-123');

      fake.script({ status: 302, headers: { location: 'http://127.0.0.1:1/' } });
      expect(await p.send(message, at())).toMatchObject({ kind: 'permanent', statusCode: 302, error: 'redirect (302) not followed' });
      await p.close();
    } finally {
      await fake.close();
    }
  });

  it('refuses a private address unless allowed, permanently (waiting will not make it public)', async () => {
    const p = createWebhookProvider({ timeoutMs: 2000, allowPrivate: false });
    const result = await p.send(message, 'http://127.0.0.1:9/hook');
    expect(result.kind).toBe('permanent');
    await p.close();
  });
});
