import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FcmFake } from '../fakes/fcm-fake.js';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';

const ZONE = 'America/New_York';

/** A quiet window in the customer's zone that began a minute ago and ends `endsInMs` from now. */
function windowEndingIn(endsInMs: number) {
  const now = DateTime.now().setZone(ZONE);
  const end = now.plus({ milliseconds: endsInMs }).startOf('second').plus({ seconds: 1 });
  return { quietHours: { start: now.minus({ minutes: 1 }).toFormat('HH:mm:ss'), end: end.toFormat('HH:mm:ss') }, endsAt: end.toMillis() };
}

// Three operator replies inside the customer's quiet hours: held, then one summary push at the
// window's end and the other two cancelled as summarized; an urgent notification goes at once.
for (const backend of backends()) {
  describe(`quiet hours on ${backend}`, () => {
    let h: TestHerald;
    const fcm = new FcmFake();
    let agentId: string;
    let operatorId: string;
    beforeAll(async () => {
      const f = await fcm.start();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-quiet-'));
      h = await startHerald({ backend, env: { FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dir), FCM_ENDPOINT: f.url } });
      agentId = (await h.api('POST', '/api/agents', { name: 'Helper bot' })).body.id;
      operatorId = (await h.api('POST', '/api/operators', { email: `q-${backend}@example.test`, name: 'Quinn', role: 'operator', password: 'password-123' }))
        .body.id;
    });
    afterAll(async () => {
      await h.close();
      await fcm.close();
    });

    async function customer(id: string, locale = 'en') {
      const token = (await h.api('POST', `/api/customers/${id}/token`, {})).body.token as string;
      const auth = { authorization: `Bearer ${token}` };
      await h.api('PUT', `/api/customers/${id}`, { locale });
      await h.api('POST', '/api/devices/register', { platform: 'mobile', token: `fcm-${id}` }, auth);
      return auth;
    }
    const session = async (customerId: string) => (await h.api('POST', '/api/sessions', { agentId, channel: 'mobile', customerId })).body.id as string;
    const reply = (sid: string, text: string) => h.api('POST', `/api/sessions/${sid}/messages`, { text, role: 'operator', operatorId });
    const pushesTo = (token: string) => fcm.received.filter((r) => r.message.token === token);
    const rowsOf = async (customerId: string) =>
      ((await h.api('GET', `/api/deliveries?customerId=${customerId}&limit=100`)).body.items as any[])
        .filter((d) => d.channel === 'fcm')
        .sort((a, b) => a.id.localeCompare(b.id));

    it("holds three replies, then sends one summary at the window's end and cancels the rest as summarized", async () => {
      const id = `sleepy-${backend}`;
      const auth = await customer(id);
      const { quietHours, endsAt } = windowEndingIn(4000);
      // The customer sets their own quiet hours through the SDK's route.
      const set = await h.api('PUT', `/api/customers/${id}`, { timezone: ZONE, quietHours }, auth);
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ timezone: ZONE, quietHours });

      const a = await session(id);
      const b = await session(id);
      await reply(a, 'First answer.');
      await reply(a, 'Second answer.');
      await reply(b, 'About your other question.');
      const held = await eventually(async () => {
        const rows = await rowsOf(id);
        return rows.length === 3 && rows;
      });
      for (const d of held) {
        expect(d).toMatchObject({ status: 'held', reason: 'quiet hours', attempts: 0 });
        expect(Date.parse(d.nextAttemptAt)).toBe(endsAt);
      }
      expect(pushesTo(`fcm-${id}`)).toEqual([]);

      const [push] = await eventually(() => pushesTo(`fcm-${id}`).length > 0 && pushesTo(`fcm-${id}`), 15_000);
      expect(push!.at).toBeGreaterThanOrEqual(endsAt);
      expect(push!.message.notification).toEqual({ title: 'Support', body: '3 new messages in 2 conversations' });
      const done = await eventually(async () => {
        const rows = await rowsOf(id);
        return rows.every((r) => r.status === 'delivered' || r.status === 'cancelled') && rows;
      });
      expect(done.map((r) => r.status).sort()).toEqual(['cancelled', 'cancelled', 'delivered']);
      expect(done.filter((r) => r.status === 'cancelled').map((r) => r.reason)).toEqual(['summarized', 'summarized']);
      // Exactly one push: the summary.
      expect(pushesTo(`fcm-${id}`)).toHaveLength(1);
    });

    it("the summary speaks the customer's language; what was read meanwhile is left out", async () => {
      const id = `ru-${backend}`;
      const auth = await customer(id, 'ru-RU');
      const { quietHours } = windowEndingIn(3000);
      await h.api('PUT', `/api/customers/${id}`, { timezone: ZONE, quietHours });
      const a = await session(id);
      const b = await session(id);
      const first = (await reply(a, 'Один.')).body;
      await reply(b, 'Два.');
      await reply(b, 'Три.');
      await eventually(async () => (await rowsOf(id)).length === 3);
      // The customer reads conversation a in the app during the night.
      expect((await h.api('POST', `/api/sessions/${a}/read`, { seq: first.seq }, auth)).status).toBe(204);
      const [push] = await eventually(() => pushesTo(`fcm-${id}`).length > 0 && pushesTo(`fcm-${id}`), 15_000);
      expect(push!.message.notification).toMatchObject({ title: 'Поддержка', body: '2 новых сообщения в 1 беседе' });
      const rows = await eventually(async () => {
        const r = await rowsOf(id);
        return r.every((x) => x.status === 'delivered' || x.status === 'cancelled') && r;
      });
      expect(rows.map((r) => `${r.status}:${r.reason ?? ''}`).sort()).toEqual(['cancelled:read', 'cancelled:summarized', 'delivered:']);
    });

    it('an urgent notification goes at once during quiet hours; a normal one is held', async () => {
      const id = `urgent-${backend}`;
      await customer(id);
      const { quietHours } = windowEndingIn(60_000);
      await h.api('PUT', `/api/customers/${id}`, { timezone: ZONE, quietHours });
      const normal = await h.api('POST', '/api/notifications', { customerId: id, category: 'system', body: 'Your invoice is ready.' });
      expect(normal.body.deliveries.map((d: any) => `${d.status}:${d.reason}`)).toEqual(['held:quiet hours']);
      const urgent = await h.api('POST', '/api/notifications', { customerId: id, category: 'system', body: 'Suspicious sign-in.', urgent: true });
      expect(urgent.status).toBe(202);
      const push = await eventually(() => pushesTo(`fcm-${id}`)[0]);
      expect(push.message.notification).toMatchObject({ body: 'Suspicious sign-in.' });
      // Clearing quiet hours is allowed; the held one still waits for its time (it was held under them).
      const cleared = await h.api('PUT', `/api/customers/${id}`, { quietHours: null });
      expect(cleared.body.quietHours).toBeNull();
    });

    it('refuses a zone that is not IANA and an empty window, in a sentence', async () => {
      const bad = await h.api('PUT', '/api/customers/zone-check', { timezone: 'Mars/Olympus', quietHours: { start: '22:00', end: '07:00' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/not an IANA time zone/);
      const same = await h.api('PATCH', `/api/operators/${operatorId}`, { timezone: 'Europe/Berlin', quietHours: { start: '22:00', end: '22:00' } });
      expect(same.status).toBe(400);
      const ok = await h.api('PATCH', `/api/operators/${operatorId}`, { timezone: 'Europe/Berlin', quietHours: { start: '22:00', end: '07:00' } });
      expect(ok.body).toMatchObject({ timezone: 'Europe/Berlin', quietHours: { start: '22:00', end: '07:00' } });
    });
  });
}
