import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioFake } from '../../test/fakes/twilio-fake.js';
import type { SmsMessage } from './provider.js';
import { createTwilioProvider, type TwilioProviderConfig } from './twilio.js';

const FROM = '+15005550006';
const sms: SmsMessage = { to: '+447700900123', body: 'Grace replied: your order has shipped.' };

describe('twilio provider against the Twilio fake', () => {
  const fake = new TwilioFake();
  const config = (over: Partial<TwilioProviderConfig> = {}): TwilioProviderConfig => ({
    accountSid: fake.accountSid,
    authToken: fake.authToken,
    from: FROM,
    apiBase: fake.apiBase,
    timeoutMs: 3000,
    ...over,
  });

  beforeAll(async () => {
    await fake.start();
  });
  beforeEach(() => {
    fake.messages.length = 0;
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await fake.close();
  });

  it('POSTs To, From and Body form-encoded with Basic auth and returns the message SID', async () => {
    const provider = createTwilioProvider(config());
    expect(provider.status()).toEqual({ configured: true });
    const result = await provider.send(sms, undefined);
    expect(result).toMatchObject({ ok: true, statusCode: 201 });
    expect(fake.requests[0]?.authorized).toBe(true);
    expect(fake.messages).toHaveLength(1);
    const sent = fake.messages[0]!;
    expect(sent).toMatchObject({ to: sms.to, from: FROM, body: sms.body, messagingServiceSid: null });
    expect(result.providerMessageId).toBe(sent.sid);
  });

  it('sends a unicode body intact', async () => {
    const body = 'Оператор ответил: «готово» ✅ & <ok>';
    const result = await createTwilioProvider(config()).send({ ...sms, body }, undefined);
    expect(result.ok).toBe(true);
    expect(fake.messages[0]?.body).toBe(body);
  });

  it('uses the alphanumeric sender name as From when given', async () => {
    const result = await createTwilioProvider(config()).send({ ...sms, senderName: 'Herald 24' }, undefined);
    expect(result.ok).toBe(true);
    expect(fake.messages[0]?.from).toBe('Herald 24');
  });

  it('refuses an invalid sender name before calling Twilio', async () => {
    const provider = createTwilioProvider(config());
    for (const senderName of ['TooLongSenderName', '12345', 'Bad!Name']) {
      const result = await provider.send({ ...sms, senderName }, undefined);
      expect(result).toMatchObject({ ok: false, retryable: false });
    }
    expect(fake.requests).toHaveLength(0);
  });

  it('a Messaging Service SID in TWILIO_FROM is sent as MessagingServiceSid', async () => {
    const mg = `MG${'a'.repeat(32)}`;
    const result = await createTwilioProvider(config({ from: mg })).send(sms, undefined);
    expect(result.ok).toBe(true);
    expect(fake.messages[0]).toMatchObject({ from: null, messagingServiceSid: mg });
  });

  it('21610 unsubscribed → final, not retried, the number is kept', async () => {
    fake.fail({ code: 21610, message: 'Attempt to send to unsubscribed recipient', to: sms.to });
    const result = await createTwilioProvider(config()).send(sms, undefined);
    expect(result).toMatchObject({ ok: false, statusCode: 400, retryable: false });
    expect(result.dropTarget).toBeFalsy();
    expect(result.error).toContain('21610');
    expect(fake.messages).toHaveLength(0);
  });

  it.each([21211, 21614, 21217])('invalid number %i → never retried, target dropped', async (code) => {
    fake.fail({ code });
    const result = await createTwilioProvider(config()).send(sms, undefined);
    expect(result).toMatchObject({ ok: false, retryable: false, dropTarget: true });
    expect(result.response).toContain(String(code));
  });

  it('a malformed number is refused by Twilio itself with 21211', async () => {
    const result = await createTwilioProvider(config()).send({ ...sms, to: '12' }, undefined);
    expect(result).toMatchObject({ ok: false, statusCode: 400, retryable: false, dropTarget: true });
  });

  it('20429 / 429 → retryable and honours Retry-After', async () => {
    fake.fail({ code: 20429, retryAfter: 7, message: 'Too Many Requests' });
    const result = await createTwilioProvider(config()).send(sms, undefined);
    expect(result).toMatchObject({ ok: false, statusCode: 429, retryable: true, retryAfterMs: 7000 });
  });

  it('5xx → retryable', async () => {
    fake.fail({ code: 20500, status: 503, message: 'Service unavailable' });
    const result = await createTwilioProvider(config()).send(sms, undefined);
    expect(result).toMatchObject({ ok: false, statusCode: 503, retryable: true });
  });

  it('wrong auth token → 401 not retryable, and the token never shows', async () => {
    const token = 'f'.repeat(32);
    const result = await createTwilioProvider(config({ authToken: token })).send(sms, undefined);
    expect(fake.requests[0]?.authorized).toBe(false);
    expect(result).toMatchObject({ ok: false, statusCode: 401, retryable: false });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(JSON.stringify(result)).not.toContain(fake.authToken);
  });

  it('check() reports the account for `herald doctor`', async () => {
    expect(await createTwilioProvider(config()).check!()).toMatchObject({ ok: true });
    const bad = await createTwilioProvider(config({ authToken: 'nope-nope-nope' })).check!();
    expect(bad.ok).toBe(false);
    expect(bad.detail).toContain('20003');
    expect(bad.detail).not.toContain('nope-nope-nope');
  });
});

describe('twilio provider, transport failures', () => {
  let silent: Server;
  let silentBase: string;
  beforeAll(async () => {
    // Accepts the connection and never answers.
    silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  const base = { accountSid: 'AC1', authToken: 'tok-secret-123', from: FROM, timeoutMs: 300 };

  it('a stalled API times out → retryable', async () => {
    const result = await createTwilioProvider({ ...base, apiBase: silentBase }).send(sms, undefined);
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.error).toMatch(/timed out/);
  });

  it('connection refused → retryable, no secret in the error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const result = await createTwilioProvider({ ...base, apiBase: `http://127.0.0.1:${port}` }).send(sms, undefined);
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(JSON.stringify(result)).not.toContain('tok-secret-123');
  });

  it.each([
    ['accountSid', 'TWILIO_ACCOUNT_SID is not set'],
    ['authToken', 'TWILIO_AUTH_TOKEN is not set'],
    ['from', 'TWILIO_FROM is not set'],
  ] as const)('missing %s → unconfigured, send fails without a request', async (field, reason) => {
    const provider = createTwilioProvider({ ...base, apiBase: silentBase, [field]: undefined });
    expect(provider.status()).toEqual({ configured: false, reason });
    expect(await provider.send(sms, undefined)).toEqual({ ok: false, error: reason, retryable: false });
    await provider.close();
  });
});
