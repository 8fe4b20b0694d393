/**
 * Upgrading to derived delivery columns (migration 0018, issue 16): deliveries written before it
 * hold their workspace, recipient and destination whole, and read, count and send exactly as
 * before; deliveries written after it by Herald show the same values. On SQLite the columns were
 * renamed and generated columns took their names; on PostgreSQL nothing changed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids.js';
import { backends } from '../helpers/backends.js';
import { eventually, startHerald } from '../helpers/herald.js';
import { oldDatabase } from '../helpers/old-database.js';
import { startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`upgrade to derived delivery columns on ${backend}`, () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('shows, counts and redelivers rows written before it as before, and new rows alike', async () => {
      const sink = await startSink();
      cleanups.push(() => sink.close());
      const old = await oldDatabase(backend, '0018');
      cleanups.push(old.drop);
      const { store, dataDir, databaseUrl } = old;
      const db = store.db as any;
      const t = Date.now() - 3_600_000;
      await db.insertInto('agents').values({ id: 'agt_old', name: 'Old bot', created_at: t, updated_at: t }).execute();
      const eventId = newId('evt', t);
      const body = JSON.stringify({ id: eventId, event: 'message.user', sessionId: null, customerId: 'cus_1', agentId: 'agt_old', seq: 1, text: 'hello' });
      await db.insertInto('events').values({ id: eventId, type: 'message.user', session_id: null, payload: body, dispatched: 1, created_at: t }).execute();
      const webhookId = newId('dlv', t);
      const pushId = newId('dlv', t + 1);
      const webhook = {
        id: webhookId,
        event_id: eventId,
        notification_id: null,
        channel: 'webhook',
        recipient_type: 'agent',
        recipient_id: 'agt_old',
        agent_id: 'agt_old',
        session_id: null,
        customer_id: 'cus_1',
        target: `${sink.url}/hook`,
        payload: body,
        status: 'failed',
        reason: null,
        attempts: 1,
        next_attempt_at: null,
        last_status_code: 503,
        last_error: 'HTTP 503',
        destination: `webhook:${sink.url}`,
        created_at: t,
        updated_at: t + 1000,
      };
      const push = {
        ...webhook,
        id: pushId,
        event_id: null,
        channel: 'fcm',
        recipient_type: 'customer',
        recipient_id: 'cus_1',
        agent_id: null,
        target: 'dev_old',
        payload: '{"title":"Support"}',
        status: 'delivered',
        last_status_code: 200,
        last_error: null,
        destination: 'fcm',
        created_at: t + 1,
      };
      await db.insertInto('deliveries').values([webhook, push]).execute();
      await db
        .insertInto('delivery_attempts')
        .values({
          ...(backend === 'sqlite' ? { delivery_seq: 1 } : { delivery_id: webhookId }),
          attempt: 1,
          started_at: t + 500,
          latency_ms: 12,
          ok: 0,
          status_code: 503,
          error: 'HTTP 503',
          response: 'Service Unavailable',
          provider_message_id: null,
        })
        .execute();
      await store.close();

      const h = await startHerald({ dataDir, databaseUrl });
      cleanups.push(() => h.close());
      const shown = async (id: string) => (await h.api('GET', `/api/deliveries/${id}`)).body;
      expect(await shown(webhookId)).toMatchObject({
        channel: 'webhook',
        recipient: { type: 'agent', id: 'agt_old' },
        agentId: 'agt_old',
        customerId: 'cus_1',
        destination: `webhook:${sink.url}`,
      });
      expect((await shown(webhookId)).attemptLog.map((a: any) => [a.attempt, a.statusCode])).toEqual([[1, 503]]);
      // Explain reads the old event's type.
      const why = (await h.api('GET', `/api/events/${eventId}/explain`)).body;
      expect(why.event).toMatchObject({ id: eventId, type: 'message.user' });
      expect(why.decisions.map((d: any) => d.deliveryId)).toEqual([webhookId]);
      expect(await shown(pushId)).toMatchObject({ channel: 'fcm', recipient: { type: 'customer', id: 'cus_1' }, destination: 'fcm' });

      // Counted by destination as before (analytics walks the index on the generated column).
      const stats = (
        await h.api('GET', `/api/analytics/deliveries?from=${new Date(t - 60_000).toISOString()}&to=${new Date(t + 60_000).toISOString()}&bucket=hour`)
      ).body;
      expect(stats.byDestination.map((d: any) => [d.key, d.delivered, d.failed]).sort()).toEqual([
        ['fcm', 1, 0],
        [`webhook:${sink.url}`, 0, 1],
      ]);

      // A redelivery of the old row finds its destination (the scheduler's index) and reaches the sink.
      const put = await h.api('PUT', '/api/agents/agt_old/push-config', { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      expect(put.status).toBe(200);
      expect((await h.api('POST', `/api/deliveries/${webhookId}/retry`)).status).toBe(202);
      const sent = await eventually(() => sink.requests.find((r) => r.headers['webhook-id'] === eventId), 20_000);
      expect(sent.body).toBe(body);
      const done = await eventually(async () => {
        const got = await shown(webhookId);
        return got.status === 'delivered' && got;
      }, 20_000);
      expect(done.attemptLog.map((a: any) => [a.attempt, a.statusCode])).toEqual([
        [1, 503],
        [2, 200],
      ]);

      // A message after the upgrade: its webhook delivery, written by today's Herald, shows the same fields.
      const session = await h.api('POST', '/api/sessions', { agentId: 'agt_old', customerId: 'cus_new' });
      expect(session.status).toBeLessThan(300);
      const msg = await h.api('POST', `/api/sessions/${session.body.id}/messages`, { text: 'after', role: 'user' });
      expect(msg.status).toBeLessThan(300);
      const fresh = await eventually(async () => {
        const list = (await h.api('GET', `/api/deliveries?sessionId=${session.body.id}&channel=webhook`)).body;
        return list.items.find((d: any) => d.status === 'delivered');
      }, 20_000);
      expect(fresh).toMatchObject({
        recipient: { type: 'agent', id: 'agt_old' },
        agentId: 'agt_old',
        customerId: 'cus_new',
        destination: `webhook:${sink.url}`,
      });
      const after = (await h.api('GET', `/api/events/${fresh.eventId}/explain`)).body;
      expect(after.event).toMatchObject({ type: 'message.user' });
    });
  });
}
