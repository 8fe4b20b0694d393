import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FcmFake } from '../fakes/fcm-fake.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';

const SECRET = 'intercom-client-secret';

function intercomEvent(userId: string) {
  return JSON.stringify({
    type: 'notification_event',
    id: `notif_${userId}`,
    topic: 'conversation.admin.replied',
    data: {
      item: {
        type: 'conversation',
        id: '98123',
        contacts: { contacts: [{ id: 'ic_1', external_id: userId }] },
        conversation_parts: { conversation_parts: [{ body: '<p>We have fixed it.</p>', author: { type: 'admin', name: 'Eve' } }] },
      },
    },
  });
}

describe('Intercom inbound webhook', () => {
  let h: TestHerald;
  const fcm = new FcmFake();
  beforeAll(async () => {
    const f = await fcm.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-ic-'));
    h = await startHerald({ env: { INTERCOM_CLIENT_SECRET: SECRET, FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dir), FCM_ENDPOINT: f.url } });
    const token = (await h.api('POST', '/api/customers/ic-user/token', {})).body.token;
    await h.api('POST', '/api/devices/register', { platform: 'mobile', token: 'fcm-ic' }, { authorization: `Bearer ${token}` });
  });
  afterAll(async () => {
    await h.close();
    await fcm.close();
  });

  const post = (body: string, signature: string) =>
    fetch(`${h.url}/webhooks/intercom`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature': signature }, body });

  it('refuses a bad signature with 401 and sends nothing', async () => {
    const body = intercomEvent('ic-user');
    const res = await post(body, `sha1=${createHmac('sha1', 'wrong').update(body).digest('hex')}`);
    expect(res.status).toBe(401);
    await settled(h);
    expect(fcm.received).toHaveLength(0);
  });

  it('answers 200 to a signed admin reply and pushes a chat notification to that user', async () => {
    const body = intercomEvent('ic-user');
    const res = await post(body, `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`);
    expect(res.status).toBe(200);
    await eventually(() => fcm.received.length === 1);
    expect(fcm.received[0]!.message).toMatchObject({ token: 'fcm-ic', data: { type: 'chat', conversationId: '98123' } });
    // Intercom redelivers on timeouts: the same notification id is not sent twice.
    expect((await post(body, `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`)).status).toBe(200);
    await settled(h);
    expect(fcm.received).toHaveLength(1);
  });
});

describe('unconfigured providers', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startHerald();
  });
  afterAll(() => h.close());

  it('records deliveries as skipped with the reason, without failing other channels', async () => {
    const token = (await h.api('POST', '/api/customers/plain/token', {})).body.token;
    await h.api('POST', '/api/devices/register', { platform: 'mobile', token: 'fcm-x' }, { authorization: `Bearer ${token}` });
    await h.api('POST', '/api/devices/register', { platform: 'tma', token: '4242' }, { authorization: `Bearer ${token}` });
    const res = await h.api('POST', '/api/notifications', { customerId: 'plain', category: 'system', body: 'hi' });
    const done = await eventually(async () => {
      const d = (await h.api('GET', `/api/notifications/${res.body.id}`)).body.deliveries;
      return d.every((x: any) => x.status === 'skipped') && d;
    });
    expect(done.map((d: any) => [d.channel, d.reason]).sort()).toEqual([
      ['fcm', 'fcm is not configured: FCM_SERVICE_ACCOUNT is not set'],
      ['telegram', expect.stringMatching(/^telegram is not configured: TELEGRAM_BOT_TOKEN/)],
    ]);
    const providers = (await h.api('GET', '/api/settings/providers')).body.items;
    expect(providers.find((p: any) => p.name === 'webpush').configured).toBe(true);
    expect(providers.find((p: any) => p.name === 'fcm')).toMatchObject({ configured: false });
  });

  it('lets a manager enter provider settings in the portal; secrets are never shown back', async () => {
    const put = await h.api('PUT', '/api/settings/providers/telegram', { values: { botToken: '999:abc-secret', botUsername: 'my_bot' } });
    expect(put.status).toBe(200);
    expect(put.body.configured).toBe(true);
    expect(JSON.stringify(put.body)).not.toContain('abc-secret');
    expect(put.body.fields.find((f: any) => f.key === 'botToken')).toMatchObject({ value: '••••••', secret: true, fromEnv: false });
    const vapid = await h.api('GET', '/api/push/vapid');
    expect(vapid.body.publicKey).toMatch(/^[A-Za-z0-9_-]{80,}$/);
  });
});
