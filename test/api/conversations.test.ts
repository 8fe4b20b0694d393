import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, startHerald } from '../helpers/herald.js';
import { openStream } from '../helpers/sse.js';

for (const backend of backends()) {
  describe(`conversations on ${backend}`, () => {
    let h: TestHerald;
    beforeAll(async () => {
      h = await startHerald({ backend });
    });
    afterAll(() => h.close());

    it('creates an agent, a customer and a mobile session; messages poll back in seq order', async () => {
      const agent = await h.api('POST', '/api/agents', { name: 'Support bot' });
      expect(agent.status).toBe(201);
      const customer = await h.api('PUT', '/api/customers/cust-1', { name: 'Ann', locale: 'en-GB' });
      expect(customer.status).toBe(200);
      expect(customer.body).toMatchObject({ id: 'cust-1', name: 'Ann', locale: 'en-GB' });

      const session = await h.api('POST', '/api/sessions', { agentId: agent.body.id, channel: 'mobile', customerId: 'cust-1' });
      expect(session.status).toBe(201);
      expect(session.body).toMatchObject({ agentId: agent.body.id, customerId: 'cust-1', channel: 'mobile', status: 'bot' });

      const sid = session.body.id;
      const m1 = await h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Hi, my order is late', role: 'user' });
      const m2 = await h.api('POST', `/api/sessions/${sid}/messages`, { text: 'Let me check that for you.' });
      expect(m1.status).toBe(201);
      expect(m1.body).toMatchObject({ seq: 1, role: 'user', author: { type: 'customer', id: 'cust-1' } });
      expect(m2.body).toMatchObject({ seq: 2, role: 'assistant', author: { type: 'ai' } });

      const polled = await h.api('GET', `/api/sessions/${sid}/messages?after=0`);
      expect(polled.body.items.map((m: any) => [m.seq, m.text])).toEqual([
        [1, 'Hi, my order is late'],
        [2, 'Let me check that for you.'],
      ]);
      const after1 = await h.api('GET', `/api/sessions/${sid}/messages?after=1`);
      expect(after1.body.items.map((m: any) => m.seq)).toEqual([2]);
    });

    it('gives every concurrent message its own seq', async () => {
      const agent = await h.api('POST', '/api/agents', { name: 'Busy' });
      const s = await h.api('POST', '/api/sessions', { agentId: agent.body.id, customerId: 'cust-seq' });
      const posts = await Promise.all(Array.from({ length: 20 }, (_, i) => h.api('POST', `/api/sessions/${s.body.id}/messages`, { text: `m${i}` })));
      expect(posts.every((p) => p.status === 201)).toBe(true);
      expect(posts.map((p) => p.body.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('streams message.created to the customer over SSE as it happens', async () => {
      const agent = await h.api('POST', '/api/agents', { name: 'Live' });
      const s = await h.api('POST', '/api/sessions', { agentId: agent.body.id, channel: 'web', customerId: 'cust-sse' });
      const token = (await h.api('POST', '/api/customers/cust-sse/token', {})).body.token;
      const stream = await openStream(`${h.url}/api/stream`, { authorization: `Bearer ${token}` });
      try {
        await h.api('POST', `/api/sessions/${s.body.id}/messages`, { text: 'Live reply' });
        const ev = await stream.next((e) => e.event === 'message.created');
        expect(JSON.parse(ev.data)).toMatchObject({ sessionId: s.body.id, text: 'Live reply', role: 'assistant' });
      } finally {
        stream.close();
      }
    });

    it('walks a session through transfer, assign and resolve', async () => {
      const agent = await h.api('POST', '/api/agents', { name: 'Flow' });
      const dep = await h.api('POST', '/api/departments', { name: `Billing ${backend}` });
      const op = await h.api('POST', '/api/operators', {
        email: `olga-${backend}@example.test`,
        name: 'Olga',
        role: 'operator',
        password: 'password-123',
        departmentIds: [dep.body.id],
      });
      expect(op.status).toBe(201);
      const s = await h.api('POST', '/api/sessions', { agentId: agent.body.id, customerId: 'cust-flow' });
      const t = await h.api('POST', `/api/sessions/${s.body.id}/transfer`, { departmentId: dep.body.id });
      expect(t.body).toMatchObject({ status: 'waiting', departmentId: dep.body.id });
      const a = await h.api('POST', `/api/sessions/${s.body.id}/assign`, { operatorId: op.body.id });
      expect(a.body).toMatchObject({ status: 'assigned', assignedOperatorId: op.body.id });
      const r = await h.api('POST', `/api/sessions/${s.body.id}/resolve`);
      expect(r.body.status).toBe('resolved');
      const again = await h.api('POST', `/api/sessions/${s.body.id}/resolve`);
      expect(again.status).toBe(409);
      const list = await h.api('GET', `/api/sessions?status=resolved&customerId=cust-flow`);
      expect(list.body.items.map((x: any) => x.id)).toEqual([s.body.id]);
    });
  });
}
