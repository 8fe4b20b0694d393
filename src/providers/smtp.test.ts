import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../test/fakes/smtp-fake.js';
import type { EmailMessage, Provider } from './provider.js';
import { providerContract } from './provider.contract.js';
import { createSmtpProvider } from './smtp.js';

const USER = 'herald@example.com';
const PASS = 'p@ss w0rd:secret';
const FROM = 'Herald Support <support@example.com>';

const mail: EmailMessage = {
  to: 'ada@example.com',
  subject: 'New message from Grace',
  text: 'Hello Ada,\nyou have a reply.',
  html: '<p>Hello Ada,<br>you have a reply.</p>',
};

describe('smtp provider contract', () => {
  const fake = new SmtpFake({ auth: { user: USER, pass: PASS } });
  providerContract<EmailMessage, void>({
    start: async () => void (await fake.start()),
    close: () => fake.close(),
    reset: () => fake.reset(),
    provider: (timeoutMs) => createSmtpProvider({ url: fake.url(), from: FROM, poolSize: 2, timeoutMs }),
    unconfigured: () => createSmtpProvider({ url: undefined, from: FROM }),
    message: mail,
    requests: () => fake.requests,
    success: () => ({ target: undefined, statusCode: 250, messageId: true }),
    // Greylisting.
    retryable: () => {
      fake.reject(451, '4.7.1 Greylisted, try again later');
      return { target: undefined, statusCode: 451 };
    },
    retryAfter: { notApplicable: 'SMTP replies carry no Retry-After; a 4yz reply is retried on the schedule' },
    permanent: () => {
      fake.reject(550, '5.1.1 Mailbox unavailable');
      return { target: undefined, statusCode: 550 };
    },
    deadTarget: { notApplicable: 'an email address is the person’s data: a 5yz reply fails that email only, the address stays on file' },
    hang: () => {
      fake.hang();
      return { target: undefined };
    },
  });
});

describe('smtp provider against a real SMTP server', () => {
  const fake = new SmtpFake({ auth: { user: USER, pass: PASS } });
  const providers: Provider<EmailMessage, void>[] = [];
  const make = (url = fake.url()) => {
    const p = createSmtpProvider({ url, from: FROM, poolSize: 2, timeoutMs: 3000 });
    providers.push(p);
    return p;
  };

  beforeAll(async () => {
    await fake.start();
  });
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()));
    fake.reset();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('delivers plain and HTML parts, Reply-To and extra headers, authenticated', async () => {
    const provider = make();
    expect(provider.status()).toEqual({ configured: true });
    const result = await provider.send(
      {
        ...mail,
        replyTo: 'reply+conv_42@example.com',
        headers: { 'X-Herald-Conversation': 'conv_42', References: '<conv_42@herald>' },
      },
      undefined,
    );
    expect(result).toMatchObject({ kind: 'delivered', statusCode: 250, providerMessageId: expect.stringMatching(/^<.+>$/) });

    const [received] = fake.messages;
    expect(received).toBeDefined();
    expect(received!.user).toBe(USER);
    expect(received!.envelope).toEqual({ from: 'support@example.com', to: ['ada@example.com'] });
    const parsed = received!.parsed;
    expect(parsed.subject).toBe('New message from Grace');
    expect(parsed.from?.value[0]).toEqual({ address: 'support@example.com', name: 'Herald Support' });
    expect(parsed.text?.trim()).toBe('Hello Ada,\nyou have a reply.');
    expect(parsed.html).toContain('<p>Hello Ada,<br>you have a reply.</p>');
    expect(parsed.replyTo?.value[0]?.address).toBe('reply+conv_42@example.com');
    expect(parsed.headers.get('x-herald-conversation')).toBe('conv_42');
    expect(parsed.references).toBe('<conv_42@herald>');
  });

  it('reuses pooled connections for several sends', async () => {
    const provider = make();
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((n) => provider.send({ ...mail, to: `${n}@example.com` }, undefined)));
    expect(results.every((r) => r.kind === 'delivered')).toBe(true);
    expect(fake.messages.map((m) => m.envelope.to[0]).sort()).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => `${n}@example.com`));
    // poolSize 2: five mails, at most two logins.
    expect(fake.authAttempts).toBeLessThanOrEqual(2);
  });

  it('550 for one recipient: permanent, the reply kept, nothing delivered', async () => {
    fake.reject(550, '5.1.1 Mailbox unavailable', { recipient: 'gone@example.com' });
    const result = await make().send({ ...mail, to: 'gone@example.com' }, undefined);
    expect(result).toMatchObject({ kind: 'permanent', statusCode: 550, response: expect.stringContaining('Mailbox unavailable') });
    expect(fake.messages).toHaveLength(0);
  });

  it('5xx after DATA → not retryable', async () => {
    fake.reject(554, '5.7.1 Message rejected as spam', { stage: 'data' });
    const result = await make().send(mail, undefined);
    expect(result).toMatchObject({ kind: 'permanent', statusCode: 554 });
  });

  it('wrong password → 535, not retryable, and the password never shows', async () => {
    const provider = make(fake.url({ user: USER, pass: 'wrong-pass-123' }));
    const result = await provider.send(mail, undefined);
    expect(result).toMatchObject({ kind: 'permanent', statusCode: 535 });
    expect(JSON.stringify(result)).not.toContain('wrong-pass-123');
    expect(JSON.stringify(result)).not.toContain(Buffer.from('wrong-pass-123').toString('base64'));
  });

  it('check() verifies the relay for `herald doctor`', async () => {
    expect(await make().check!()).toMatchObject({ ok: true });
    const bad = await make(fake.url({ user: USER, pass: 'nope-nope' })).check!();
    expect(bad.ok).toBe(false);
    expect(bad.detail).not.toContain('nope-nope');
  });
});

describe('smtp provider without a server', () => {
  it('connection refused → retryable, no secret in the error', async () => {
    // Grab a free port and release it so nothing listens there.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));

    const provider = createSmtpProvider({ url: `smtp://u:s3cr3t-pw@127.0.0.1:${port}`, from: FROM });
    const result = await provider.send(mail, undefined);
    await provider.close();
    expect(result).toEqual({ kind: 'retryable', error: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) });
    expect(JSON.stringify(result)).not.toContain('s3cr3t-pw');
  });

  it.each([
    [{ url: 'smtp://127.0.0.1:25', from: '' }, 'SMTP_FROM is not set'],
    [{ url: 'http://u:topsecret@mail.example.com', from: FROM }, 'smtp:// or smtps://'],
    [{ url: 'not a url topsecret', from: FROM }, 'not a valid URL'],
  ])('unusable settings %# → status says why without echoing the URL', async (config, reason) => {
    const provider = createSmtpProvider(config);
    const status = provider.status();
    expect(status.configured).toBe(false);
    if (!status.configured) {
      expect(status.reason).toContain(reason);
      expect(status.reason).not.toContain('topsecret');
    }
    expect(await provider.send(mail, undefined)).toEqual({ kind: 'unconfigured', reason: expect.stringContaining(reason) });
    await provider.close();
  });
});
