/**
 * Upgrading to engine v2: a data directory (or database) written by the engine before it — a
 * `jobs` table holding the queue, deliveries without a destination — keeps every waiting
 * delivery: after the upgrade they are sent, to the right destination, with their webhook-id.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { eventually, startHerald } from '../helpers/herald.js';
import { oldDatabase } from '../helpers/old-database.js';
import { startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`upgrade to engine v2 on ${backend}`, () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('sends the deliveries the old queue was holding', async () => {
      const sink = await startSink();
      cleanups.push(() => sink.close());
      // The schema as the engine before v2 left it: every migration up to 0008.
      const old = await oldDatabase(backend, '0008');
      cleanups.push(old.drop);
      const { store, dataDir, databaseUrl } = old;
      const now = Date.now();
      const db = store.db as any;
      await db.insertInto('agents').values({ id: 'agt_old', name: 'Old bot', created_at: now, updated_at: now }).execute();
      // Its next attempt is an hour away; the test brings it forward with a manual retry once the
      // agent has its push configuration (given through the API after the upgrade: secrets are
      // encrypted by the running Herald), so a slow start cannot send it before the config exists.
      const dueAt = now + 3_600_000;
      const payload = JSON.stringify({ id: 'evt_old_1', event: 'message.user', sessionId: null, text: 'waiting since before the upgrade' });
      await db
        .insertInto('deliveries')
        .values({
          id: 'dlv_old_1',
          event_id: 'evt_old_1',
          notification_id: null,
          channel: 'webhook',
          recipient_type: 'agent',
          recipient_id: 'agt_old',
          agent_id: 'agt_old',
          session_id: null,
          customer_id: null,
          target: `${sink.url}/hook`,
          payload,
          status: 'retrying',
          reason: null,
          attempts: 1,
          next_attempt_at: dueAt,
          last_status_code: 503,
          last_error: 'HTTP 503',
          created_at: now - 60_000,
          updated_at: now - 1000,
        })
        .execute();
      await db
        .insertInto('jobs')
        .values({
          id: 'dlv_old_1',
          queue: 'deliveries',
          data: '{"deliveryId":"dlv_old_1"}',
          run_at: dueAt,
          locked_until: null,
          attempts: 1,
          created_at: now - 60_000,
        })
        .execute();
      await store.close();

      // Herald after the upgrade, on the same data; the agent needs its push configuration to send.
      const h = await startHerald({ dataDir, databaseUrl });
      cleanups.push(() => h.close());
      const put = await h.api('PUT', '/api/agents/agt_old/push-config', { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      expect(put.status).toBe(200);
      expect((await h.api('GET', '/api/deliveries/dlv_old_1')).body).toMatchObject({ status: 'retrying', destination: `webhook:${sink.url}` });
      expect((await h.api('POST', '/api/deliveries/dlv_old_1/retry')).status).toBe(202);
      // The attempt is recorded just after the receiver answers: wait for the record.
      const d = await eventually(async () => {
        const got = (await h.api('GET', '/api/deliveries/dlv_old_1')).body;
        return got.status === 'delivered' && got;
      }, 20_000);
      expect(d).toMatchObject({ attempts: 2, destination: `webhook:${sink.url}` });
      expect(sink.requests.filter((r) => r.headers['webhook-id'] === 'evt_old_1')).toHaveLength(1);
      const dests = (await h.api('GET', '/api/destinations')).body.items;
      expect(dests.map((x: any) => x.key)).toContain(`webhook:${sink.url}`);
    });
  });
}
