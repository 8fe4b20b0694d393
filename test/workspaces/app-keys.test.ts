/**
 * Keys that come from the app, per workspace (issue 15, migration 0015): the same customer `sub`,
 * agent id, setting key, department name, device token, notification key and Idempotency-Key in
 * two workspaces are two independent things. What one workspace creates, changes or deletes
 * under such a key never touches the other's, and a customer token of A is refused in B even
 * though B has a customer of the same id.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, trustedWorkspaceId, withWorkspace } from '../../src/store/workspace-scope.js';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { type Sink, startSink } from '../helpers/sink.js';
import { openStream } from '../helpers/sse.js';

const SUB = 'user-42';

for (const backend of backends()) {
  describe(`app-chosen keys per workspace on ${backend}`, () => {
    let h: TestHerald;
    let sinkA: Sink;
    let sinkB: Sink;
    let B: string;
    let asB: Record<string, string>;
    /** Both workspaces' agent, session and customer token for SUB. */
    const side: Record<'A' | 'B', { agent: string; session: string; token: Record<string, string> }> = {} as never;
    const asA = {};
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    beforeAll(async () => {
      [h, sinkA, sinkB] = await Promise.all([startHerald({ backend }), startSink(), startSink()]);
      const login = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TEST_ADMIN),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const made = await h.api('POST', '/api/workspaces', { name: 'Second shop' }, { authorization: '', cookie });
      expect(made.status).toBe(201);
      B = made.body.id as string;
      asB = bearer(made.body.apiKey as string);
    });
    afterAll(async () => {
      await h?.close();
      await sinkA?.close();
      await sinkB?.close();
    });

    it('the same customer id in two workspaces is two customers, each changed only in its own', async () => {
      const put = (headers: Record<string, string>, body: object) => h.api('PUT', `/api/customers/${SUB}`, body, headers);
      expect((await put(asA, { name: 'Ann of A', locale: 'en' })).status).toBe(200);
      // Before migration 0015 this was a 409: the id belonged to another workspace.
      expect((await put(asB, { name: 'Bea of B', locale: 'de' })).status).toBe(200);
      expect((await put(asA, { name: 'Ann, renamed' })).status).toBe(200);

      expect((await h.api('GET', `/api/customers/${SUB}`, undefined, asA)).body).toMatchObject({ id: SUB, name: 'Ann, renamed', locale: 'en' });
      expect((await h.api('GET', `/api/customers/${SUB}`, undefined, asB)).body).toMatchObject({ id: SUB, name: 'Bea of B', locale: 'de' });
      const rows = await asSystem(() =>
        h.herald.services.store.db.selectFrom('customers').select(['workspace_id', 'name']).where('id', '=', SUB).orderBy('name').execute(),
      );
      expect(rows).toEqual([
        { workspace_id: 'default', name: 'Ann, renamed' },
        { workspace_id: B, name: 'Bea of B' },
      ]);

      // The database itself refuses a session naming a customer (or agent) of another workspace.
      expect((await h.api('PUT', '/api/customers/only-in-b', { name: 'Bo' }, asB)).status).toBe(200);
      const agentA = (await h.api('POST', '/api/agents', { name: 'FK check' }, asA)).body.id as string;
      const now = Date.now();
      const session = (customerId: string, agentId: string) => ({
        id: `ses_fk_${customerId}_${agentId}`,
        agent_id: agentId,
        customer_id: customerId,
        channel: 'api' as const,
        status: 'bot' as const,
        department_id: null,
        assigned_operator_id: null,
        last_operator_id: null,
        last_seq: 0,
        created_at: now,
        updated_at: now,
        resolved_at: null,
      });
      const insertInA = (row: ReturnType<typeof session>) =>
        withWorkspace(trustedWorkspaceId('default'), () => h.herald.services.store.db.insertInto('sessions').values(row).execute());
      await expect(insertInA(session('only-in-b', agentA))).rejects.toThrow(/foreign key/i);
      const agentB = (await h.api('POST', '/api/agents', { name: 'FK check B' }, asB)).body.id as string;
      await expect(insertInA(session(SUB, agentB))).rejects.toThrow(/foreign key/i);
      // Both of its own: accepted (then removed, the tests below count SUB's sessions).
      await insertInA(session(SUB, agentA));
      await withWorkspace(trustedWorkspaceId('default'), () =>
        h.herald.services.store.db.deleteFrom('sessions').where('id', '=', session(SUB, agentA).id).execute(),
      );
    });

    it('the same agent id in two workspaces: its own name, push configuration, receiver and deletion', async () => {
      const db = h.herald.services.store.db;
      const agent = (await h.api('POST', '/api/agents', { name: 'A bot' }, asA)).body.id as string;
      // Agent ids are made by Herald, so the same id in B comes from outside the API (an import,
      // a restored backup): the schema and every lookup must still keep the two apart.
      const now = Date.now();
      await withWorkspace(trustedWorkspaceId(B), () =>
        db.insertInto('agents').values({ id: agent, name: 'B bot', created_at: now, updated_at: now }).execute(),
      );
      expect((await h.api('PATCH', `/api/agents/${agent}`, { name: 'B bot, renamed' }, asB)).status).toBe(200);
      expect((await h.api('GET', `/api/agents/${agent}`, undefined, asA)).body).toMatchObject({ name: 'A bot', hasPushConfig: false });
      expect((await h.api('GET', `/api/agents/${agent}`, undefined, asB)).body).toMatchObject({ name: 'B bot, renamed', hasPushConfig: false });

      for (const [headers, sink] of [
        [asA, sinkA],
        [asB, sinkB],
      ] as const) {
        const put = await h.api(
          'PUT',
          `/api/agents/${agent}/push-config`,
          { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] },
          headers,
        );
        expect(put.status).toBe(200);
      }
      const secretA = (await h.api('GET', `/api/agents/${agent}/push-config/secret`, undefined, asA)).body;
      const secretB = (await h.api('GET', `/api/agents/${agent}/push-config/secret`, undefined, asB)).body;
      expect(secretA).not.toEqual(secretB);
      expect((await h.api('GET', '/api/agents', undefined, asB)).body.items).toContainEqual(expect.objectContaining({ id: agent, hasPushConfig: true }));

      // Each workspace's customer SUB talks to its agent: each message reaches its own receiver
      // only (sent within the push-config cache's lifetime, so a cache keyed by agent id alone
      // would send B's to A's receiver).
      for (const [name, headers] of [
        ['A', asA],
        ['B', asB],
      ] as const) {
        const session = await h.api('POST', '/api/sessions', { agentId: agent, customerId: SUB }, headers);
        expect(session.status).toBe(201);
        const token = (await h.api('POST', `/api/customers/${SUB}/token`, {}, headers)).body.token as string;
        side[name] = { agent, session: session.body.id as string, token: bearer(token) };
      }
      expect((await h.api('POST', `/api/sessions/${side.A.session}/messages`, { text: 'hello from A' }, side.A.token)).status).toBe(201);
      expect((await h.api('POST', `/api/sessions/${side.B.session}/messages`, { text: 'hello from B' }, side.B.token)).status).toBe(201);
      await eventually(() => sinkA.requests.length + sinkB.requests.length >= 2, 20_000);
      expect(sinkA.requests.map((r) => JSON.parse(r.body).text)).toEqual(['hello from A']);
      expect(sinkB.requests.map((r) => JSON.parse(r.body).text)).toEqual(['hello from B']);

      // Removing B's configuration and B's agent leaves A's.
      expect((await h.api('DELETE', `/api/agents/${agent}/push-config`, undefined, asB)).status).toBe(204);
      expect((await h.api('GET', `/api/agents/${agent}/push-config`, undefined, asA)).status).toBe(200);
      const spare = (await h.api('POST', '/api/agents', { name: 'A spare' }, asA)).body.id as string;
      await withWorkspace(trustedWorkspaceId(B), () =>
        db.insertInto('agents').values({ id: spare, name: 'B spare', created_at: now, updated_at: now }).execute(),
      );
      expect((await h.api('DELETE', `/api/agents/${spare}`, undefined, asB)).status).toBe(204);
      expect((await h.api('GET', `/api/agents/${spare}`, undefined, asB)).status).toBe(404);
      expect((await h.api('GET', `/api/agents/${spare}`, undefined, asA)).body).toMatchObject({ name: 'A spare' });
    });

    it('a customer token of A is refused in B, even though B has a customer of the same sub', async () => {
      const secretOf = async (ws: string, headers: Record<string, string>) =>
        (await h.api('GET', `/api/workspaces/${ws}/identity-secret`, undefined, headers)).body.secret as string;
      const [secretA, secretB] = [await secretOf('default', asA), await secretOf(B, asB)];
      const sign = (secret: string, kid: string | undefined) =>
        new SignJWT({})
          .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(kid && { kid }) })
          .setSubject(SUB)
          .setExpirationTime(Math.floor(Date.now() / 1000) + 600)
          .sign(new TextEncoder().encode(secret));
      const sessionsSeenBy = async (token: string) => {
        const r = await h.api('GET', '/api/sessions', undefined, bearer(token));
        return r.status === 200 ? (r.body.items as Array<{ id: string }>).map((s) => s.id) : r.status;
      };
      // Signed by A, claiming to be B's (kid) or with no kid (B's secret, read as default's): refused.
      expect(await sessionsSeenBy(await sign(secretA, B))).toBe(401);
      expect(await sessionsSeenBy(await sign(secretB, undefined))).toBe(401);
      expect(await sessionsSeenBy(await sign(secretB, 'default'))).toBe(401);
      // Signed by each for itself: each sees its own customer's session only.
      expect(await sessionsSeenBy(await sign(secretA, 'default'))).toEqual([side.A.session]);
      expect(await sessionsSeenBy(await sign(secretB, B))).toEqual([side.B.session]);
      // A's token does not reach B's session of the same customer id, to read or to write.
      expect((await h.api('GET', `/api/sessions/${side.B.session}/messages`, undefined, side.A.token)).status).toBe(404);
      expect((await h.api('POST', `/api/sessions/${side.B.session}/messages`, { text: 'sneaking in' }, side.A.token)).status).toBe(404);
    });

    it('the same setting key and department name are independent in each workspace', async () => {
      expect((await h.api('PUT', '/api/settings/push', { messagePreview: false }, asA)).status).toBe(200);
      expect((await h.api('PUT', '/api/settings/push', { messagePreview: true }, asB)).status).toBe(200);
      expect((await h.api('GET', '/api/settings/push', undefined, asA)).body).toEqual({ messagePreview: false });
      expect((await h.api('GET', '/api/settings/push', undefined, asB)).body).toEqual({ messagePreview: true });
      expect((await h.api('PUT', '/api/settings/push', { messagePreview: true }, asA)).status).toBe(200);
      expect((await h.api('PUT', '/api/settings/push', { messagePreview: false }, asB)).status).toBe(200);
      expect((await h.api('GET', '/api/settings/push', undefined, asA)).body).toEqual({ messagePreview: true });
      expect((await h.api('GET', '/api/settings/push', undefined, asB)).body).toEqual({ messagePreview: false });

      const billingA = await h.api('POST', '/api/departments', { name: 'Billing' }, asA);
      const billingB = await h.api('POST', '/api/departments', { name: 'Billing' }, asB);
      expect([billingA.status, billingB.status]).toEqual([201, 201]);
      expect(billingA.body.id).not.toBe(billingB.body.id);
      // Within one workspace a name is still unique.
      expect((await h.api('POST', '/api/departments', { name: 'Billing' }, asB)).status).toBe(409);
      const names = async (headers: Record<string, string>) =>
        ((await h.api('GET', '/api/departments', undefined, headers)).body.items as Array<{ id: string; name: string }>).map((d) => d.id);
      expect(await names(asA)).toEqual([billingA.body.id]);
      expect(await names(asB)).toEqual([billingB.body.id]);
    });

    it("the same sub's device token, preferences, notification key and Idempotency-Key are its workspace's own", async () => {
      const [tokA, tokB] = [side.A.token, side.B.token];
      const register = (token: Record<string, string>) =>
        h.api('POST', '/api/devices/register', { platform: 'mobile', token: 'fcm-token-of-one-phone' }, token);
      expect((await register(tokA)).status).toBe(201);
      expect((await register(tokB)).status).toBe(201);
      expect((await register(tokB)).status).toBe(200);
      const devices = async (token: Record<string, string>) =>
        ((await h.api('GET', '/api/devices', undefined, token)).body.items as Array<{ id: string }>).map((d) => d.id);
      const [devA, devB] = [await devices(tokA), await devices(tokB)];
      expect([devA.length, devB.length]).toEqual([1, 1]);
      expect(devA[0]).not.toBe(devB[0]);
      expect((await h.api('POST', '/api/devices/unregister', { token: 'fcm-token-of-one-phone' }, tokA)).status).toBe(204);
      expect(await devices(tokA)).toEqual([]);
      expect(await devices(tokB)).toEqual(devB);

      expect((await h.api('PUT', '/api/settings/notifications', { chatMessages: false }, tokA)).status).toBe(200);
      expect((await h.api('GET', '/api/settings/notifications', undefined, tokA)).body).toMatchObject({ chatMessages: false });
      expect((await h.api('GET', '/api/settings/notifications', undefined, tokB)).body).toMatchObject({ chatMessages: true });

      const notify = (headers: Record<string, string>, body: string) =>
        h.api('POST', '/api/notifications', { customerId: SUB, category: 'system', body, idempotencyKey: 'order-1001-shipped' }, headers);
      const [nA, nB] = [await notify(asA, 'shipped (A)'), await notify(asB, 'shipped (B)')];
      expect([nA.status, nB.status]).toEqual([nA.status, nA.status]);
      expect(nA.status).toBeLessThan(300);
      expect(nA.body.id).not.toBe(nB.body.id);
      expect((await h.api('GET', `/api/notifications/${nB.body.id}`, undefined, asB)).body).toMatchObject({ body: 'shipped (B)' });
      // Again in A: A's first notification, not B's and not a new one.
      expect((await notify(asA, 'shipped (A)')).body.id).toBe(nA.body.id);

      // One Idempotency-Key, the same sub in both workspaces: two messages, each replayed in its own.
      const post = (s: (typeof side)['A'], text: string) =>
        h.api('POST', `/api/sessions/${s.session}/messages`, { text }, { ...s.token, 'idempotency-key': 'msg-1' });
      const [mA, mB] = [await post(side.A, 'keyed in A'), await post(side.B, 'keyed in B')];
      expect([mA.status, mB.status]).toEqual([201, 201]);
      expect(mA.body.id).not.toBe(mB.body.id);
      const again = await post(side.B, 'keyed in B');
      expect([again.status, again.headers.get('idempotent-replayed'), again.body.id]).toEqual([201, 'true', mB.body.id]);
    });

    it("a customer's stream in A never carries what B says to its customer of the same id", async () => {
      const streamA = await openStream(`${h.url}/api/stream`, side.A.token);
      const streamB = await openStream(`${h.url}/api/stream`, side.B.token);
      try {
        const say = async (headers: Record<string, string>, session: string, text: string) =>
          expect((await h.api('POST', `/api/sessions/${session}/messages`, { text }, headers)).status).toBe(201);
        const carries = (text: string) => (e: { event: string; data: string }) => e.event === 'message.created' && JSON.parse(e.data).text === text;
        // In this order, so each stream's last awaited message comes after what must not reach it.
        await say(asB, side.B.session, 'B speaks first');
        await say(asA, side.A.session, 'A answers');
        await say(asB, side.B.session, 'B speaks again');
        await streamA.next(carries('A answers'), 15_000);
        await streamB.next(carries('B speaks again'), 15_000);
        expect(streamA.events.filter((e) => e.event === 'message.created').map((e) => JSON.parse(e.data).text)).toEqual(['A answers']);
        expect(streamB.events.filter((e) => e.event === 'message.created').map((e) => JSON.parse(e.data).text)).toEqual(['B speaks first', 'B speaks again']);
      } finally {
        streamA.close();
        streamB.close();
      }
    });
  });
}
