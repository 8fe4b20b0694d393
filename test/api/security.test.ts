import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, startHerald } from '../helpers/herald.js';

async function login(h: TestHerald, email: string, password: string): Promise<string> {
  const res = await fetch(`${h.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Strict/i);
  return cookie.split(';')[0]!;
}

for (const backend of backends()) {
  describe(`access control on ${backend}`, () => {
    let h: TestHerald;
    let agentId: string;
    beforeAll(async () => {
      h = await startHerald({ backend });
      agentId = (await h.api('POST', '/api/agents', { name: 'Sec' })).body.id;
    });
    afterAll(() => h.close());

    const tokenFor = async (id: string) => (await h.api('POST', `/api/customers/${id}/token`, {})).body.token as string;

    it("gives customer A a 404 for customer B's session, messages and customer record", async () => {
      const b = await h.api('POST', '/api/sessions', { agentId, customerId: 'cust-b' });
      const tokenA = await tokenFor('cust-a');
      const asA = { authorization: `Bearer ${tokenA}` };
      expect((await h.api('GET', `/api/sessions/${b.body.id}`, undefined, asA)).status).toBe(404);
      expect((await h.api('GET', `/api/sessions/${b.body.id}/messages`, undefined, asA)).status).toBe(404);
      expect((await h.api('POST', `/api/sessions/${b.body.id}/messages`, { text: 'hi' }, asA)).status).toBe(404);
      expect((await h.api('GET', '/api/customers/cust-b', undefined, asA)).status).toBe(404);
      const listed = await h.api('GET', '/api/sessions?customerId=cust-b', undefined, asA);
      expect(listed.body.items).toEqual([]);
    });

    it('lets a customer open and write in their own session', async () => {
      const asA = { authorization: `Bearer ${await tokenFor('cust-own')}` };
      const s = await h.api('POST', '/api/sessions', { agentId, channel: 'mobile' }, asA);
      expect(s.status).toBe(201);
      expect(s.body.customerId).toBe('cust-own');
      const m = await h.api('POST', `/api/sessions/${s.body.id}/messages`, { text: 'hello' }, asA);
      expect(m.body).toMatchObject({ role: 'user', author: { type: 'customer', id: 'cust-own' } });
    });

    it('answers 401 to an expired token and to a wrongly signed one', async () => {
      const past = Math.floor(Date.now() / 1000) - 60;
      const wrongKey = new TextEncoder().encode('not-the-identity-secret-not-the-identity-secret');
      const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('cust-a').setExpirationTime('1h').sign(wrongKey);
      const res1 = await h.api('GET', '/api/sessions', undefined, { authorization: `Bearer ${forged}` });
      expect(res1.status).toBe(401);
      expect(res1.body.error.code).toBe('HERALD_UNAUTHORIZED');

      // An expired token signed with the real secret: mint one through the API, then re-sign it expired.
      const fs = await import('node:fs');
      const secret = Buffer.from(fs.readFileSync(`${h.dataDir}/identity.key`, 'utf8').trim(), 'base64').toString('base64');
      const expired = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('cust-a')
        .setExpirationTime(past)
        .sign(new TextEncoder().encode(secret));
      const res2 = await h.api('GET', '/api/sessions', undefined, { authorization: `Bearer ${expired}` });
      expect(res2.status).toBe(401);
      expect(res2.body.error.code).toBe('HERALD_TOKEN_EXPIRED');

      const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('cust-a').sign(new TextEncoder().encode(secret));
      expect((await h.api('GET', '/api/sessions', undefined, { authorization: `Bearer ${noExp}` })).status).toBe(401);
      expect((await h.api('GET', '/api/sessions', undefined, { authorization: 'Bearer hk_wrong' })).status).toBe(401);
      expect((await h.api('GET', '/api/sessions', undefined, { authorization: '' })).status).toBe(401);
    });

    it('lets a viewer read sessions but not post messages (403)', async () => {
      await h.api('POST', '/api/operators', { email: `viewer-${backend}@example.test`, name: 'Vic', role: 'viewer', password: 'viewer-pass-1' });
      const cookie = await login(h, `viewer-${backend}@example.test`, 'viewer-pass-1');
      const s = await h.api('POST', '/api/sessions', { agentId, customerId: 'cust-v' });
      const asViewer = { authorization: '', cookie };
      expect((await h.api('GET', `/api/sessions/${s.body.id}`, undefined, asViewer)).status).toBe(200);
      const post = await h.api('POST', `/api/sessions/${s.body.id}/messages`, { text: 'nope' }, asViewer);
      expect(post.status).toBe(403);
      expect(post.body.error.code).toBe('HERALD_FORBIDDEN');
      expect((await h.api('POST', '/api/agents', { name: 'x' }, asViewer)).status).toBe(403);
      const me = await h.api('GET', '/api/auth/me', undefined, asViewer);
      expect(me.body.operator.role).toBe('viewer');
    });

    it('refuses a wrong password without saying which part was wrong, and throttles guessing', async () => {
      const email = `guess-${backend}@example.test`;
      await h.api('POST', '/api/operators', { email, name: 'G', role: 'operator', password: 'right-password' });
      const res = await h.api('POST', '/api/auth/login', { email, password: 'wrong' }, { authorization: '' });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('The email or password is not correct.');
      for (let i = 0; i < 9; i++) await h.api('POST', '/api/auth/login', { email, password: `wrong-${i}` }, { authorization: '' });
      const limited = await h.api('POST', '/api/auth/login', { email, password: 'right-password' }, { authorization: '' });
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('HERALD_RATE_LIMITED');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Other accounts are not affected.
      expect((await h.api('POST', '/api/auth/login', TEST_ADMIN, { authorization: '' })).status).toBe(200);
    });

    it('lets an operator reply with the cookie; the message is a human operator message', async () => {
      const cookie = await login(h, TEST_ADMIN.email, TEST_ADMIN.password);
      const s = await h.api('POST', '/api/sessions', { agentId, customerId: 'cust-op' });
      const m = await h.api('POST', `/api/sessions/${s.body.id}/messages`, { text: 'Hello from a human' }, { authorization: '', cookie });
      expect(m.status).toBe(201);
      expect(m.body).toMatchObject({ role: 'operator', author: { type: 'human' } });
      const after = await h.api('GET', `/api/sessions/${s.body.id}`);
      expect(after.body.status).toBe('assigned');
    });
  });
}

describe('bad input', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startHerald({ env: { HERALD_BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(() => h.close());

  it('refuses unknown fields, wrong types, bad JSON and oversize bodies in the catalogue shape', async () => {
    const unknown = await h.api('POST', '/api/agents', { name: 'A', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({ error: { code: 'HERALD_VALIDATION', message: 'body has an unknown field "colour".' } });

    const wrongType = await h.api('POST', '/api/sessions', { agentId: 42 });
    expect(wrongType.status).toBe(400);

    const badJson = await fetch(`${h.url}/api/agents`, {
      method: 'POST',
      headers: { authorization: 'Bearer hk_test_0123456789abcdefghijklmnopqrstuvwxyz', 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as any).error.code).toBe('HERALD_BAD_JSON');

    const big = await h.api('POST', '/api/agents', { name: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('HERALD_PAYLOAD_TOO_LARGE');

    const badQuery = await h.api('GET', '/api/sessions?limit=100000');
    expect(badQuery.status).toBe(400);
    const missing = await h.api('GET', '/api/nothing-here');
    expect(missing.body.error.code).toBe('HERALD_ROUTE_NOT_FOUND');
  });

  it('leaves nothing half-written when a request fails', async () => {
    const before = await h.api('GET', '/api/sessions');
    const res = await h.api('POST', '/api/sessions', { agentId: 'agt_missing', customerId: 'cust-half' });
    expect(res.status).toBe(422);
    expect((await h.api('GET', '/api/customers/cust-half')).status).toBe(404);
    expect((await h.api('GET', '/api/sessions')).body.items.length).toBe(before.body.items.length);
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    expect((await h.api('GET', '/api/health')).body.status).toBe('ok');
    expect((await h.api('GET', '/api/ready')).body.status).toBe('ready');
    const metrics = await h.api('GET', '/metrics');
    expect(String(metrics.body)).toContain('herald_http_requests_total');
    expect(String(metrics.body)).toMatch(/herald_queue_jobs\{state="ready"\} \d+/);
    const doc = await h.api('GET', '/api/docs/json');
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toContain('/api/sessions/{id}/messages');
  });
});
