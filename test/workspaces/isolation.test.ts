/**
 * Two businesses on one Herald (CONTRACT §14): each workspace's agent has its own webhook
 * receiver; a customer message in one reaches only that workspace's receiver, and each
 * workspace's key, tokens, deliveries and analytics see only its own.
 */
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type Sink, startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`two workspaces on ${backend}`, () => {
    let h: TestHerald;
    let sinkA: Sink;
    let sinkB: Sink;
    beforeAll(async () => {
      [h, sinkA, sinkB] = await Promise.all([startHerald({ backend }), startSink(), startSink()]);
    });
    afterAll(async () => {
      await h?.close();
      await sinkA?.close();
      await sinkB?.close();
    });

    it("routes each workspace's messages to its own agent endpoint only, and keeps each one's things to itself", async () => {
      // The instance admin makes workspace B and gets its first server key.
      const login = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TEST_ADMIN),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const made = await h.api('POST', '/api/workspaces', { name: 'Second shop' }, { authorization: '', cookie });
      expect(made.status).toBe(201);
      const B = made.body.id as string;
      const asB = { authorization: `Bearer ${made.body.apiKey}` };
      const mine = await h.api('GET', '/api/workspaces', undefined, { authorization: '', cookie });
      expect(mine.body.items.map((w: { id: string; role: string }) => [w.id, w.role])).toEqual([
        ['default', 'admin'],
        [B, 'admin'],
      ]);

      // Each workspace: an agent whose webhook goes to its own receiver, a customer, a session.
      const setUp = async (headers: Record<string, string>, sink: Sink, customer: string) => {
        const agent = (await h.api('POST', '/api/agents', { name: `bot of ${customer}` }, headers)).body.id as string;
        expect(
          (await h.api('PUT', `/api/agents/${agent}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] }, headers))
            .status,
        ).toBe(200);
        const session = (await h.api('POST', '/api/sessions', { agentId: agent, customerId: customer }, headers)).body.id as string;
        const token = (await h.api('POST', `/api/customers/${customer}/token`, {}, headers)).body.token as string;
        return { agent, session, token: { authorization: `Bearer ${token}` } };
      };
      const a = await setUp({}, sinkA, 'alice');
      const b = await setUp(asB, sinkB, 'bob');
      expect(decodeProtectedHeader(b.token.authorization.slice(7)).kid).toBe(B);

      expect((await h.api('POST', `/api/sessions/${a.session}/messages`, { text: 'hello from A' }, a.token)).status).toBe(201);
      expect((await h.api('POST', `/api/sessions/${b.session}/messages`, { text: 'hello from B' }, b.token)).status).toBe(201);
      await eventually(
        () => sinkA.requests.some((r) => r.body.includes('hello from A')) && sinkB.requests.some((r) => r.body.includes('hello from B')),
        20_000,
      );
      await settled(h);
      expect(sinkA.requests.map((r) => JSON.parse(r.body).text)).toEqual(['hello from A']);
      expect(sinkB.requests.map((r) => JSON.parse(r.body).text)).toEqual(['hello from B']);

      // Across workspaces, a key, a token or an operator finds nothing.
      expect((await h.api('GET', `/api/sessions/${a.session}`, undefined, asB)).status).toBe(404);
      expect((await h.api('GET', `/api/agents/${b.agent}`)).status).toBe(404);
      expect((await h.api('GET', `/api/sessions/${a.session}/messages`, undefined, b.token)).status).toBe(404);
      expect((await h.api('POST', `/api/sessions/${b.session}/messages`, { text: 'sneaking in' }, a.token)).status).toBe(404);
      expect((await h.api('GET', `/api/workspaces/${B}/identity-secret`)).status).toBe(404);
      expect((await h.api('GET', '/api/workspaces/default/identity-secret', undefined, asB)).status).toBe(404);
      expect((await h.api('GET', `/api/workspaces/${B}/identity-secret`, undefined, asB)).body).toMatchObject({ kid: B });

      // Each console shows its own deliveries, with their attempts, and its own analytics.
      const deliveries = async (headers: Record<string, string>) =>
        (await h.api('GET', '/api/deliveries', undefined, headers)).body.items as Array<{ id: string; sessionId: string }>;
      const [dA, dB] = [await deliveries({}), await deliveries(asB)];
      expect(dA.map((d) => d.sessionId)).toEqual([a.session]);
      expect(dB.map((d) => d.sessionId)).toEqual([b.session]);
      const detailB = await h.api('GET', `/api/deliveries/${dB[0]!.id}`, undefined, asB);
      expect(detailB.body.attemptLog).toHaveLength(1);
      expect((await h.api('GET', `/api/deliveries/${dB[0]!.id}`)).status).toBe(404);
      const from = new Date(Date.now() - 3600_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const totals = async (headers: Record<string, string>) =>
        (await h.api('GET', `/api/analytics/deliveries?from=${from}&to=${to}&bucket=hour`, undefined, headers)).body as {
          total: number;
          byDestination: Array<{ key: string }>;
        };
      const [anA, anB] = [await totals({}), await totals(asB)];
      expect([anA.total, anB.total]).toEqual([1, 1]);
      expect(anB.byDestination.map((d) => d.key)).toEqual([`webhook:${sinkB.url}`]);
    });
  });
}
