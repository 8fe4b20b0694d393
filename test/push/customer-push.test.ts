import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApnsFake } from '../fakes/apns-fake.js';
import { FcmFake } from '../fakes/fcm-fake.js';
import { PushServiceFake } from '../fakes/push-service-fake.js';
import { TelegramFake } from '../fakes/telegram-fake.js';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { openStream } from '../helpers/sse.js';

const BOT_TOKEN = '123456:test-bot-token';

for (const backend of backends()) {
  describe(`customer push on ${backend}`, () => {
    let h: TestHerald;
    const fcm = new FcmFake();
    const apns = new ApnsFake({ keyId: 'KEY1234567', teamId: 'TEAM123456' });
    const pushService = new PushServiceFake();
    const telegram = new TelegramFake({ token: BOT_TOKEN, username: 'herald_test_bot' });
    let agentId: string;

    beforeAll(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-push-'));
      const f = await fcm.start();
      const a = await apns.start();
      await pushService.start();
      const t = await telegram.start();
      fs.writeFileSync(path.join(dir, 'apns-ca.pem'), a.ca);
      h = await startHerald({
        backend,
        env: {
          FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dir),
          FCM_ENDPOINT: f.url,
          APNS_KEY_FILE: await apns.writeKey(dir),
          APNS_KEY_ID: 'KEY1234567',
          APNS_TEAM_ID: 'TEAM123456',
          APNS_TOPIC: 'com.example.app',
          APNS_HOST: a.host,
          APNS_CA_FILE: path.join(dir, 'apns-ca.pem'),
          VAPID_SUBJECT: 'mailto:ops@example.test',
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_BOT_USERNAME: 'herald_test_bot',
          TELEGRAM_API_BASE: t.url,
          HERALD_WEBHOOK_TIMEOUT_MS: '1500',
        },
      });
      agentId = (await h.api('POST', '/api/agents', { name: 'Push bot' })).body.id;
    });
    afterAll(async () => {
      await h.close();
      await Promise.all([fcm.close(), apns.close(), pushService.close(), telegram.close()]);
    });
    beforeEach(() => {
      fcm.received.length = 0;
      apns.received.length = 0;
      pushService.received.length = 0;
      telegram.received.length = 0;
    });

    const tokenFor = async (id: string) => `Bearer ${(await h.api('POST', `/api/customers/${id}/token`, {})).body.token}`;
    const register = (auth: string, body: Record<string, unknown>) => h.api('POST', '/api/devices/register', body, { authorization: auth });

    async function customerWithDevices(id: string) {
      const auth = await tokenFor(id);
      const sub = pushService.subscribe();
      expect((await register(auth, { platform: 'mobile', token: `fcm-${id}`, appVersion: '2.1.0', locale: 'en' })).status).toBe(201);
      expect((await register(auth, { platform: 'mobile', provider: 'apns', token: randomBytes(32).toString('hex') })).status).toBe(201);
      expect((await register(auth, { platform: 'web', token: JSON.stringify(sub) })).status).toBe(201);
      expect((await register(auth, { platform: 'tma', token: String(1000 + id.length) })).status).toBe(201);
      return { auth, sub };
    }

    it('sends an offline customer one notification on each device, each through its real protocol', async () => {
      await customerWithDevices('cust-all');
      const s = (await h.api('POST', '/api/sessions', { agentId, channel: 'mobile', customerId: 'cust-all' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Your refund is on its way' });

      await eventually(() => fcm.received.length === 1 && apns.received.length === 1 && pushService.received.length === 1 && telegram.received.length === 1);
      // FCM: a bearer token minted from the service account, payload as CONTRACT §6.
      expect(fcm.tokenRequests.length).toBeGreaterThanOrEqual(1);
      expect(fcm.received[0]!.accessToken).toBe(fcm.tokenRequests.at(-1)!.accessToken);
      expect(fcm.received[0]!.message).toMatchObject({
        token: 'fcm-cust-all',
        notification: { title: 'Support', body: 'New message from operator' },
        data: { type: 'chat', conversationId: s.id },
      });
      // APNs: the fake verified the ES256 provider token.
      expect(apns.received[0]).toMatchObject({ status: 200, jwt: { iss: 'TEAM123456', kid: 'KEY1234567' } });
      expect(apns.received[0]!.headers['apns-topic']).toBe('com.example.app');
      expect(apns.received[0]!.headers['apns-collapse-id']).toBe(s.id);
      // The console keeps each vendor's id of the accepted message.
      const byChannel = await eventually(async () => {
        const items = (await h.api('GET', `/api/deliveries?sessionId=${s.id}`)).body.items;
        return items.every((d: any) => d.status === 'delivered') && new Map(items.map((d: any) => [d.channel, d.id]));
      });
      const apnsAttempt = (await h.api('GET', `/api/deliveries/${byChannel.get('apns')}`)).body.attemptLog[0];
      const fcmAttempt = (await h.api('GET', `/api/deliveries/${byChannel.get('fcm')}`)).body.attemptLog[0];
      expect(apnsAttempt.providerMessageId).toMatch(/^[0-9A-Fa-f-]{36}$/);
      expect(fcmAttempt.providerMessageId).toMatch(/^projects\/.+\/messages\/.+/);
      // Web Push: the push service decrypted the RFC 8291 body with the subscription's keys.
      const shown = JSON.parse(pushService.received[0]!.payload);
      expect(shown).toMatchObject({ title: 'Support', body: 'New message from operator', data: { type: 'chat', conversationId: s.id } });
      // Telegram: HTML text and the Mini App deep link.
      expect(telegram.received[0]!.visibleText).toBe('Support\nNew message from operator');
      expect(telegram.received[0]!.replyMarkup?.inline_keyboard?.[0]?.[0]).toEqual({
        text: 'Open chat',
        url: `https://t.me/herald_test_bot/app?startapp=chat_${s.id}`,
      });
    });

    it('localizes texts by the customer locale', async () => {
      await h.api('PUT', '/api/customers/cust-ru', { locale: 'ru-RU' });
      const auth = await tokenFor('cust-ru');
      await register(auth, { platform: 'mobile', token: 'fcm-ru' });
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'cust-ru' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Привет' });
      await eventually(() => fcm.received.length === 1);
      expect(fcm.received[0]!.message.notification).toEqual({ title: 'Поддержка', body: 'Новое сообщение от оператора' });
    });

    it('sends no chat push while the customer has a stream open; deliveries say why', async () => {
      const { auth } = await customerWithDevices('cust-online');
      const stream = await openStream(`${h.url}/api/stream`, { authorization: auth });
      try {
        const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'cust-online' })).body;
        await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Are you there?' });
        await stream.next((e) => e.event === 'message.created');
        const skipped = await eventually(async () => {
          const r = await h.api('GET', `/api/deliveries?sessionId=${s.id}&status=skipped`);
          return r.body.items.length === 4 && r.body.items;
        });
        expect(skipped.every((d: any) => /online/.test(d.reason))).toBe(true);
        await settled(h);
        expect(fcm.received.length + pushService.received.length + telegram.received.length + apns.received.length).toBe(0);
      } finally {
        stream.close();
      }
    });

    it('delivers nothing anywhere for a muted category, and says so', async () => {
      const { auth } = await customerWithDevices('cust-muted');
      const prefs = await h.api('PUT', '/api/settings/notifications', { chatMessages: false }, { authorization: auth });
      expect(prefs.body).toEqual({ chatMessages: false, ticketUpdates: true, systemNotices: true });
      const res = await h.api('POST', '/api/notifications', { customerId: 'cust-muted', category: 'chat', body: 'muted?' });
      expect(res.status).toBe(202);
      expect(res.body.deliveries).toHaveLength(4);
      expect(res.body.deliveries.every((d: any) => d.status === 'skipped' && /muted: .*chatMessages/.test(d.reason))).toBe(true);
      // Ticket notifications are still on, whatever the presence.
      const ticket = await h.api('POST', '/api/notifications', {
        customerId: 'cust-muted',
        category: 'ticket',
        title: 'Ticket #98765',
        body: 'Updated',
        data: { ticketId: '98765' },
      });
      // Planned for all four devices (not muted); the fastest may already be done when the answer is written.
      expect(ticket.body.deliveries).toHaveLength(4);
      expect(ticket.body.deliveries.some((d: any) => /muted/.test(d.reason ?? ''))).toBe(false);
      await eventually(() => fcm.received.length === 1);
      expect(fcm.received[0]!.message.data).toMatchObject({ type: 'ticket', ticketId: '98765' });
      const got = (await h.api('GET', `/api/notifications/${ticket.body.id}`)).body;
      expect(got).toMatchObject({ category: 'ticket', title: 'Ticket #98765', body: 'Updated' });
    });

    it('removes only the device FCM calls UNREGISTERED', async () => {
      const auth = await tokenFor('cust-unreg');
      await register(auth, { platform: 'mobile', token: 'fcm-dead' });
      await register(auth, { platform: 'mobile', token: 'fcm-alive' });
      fcm.unregistered.add('fcm-dead');
      const res = await h.api('POST', '/api/notifications', { customerId: 'cust-unreg', category: 'system', body: 'Maintenance tonight' });
      await eventually(async () => {
        const d = (await h.api('GET', `/api/notifications/${res.body.id}`)).body.deliveries;
        return d.every((x: any) => x.status === 'delivered' || x.status === 'failed') && d;
      });
      const devices = (await h.api('GET', '/api/devices', undefined, { authorization: auth })).body.items;
      expect(devices.map((d: any) => d.token)).toEqual(['fcm-alive']);
    });

    it('does not let a hanging Web Push endpoint delay the other devices', async () => {
      const auth = await tokenFor('cust-hang');
      const hanging = pushService.subscribe();
      pushService.script(hanging, 'hang');
      await register(auth, { platform: 'web', token: JSON.stringify(hanging) });
      await register(auth, { platform: 'mobile', token: 'fcm-fast' });
      const started = Date.now();
      const res = await h.api('POST', '/api/notifications', { customerId: 'cust-hang', category: 'system', body: 'hello' });
      await eventually(() => fcm.received.some((r) => r.message.token === 'fcm-fast'));
      expect(Date.now() - started).toBeLessThan(1500);
      const webpush = await eventually(async () => {
        const d = (await h.api('GET', `/api/notifications/${res.body.id}`)).body.deliveries.find((x: any) => x.channel === 'webpush');
        return d.attempts >= 1 && d;
      });
      expect(webpush.status).toBe('retrying');
      expect(webpush.lastError).toMatch(/time/i);
    });

    it('notifies only user B after B registers the token user A had', async () => {
      const a = await tokenFor('cust-a-dev');
      const b = await tokenFor('cust-b-dev');
      await register(a, { platform: 'mobile', token: 'shared-phone' });
      expect((await register(b, { platform: 'mobile', token: 'shared-phone' })).status).toBe(200);
      expect((await h.api('GET', '/api/devices', undefined, { authorization: a })).body.items).toEqual([]);
      await h.api('POST', '/api/notifications', { customerId: 'cust-a-dev', category: 'system', body: 'for A' });
      await h.api('POST', '/api/notifications', { customerId: 'cust-b-dev', category: 'system', body: 'for B' });
      await settled(h);
      expect(fcm.received.map((r) => r.message.notification)).toEqual([{ title: 'Support', body: 'for B' }]);
    });

    it('keeps one notification per idempotency key and validates input', async () => {
      const body = { customerId: 'cust-idem', category: 'system', body: 'once', idempotencyKey: `k-${backend}` };
      const first = await h.api('POST', '/api/notifications', body);
      const second = await h.api('POST', '/api/notifications', body);
      expect(second.body.id).toBe(first.body.id);
      expect((await h.api('POST', '/api/notifications', { category: 'system', body: 'x' })).status).toBe(400);
      const bad = await h.api('POST', '/api/devices/register', { platform: 'web', token: '{"endpoint":1}' }, { authorization: await tokenFor('cust-bad') });
      expect(bad.body.error.message).toMatch(/endpoint, keys.p256dh and keys.auth/);
    });
  });
}
