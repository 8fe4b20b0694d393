/**
 * Upgrading a single-business deployment to workspaces (migration 0014): a data directory
 * (SQLite) or database (PostgreSQL) written before it moves whole into workspace `default`, and
 * what its users relied on still works: the operator signs in with their role, the app's
 * customer tokens (signed with the old identity secret, no `kid`) still open the customer's
 * sessions, and a customer message still reaches the agent's webhook.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { type Migration, Migrator } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/security/passwords.js';
import { createDb } from '../../src/store/db.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { TENANT_TABLES } from '../../src/store/tenant-tables.js';
import { asSystem } from '../../src/store/workspace-scope.js';
import { backends, freshPostgres } from '../helpers/backends.js';
import { eventually, startHerald } from '../helpers/herald.js';
import { startSink } from '../helpers/sink.js';

const IDENTITY_SECRET = 'the-identity-secret-of-the-single-business-0123456789';

for (const backend of backends()) {
  describe(`upgrade to workspaces on ${backend}`, () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('moves an existing deployment into workspace default, where everything still works', async () => {
      const sink = await startSink();
      cleanups.push(() => sink.close());
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-ws-upgrade-'));
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        const pg = await freshPostgres();
        cleanups.push(pg.drop);
        databaseUrl = pg.url;
      }
      // The schema as the release before workspaces left it: every migration before 0014.
      const store = createDb({ databaseUrl, dataDir });
      const all = await migrationProvider.getMigrations();
      const before: Record<string, Migration> = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0014'));
      const { error } = await new Migrator({
        db: store.db.withoutPlugins(),
        provider: { getMigrations: async () => before },
        allowUnorderedMigrations: true,
      }).migrateToLatest();
      expect(error).toBeUndefined();
      const now = Date.now();
      // The release before workspaces had no workspace scope.
      const db = store.db.withoutPlugins() as any;
      await db
        .insertInto('operators')
        .values({
          id: 'op_old',
          email: 'mia@shop.test',
          name: 'Mia',
          role: 'manager',
          password_hash: await hashPassword('an old password of mia'),
          profile: '{}',
          disabled: 0,
          timezone: null,
          quiet_hours: null,
          created_at: now - 86_400_000,
          updated_at: now - 86_400_000,
        })
        .execute();
      await db.insertInto('agents').values({ id: 'agt_old', name: 'Old bot', created_at: now, updated_at: now }).execute();
      await db
        .insertInto('customers')
        .values({ id: 'cus_old', name: 'Olga', email: null, phone: null, locale: null, timezone: null, quiet_hours: null, created_at: now, updated_at: now })
        .execute();
      await db
        .insertInto('sessions')
        .values({
          id: 'ses_old',
          agent_id: 'agt_old',
          customer_id: 'cus_old',
          channel: 'mobile',
          status: 'bot',
          department_id: null,
          assigned_operator_id: null,
          last_operator_id: null,
          last_seq: 1,
          created_at: now,
          updated_at: now,
          resolved_at: null,
        })
        .execute();
      await db
        .insertInto('messages')
        .values({
          id: 'msg_old',
          session_id: 'ses_old',
          seq: 1,
          role: 'user',
          author_type: 'customer',
          author_id: 'cus_old',
          text: 'hello from before',
          created_at: now,
        })
        .execute();
      await db
        .insertInto('audit_log')
        .values({
          id: 'aud_old',
          workspace_id: null,
          at: now,
          actor_type: 'system',
          actor_id: 'system',
          actor_email: null,
          action: 'agent.created',
          target_type: 'agent',
          target_id: 'agt_old',
          changes: '{}',
        })
        .execute();
      await store.close();

      const h = await startHerald({ dataDir, databaseUrl, env: { HERALD_IDENTITY_SECRET: IDENTITY_SECRET } });
      cleanups.push(() => h.close());
      const hdb = h.herald.services.store.db;

      // Every row is in `default`.
      for (const table of TENANT_TABLES) {
        const other = await asSystem(() =>
          hdb
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '!=', 'default')
            .executeTakeFirstOrThrow(),
        );
        expect(Number(other.n), table).toBe(0);
      }
      expect(await asSystem(() => hdb.selectFrom('agents').select(['id', 'workspace_id']).execute())).toEqual([{ id: 'agt_old', workspace_id: 'default' }]);
      expect(
        (await asSystem(() => hdb.selectFrom('audit_log').select('workspace_id').where('id', '=', 'aud_old').executeTakeFirstOrThrow())).workspace_id,
      ).toBe('default');
      // The old operator is a member of `default` with the role they had; so is the admin the start created.
      const members = await hdb
        .selectFrom('workspace_members')
        .innerJoin('operators', 'operators.id', 'workspace_members.operator_id')
        .select(['email', 'workspace_id', 'workspace_members.role'])
        .orderBy('email')
        .execute();
      expect(members).toEqual([
        { email: 'admin@example.test', workspace_id: 'default', role: 'admin' },
        { email: 'mia@shop.test', workspace_id: 'default', role: 'manager' },
      ]);
      // The identity secret is default's, stored encrypted (never in plain text).
      const ws = await hdb.selectFrom('workspaces').selectAll().execute();
      expect(ws.map((w) => w.id)).toEqual(['default']);
      expect(ws[0]!.identity_secret).not.toContain(IDENTITY_SECRET);
      expect(await h.herald.services.workspaces.identitySecret(ws[0]!.id as never)).toBe(IDENTITY_SECRET);
      expect(await h.herald.services.workspaces.membershipsOf('op_old')).toEqual([{ id: 'default', name: 'Default', role: 'manager' }]);

      // The operator signs in as before, with their role.
      const login = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'mia@shop.test', password: 'an old password of mia' }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = await h.api('GET', '/api/auth/me', undefined, { authorization: '', cookie });
      expect(me.body.operator).toMatchObject({ email: 'mia@shop.test', role: 'manager' });

      // A customer token the app minted before the upgrade (no kid) still opens the customer's session.
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject('cus_old')
        .setExpirationTime(Math.floor(now / 1000) + 600)
        .sign(new TextEncoder().encode(IDENTITY_SECRET));
      const asCustomer = { authorization: `Bearer ${token}` };
      const history = await h.api('GET', '/api/sessions/ses_old/messages', undefined, asCustomer);
      expect(history.status).toBe(200);
      expect(history.body.items.map((m: { text: string }) => m.text)).toEqual(['hello from before']);

      // And a new customer message reaches the old agent's webhook, recorded in `default`.
      expect(
        (await h.api('PUT', '/api/agents/agt_old/push-config', { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] })).status,
      ).toBe(200);
      expect((await h.api('POST', '/api/sessions/ses_old/messages', { text: 'still there?' }, asCustomer)).status).toBe(201);
      const hit = await eventually(() => sink.requests.find((r) => r.body.includes('still there?')), 20_000);
      expect(JSON.parse(hit.body)).toMatchObject({ event: 'message.user', sessionId: 'ses_old' });
      const dl = await asSystem(() => hdb.selectFrom('deliveries').select(['workspace_id']).where('session_id', '=', 'ses_old').execute());
      expect(dl.length).toBeGreaterThan(0);
      expect(new Set(dl.map((d) => d.workspace_id))).toEqual(new Set(['default']));
    });
  });
}
