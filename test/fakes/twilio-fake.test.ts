import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTwilioSignature } from '../../src/security/twilio-signature.js';
import { TwilioFake } from './twilio-fake.js';

// A minimal receiver that checks X-Twilio-Signature the way Herald's webhook route must:
// against the public URL Twilio was given, not the address the socket listens on.
describe('twilio fake inbound webhook', () => {
  const fake = new TwilioFake();
  const received: Array<Record<string, string>> = [];
  const publicUrl = 'https://herald.example.com/webhooks/twilio/sms';
  let server: Server;
  let localUrl: string;

  beforeAll(async () => {
    await fake.start();
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const header = req.headers['x-twilio-signature'];
        const ok = verifyTwilioSignature({
          authToken: fake.authToken,
          url: publicUrl,
          params,
          signature: typeof header === 'string' ? header : undefined,
        });
        if (ok) received.push(params);
        res.writeHead(ok ? 200 : 403, { 'content-type': 'text/xml' });
        res.end(ok ? '<Response/>' : 'bad signature');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    localUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/twilio/sms`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await fake.close();
  });

  it('sends a correctly signed inbound SMS that the receiver accepts', async () => {
    const res = await fake.sendInboundSms(localUrl, { from: '+447700900123', body: 'Thanks, got it!' }, { signUrl: publicUrl });
    expect(res.status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      From: '+447700900123',
      Body: 'Thanks, got it!',
      AccountSid: fake.accountSid,
      To: '+15005550006',
    });
    expect(received.at(-1)?.MessageSid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('a signature over the wrong URL, a wrong token or a forged header is refused', async () => {
    const sms = { from: '+447700900123', body: 'spoofed' };
    expect((await fake.sendInboundSms(localUrl, sms)).status).toBe(403);
    expect((await fake.sendInboundSms(localUrl, sms, { signUrl: publicUrl, authToken: 'other' })).status).toBe(403);
    expect((await fake.sendInboundSms(localUrl, sms, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' })).status).toBe(403);
    expect(received.some((p) => p.Body === 'spoofed')).toBe(false);
  });
});
