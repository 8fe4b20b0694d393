/**
 * No secret echoed (CONTRACT §11): a receiver that answers every request with an error body
 * echoing the request's headers and URL puts the push config's secret header, the Twilio token,
 * the Beams and OneSignal keys, the Telegram bot token and the FCM access token in front of
 * Herald. None of them may come back out of any API response (deliveries console, notifications).
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FcmFake } from '../fakes/fcm-fake.js';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';

const SECRETS = {
  header: 'hdr-secret-9f8e7d6c5b4a',
  plainHeader: 'tenant-key-0a1b2c3d4e',
  telegram: '987654321:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
  beams: 'BEAMS-SECRET-4F3E2D1C0B9A8F7E6D5C',
  onesignal: 'os_v2_app_secretkey1234567890abcdef',
  twilioSid: 'AC0123456789abcdef0123456789abcdef',
  twilio: 'twilio-auth-token-00112233445566778899',
};

/** Answers 400 with the request's method, URL and headers: the careless receiver. */
async function startEcho() {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({ error: 'bad request', echo: { method: req.method, url: req.url, headers: req.headers } });
      seen.push(body);
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

for (const backend of backends()) {
  describe(`redaction of stored excerpts on ${backend}`, () => {
    let h: TestHerald;
    let echo: Awaited<ReturnType<typeof startEcho>>;
    const fcm = new FcmFake();

    beforeAll(async () => {
      echo = await startEcho();
      await fcm.start();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-redact-'));
      h = await startHerald({
        backend,
        env: {
          HERALD_RETRY_SCHEDULE_S: '0.05',
          FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dir),
          FCM_ENDPOINT: echo.url,
          TELEGRAM_BOT_TOKEN: SECRETS.telegram,
          TELEGRAM_API_BASE: echo.url,
          BEAMS_INSTANCE_ID: 'instance-1',
          BEAMS_SECRET_KEY: SECRETS.beams,
          BEAMS_API_BASE: echo.url,
          ONESIGNAL_APP_ID: '11111111-2222-3333-4444-555555555555',
          ONESIGNAL_API_KEY: SECRETS.onesignal,
          ONESIGNAL_API_BASE: echo.url,
          TWILIO_ACCOUNT_SID: SECRETS.twilioSid,
          TWILIO_AUTH_TOKEN: SECRETS.twilio,
          TWILIO_FROM: '+15005550006',
          TWILIO_API_BASE: echo.url,
        },
      });
    });
    afterAll(async () => {
      await h.close();
      await echo.close();
      await fcm.close();
    });

    it('leaves no secret in any API response, though the receiver echoed them all', async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Echoed' })).body;
      const put = await h.api('PUT', `/api/agents/${agent.id}/push-config`, {
        enabled: true,
        url: `${echo.url}/hook`,
        headers: [
          { name: 'Authorization', value: `Bearer ${SECRETS.header}`, secret: true },
          { name: 'X-Api-Key', value: SECRETS.plainHeader, secret: false },
        ],
        events: ['session.started'],
        retry: 'none',
      });
      expect(put.status).toBe(200);

      const customerId = `echo-${backend}`;
      const auth = `Bearer ${(await h.api('POST', `/api/customers/${customerId}/token`, {})).body.token}`;
      for (const device of [
        { platform: 'mobile', token: 'fcm-token-echo' },
        { platform: 'tma', token: '4242' },
        { platform: 'mobile', provider: 'beams', token: 'beams-device-echo' },
        { platform: 'mobile', provider: 'onesignal', token: 'onesignal-sub-echo' },
      ]) {
        expect((await h.api('POST', '/api/devices/register', device, { authorization: auth })).status).toBe(201);
      }
      await h.api('PUT', `/api/customers/${customerId}`, { phone: '+15550100999' });
      const session = (await h.api('POST', '/api/sessions', { agentId: agent.id, channel: 'sms', customerId })).body;
      const operatorId = (await h.api('GET', '/api/operators')).body.items[0].id;
      await h.api('POST', `/api/sessions/${session.id}/messages`, { text: 'An operator reply by SMS', role: 'operator', operatorId });
      const notification = (await h.api('POST', '/api/notifications', { customerId, category: 'system', body: 'Echo me' })).body;

      // Everything has been tried and answered (400 from the echo) before we read.
      const settled = await eventually(async () => {
        const items = (await h.api('GET', '/api/deliveries?limit=200')).body.items as Array<{ id: string; channel: string; status: string }>;
        const channels = new Set(items.filter((d) => !['queued', 'retrying', 'sending'].includes(d.status)).map((d) => d.channel));
        return ['webhook', 'fcm', 'telegram', 'beams', 'onesignal', 'sms'].every((c) => channels.has(c)) && items;
      }, 20_000);

      // The receiver really saw every secret: the test would fail if redaction were missing.
      const received = echo.seen.join('\n');
      for (const s of [SECRETS.header, SECRETS.plainHeader, SECRETS.telegram, SECRETS.beams, SECRETS.onesignal]) expect(received).toContain(s);
      expect(received).toContain(Buffer.from(`${SECRETS.twilioSid}:${SECRETS.twilio}`).toString('base64'));
      expect(received).toMatch(/"authorization":"Bearer [^"]+"/);

      const responses: string[] = [JSON.stringify(settled)];
      for (const d of settled) responses.push(JSON.stringify((await h.api('GET', `/api/deliveries/${d.id}`)).body));
      responses.push(JSON.stringify((await h.api('GET', `/api/notifications/${notification.id}`)).body));
      responses.push(JSON.stringify((await h.api('GET', `/api/notifications/${notification.id}`, undefined, { authorization: auth })).body));
      const out = responses.join('\n');
      expect(out).toContain('[redacted]');
      for (const s of Object.values(SECRETS).filter((v) => v !== SECRETS.twilioSid)) expect(out).not.toContain(s);
      expect(out).not.toContain(Buffer.from(`${SECRETS.twilioSid}:${SECRETS.twilio}`).toString('base64'));
      // No bearer token of any kind (the FCM access token included) survives.
      expect(out).not.toMatch(/Bearer (?!\[redacted\])[A-Za-z0-9._~+/-]{8,}/);
    });
  });
}
