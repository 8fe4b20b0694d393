import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type Sink, startSink } from '../helpers/sink.js';

const ALL_EVENTS = ['session.started', 'message.assistant', 'message.user', 'session.transferred'];

for (const backend of backends()) {
  describe(`per-agent push notifications on ${backend}`, () => {
    let h: TestHerald;
    let sink: Sink;
    beforeAll(async () => {
      h = await startHerald({ backend, env: { HERALD_RETRY_SCHEDULE_S: '0.05,0.05,0.05' } });
      sink = await startSink();
    });
    afterAll(async () => {
      await h.close();
      await sink.close();
    });
    beforeEach(() => {
      sink.requests.length = 0;
      sink.always({ status: 200, body: 'ok' });
    });

    async function agentWithConfig(events: string[], extra: Record<string, unknown> = {}) {
      const agent = (await h.api('POST', '/api/agents', { name: 'Hooked' })).body;
      const put = await h.api('PUT', `/api/agents/${agent.id}/push-config`, {
        enabled: true,
        url: `${sink.url}/hook/${agent.id}`,
        headers: [
          { name: 'X-Tenant', value: 'acme', secret: false },
          { name: 'Authorization', value: 'Bearer very-secret-value', secret: true },
        ],
        events,
        ...extra,
      });
      expect(put.status).toBe(200);
      return agent.id as string;
    }

    const forAgent = (agentId: string) => sink.requests.filter((r) => r.path === `/hook/${agentId}`);

    it('posts each selected event with the contract body, the configured headers and a verifiable signature', async () => {
      const agentId = await agentWithConfig(ALL_EVENTS);
      const secret = (await h.api('GET', `/api/agents/${agentId}/push-config/secret`)).body.signingSecret;
      expect(secret).toMatch(/^whsec_/);
      const dep = (await h.api('POST', '/api/departments', { name: `Desk ${backend}` })).body;
      const s = (await h.api('POST', '/api/sessions', { agentId, channel: 'mobile', customerId: 'c-hook' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Where is my parcel?', role: 'user' });
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'It ships today.' });
      await h.api('POST', `/api/sessions/${s.id}/transfer`, { departmentId: dep.id });

      const got = await eventually(() => forAgent(agentId).length >= 4 && forAgent(agentId));
      const bodies = got.map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => b.event).sort()).toEqual([...ALL_EVENTS].sort());
      const reply = bodies.find((b) => b.event === 'message.assistant');
      expect(reply).toMatchObject({
        sessionId: s.id,
        customerId: 'c-hook',
        agentId,
        channel: 'mobile',
        seq: 2,
        text: 'It ships today.',
        author: { type: 'ai' },
      });
      expect(reply.id).toMatch(/^evt_/);
      expect(new Date(reply.occurredAt).toISOString()).toBe(reply.occurredAt);
      const started = bodies.find((b) => b.event === 'session.started');
      expect(started).toMatchObject({ text: null, seq: null });
      expect(bodies.find((b) => b.event === 'session.transferred')).toMatchObject({ departmentId: dep.id, operatorId: null });

      const wh = new Webhook(secret);
      for (const r of got) {
        expect(r.headers['content-type']).toBe('application/json');
        expect(r.headers['x-tenant']).toBe('acme');
        expect(r.headers.authorization).toBe('Bearer very-secret-value');
        expect(r.headers['webhook-id']).toBe(JSON.parse(r.body).id);
        expect(() => wh.verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      }
    });

    it('never returns secret header values, and keeps them when saved again with value null', async () => {
      const agentId = await agentWithConfig(['message.user']);
      const cfg = (await h.api('GET', `/api/agents/${agentId}/push-config`)).body;
      expect(cfg.headers).toEqual([
        { name: 'X-Tenant', value: 'acme', secret: false },
        { name: 'Authorization', value: null, secret: true },
      ]);
      expect(JSON.stringify(cfg)).not.toContain('very-secret-value');
      await h.api('PUT', `/api/agents/${agentId}/push-config`, {
        ...cfg,
        headers: cfg.headers,
        agentId: undefined,
        createdAt: undefined,
        updatedAt: undefined,
        disabledReason: undefined,
        enabled: true,
        url: cfg.url,
        events: cfg.events,
      });
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'c-keep' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'hi', role: 'user' });
      const [r] = await eventually(() => forAgent(agentId).length >= 1 && forAgent(agentId));
      expect(r!.headers.authorization).toBe('Bearer very-secret-value');
    });

    it('sends only the selected events, and nothing while the configuration is disabled', async () => {
      const agentId = await agentWithConfig(['message.user']);
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'c-sel' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'from customer', role: 'user' });
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'from ai' });
      await eventually(() => forAgent(agentId).length >= 1);
      await settled(h);
      expect(forAgent(agentId).map((r) => JSON.parse(r.body).event)).toEqual(['message.user']);

      const cfg = (await h.api('GET', `/api/agents/${agentId}/push-config`)).body;
      await h.api('PUT', `/api/agents/${agentId}/push-config`, { enabled: false, url: cfg.url, headers: cfg.headers, events: cfg.events });
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'while disabled', role: 'user' });
      await settled(h);
      expect(forAgent(agentId).length).toBe(1);
      // The configuration is kept: enabling it again resumes sending.
      await h.api('PUT', `/api/agents/${agentId}/push-config`, { enabled: true, url: cfg.url, headers: cfg.headers, events: cfg.events });
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'enabled again', role: 'user' });
      await eventually(() => forAgent(agentId).length === 2);
    });

    it("delivers an operator's reply as message.assistant with author.type human", async () => {
      const agentId = await agentWithConfig(['message.assistant']);
      const op = (await h.api('POST', '/api/operators', { email: `hook-op-${backend}@example.test`, name: 'Hu', role: 'operator', password: 'password-123' }))
        .body;
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'c-human' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'A human here', role: 'operator', operatorId: op.id });
      const [r] = await eventually(() => forAgent(agentId).length >= 1 && forAgent(agentId));
      expect(JSON.parse(r!.body)).toMatchObject({ event: 'message.assistant', text: 'A human here', author: { type: 'human', id: op.id } });
    });

    it('retries 500, 500 then 200: delivered on the third attempt, all three in the console', async () => {
      const agentId = await agentWithConfig(['message.user']);
      sink.reply({ status: 500, body: 'boom 1' }, { status: 500, body: 'boom 2' }, { status: 200, body: 'finally' });
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'c-retry' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'retry me', role: 'user' });
      const list = await eventually(async () => {
        const r = await h.api('GET', `/api/deliveries?agentId=${agentId}&channel=webhook`);
        return r.body.items[0]?.status === 'delivered' && r.body.items;
      });
      const detail = (await h.api('GET', `/api/deliveries/${list[0].id}`)).body;
      expect(detail.attempts).toBe(3);
      expect(detail.attemptLog.map((a: any) => [a.attempt, a.statusCode, a.ok, a.response])).toEqual([
        [1, 500, false, 'boom 1'],
        [2, 500, false, 'boom 2'],
        [3, 200, true, 'finally'],
      ]);
      expect(detail.attemptLog.every((a: any) => typeof a.latencyMs === 'number' && a.at)).toBe(true);
      const ids = new Set(forAgent(agentId).map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      // The first attempt went out as planned; the retries were read back from the table, where a
      // webhook delivery stores no body of its own (its event's): the same bytes, signed, each
      // time, and the console shows them.
      const secret = (await h.api('GET', `/api/agents/${agentId}/push-config/secret`)).body.signingSecret;
      const wh = new Webhook(secret);
      const sent = forAgent(agentId);
      expect(sent).toHaveLength(3);
      for (const r of sent) {
        expect(r.body).toBe(JSON.stringify(detail.payload));
        expect(wh.verify(r.body, r.headers as Record<string, string>)).toMatchObject({ event: 'message.user', text: 'retry me' });
      }
    });

    it('with retry "none" makes one attempt, then fails', async () => {
      const agentId = await agentWithConfig(['message.user'], { retry: 'none' });
      sink.always({ status: 503, body: 'down' });
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'c-none' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'once', role: 'user' });
      const [d] = await eventually(async () => {
        const r = await h.api('GET', `/api/deliveries?agentId=${agentId}&channel=webhook&status=failed`);
        return r.body.items.length === 1 && r.body.items;
      });
      expect(d).toMatchObject({ attempts: 1, lastStatusCode: 503, reason: 'retry policy is none' });
      expect(forAgent(agentId).length).toBe(1);
      // A manual retry sends it again.
      sink.always({ status: 200 });
      expect((await h.api('POST', `/api/deliveries/${d.id}/retry`)).status).toBe(202);
      await eventually(async () => (await h.api('GET', `/api/deliveries/${d.id}`)).body.status === 'delivered');
    });

    it('disables the configuration when the receiver answers 410 Gone', async () => {
      const agentId = await agentWithConfig(['message.user']);
      sink.always({ status: 410, body: 'gone' });
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'c-410' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'anyone?', role: 'user' });
      const cfg = await eventually(async () => {
        const c = (await h.api('GET', `/api/agents/${agentId}/push-config`)).body;
        return c.enabled === false && c;
      });
      expect(cfg.disabledReason).toMatch(/410/);
    });

    it('signs with both keys for a day after rotation; test-send reports the answer', async () => {
      const agentId = await agentWithConfig(['message.user']);
      const oldSecret = (await h.api('GET', `/api/agents/${agentId}/push-config/secret`)).body.signingSecret;
      const rotated = (await h.api('POST', `/api/agents/${agentId}/push-config/rotate-secret`)).body;
      expect(rotated.signingSecret).not.toBe(oldSecret);
      const test = await h.api('POST', `/api/agents/${agentId}/push-config/test`);
      expect(test.status).toBe(200);
      expect(test.body.delivery).toMatchObject({ status: 'delivered', lastStatusCode: 200 });
      const [r] = forAgent(agentId);
      expect(JSON.parse(r!.body).event).toBe('push_config.test');
      expect(String(r!.headers['webhook-signature']).split(' ')).toHaveLength(2);
      for (const secret of [oldSecret, rotated.signingSecret]) {
        expect(() => new Webhook(secret).verify(r!.body, r!.headers as Record<string, string>)).not.toThrow();
      }
    });

    it('validates the configuration with clear errors', async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Invalid' })).body;
      const put = (body: unknown) => h.api('PUT', `/api/agents/${agent.id}/push-config`, body);
      const base = { enabled: true, url: `${sink.url}/x`, headers: [], events: ['message.user'] };
      expect((await put({ ...base, events: [] })).status).toBe(400);
      expect((await put({ ...base, url: 'ftp://example.com/x' })).body.error.message).toMatch(/http:\/\/ or https:\/\//);
      expect((await put({ ...base, headers: [{ name: 'Bad Header', value: 'x', secret: false }] })).body.error.message).toBe(
        '"Bad Header" is not a valid HTTP header name.',
      );
      expect((await put({ ...base, headers: [{ name: 'webhook-id', value: 'x', secret: false }] })).status).toBe(400);
      expect((await put({ ...base, events: ['message.deleted'] })).status).toBe(400);
      expect((await h.api('PUT', '/api/agents/agt_nope/push-config', base)).status).toBe(404);
      const listed = (await h.api('GET', '/api/agents?hasPushConfig=true')).body.items;
      expect(listed.some((a: any) => a.id === agent.id)).toBe(false);
    });
  });
}

describe('SSRF guard', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startHerald({ env: { HERALD_ALLOW_PRIVATE_WEBHOOKS: 'false' } });
  });
  afterAll(() => h.close());

  it('refuses loopback, private and metadata targets with a clear error', async () => {
    const agent = (await h.api('POST', '/api/agents', { name: 'Guarded' })).body;
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/x', 'http://169.254.169.254/latest', 'http://[::1]/x']) {
      const res = await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url, headers: [], events: ['message.user'] });
      expect(res.status, url).toBe(422);
      expect(res.body.error.code).toBe('HERALD_UNSAFE_URL');
      expect(res.body.error.message).toMatch(/HERALD_ALLOW_PRIVATE_WEBHOOKS/);
    }
  });
});
