/**
 * Operators across workspaces (CONTRACT §14): an admin adds an existing operator to another
 * workspace with a role, changes it, removes them (never the last admin); inviting an email that
 * already has an operator adds a workspace to theirs on acceptance. Every change is audited in
 * the workspace it happens in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, startHerald } from '../helpers/herald.js';

for (const backend of backends()) {
  describe(`workspace members on ${backend}`, () => {
    let h: TestHerald;
    /** The instance admin's login cookie. */
    let admin: string;
    let B: string;

    const signIn = async (email: string, password: string) => {
      const res = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(res.status).toBe(200);
      return res.headers
        .getSetCookie()
        .find((c) => c.startsWith('herald_session='))!
        .split(';')[0]!;
    };
    /** As an operator (cookie), in workspace `ws` (X-Herald-Workspace) when given. */
    const as = (cookie: string, ws?: string) => ({ authorization: '', cookie, ...(ws && { 'x-herald-workspace': ws }) });
    const audit = async (ws: string) =>
      (await h.api('GET', '/api/audit', undefined, as(admin, ws))).body.items as Array<{
        action: string;
        target: { id: string };
        actor: { email?: string };
        changes: Record<string, [unknown, unknown]>;
      }>;

    beforeAll(async () => {
      h = await startHerald({ backend });
      admin = await signIn(TEST_ADMIN.email, TEST_ADMIN.password);
      const made = await h.api('POST', '/api/workspaces', { name: 'Second shop' }, as(admin));
      expect(made.status).toBe(201);
      B = made.body.id as string;
    }, 60_000);
    afterAll(() => h?.close());

    it('adds an operator of default to B with a role of its own there, changes it and removes them', async () => {
      const op = await h.api('POST', '/api/operators', { email: 'Mia@Example.test', name: 'Mia', role: 'manager', password: 'a long enough password' });
      expect(op.status).toBe(201);
      const mia = await signIn('mia@example.test', 'a long enough password');

      const added = await h.api('POST', `/api/workspaces/${B}/members`, { email: 'MIA@example.test', role: 'viewer' }, as(admin));
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ id: op.body.id, email: 'mia@example.test', name: 'Mia', role: 'viewer' });
      expect((await h.api('POST', `/api/workspaces/${B}/members`, { email: 'mia@example.test', role: 'admin' }, as(admin))).status).toBe(409);

      // Mia now has both, with a role in each; the role that counts is the chosen workspace's.
      const mine = await h.api('GET', '/api/workspaces', undefined, as(mia));
      expect(mine.body.items.map((w: { id: string; role: string }) => [w.id, w.role])).toEqual([
        ['default', 'manager'],
        [B, 'viewer'],
      ]);
      expect((await h.api('GET', '/api/auth/me', undefined, as(mia, B))).body.operator.role).toBe('viewer');
      expect((await h.api('GET', '/api/auth/me', undefined, as(mia))).body.operator.role).toBe('manager');
      expect((await h.api('POST', '/api/agents', { name: 'viewer may not' }, as(mia, B))).status).toBe(403);
      expect((await h.api('POST', '/api/agents', { name: 'manager may' }, as(mia))).status).toBe(201);

      const members = await h.api('GET', `/api/workspaces/${B}/members`, undefined, as(admin));
      expect(members.body.items.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
        [TEST_ADMIN.email, 'admin'],
        ['mia@example.test', 'viewer'],
      ]);

      const promoted = await h.api('PATCH', `/api/workspaces/${B}/members/${op.body.id}`, { role: 'manager' }, as(admin));
      expect(promoted.body.role).toBe('manager');
      expect((await h.api('POST', '/api/agents', { name: 'now she may' }, as(mia, B))).status).toBe(201);
      // Her role in default did not move.
      expect((await h.api('GET', '/api/auth/me', undefined, as(mia))).body.operator.role).toBe('manager');

      expect((await h.api('DELETE', `/api/workspaces/${B}/members/${op.body.id}`, undefined, as(admin))).status).toBe(204);
      const refused = await h.api('GET', '/api/sessions', undefined, as(mia, B));
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe('You are not a member of that workspace.');
      expect((await h.api('GET', '/api/workspaces', undefined, as(mia))).body.items.map((w: { id: string }) => w.id)).toEqual(['default']);
      expect((await h.api('GET', '/api/sessions', undefined, as(mia))).status).toBe(200);

      // Recorded in B's audit log, by the admin, and not in default's.
      const entries = (await audit(B)).filter((e) => e.target.id === op.body.id);
      expect(entries.map((e) => [e.action, e.changes.role])).toEqual([
        ['member.removed', ['manager', null]],
        ['member.updated', ['viewer', 'manager']],
        ['member.added', [null, 'viewer']],
      ]);
      expect(entries.every((e) => e.actor.email === TEST_ADMIN.email)).toBe(true);
      expect((await audit('default')).some((e) => e.action.startsWith('member.'))).toBe(false);
    });

    it('never leaves a workspace without an admin', async () => {
      const adminId = (await h.api('GET', '/api/auth/me', undefined, as(admin))).body.operator.id as string;
      const last = await h.api('DELETE', `/api/workspaces/${B}/members/${adminId}`, undefined, as(admin));
      expect(last.status).toBe(409);
      expect(last.body.error.message).toMatch(/last admin/);
      expect((await h.api('PATCH', `/api/workspaces/${B}/members/${adminId}`, { role: 'manager' }, as(admin))).status).toBe(409);
      // Nor through the operators route acting in B.
      expect((await h.api('PATCH', `/api/operators/${adminId}`, { role: 'viewer' }, as(admin, B))).status).toBe(409);
      expect((await h.api('GET', `/api/workspaces/${B}/members`, undefined, as(admin))).body.items).toEqual([
        expect.objectContaining({ id: adminId, role: 'admin' }),
      ]);

      // With a second admin, the first may step down.
      await h.api('POST', '/api/operators', { email: 'second@example.test', name: 'Second', role: 'admin', password: 'a long enough password' });
      expect((await h.api('POST', `/api/workspaces/${B}/members`, { email: 'second@example.test', role: 'admin' }, as(admin))).status).toBe(201);
      expect((await h.api('PATCH', `/api/workspaces/${B}/members/${adminId}`, { role: 'manager' }, as(admin))).status).toBe(200);
      // No longer B's admin: B's members are not theirs to manage, but they stay a member.
      expect((await h.api('GET', `/api/workspaces/${B}/members`, undefined, as(admin))).status).toBe(403);
      const second = await signIn('second@example.test', 'a long enough password');
      expect((await h.api('PATCH', `/api/workspaces/${B}/members/${adminId}`, { role: 'admin' }, as(second))).status).toBe(200);
    });

    it("lets an admin of B change a shared operator's role in B, never what is theirs everywhere", async () => {
      const made = await h.api('POST', '/api/workspaces', { name: 'Fourth shop' }, as(admin));
      const D = made.body.id as string;
      const keyD = { authorization: `Bearer ${made.body.apiKey}` };
      // D's own admin, a member of D only; and Nora, who works in default and is added to D.
      await h.api('POST', '/api/operators', { email: 'boss.d@example.test', name: 'Boss D', role: 'admin', password: 'boss d long password' }, keyD);
      const bossD = await signIn('boss.d@example.test', 'boss d long password');
      const nora = (await h.api('POST', '/api/operators', { email: 'nora@example.test', name: 'Nora', role: 'operator', password: 'nora long password' })).body
        .id as string;
      expect((await h.api('POST', `/api/workspaces/${D}/members`, { email: 'nora@example.test', role: 'operator' }, as(admin))).status).toBe(201);

      for (const change of [{ password: 'taken over password' }, { name: 'Renamed' }, { disabled: true }]) {
        const byAdmin = await h.api('PATCH', `/api/operators/${nora}`, change, as(bossD));
        expect(byAdmin.status).toBe(403);
        expect(byAdmin.body.error.message).toMatch(/also works in a workspace you do not administer/);
        expect((await h.api('PATCH', `/api/operators/${nora}`, change, keyD)).status).toBe(403);
      }
      // Her role in D is D's to set; she still signs in with her own password, by her own name.
      expect((await h.api('PATCH', `/api/operators/${nora}`, { role: 'viewer' }, as(bossD))).body.role).toBe('viewer');
      const noraLogin = await signIn('nora@example.test', 'nora long password');
      expect((await h.api('GET', '/api/auth/me', undefined, as(noraLogin))).body.operator).toMatchObject({ name: 'Nora', role: 'operator' });
      // The instance admin administers both of her workspaces: they may.
      expect((await h.api('PATCH', `/api/operators/${nora}`, { name: 'Nora K' }, as(admin))).status).toBe(200);
      // Someone who works only in D is D's admin's to manage.
      const onlyD = (
        await h.api('POST', '/api/operators', { email: 'only.d@example.test', name: 'Only D', role: 'operator', password: 'only d password' }, keyD)
      ).body.id as string;
      expect((await h.api('PATCH', `/api/operators/${onlyD}`, { disabled: true }, as(bossD))).status).toBe(200);

      // A session of D can be assigned to D's members only.
      const agent = (await h.api('POST', '/api/agents', { name: 'D bot' }, keyD)).body.id as string;
      const session = (await h.api('POST', '/api/sessions', { agentId: agent, customerId: 'dora' }, keyD)).body.id as string;
      const mia = (await h.api('GET', '/api/operators')).body.items.find((o: { email: string }) => o.email === 'mia@example.test').id as string;
      expect((await h.api('POST', `/api/sessions/${session}/assign`, { operatorId: mia }, keyD)).status).toBe(422);
      expect((await h.api('POST', `/api/sessions/${session}/assign`, { operatorId: nora }, keyD)).status).toBe(200);
      // Nor can D's key write as, or notify, someone who does not work in D.
      expect((await h.api('POST', `/api/sessions/${session}/messages`, { text: 'as Mia', role: 'operator', operatorId: mia }, keyD)).status).toBe(422);
      expect((await h.api('POST', '/api/notifications', { operatorId: mia, category: 'system', body: 'hello from D' }, keyD)).status).toBe(422);
      expect((await h.api('POST', '/api/notifications', { operatorId: nora, category: 'system', body: 'hello from D' }, keyD)).status).toBe(202);
    });

    it('finds only operators the admin already shares a workspace with; anyone else is invited', async () => {
      // An operator who exists only in workspace C, made by C's own key: invisible from B.
      const C = await h.api('POST', '/api/workspaces', { name: 'Third shop' }, as(admin));
      const keyC = { authorization: `Bearer ${C.body.apiKey}` };
      expect(
        (await h.api('POST', '/api/operators', { email: 'only.c@example.test', name: 'Only C', role: 'admin', password: 'a long enough password' }, keyC))
          .status,
      ).toBe(201);
      // C's own admin removes the instance admin who made C: they now share no workspace.
      const other = await signIn('only.c@example.test', 'a long enough password');
      const adminId = (await h.api('GET', '/api/auth/me', undefined, as(admin))).body.operator.id as string;
      expect((await h.api('DELETE', `/api/workspaces/${C.body.id}/members/${adminId}`, undefined, as(other))).status).toBe(204);
      const hidden = await h.api('POST', `/api/workspaces/${B}/members`, { email: 'only.c@example.test', role: 'viewer' }, as(admin));
      const unknown = await h.api('POST', `/api/workspaces/${B}/members`, { email: 'nobody@example.test', role: 'viewer' }, as(admin));
      expect([hidden.status, unknown.status]).toEqual([404, 404]);
      // The same words for both: nothing tells whether the email has an operator elsewhere.
      expect(hidden.body.error.message.replace('only.c', 'X')).toBe(unknown.body.error.message.replace('nobody', 'X'));

      // A workspace one is not in answers 404; a server key does not manage members.
      expect((await h.api('GET', `/api/workspaces/${B}/members`, undefined, as(other))).status).toBe(404);
      expect((await h.api('GET', `/api/workspaces/${B}/members`)).status).toBe(403);
    });

    it('answers POST /api/operators for an email that works only elsewhere as for a new one, and invites them instead', async () => {
      // F's own admin made F's people; the instance admin, removed from F, shares no workspace with them.
      const made = await h.api('POST', '/api/workspaces', { name: 'Sixth shop' }, as(admin));
      const F = made.body.id as string;
      const keyF = { authorization: `Bearer ${made.body.apiKey}` };
      expect(
        (await h.api('POST', '/api/operators', { email: 'boss.f@example.test', name: 'Boss F', role: 'admin', password: 'boss f long password' }, keyF)).status,
      ).toBe(201);
      expect(
        (await h.api('POST', '/api/operators', { email: 'only.f@example.test', name: 'Only F', role: 'operator', password: 'only f own password' }, keyF))
          .status,
      ).toBe(201);
      const bossF = await signIn('boss.f@example.test', 'boss f long password');
      const adminId = (await h.api('GET', '/api/auth/me', undefined, as(admin))).body.operator.id as string;
      expect((await h.api('DELETE', `/api/workspaces/${F}/members/${adminId}`, undefined, as(bossF))).status).toBe(204);

      const create = (email: string) => h.api('POST', '/api/operators', { email, name: 'Pat', role: 'viewer', password: 'chosen by the admin' }, as(admin, B));
      const hidden = await create('only.f@example.test');
      const fresh = await create('fresh.in.b@example.test');
      // The same answer: nothing tells the admin of B that only.f works for F.
      expect([hidden.status, fresh.status]).toEqual([201, 201]);
      expect(Object.keys(hidden.body).sort()).toEqual(Object.keys(fresh.body).sort());
      expect(hidden.body).toMatchObject({ email: 'only.f@example.test', name: 'Pat', role: 'viewer', disabled: false });
      // Their account stays theirs: their own password, not the admin's; not in B until they accept.
      const withAdminsPassword = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'only.f@example.test', password: 'chosen by the admin' }),
      });
      expect(withAdminsPassword.status).toBe(401);
      const onlyF = await signIn('only.f@example.test', 'only f own password');
      expect((await h.api('GET', '/api/workspaces', undefined, as(onlyF))).body.items.map((w: { id: string }) => w.id)).toEqual([F]);
      const invitation = (await h.api('GET', '/api/invitations', undefined, as(admin, B))).body.items.find(
        (i: { email: string }) => i.email === 'only.f@example.test',
      );
      expect(invitation).toMatchObject({ role: 'viewer' });
      // Someone the caller can see is not invited behind their back: 409, as before.
      const member = await create('fresh.in.b@example.test');
      expect(member.status).toBe(409);
      expect(member.body.error.message).toMatch(/already a member of this workspace/);
      const known = await create('mia@example.test');
      expect(known.status).toBe(409);
      expect(known.body.error.message).toMatch(/add them with POST \/api\/workspaces\//);
    });

    it("never lets a workspace's admin sign in as someone they invited who already has an account", async () => {
      // D's own admin, who shares no workspace with the instance admin, invites the instance admin's email.
      const made = await h.api('POST', '/api/workspaces', { name: 'Fifth shop' }, as(admin));
      const keyD = { authorization: `Bearer ${made.body.apiKey}` };
      expect(
        (await h.api('POST', '/api/operators', { email: 'boss.e@example.test', name: 'Boss E', role: 'admin', password: 'boss e long password' }, keyD)).status,
      ).toBe(201);
      const bossE = await signIn('boss.e@example.test', 'boss e long password');
      const adminId = (await h.api('GET', '/api/auth/me', undefined, as(admin))).body.operator.id as string;
      expect((await h.api('DELETE', `/api/workspaces/${made.body.id}/members/${adminId}`, undefined, as(bossE))).status).toBe(204);
      const invited = await h.api('POST', '/api/invitations', { email: TEST_ADMIN.email, role: 'viewer' }, as(bossE, made.body.id as string));
      expect(invited.status).toBe(201);
      const token = new URL(invited.body.link as string).searchParams.get('token')!;
      for (const caller of [{ authorization: '' }, as(bossE), keyD]) {
        const res = await fetch(`${h.url}/api/invitations/accept`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...caller },
          body: JSON.stringify({ token, name: 'Taken over', password: 'a password of my own' }),
        });
        expect(res.status).toBe(401);
        expect(res.headers.getSetCookie()).toEqual([]);
      }
      // The instance admin is untouched: not a member of D, still signing in with their own password.
      const stillAdmin = await signIn(TEST_ADMIN.email, TEST_ADMIN.password);
      const theirs = (await h.api('GET', '/api/workspaces', undefined, as(stillAdmin))).body.items.map((w: { id: string }) => w.id);
      expect(theirs).not.toContain(made.body.id);
      // The invitation is still theirs to accept, signed in as themselves.
      const joined = await h.api('POST', '/api/invitations/accept', { token }, as(stillAdmin));
      expect(joined.body).toMatchObject({ workspaceId: made.body.id, operator: { email: TEST_ADMIN.email, role: 'viewer' } });
    });

    it("turns an invitation of an existing operator's email into one more workspace for them", async () => {
      const op = await h.api('POST', '/api/operators', { email: 'leo@example.test', name: 'Leo', role: 'operator', password: 'leo has a password' });
      const before = (await h.api('GET', '/api/operators')).body.items.length as number;

      const invited = await h.api('POST', '/api/invitations', { email: 'leo@example.test', role: 'manager' }, as(admin, B));
      expect(invited.status).toBe(201);
      // The inviting admin is not told whether the email has an operator elsewhere.
      expect(invited.body).not.toHaveProperty('existingOperator');
      // Inviting someone who is already a member is refused.
      const again = await h.api('POST', '/api/invitations', { email: 'leo@example.test', role: 'viewer' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/already a member/);

      const token = new URL(invited.body.link as string).searchParams.get('token')!;
      const lookup = await h.api('GET', `/api/invitations/lookup?token=${token}`, undefined, { authorization: '' });
      expect(lookup.body).toMatchObject({ email: 'leo@example.test', role: 'manager', workspace: { id: B, name: 'Second shop' }, existingOperator: true });

      // The link alone is not Leo: the inviting admin holds it too, and accepting signs in. Nobody is signed in by it.
      for (const caller of [{ authorization: '' }, as(admin, B)]) {
        const refused = await fetch(`${h.url}/api/invitations/accept`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...caller },
          body: JSON.stringify({ token }),
        });
        expect(refused.status).toBe(401);
        expect(refused.headers.getSetCookie()).toEqual([]);
        expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/sign in as leo@example\.test/);
      }
      // Signed in as himself, he needs neither a name nor a password; the operator and their password stay.
      const leoBefore = await signIn('leo@example.test', 'leo has a password');
      const accepted = await h.api('POST', '/api/invitations/accept', { token }, as(leoBefore));
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ workspaceId: B, operator: { id: op.body.id, role: 'manager', name: 'Leo' } });
      const leo = await signIn('leo@example.test', 'leo has a password');
      expect((await h.api('GET', '/api/workspaces', undefined, as(leo))).body.items.map((w: { id: string; role: string }) => [w.id, w.role])).toEqual([
        ['default', 'operator'],
        [B, 'manager'],
      ]);
      expect((await h.api('GET', '/api/operators')).body.items).toHaveLength(before);
      expect((await audit(B)).find((e) => e.target.id === op.body.id)).toMatchObject({ action: 'member.added', changes: { role: [null, 'manager'] } });

      // A new email still needs a name and a password to accept.
      const fresh = await h.api('POST', '/api/invitations', { email: 'fresh@example.test', role: 'viewer' }, as(admin, B));
      const freshToken = new URL(fresh.body.link as string).searchParams.get('token')!;
      const bare = await h.api('POST', '/api/invitations/accept', { token: freshToken }, { authorization: '' });
      expect(bare.status).toBe(400);
      const named = await h.api(
        'POST',
        '/api/invitations/accept',
        { token: freshToken, name: 'Fresh', password: 'a fresh long password' },
        { authorization: '' },
      );
      expect(named.body).toMatchObject({ workspaceId: B, operator: { email: 'fresh@example.test', role: 'viewer' } });
    });
  });
}
