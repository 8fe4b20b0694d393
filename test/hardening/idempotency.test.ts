/**
 * Idempotency-Key (CONTRACT §11) on POST /api/sessions, /messages and /notifications: a repeat
 * with the same key and body gets the first response and writes nothing; the same key with
 * another body is 422 HERALD_IDEMPOTENCY_MISMATCH; keys belong to one principal; racing repeats,
 * in one process or two sharing the database, write once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, backends, freshPostgres } from '../helpers/backends.js';
import { type TestHerald, startHerald } from '../helpers/herald.js';

async function pair(backend: Backend): Promise<{ a: TestHerald; b: TestHerald; drop: () => Promise<void> }> {
  if (backend === 'postgres') {
    const pg = await freshPostgres();
    const [a, b] = [await startHerald({ databaseUrl: pg.url }), await startHerald({ databaseUrl: pg.url })];
    return { a, b, drop: pg.drop };
  }
  const a = await startHerald();
  // A second process on the same SQLite file (WAL), as `herald serve --role api` beside a worker would run.
  const b = await startHerald({ dataDir: a.dataDir });
  return { a, b, drop: async () => undefined };
}

for (const backend of backends()) {
  describe(`Idempotency-Key on ${backend}`, () => {
    let a: TestHerald;
    let b: TestHerald;
    let drop: () => Promise<void>;
    let agentId: string;
    beforeAll(async () => {
      ({ a, b, drop } = await pair(backend));
      agentId = (await a.api('POST', '/api/agents', { name: 'Idem' })).body.id;
    });
    afterAll(async () => {
      await b.close();
      await a.close();
      await drop();
    });

    const key = (k: string) => ({ 'idempotency-key': `${backend}-${k}` });
    const countMessages = async (sessionId: string) => (await a.api('GET', `/api/sessions/${sessionId}/messages?after=0`)).body.items.length;

    it('replays the first response of POST /api/sessions and creates one session', async () => {
      const body = { agentId, customerId: `idem-s-${backend}` };
      const first = await a.api('POST', '/api/sessions', body, key('s1'));
      expect(first.status).toBe(201);
      const again = await a.api('POST', '/api/sessions', { customerId: body.customerId, agentId }, key('s1')); // same body, keys reordered
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const list = (await a.api('GET', `/api/sessions?customerId=${body.customerId}`)).body.items;
      expect(list).toHaveLength(1);

      const other = await a.api('POST', '/api/sessions', { agentId, customerId: 'someone-else' }, key('s1'));
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe('HERALD_IDEMPOTENCY_MISMATCH');
      expect((await a.api('GET', '/api/sessions?customerId=someone-else')).body.items).toHaveLength(0);
    });

    it('honours the header on messages, per principal', async () => {
      const customerId = `idem-m-${backend}`;
      const s = (await a.api('POST', '/api/sessions', { agentId, customerId })).body;
      const first = await a.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Once only' }, key('m1'));
      expect(first.status).toBe(201);
      const again = await a.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Once only' }, key('m1'));
      expect([again.status, again.body]).toEqual([first.status, first.body]);
      expect(await countMessages(s.id)).toBe(1);

      // The same key from another principal (the customer's token) is another key.
      const token = (await a.api('POST', `/api/customers/${customerId}/token`, {})).body.token;
      const mine = await a.api('POST', `/api/sessions/${s.id}/messages`, { text: 'From the customer' }, { ...key('m1'), authorization: `Bearer ${token}` });
      expect(mine.status).toBe(201);
      expect(mine.body.id).not.toBe(first.body.id);
      expect(await countMessages(s.id)).toBe(2);

      const mismatch = await a.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Different text' }, key('m1'));
      expect([mismatch.status, mismatch.body.error.code]).toEqual([422, 'HERALD_IDEMPOTENCY_MISMATCH']);
      expect(await countMessages(s.id)).toBe(2);
    });

    it('refuses a reused key with another recipient on POST /api/notifications, header or body field', async () => {
      const first = await a.api('POST', '/api/notifications', { customerId: 'n-a', category: 'system', body: 'For A' }, key('n1'));
      expect(first.status).toBe(202);
      const again = await a.api('POST', '/api/notifications', { customerId: 'n-a', category: 'system', body: 'For A' }, key('n1'));
      expect([again.status, again.body]).toEqual([202, first.body]);
      const toB = await a.api('POST', '/api/notifications', { customerId: 'n-b', category: 'system', body: 'For B' }, key('n1'));
      expect([toB.status, toB.body.error.code]).toEqual([422, 'HERALD_IDEMPOTENCY_MISMATCH']);

      const bodyKey = `${backend}-field`;
      const f1 = await a.api('POST', '/api/notifications', { customerId: 'n-a', category: 'system', body: 'Field A', idempotencyKey: bodyKey });
      expect(f1.status).toBe(202);
      const f2 = await a.api('POST', '/api/notifications', { customerId: 'n-b', category: 'system', body: 'Field B', idempotencyKey: bodyKey });
      expect([f2.status, f2.body.error.code]).toEqual([422, 'HERALD_IDEMPOTENCY_MISMATCH']);
    });

    it('writes once when the same request races on two processes sharing the database', async () => {
      const s = (await a.api('POST', '/api/sessions', { agentId, customerId: `idem-race-${backend}` })).body;
      const send = (h: TestHerald) => h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Racing' }, key('race'));
      const answers = await Promise.all([a, b, a, b, a, b, a, b].map(send));
      const ok = answers.filter((r) => r.status === 201);
      // Losers either replay the winner's answer or are told it is still running (409, Retry-After).
      expect(answers.every((r) => r.status === 201 || (r.status === 409 && r.headers.get('retry-after') === '1'))).toBe(true);
      expect(ok.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
      expect(await countMessages(s.id)).toBe(1);
      // Once finished, any process replays it.
      const later = await send(b);
      expect([later.status, later.body.id]).toEqual([201, ok[0]!.body.id]);
    });

    it('refuses a malformed key', async () => {
      const res = await a.api('POST', '/api/sessions', { agentId }, { 'idempotency-key': 'x'.repeat(300) });
      expect([res.status, res.body.error.code]).toEqual([400, 'HERALD_VALIDATION']);
    });
  });
}
