/**
 * settled() is what every "nothing more was sent" assertion stands on, so it must not return
 * while an attempt is still in flight or a retry is due, and must fail (not pass) when the engine
 * never settles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type Sink, startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`settled() on ${backend}`, () => {
    let h: TestHerald;
    let sink: Sink;
    beforeAll(async () => {
      sink = await startSink();
      h = await startHerald({ backend, env: { HERALD_RETRY_SCHEDULE_S: '0.05,0.05' } });
    });
    afterAll(async () => {
      sink.release();
      await h.close();
      await sink.close();
    });

    async function hookedSession(customerId: string) {
      const agent = (await h.api('POST', '/api/agents', { name: `Agent ${customerId}` })).body;
      const put = await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      expect(put.status).toBe(200);
      return (await h.api('POST', '/api/sessions', { agentId: agent.id, customerId })).body.id as string;
    }

    it('waits for an attempt in flight, and for the retries that are due, before returning', async () => {
      const sid = await hookedSession('settle-a');
      sink.reply({ status: 503 }, { status: 503 }); // two failures, then the default 200
      sink.hold();
      await h.api('POST', `/api/sessions/${sid}/messages`, { text: 'hello', role: 'user' });
      let done = false;
      const waiting = settled(h, { withinMs: 1000 }).then(() => (done = true));
      // The first attempt is held at the receiver: settled() cannot have returned.
      await eventually(() => sink.waiting() === 1);
      expect(done).toBe(false);
      expect((await h.herald.engine.activity()).sending).toBe(1);
      sink.release();
      await waiting;
      // Both retries (planned 50 ms apart, within the second it was told to count) were made
      // before it returned: three attempts, delivered.
      const hooks = sink.requests.filter((r) => r.path === '/hook');
      expect(hooks).toHaveLength(3);
      const [d] = (await h.api('GET', `/api/deliveries?sessionId=${sid}`)).body.items;
      expect(d).toMatchObject({ status: 'delivered', attempts: 3 });
    });

    it('fails, saying what is left, when the engine does not settle in time', async () => {
      const sid = await hookedSession('settle-b');
      sink.hold();
      await h.api('POST', `/api/sessions/${sid}/messages`, { text: 'stuck', role: 'user' });
      await expect(settled(h, 500)).rejects.toThrow(/did not settle within 500 ms; still to do: .*"sending":1/);
      sink.release();
      await settled(h);
    });
  });
}
