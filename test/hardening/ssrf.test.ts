/**
 * The outgoing-URL guard from outside (CONTRACT §11), with private targets NOT allowed: every
 * loopback/private/metadata spelling is refused for webhooks, Web Push endpoints (a customer's
 * token!) and provider bases, and — planted past the save-time check — refused again at connect
 * time. A loopback sink on the port those forms point at proves no request reached it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushServiceFake } from '../fakes/push-service-fake.js';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type Sink, startSink } from '../helpers/sink.js';
import { unsafeUrls } from '../helpers/unsafe-urls.js';

// A public address literal: accepted at save without DNS; never contacted (it is replaced below).
const PUBLIC = 'http://93.184.216.34/hook';

for (const backend of backends()) {
  describe(`outgoing-URL guard on ${backend}`, () => {
    let h: TestHerald;
    let sink: Sink;
    let forms: string[];
    const pushService = new PushServiceFake();
    let agentId: string;

    beforeAll(async () => {
      sink = await startSink();
      await pushService.start();
      forms = unsafeUrls(Number(new URL(sink.url).port));
      h = await startHerald({ backend, env: { HERALD_ALLOW_PRIVATE_WEBHOOKS: 'false', HERALD_WEBHOOK_TIMEOUT_MS: '1500' } });
      agentId = (await h.api('POST', '/api/agents', { name: 'Guarded' })).body.id;
    });
    afterAll(async () => {
      await h.close();
      await sink.close();
      await pushService.close();
    });

    const customerAuth = async (id: string) => `Bearer ${(await h.api('POST', `/api/customers/${id}/token`, {})).body.token}`;

    it('refuses every form as a webhook URL, with nothing saved', async () => {
      const answers = [];
      for (const url of forms) {
        const res = await h.api('PUT', `/api/agents/${agentId}/push-config`, { enabled: true, url, headers: [], events: ['message.assistant'] });
        answers.push([url, res.status, res.body?.error?.code]);
      }
      expect(answers.filter(([, status, code]) => status !== 422 || code !== 'HERALD_UNSAFE_URL')).toEqual([]);
      expect((await h.api('GET', `/api/agents/${agentId}/push-config`)).status).toBe(404);
      await settled(h);
      expect(sink.requests).toHaveLength(0);
    });

    it('refuses every form as a Web Push endpoint registered with a customer token', async () => {
      const auth = await customerAuth('ssrf-cust');
      const keys = pushService.subscribe().keys;
      const answers = [];
      for (const endpoint of forms) {
        const res = await h.api('POST', '/api/devices/register', { platform: 'web', token: JSON.stringify({ endpoint, keys }) }, { authorization: auth });
        answers.push([endpoint, res.status, res.body?.error?.code]);
      }
      expect(answers.filter(([, status, code]) => status !== 422 || code !== 'HERALD_UNSAFE_URL')).toEqual([]);
      expect((await h.api('GET', '/api/devices', undefined, { authorization: auth })).body.items).toEqual([]);
      await settled(h);
      expect(sink.requests).toHaveLength(0);
    });

    it('refuses every form as a provider base URL, APNs host or FCM token_uri, storing nothing', async () => {
      const before = (await h.api('GET', '/api/settings/providers')).body;
      const answers = [];
      for (const url of forms) {
        const attempts: Array<[string, Record<string, string>]> = [
          ['telegram', { apiBase: url }],
          ['fcm', { endpoint: url }],
          ['beams', { apiBase: url }],
          ['onesignal', { apiBase: url }],
          ['apns', { host: new URL(url).host }],
          ['fcm', { serviceAccount: JSON.stringify({ project_id: 'p', client_email: 'a@p.iam', private_key: 'x', token_uri: url }) }],
        ];
        for (const [name, values] of attempts) {
          const res = await h.api('PUT', `/api/settings/providers/${name}`, { values });
          answers.push([name, url, res.status, res.body?.error?.code]);
        }
      }
      expect(answers.filter(([, , status, code]) => status !== 422 || code !== 'HERALD_UNSAFE_URL')).toEqual([]);
      expect((await h.api('GET', '/api/settings/providers')).body).toEqual(before);
      await settled(h);
      expect(sink.requests).toHaveLength(0);
    });

    it('refuses at connect time a webhook URL planted past the save-time check', async () => {
      const put = await h.api('PUT', `/api/agents/${agentId}/push-config`, { enabled: true, url: PUBLIC, headers: [], events: ['session.started'] });
      expect(put.status).toBe(200);
      const db = h.herald.services.store.db.withoutPlugins();
      const planted = [
        `${sink.url}/planted`,
        `http://[::ffff:127.0.0.1]:${new URL(sink.url).port}/planted`,
        `http://localhost:${new URL(sink.url).port}/planted`,
      ];
      for (const url of planted) {
        await db.updateTable('push_configs').set({ url }).where('agent_id', '=', agentId).execute();
        const s = (await h.api('POST', '/api/sessions', { agentId, channel: 'api', customerId: `planted-${planted.indexOf(url)}` })).body;
        const delivery = await eventually(async () => {
          const list = (await h.api('GET', `/api/deliveries?sessionId=${s.id}&channel=webhook`)).body.items ?? [];
          return list.find((d: { status: string }) => d.status === 'failed');
        });
        expect(delivery.lastError).toMatch(/refused to connect/);
      }
      await settled(h);
      expect(sink.requests).toHaveLength(0);
    });

    it('refuses at connect time a Web Push endpoint planted in the database; the customer sees only "failed"', async () => {
      const auth = await customerAuth('ssrf-web');
      const sub = pushService.subscribe();
      const reg = await h.api(
        'POST',
        '/api/devices/register',
        { platform: 'web', token: JSON.stringify({ ...sub, endpoint: 'https://93.184.216.34/push/x' }) },
        { authorization: auth },
      );
      expect(reg.status).toBe(201);
      const token = JSON.stringify({ endpoint: `${sink.url}/push/x`, keys: sub.keys });
      await h.herald.services.store.db.withoutPlugins().updateTable('devices').set({ token }).where('id', '=', reg.body.id).execute();

      const sent = await h.api('POST', '/api/notifications', { customerId: 'ssrf-web', category: 'system', body: 'Your order shipped' });
      expect(sent.status).toBe(202);
      const seen = await eventually(async () => {
        const n = (await h.api('GET', `/api/notifications/${sent.body.id}`, undefined, { authorization: auth })).body;
        return n.deliveries?.some((d: { status: string }) => d.status === 'failed') && n;
      });
      const web = seen.deliveries.find((d: { channel: string }) => d.channel === 'webpush') ?? seen.deliveries[0];
      expect(Object.keys(web).sort()).toEqual(['attempts', 'channel', 'createdAt', 'id', 'status', 'updatedAt']);
      expect(JSON.stringify(seen)).not.toMatch(/refused|ECONNREFUSED|127\.0\.0\.1|network/);
      // The operator console still has the reason.
      const full = (await h.api('GET', `/api/notifications/${sent.body.id}`)).body;
      expect(full.deliveries.find((d: { status: string }) => d.status === 'failed').lastError).toMatch(/refused to connect/);
      await settled(h);
      expect(sink.requests).toHaveLength(0);
    });
  });
}
