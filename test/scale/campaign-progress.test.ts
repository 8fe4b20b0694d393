/**
 * Campaign progress is kept as counters moved with the steps (issue 16), and a large start is
 * written in many small transactions: what GET /api/campaigns/:id shows must still agree with
 * the steps themselves after a start of many batches, sends and a cancel half-way.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { startSink } from '../helpers/sink.js';

const N = 1200;

for (const backend of backends()) {
  describe(`campaign progress on ${backend}`, () => {
    let h: TestHerald;
    let sink: Awaited<ReturnType<typeof startSink>>;
    beforeAll(async () => {
      sink = await startSink();
      h = await startHerald({ backend });
    });
    afterAll(async () => {
      await h.close();
      await sink.close();
    });

    it('counts what the steps say through a start of many batches, sends and a cancel', { timeout: 90_000 }, async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Promo' })).body.id;
      await h.api('PUT', `/api/agents/${agent}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.assistant'] });
      const ids = Array.from({ length: N }, (_, i) => `prog-${String(i).padStart(4, '0')}`);
      const created = await h.api('POST', '/api/campaigns', {
        name: 'Spring',
        audience: { customerIds: [...ids, ids[0]] },
        ratePerSecond: 200,
        stages: [
          { channel: 'mobile_push', agentId: agent, text: 'Spring sale' },
          { channel: 'mobile_push', agentId: agent, text: 'Last day', delaySeconds: 3600 },
        ],
      });
      const id = created.body.id;
      const started = await h.api('POST', `/api/campaigns/${id}/start`);
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ status: 'running', participants: N });
      expect(started.body.stages.map((s: any) => s.pending)).toEqual([N, N]);

      await eventually(async () => (await h.api('GET', `/api/campaigns/${id}`)).body.stages[0].sent >= 100, 30_000, 20);
      const cancelled = await h.api('POST', `/api/campaigns/${id}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');

      const shown = (await h.api('GET', `/api/campaigns/${id}`)).body.stages;
      const { rows } = await sql<{ stage: number; status: string; n: number | string }>`
        SELECT stage, status, COUNT(*) AS n FROM campaign_steps WHERE campaign_id = ${id} GROUP BY stage, status`.execute(
        h.herald.services.store.db.withoutPlugins(),
      );
      const counted = [0, 1].map((stage) => {
        const of = (status: string) => Number(rows.find((r) => r.stage === stage && r.status === status)?.n ?? 0);
        return { sent: of('sent'), failed: of('failed'), skipped: of('skipped'), pending: of('pending') };
      });
      expect(shown.map((s: any) => ({ sent: s.sent, failed: s.failed, skipped: s.skipped, pending: s.pending }))).toEqual(counted);
      expect(counted[0]!.sent).toBeGreaterThanOrEqual(100);
      expect(counted[0]!.sent + counted[0]!.skipped).toBe(N);
      expect(counted[1]).toEqual({ sent: 0, failed: 0, skipped: N, pending: 0 });

      const list = (await h.api('GET', '/api/campaigns')).body.items.find((c: any) => c.id === id);
      expect(list.stages).toEqual(shown);
    });

    it('lists deliveries of a time range (from inclusive, to exclusive) and refuses a malformed time', async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Ranges' })).body.id;
      await h.api('PUT', `/api/agents/${agent}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      const session = (await h.api('POST', '/api/sessions', { agentId: agent, customerId: 'range-1' })).body.id;
      const made: Array<{ id: string; createdAt: string }> = [];
      // One message at a time, each after the previous delivery exists: three distinct creation times.
      while (made.length < 3) {
        await h.api('POST', `/api/sessions/${session}/messages`, { text: `m${made.length}`, role: 'user' });
        const items = await eventually(async () => {
          const r = (await h.api('GET', `/api/deliveries?sessionId=${session}`)).body.items as typeof made;
          return r.length > made.length && r;
        });
        const d = items[0]!;
        if (made.length === 0 || d.createdAt > made[made.length - 1]!.createdAt) made.push(d);
      }
      const q = (range: string) => h.api('GET', `/api/deliveries?sessionId=${session}&${range}`).then((r) => (r.body.items as typeof made).map((d) => d.id));
      const [a, b, c] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
      expect(await q(`from=${b.createdAt}`)).toEqual(expect.arrayContaining([b.id, c.id]));
      expect(await q(`from=${b.createdAt}`)).not.toContain(a.id);
      expect(await q(`to=${b.createdAt}`)).toEqual([a.id]);
      expect(await q(`from=${a.createdAt}&to=${c.createdAt}`)).toEqual([b.id, a.id]);
      const bad = await h.api('GET', '/api/deliveries?from=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/from must be a date-time/);
    });
  });
}
