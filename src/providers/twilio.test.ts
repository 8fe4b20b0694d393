import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioFake } from '../../test/fakes/twilio-fake.js';
import type { Provider, SmsMessage } from './provider.js';
import { providerContract } from './provider.contract.js';
import { createTwilioProvider, type TwilioProviderConfig } from './twilio.js';

const FROM = '+15005550006';
const sms: SmsMessage = { to: '+447700900123', body: 'Grace replied: your order has shipped.' };

const fake = new TwilioFake();
const config = (over: Partial<TwilioProviderConfig> = {}): TwilioProviderConfig => ({
  accountSid: fake.accountSid,
  authToken: fake.authToken,
  from: FROM,
  apiBase: fake.apiBase,
  timeoutMs: 3000,
  ...over,
});

describe('twilio provider contract', () => {
  providerContract<SmsMessage, void>({
    start: async () => void (await fake.start()),
    close: () => fake.close(),
    reset: () => fake.reset(),
    provider: (timeoutMs) => createTwilioProvider(config({ timeoutMs })),
    unconfigured: () => createTwilioProvider(config({ authToken: undefined })),
    message: sms,
    requests: () => fake.requests.length,
    success: () => ({ target: undefined, statusCode: 201, messageId: true }),
    retryable: () => {
      fake.fail({ code: 20500, status: 503, message: 'Service unavailable' });
      return { target: undefined, statusCode: 503 };
    },
    retryAfter: (s) => {
      fake.fail({ code: 20429, retryAfter: s, message: 'Too Many Requests' });
      return { target: undefined, statusCode: 429 };
    },
    // The recipient replied STOP: final for this text, but they can undo it, so the number stays.
    permanent: () => {
      fake.fail({ code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      return { target: undefined, statusCode: 400 };
    },
    deadTarget: () => {
      fake.fail({ code: 21211 });
      return { target: undefined, statusCode: 400 };
    },
    hang: () => {
      fake.hang();
      return { target: undefined };
    },
  });
});

describe('twilio provider against the Twilio fake', () => {
  const opened: Provider<SmsMessage, void>[] = [];
  const twilio = (over: Partial<TwilioProviderConfig> = {}) => {
    const p = createTwilioProvider(config(over));
    opened.push(p);
    return p;
  };

  beforeAll(async () => {
    await fake.start();
  });
  beforeEach(() => fake.reset());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await fake.close();
  });

  it('POSTs To, From and Body form-encoded with Basic auth and returns the message SID', async () => {
    const provider = twilio();
    expect(provider.status()).toEqual({ configured: true });
    const result = await provider.send(sms, undefined);
    expect(fake.requests[0]?.authorized).toBe(true);
    expect(fake.messages).toHaveLength(1);
    const sent = fake.messages[0]!;
    expect(sent).toMatchObject({ to: sms.to, from: FROM, body: sms.body, messagingServiceSid: null });
    expect(result).toMatchObject({ kind: 'delivered', statusCode: 201, providerMessageId: sent.sid });
  });

  it('sends a unicode body intact', async () => {
    const body = 'Оператор ответил: «готово» ✅ & <ok>';
    const result = await twilio().send({ ...sms, body }, undefined);
    expect(result.kind).toBe('delivered');
    expect(fake.messages[0]?.body).toBe(body);
  });

  it('uses the alphanumeric sender name as From when given', async () => {
    const result = await twilio().send({ ...sms, senderName: 'Herald 24' }, undefined);
    expect(result.kind).toBe('delivered');
    expect(fake.messages[0]?.from).toBe('Herald 24');
  });

  it('refuses an invalid sender name before calling Twilio', async () => {
    const provider = twilio();
    for (const senderName of ['TooLongSenderName', '12345', 'Bad!Name']) {
      const result = await provider.send({ ...sms, senderName }, undefined);
      expect(result.kind).toBe('permanent');
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('a Messaging Service SID in TWILIO_FROM is sent as MessagingServiceSid', async () => {
    const mg = `MG${'a'.repeat(32)}`;
    const result = await twilio({ from: mg }).send(sms, undefined);
    expect(result.kind).toBe('delivered');
    expect(fake.messages[0]).toMatchObject({ from: null, messagingServiceSid: mg });
  });

  it.each([21614, 21217])('invalid number %i → target dropped, like 21211', async (code) => {
    fake.fail({ code });
    const result = await twilio().send(sms, undefined);
    expect(result).toMatchObject({ kind: 'dead-target', response: expect.stringContaining(String(code)) });
  });

  it('a malformed number is refused by Twilio itself with 21211', async () => {
    const result = await twilio().send({ ...sms, to: '12' }, undefined);
    expect(result).toMatchObject({ kind: 'dead-target', statusCode: 400 });
  });

  it('a rate limit (20429) is retryable even when Twilio carries it on a 400', async () => {
    fake.fail({ code: 20429, status: 400, message: 'Too Many Requests' });
    expect(await twilio().send(sms, undefined)).toMatchObject({ kind: 'retryable', statusCode: 400 });
  });

  it('wrong auth token → 401 not retryable, and the token never shows', async () => {
    const token = 'f'.repeat(32);
    const result = await twilio({ authToken: token }).send(sms, undefined);
    expect(fake.requests[0]?.authorized).toBe(false);
    expect(result).toMatchObject({ kind: 'permanent', statusCode: 401 });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(JSON.stringify(result)).not.toContain(fake.authToken);
  });

  it('check() reports the account for `herald doctor`', async () => {
    expect(await twilio().check!()).toMatchObject({ ok: true });
    const bad = await twilio({ authToken: 'nope-nope-nope' }).check!();
    expect(bad.ok).toBe(false);
    expect(bad.detail).toContain('20003');
    expect(bad.detail).not.toContain('nope-nope-nope');
  });
});

describe('twilio provider, transport failures', () => {
  const base = { accountSid: 'AC1', authToken: 'tok-secret-123', from: FROM, timeoutMs: 300 };

  it('connection refused → retryable, no secret in the error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const provider = createTwilioProvider({ ...base, apiBase: `http://127.0.0.1:${port}` });
    const result = await provider.send(sms, undefined);
    await provider.close();
    expect(result).toMatchObject({ kind: 'retryable', error: expect.stringMatching(/^Twilio API: network error: ECONNREFUSED/) });
    expect(JSON.stringify(result)).not.toContain('tok-secret-123');
  });

  it.each([
    ['accountSid', 'TWILIO_ACCOUNT_SID is not set'],
    ['authToken', 'TWILIO_AUTH_TOKEN is not set'],
    ['from', 'TWILIO_FROM is not set'],
  ] as const)('missing %s → unconfigured, named', async (field, reason) => {
    const provider = createTwilioProvider({ ...base, apiBase: 'http://127.0.0.1:1', [field]: undefined });
    expect(provider.status()).toEqual({ configured: false, reason });
    await provider.close();
  });
});
