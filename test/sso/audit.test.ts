/**
 * The audit log (CONTRACT §14): changing a push config's secret header, an operator's role and an
 * FCM credential shows three entries with actor and before/after, and no secret value anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE, withWorkspace } from '../../src/store/workspace-scope.js';
import { FcmFake } from '../fakes/fcm-fake.js';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, startHerald } from '../helpers/herald.js';

for (const backend of backends()) {
  describe(`audit log on ${backend}`, () => {
    let h: TestHerald;
    let fcm: FcmFake;
    let adminCookie: string;
    let adminId: string;
    const asAdmin = (method: string, path: string, body?: unknown) => h.api(method, path, body, { authorization: '', cookie: adminCookie });

    beforeAll(async () => {
      fcm = new FcmFake();
      await fcm.start();
      h = await startHerald({ backend });
      const login = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TEST_ADMIN),
      });
      adminCookie = login.headers
        .getSetCookie()
        .find((c) => c.startsWith('herald_session='))!
        .split(';')[0]!;
      adminId = ((await login.json()) as { operator: { id: string } }).operator.id;
    }, 60_000);
    afterAll(async () => {
      await h?.close();
      await fcm?.close();
    });

    it('shows who changed a secret header, a role and an FCM credential, with before/after and no secret value', async () => {
      const agent = (await asAdmin('POST', '/api/agents', { name: 'Support bot' })).body;
      const config = (value: string) => ({
        enabled: true,
        url: 'http://127.0.0.1:9/hook',
        headers: [
          { name: 'X-Api-Key', value, secret: true },
          { name: 'X-Env', value: 'prod', secret: false },
        ],
        events: ['message.assistant'],
      });
      expect((await asAdmin('PUT', `/api/agents/${agent.id}/push-config`, config('first-secret-value-111'))).status).toBe(200);
      const op = (await asAdmin('POST', '/api/operators', { email: 'ann@example.test', name: 'Ann', role: 'operator', password: 'ann password 1' })).body;
      const firstAccount = JSON.stringify(fcm.serviceAccount('audit-project-one'));
      expect((await asAdmin('PUT', '/api/settings/providers/fcm', { values: { serviceAccount: firstAccount, endpoint: fcm.url } })).status).toBe(200);
      const since = new Date().toISOString();

      // The three changes under test.
      expect((await asAdmin('PUT', `/api/agents/${agent.id}/push-config`, config('second-secret-value-222'))).status).toBe(200);
      expect((await asAdmin('PATCH', `/api/operators/${op.id}`, { role: 'manager' })).status).toBe(200);
      const secondAccount = JSON.stringify(fcm.serviceAccount('audit-project-two'));
      expect((await asAdmin('PUT', '/api/settings/providers/fcm', { values: { serviceAccount: secondAccount } })).status).toBe(200);

      const res = await asAdmin('GET', `/api/audit?from=${encodeURIComponent(since)}`);
      expect(res.status).toBe(200);
      const actor = { type: 'operator', id: adminId, email: TEST_ADMIN.email };
      expect(res.body.items).toEqual([
        expect.objectContaining({
          actor,
          action: 'provider.updated',
          target: { type: 'provider', id: 'fcm' },
          changes: { serviceAccount: ['[secret]', '[secret changed]'] },
        }),
        expect.objectContaining({ actor, action: 'operator.updated', target: { type: 'operator', id: op.id }, changes: { role: ['operator', 'manager'] } }),
        expect.objectContaining({
          actor,
          action: 'push_config.updated',
          target: { type: 'push_config', id: agent.id },
          changes: { 'headers.X-Api-Key': ['[secret]', '[secret changed]'] },
        }),
      ]);
      // No secret value in any entry, the earlier ones (creation) included.
      const everything = JSON.stringify((await asAdmin('GET', '/api/audit?limit=200')).body);
      for (const secret of ['first-secret-value-111', 'second-secret-value-222', 'ann password 1', 'PRIVATE KEY', 'audit-project'])
        expect(everything).not.toContain(secret);
      expect(everything).toContain('"headers.X-Env":[null,"prod"]');
    });

    it('filters by actor and action, pages with a cursor, and is for admins only', async () => {
      await h.api('POST', '/api/agents', { name: 'Made with the server key' });
      const byKey = (await asAdmin('GET', '/api/audit?actor=system')).body.items;
      expect(byKey.every((e: { actor: { type: string } }) => e.actor.type === 'system')).toBe(true);
      const agents = (await asAdmin('GET', '/api/audit?action=agent')).body.items as Array<{ action: string; actor: { type: string } }>;
      expect(agents.map((e) => e.action)).toEqual(['agent.created', 'agent.created']);
      expect(agents[0]!.actor.type).toBe('apiKey');
      const byAdmin = (await asAdmin('GET', `/api/audit?actor=${encodeURIComponent(TEST_ADMIN.email)}`)).body.items as Array<{ actor: { id: string } }>;
      expect(byAdmin.length).toBeGreaterThanOrEqual(6);
      expect(byAdmin.every((e) => e.actor.id === adminId)).toBe(true);

      const page1 = (await asAdmin('GET', '/api/audit?limit=2')).body;
      const page2 = (await asAdmin('GET', `/api/audit?limit=2&cursor=${page1.nextCursor}`)).body;
      expect(page1.items).toHaveLength(2);
      expect(page2.items[0].id < page1.items[1].id).toBe(true);

      const bad = await asAdmin('GET', '/api/audit?from=yesterday');
      expect(bad.status).toBe(400);
    });

    it('records a change to the escalation ladder, step by step', async () => {
      const ladder = { customers: [{ channel: 'email', afterSeconds: 300 }], operators: [] };
      expect((await asAdmin('PUT', '/api/settings/escalation', ladder)).status).toBe(200);
      // Saving the same ladder again changes nothing and records nothing.
      expect((await asAdmin('PUT', '/api/settings/escalation', ladder)).status).toBe(200);
      const items = (await asAdmin('GET', '/api/audit?action=settings.updated')).body.items.filter(
        (e: { target: { id: string } }) => e.target.id === 'escalation',
      );
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        actor: { type: 'operator', id: adminId, email: TEST_ADMIN.email },
        changes: { customers: [[], [{ channel: 'email', afterSeconds: 300 }]] },
      });
    });

    it('writes the entry in the transaction of the change: a refused change leaves none', async () => {
      const before = (await asAdmin('GET', '/api/audit?limit=200')).body.items.length;
      // An unknown department makes the update fail inside its transaction.
      const ops = (await asAdmin('GET', '/api/operators')).body.items as Array<{ id: string; email: string }>;
      const ann = ops.find((o) => o.email === 'ann@example.test')!;
      const res = await asAdmin('PATCH', `/api/operators/${ann.id}`, { role: 'viewer', departmentIds: ['dep_missing'] });
      expect(res.status).toBe(422);
      expect((await asAdmin('GET', '/api/audit?limit=200')).body.items.length).toBe(before);
      expect(ops.find((o) => o.id === ann.id)).toBeTruthy();
      expect((await asAdmin('GET', '/api/operators')).body.items.find((o: { id: string }) => o.id === ann.id).role).toBe('manager');
    });

    it('purges entries older than HERALD_AUDIT_RETENTION_DAYS', async () => {
      const all = (await asAdmin('GET', '/api/audit?limit=200')).body.items.length;
      expect(await h.herald.services.audit.purge(Date.now() - 365 * 86_400_000)).toBe(0);
      expect(await h.herald.services.audit.purge(Date.now() + 1000)).toBe(all);
      expect((await asAdmin('GET', '/api/audit')).body.items).toEqual([]);
    });
  });
}

describe('audit log: rotation, deletion and Herald acting by itself', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startHerald();
  }, 60_000);
  afterAll(() => h?.close());

  it('records a rotated signing key, a deleted config and an automatic disable without any key', async () => {
    const agent = (await h.api('POST', '/api/agents', { name: 'Rotating' })).body;
    await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: 'http://127.0.0.1:9/hook', headers: [], events: ['message.user'] });
    const rotated = (await h.api('POST', `/api/agents/${agent.id}/push-config/rotate-secret`)).body.signingSecret as string;
    // What the engine does when a receiver answers 410, in the config's workspace.
    await withWorkspace(DEFAULT_WORKSPACE, () => h.herald.services.pushConfigs.disable(agent.id, 'the receiver answered 410 Gone'));
    expect((await h.api('DELETE', `/api/agents/${agent.id}/push-config`)).status).toBe(204);
    const items = (await h.api('GET', '/api/audit?action=push_config')).body.items as Array<{
      action: string;
      actor: { type: string };
      changes: Record<string, unknown>;
    }>;
    expect(items.map((e) => [e.action, e.actor.type])).toEqual([
      ['push_config.deleted', 'apiKey'],
      ['push_config.disabled', 'system'],
      ['push_config.secret_rotated', 'apiKey'],
      ['push_config.created', 'apiKey'],
    ]);
    expect(items[2]!.changes).toEqual({ signingSecret: ['[secret]', '[secret changed]'] });
    expect(items[1]!.changes).toEqual({ enabled: [true, false], disabledReason: [null, 'the receiver answered 410 Gone'] });
    expect(JSON.stringify(items)).not.toContain(rotated);
  });
});
