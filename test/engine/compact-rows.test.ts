/**
 * What a delivery costs on disk (issue 16): a webhook delivery stores no second copy of its
 * event's body, an event stores its fields without what its columns hold (its id, name, time and
 * session id), and a dispatched
 * event whose body no delivery sends keeps only its seq — while everything a user sees (the
 * body received, the console's payload, explain) stays as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { type Sink, startSink } from '../helpers/sink.js';
import { unpackJson } from '../../src/store/packed-json.js';

for (const backend of backends()) {
  describe(`compact delivery rows on ${backend}`, () => {
    let h: TestHerald;
    let sink: Sink;
    beforeAll(async () => {
      h = await startHerald({ backend });
      sink = await startSink();
    });
    afterAll(async () => {
      await h.close();
      await sink.close();
    });

    it('stores each body once and shows it whole', async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Hooked' })).body;
      const put = await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      expect(put.status).toBe(200);
      const s = (await h.api('POST', '/api/sessions', { agentId: agent.id, customerId: 'c-bytes' })).body;
      const asked = (await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Is my order late?', role: 'user' })).body;
      // The reply goes to no webhook (not subscribed) and the customer has no device: nothing sends its body.
      const replied = (await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'It ships today.' })).body;

      const received = await eventually(() => sink.requests.find((r) => JSON.parse(r.body).event === 'message.user'));
      const [d] = await eventually(async () => {
        const r = await h.api('GET', `/api/deliveries?agentId=${agent.id}&channel=webhook&status=delivered`);
        return r.body.items.length === 1 && r.body.items;
      });
      const detail = (await h.api('GET', `/api/deliveries/${d.id}`)).body;
      expect(JSON.stringify(detail.payload)).toBe(received.body);
      expect(detail.payload).toMatchObject({ event: 'message.user', sessionId: s.id, text: 'Is my order late?', seq: asked.seq });

      // Read as the database holds them, across workspaces.
      const db = h.herald.services.store.db.withoutPlugins();
      const row = await db.selectFrom('deliveries').select('payload').where('id', '=', d.id).executeTakeFirstOrThrow();
      expect(row.payload).toBe('');
      const event = await db.selectFrom('events').select(['id', 'payload']).where('id', '=', detail.eventId).executeTakeFirstOrThrow();
      // The fields without the session id the row's session_id holds (cut where it stood), and
      // without the member names Herald writes (one code each: store/packed-json.ts).
      expect(event.payload).toMatch(/^@s\d+\|/);
      expect(event.payload).not.toContain('"customerId":');
      const fields = unpackJson(event.payload.slice(event.payload.indexOf('|') + 1));
      expect(fields).toMatch(/^\{"sessionId":"",/);
      expect(received.body).toContain(fields.slice(1, -1).replace('"sessionId":""', `"sessionId":"${s.id}"`));
      expect(event.payload).not.toContain(s.id);
      expect(event.payload).not.toContain(event.id);
      expect(event.payload).not.toContain('occurredAt');

      // The reply's event, once dispatched, keeps its seq; explain still tells its story.
      const why = await eventually(async () => {
        const r = await h.api('GET', `/api/events/${replied.id}/explain`);
        return r.status === 200 && r.body;
      });
      expect(why.event).toMatchObject({ type: 'message.assistant', sessionId: s.id, seq: replied.seq });
      const reply = await eventually(() =>
        db
          .selectFrom('events')
          .select(['payload', 'dispatched'])
          .where('session_id', '=', s.id)
          .where('type', '=', 'message.assistant')
          .executeTakeFirst()
          .then((e) => Number(e?.dispatched) === 1 && e),
      );
      expect(unpackJson(reply.payload)).toBe(`{"seq":${replied.seq}}`);
      expect(reply.payload.length).toBeLessThan(`{"seq":${replied.seq}}`.length);
    });
  });
}
