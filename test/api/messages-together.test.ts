/**
 * Messages posted at the same moment (on PostgreSQL they are written in one batch: one UPDATE of
 * their sessions, one INSERT of messages and events): each keeps its own seq, its own webhook and
 * its own answer, and a refused one does not take the others down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`messages posted together on ${backend}`, () => {
    let h: TestHerald;
    let sink: Awaited<ReturnType<typeof startSink>>;
    beforeAll(async () => {
      h = await startHerald({ backend });
      sink = await startSink();
    });
    afterAll(async () => {
      await h.close();
      await sink.close();
    });

    it('several sessions, several messages each, one into another customer’s session and one into no session: each answered on its own', async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Together' })).body;
      const put = await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      expect(put.status).toBe(200);
      const customers = ['cust-t1', 'cust-t2', 'cust-t3'];
      const sessions: string[] = [];
      const tokens: string[] = [];
      for (const c of customers) {
        const token = (await h.api('POST', `/api/customers/${c}/token`, {})).body.token as string;
        const s = await h.api('POST', '/api/sessions', { agentId: agent.id, channel: 'mobile' }, { authorization: `Bearer ${token}` });
        expect(s.status).toBe(201);
        sessions.push(s.body.id);
        tokens.push(token);
      }
      const asCustomer = (i: number, sessionId: string, text: string) =>
        h.api('POST', `/api/sessions/${sessionId}/messages`, { text }, { authorization: `Bearer ${tokens[i]}` });
      const posts = [
        ...sessions.flatMap((sid, i) => Array.from({ length: 5 }, (_, k) => ({ want: 201, run: () => asCustomer(i, sid, `s${i}-m${k}`) }))),
        // Customer 0 writing into customer 1's session: reported as missing.
        { want: 404, run: () => asCustomer(0, sessions[1]!, 'intruder') },
        { want: 404, run: () => h.api('POST', '/api/sessions/ses_missing/messages', { text: 'nowhere', role: 'user' }) },
        // The server key relaying a customer's message: author is the session's customer.
        { want: 201, run: () => h.api('POST', `/api/sessions/${sessions[2]}/messages`, { text: 's2-relayed', role: 'user' }) },
      ];
      const answers = await Promise.all(posts.map((p) => p.run()));
      expect(answers.map((a) => a.status)).toEqual(posts.map((p) => p.want));

      for (const [i, sid] of sessions.entries()) {
        const listed = (await h.api('GET', `/api/sessions/${sid}/messages?after=0`)).body.items as Array<{ seq: number; text: string; author: unknown }>;
        const expected = i === 2 ? 6 : 5;
        expect(listed.map((m) => m.seq)).toEqual(Array.from({ length: expected }, (_, k) => k + 1));
        // Requests travel on several connections, so their order of arrival is not theirs to keep.
        const texts = [...Array.from({ length: 5 }, (_, k) => `s${i}-m${k}`), ...(i === 2 ? ['s2-relayed'] : [])];
        expect(listed.map((m) => m.text).sort()).toEqual(texts.sort());
        for (const m of listed) expect(m.author).toEqual({ type: 'customer', id: customers[i] });
      }
      // Exactly one webhook per accepted message, carrying its seq and author.
      await eventually(() => sink.requests.length >= 16, 15_000);
      const hooks = sink.requests.map(
        (r) => JSON.parse(r.body) as { event: string; sessionId: string; seq: number; text: string; customerId: string; author: unknown },
      );
      expect(hooks).toHaveLength(16);
      expect(hooks.map((b) => b.text).sort()).toEqual(
        answers
          .filter((a) => a.status === 201)
          .map((a) => a.body.text as string)
          .sort(),
      );
      for (const b of hooks) {
        const i = sessions.indexOf(b.sessionId);
        expect(b).toMatchObject({ event: 'message.user', customerId: customers[i], author: { type: 'customer', id: customers[i] } });
        const posted = answers.find((a) => a.status === 201 && a.body.text === b.text)!;
        expect(b.seq).toBe(posted.body.seq);
      }
    });
  });
}
