/**
 * A message and what it causes commit together: the dispatcher plans the events a batch of writes
 * raised inside that batch's transaction (GroupCommit's tail), so by the time the sender has its
 * 201 the deliveries exist — no second transaction, no window in which the message is stored and
 * its webhook not yet planned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { type Sink, startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`planning with the write on ${backend}`, () => {
    let h: TestHerald;
    let sink: Sink;
    beforeAll(async () => {
      h = await startHerald({ backend, env: { HERALD_DESTINATION_CONCURRENCY: '2' } });
      sink = await startSink();
    });
    afterAll(async () => {
      sink.release();
      await sink.close();
      await h.close();
    });

    it("a message's webhook delivery is listed as soon as the message is accepted", async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Planned agent' })).body;
      const put = await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      expect(put.status).toBe(200);
      const session = (await h.api('POST', '/api/sessions', { agentId: agent.id, channel: 'web', customerId: 'cust-planned' })).body;
      // The receiver holds every request: nothing is sent to completion while we look.
      sink.hold();
      const posted = await Promise.all(
        Array.from({ length: 12 }, (_, i) => h.api('POST', `/api/sessions/${session.id}/messages`, { text: `hello ${i}`, role: 'user' })),
      );
      expect(posted.map((p) => p.status)).toEqual(Array(12).fill(201));
      const list = (await h.api('GET', `/api/deliveries?sessionId=${session.id}&limit=50`)).body.items as Array<{ status: string; channel: string }>;
      expect(list).toHaveLength(12);
      expect(list.every((d) => d.channel === 'webhook')).toBe(true);
      // Two go out at once (the destination's cap), the rest wait their turn.
      expect(list.filter((d) => d.status === 'sending')).toHaveLength(2);
      expect(list.filter((d) => d.status === 'queued')).toHaveLength(10);
      sink.release();
      await eventually(() => sink.requests.length === 12);
    });
  });
}
