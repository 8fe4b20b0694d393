/**
 * Upgrading to compact rows (migrations 0013 and 0017, issue 16): deliveries, events and attempts written
 * before it — each webhook delivery holding its whole body, events their whole payload — read
 * and send exactly as before: the console lists and pages them in the same order, a delivery
 * shows the same payload and attempts, explain finds its event, and a redelivery sends the
 * same bytes. On SQLite the tables were copied under a new key; on PostgreSQL nothing moved.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { backends } from '../helpers/backends.js';
import { eventually, startHerald } from '../helpers/herald.js';
import { oldDatabase } from '../helpers/old-database.js';
import { startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`upgrade to compact delivery rows on ${backend}`, () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('lists, shows, explains and redelivers rows written before it exactly as before', async () => {
      const sink = await startSink();
      cleanups.push(() => sink.close());
      const old = await oldDatabase(backend, '0013');
      cleanups.push(old.drop);
      const { store, dataDir, databaseUrl } = old;
      const db = store.db as any;
      const t0 = Date.now() - 3_600_000;
      await db.insertInto('agents').values({ id: 'agt_old', name: 'Old bot', created_at: t0, updated_at: t0 }).execute();
      // Three message events a minute apart, each with one webhook delivery, written the old way.
      const rows = [0, 1, 2].map((i) => {
        const t = t0 + i * 60_000;
        const eventId = newId('evt', t);
        const body = JSON.stringify({
          id: eventId,
          event: 'message.user',
          sessionId: null,
          customerId: 'cus_1',
          agentId: 'agt_old',
          channel: 'web',
          seq: i + 1,
          text: `message ${i + 1} — "quoted", ünïcode`,
          author: { type: 'customer', id: 'cus_1' },
          occurredAt: new Date(t).toISOString(),
        });
        return { t, eventId, body, deliveryId: newId('dlv', t) };
      });
      // Inserted newest first: the order of the copy (and so the console's) comes from the ids.
      for (const r of [...rows].reverse()) {
        await db
          .insertInto('events')
          .values({ id: r.eventId, type: 'message.user', session_id: null, payload: r.body, dispatched: 1, created_at: r.t })
          .execute();
        await db
          .insertInto('deliveries')
          .values({
            id: r.deliveryId,
            event_id: r.eventId,
            notification_id: null,
            channel: 'webhook',
            recipient_type: 'agent',
            recipient_id: 'agt_old',
            agent_id: 'agt_old',
            session_id: null,
            customer_id: 'cus_1',
            target: `${sink.url}/hook`,
            payload: r.body,
            status: 'failed',
            reason: null,
            attempts: 2,
            next_attempt_at: null,
            last_status_code: 503,
            last_error: 'HTTP 503',
            destination: `webhook:${sink.url}`,
            created_at: r.t,
            updated_at: r.t + 2000,
          })
          .execute();
        for (const attempt of [1, 2]) {
          await db
            .insertInto('delivery_attempts')
            .values({
              delivery_id: r.deliveryId,
              attempt,
              started_at: r.t + attempt * 1000,
              latency_ms: 12,
              ok: 0,
              status_code: 503,
              error: 'HTTP 503',
              response: 'Service Unavailable',
              provider_message_id: null,
            })
            .execute();
        }
      }
      await store.close();

      const h = await startHerald({ dataDir, databaseUrl });
      cleanups.push(() => h.close());
      const [first, second, third] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];

      // Newest first, two to a page, then the rest from the cursor; a time range by creation.
      const page1 = (await h.api('GET', '/api/deliveries?limit=2')).body;
      expect(page1.items.map((d: any) => d.id)).toEqual([third.deliveryId, second.deliveryId]);
      const page2 = (await h.api('GET', `/api/deliveries?limit=2&cursor=${page1.nextCursor}`)).body;
      expect(page2.items.map((d: any) => d.id)).toEqual([first.deliveryId]);
      expect(page2.nextCursor).toBeNull();
      const range = (await h.api('GET', `/api/deliveries?from=${new Date(first.t + 1).toISOString()}&to=${new Date(third.t).toISOString()}`)).body;
      expect(range.items.map((d: any) => d.id)).toEqual([second.deliveryId]);

      // The same payload and both attempts.
      const shown = (await h.api('GET', `/api/deliveries/${second.deliveryId}`)).body;
      expect(JSON.stringify(shown.payload)).toBe(second.body);
      expect(shown.attemptLog.map((a: any) => [a.attempt, a.statusCode, a.response])).toEqual([
        [1, 503, 'Service Unavailable'],
        [2, 503, 'Service Unavailable'],
      ]);

      // Explain reads the old event (its seq from the whole payload).
      const why = (await h.api('GET', `/api/events/${second.eventId}/explain`)).body;
      expect(why.event).toMatchObject({ id: second.eventId, type: 'message.user', seq: 2, occurredAt: new Date(second.t).toISOString() });
      expect(why.decisions.map((d: any) => d.deliveryId)).toEqual([second.deliveryId]);

      // A redelivery sends the very bytes written before the upgrade.
      const put = await h.api('PUT', '/api/agents/agt_old/push-config', { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      expect(put.status).toBe(200);
      expect((await h.api('POST', `/api/deliveries/${second.deliveryId}/retry`)).status).toBe(202);
      const sent = await eventually(() => sink.requests.find((r) => r.headers['webhook-id'] === second.eventId), 20_000);
      expect(sent.body).toBe(second.body);
      const done = await eventually(async () => {
        const got = (await h.api('GET', `/api/deliveries/${second.deliveryId}`)).body;
        return got.status === 'delivered' && got;
      }, 20_000);
      expect(done.attemptLog).toHaveLength(3);
    });
  });
}
