/**
 * Bad input is refused cleanly (CONTRACT §11): NUL in text → 400 on both engines, ids up to
 * their schema's maximum work in paths, header values HTTP cannot carry → 400 at save, and an
 * anonymous caller gets 401 whatever its body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { type TestHerald, startHerald } from '../helpers/herald.js';

for (const backend of backends()) {
  describe(`input rules on ${backend}`, () => {
    let h: TestHerald;
    let agentId: string;
    beforeAll(async () => {
      h = await startHerald({ backend });
      agentId = (await h.api('POST', '/api/agents', { name: 'Input' })).body.id;
    });
    afterAll(() => h.close());

    it('refuses NUL in text with 400 and stores nothing', async () => {
      const s = (await h.api('POST', '/api/sessions', { agentId, customerId: 'nul-cust' })).body;
      const cases: Array<[string, string, unknown]> = [
        ['POST', `/api/sessions/${s.id}/messages`, { text: 'hello\u0000world' }],
        ['POST', '/api/agents', { name: 'Bad\u0000name' }],
        ['PUT', '/api/customers/nul-cust', { name: 'Terry\u0000' }],
        ['POST', '/api/notifications', { customerId: 'nul-cust', category: 'system', body: 'x\u0000' }],
        ['GET', '/api/sessions?customerId=a%00b', undefined],
        ['GET', '/api/sessions/a%00b', undefined],
      ];
      for (const [method, path, body] of cases) {
        const res = await h.api(method, path, body);
        expect([path, res.status, res.body?.error?.code]).toEqual([path, 400, 'HERALD_VALIDATION']);
      }
      const messages = (await h.api('GET', `/api/sessions/${s.id}/messages?after=0`)).body.items;
      expect(messages.some((m: { text: string }) => m.text.includes('hello'))).toBe(false);
    });

    it('accepts ids up to 128 characters in paths and answers longer ones in the Herald error shape', async () => {
      const id = `c${'x'.repeat(127)}`;
      expect((await h.api('PUT', `/api/customers/${id}`, { name: 'Long id' })).status).toBe(200);
      expect((await h.api('GET', `/api/customers/${id}`)).body.id).toBe(id);
      const tooLong = await h.api('GET', `/api/customers/${'y'.repeat(129)}`);
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.code).toBe('HERALD_VALIDATION');
      // Far beyond any id: no route matches (404) or the router refuses it (414), in Herald's shape.
      const wayTooLong = await h.api('GET', `/api/customers/${'z'.repeat(1000)}`);
      expect([404, 414]).toContain(wayTooLong.status);
      expect(wayTooLong.body.error.code).toMatch(/^HERALD_/);
    });

    it('refuses push-config header names and values HTTP cannot carry, at save', async () => {
      const put = (headers: unknown[]) =>
        h.api('PUT', `/api/agents/${agentId}/push-config`, { enabled: true, url: 'http://127.0.0.1:9/hook', headers, events: ['session.started'] });
      for (const header of [
        { name: 'X-Name', value: 'Zoë ✓', secret: false }, // beyond Latin-1
        { name: 'X-Name', value: '日本', secret: true },
        { name: 'X-Name', value: 'a\r\nInjected: 1', secret: false },
        { name: 'X-Name', value: 'tab\u0001ctl', secret: false },
        { name: 'X-Name', value: ' leading', secret: false },
        { name: 'Bad Name', value: 'v', secret: false },
        { name: 'X-Ünicode', value: 'v', secret: false },
      ]) {
        const res = await put([header]);
        expect([header, res.status]).toEqual([header, 400]);
      }
      expect((await h.api('GET', `/api/agents/${agentId}/push-config`)).status).toBe(404);
      expect((await put([{ name: 'X-Latin1', value: 'café olé', secret: false }])).status).toBe(200);
    });

    it('answers 401 to anonymous callers of protected routes, whatever the body', async () => {
      for (const [method, path, body] of [
        ['POST', '/api/sessions', { nonsense: true }],
        ['POST', '/api/sessions', 'not json at all'],
        ['PUT', '/api/settings/providers/fcm', { values: 42 }],
        ['POST', '/api/notifications', {}],
        ['PUT', `/api/agents/${agentId}/push-config`, { url: 5 }],
        ['GET', `/api/customers/${'q'.repeat(200)}`, undefined],
      ] as Array<[string, string, unknown]>) {
        const res = await fetch(h.url + path, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
        expect([path, res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([path, 401, 'HERALD_UNAUTHORIZED']);
      }
    });
  });
}
