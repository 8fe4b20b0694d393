/**
 * Upgrading a single-business deployment to workspaces (migrations 0014 and 0015): a data directory
 * (SQLite) or database (PostgreSQL) written before it moves whole into workspace `default`, and
 * what its users relied on still works: the operator signs in with their role, the app's
 * customer tokens (signed with the old identity secret, no `kid`) still open the customer's
 * sessions, and a customer message still reaches the agent's webhook. Migration 0015 rebuilds
 * (SQLite) or re-keys (PostgreSQL) the tables whose keys come from the app: every row and every
 * index of theirs is still there, and their keys now lead with the workspace.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/security/passwords.js';
import { createDb } from '../../src/store/db.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { TENANT_TABLES } from '../../src/store/tenant-tables.js';
import { asSystem } from '../../src/store/workspace-scope.js';
import { type Backend, backends, freshPostgres } from '../helpers/backends.js';
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
      // A row in every table whose key 0015 changes, as the release before workspaces wrote them.
      await db.insertInto('departments').values({ id: 'dep_old', name: 'Support', created_at: now }).execute();
      await db.insertInto('agents').values({ id: 'agt_old_off', name: 'Retired bot', created_at: now, updated_at: now }).execute();
      await db
        .insertInto('push_configs')
        .values({
          agent_id: 'agt_old_off',
          enabled: 0,
          url: 'https://hooks.example.test/old',
          headers: '[]',
          events: '["message.user"]',
          retry: 'standard',
          signing_secret: 'not-a-real-box-value',
          previous_secret: null,
          previous_expires_at: null,
          disabled_reason: 'turned off before the upgrade',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db
        .insertInto('devices')
        .values({
          id: 'dev_old',
          owner_type: 'customer',
          owner_id: 'cus_old',
          platform: 'mobile',
          provider: 'fcm',
          token: 'old-fcm-token',
          token_hash: 'hash-of-old-fcm-token',
          app_version: '1.0',
          os_version: null,
          hardware_id: null,
          locale: 'en',
          disabled: 0,
          disabled_reason: null,
          last_seen_at: now,
          created_at: now,
        })
        .execute();
      await db
        .insertInto('preferences')
        .values({ owner_type: 'customer', owner_id: 'cus_old', chat_messages: 0, ticket_updates: 1, system_notices: 1, updated_at: now })
        .execute();
      await db.insertInto('email_marks').values({ recipient_type: 'customer', recipient_id: 'cus_old', last_email_at: now }).execute();
      await db.insertInto('settings').values({ key: 'old.setting', value: '{"kept":true}', updated_at: now }).execute();
      await db
        .insertInto('notifications')
        .values({
          id: 'ntf_old',
          recipient_type: 'customer',
          recipient_id: 'cus_old',
          category: 'system',
          title: null,
          body: 'before',
          data: '{}',
          actions: '[]',
          idempotency_key: 'old-key',
          session_id: null,
          created_at: now,
        })
        .execute();
      await db
        .insertInto('idempotency_keys')
        .values({ principal: 'customer:cus_old', idem_key: 'k1', fingerprint: 'f', status_code: 201, response: '{}', content_type: null, created_at: now })
        .execute();
      const written = await asSystem(() => rekeyed(store.db, backend));
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

      // 0015: every row of the re-keyed tables is kept (the start may add settings of its own),
      // every index made by a migration is still there, and the keys lead with the workspace.
      const after = await asSystem(() => rekeyed(hdb, backend));
      for (const table of REKEYED) {
        expect(after.indexes[table], table).toEqual(written.indexes[table]);
        const rows = after.rows[table]!.map((r) => {
          expect(r.workspace_id, table).toBe('default');
          const { workspace_id: _, ...rest } = r;
          return JSON.stringify(rest);
        });
        for (const row of written.rows[table]!) expect(rows, table).toContain(JSON.stringify(row));
      }
      expect(written.rows.sessions).toHaveLength(1);
      expect(written.rows.idempotency_keys).toHaveLength(1);
      expect(await keyOf(hdb, backend, 'customers')).toEqual(['workspace_id', 'id']);
      expect(await keyOf(hdb, backend, 'push_configs')).toEqual(['workspace_id', 'agent_id']);
      expect(await keyOf(hdb, backend, 'settings')).toEqual(['workspace_id', 'key']);
      expect(await keyOf(hdb, backend, 'preferences')).toEqual(['workspace_id', 'owner_type', 'owner_id']);

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
      expect(await asSystem(() => hdb.selectFrom('agents').select(['id', 'workspace_id']).orderBy('id').execute())).toEqual([
        { id: 'agt_old', workspace_id: 'default' },
        { id: 'agt_old_off', workspace_id: 'default' },
      ]);
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

describe('migration 0015 on SQLite, run again', () => {
  // The store refuses tenant-table SQL outside a scope: the test works across workspaces.
  it('gives the same schema and rows (a crash after its commit, before the migrator noted it)', () =>
    asSystem(async () => {
      const store = createDb({ databaseUrl: undefined, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-0015-again-')) });
      try {
        await store.migrate();
        const db = store.db as Kysely<any>;
        for (const ws of ['default', 'ws_b']) {
          await sql`INSERT INTO customers (id, name, created_at, updated_at, workspace_id) VALUES ('same', ${ws}, 1, 1, ${ws})`.execute(db);
          await sql`INSERT INTO agents (id, name, created_at, updated_at, workspace_id) VALUES ('agt_same', ${ws}, 1, 1, ${ws})`.execute(db);
          await sql`INSERT INTO sessions (id, agent_id, customer_id, channel, status, created_at, updated_at, workspace_id)
                  VALUES (${`ses_${ws}`}, 'agt_same', 'same', 'api', 'bot', 1, 1, ${ws})`.execute(db);
        }
        const schema = async () =>
          (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_stat%' ORDER BY name`.execute(db)).rows;
        const [before, rowsBefore] = [await schema(), await rekeyed(db, 'sqlite')];
        const { up } = (await migrationProvider.getMigrations())['0015-workspace-keys']!;
        await db.connection().execute((c) => up(c));
        expect(await schema()).toEqual(before);
        expect(await rekeyed(db, 'sqlite')).toEqual(rowsBefore);
        expect(rowsBefore.rows.sessions).toHaveLength(2);
      } finally {
        await store.close();
      }
    }));
});

/** The tables migration 0015 re-keys. */
const REKEYED = [
  'agents',
  'push_configs',
  'customers',
  'sessions',
  'departments',
  'devices',
  'notifications',
  'preferences',
  'email_marks',
  'settings',
  'idempotency_keys',
] as const;

/**
 * Each re-keyed table's rows (every column, in a stable order) and the indexes migrations made on
 * it (CREATE INDEX, not those behind a key or a UNIQUE constraint, which 0015 replaces).
 */
async function rekeyed(db: Kysely<any>, backend: Backend) {
  const rows: Record<string, Array<Record<string, unknown>>> = {};
  const indexes: Record<string, string[]> = {};
  for (const table of REKEYED) {
    const all = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^\d+$/.test(v) && k.endsWith('_at')) ? Number(v) : v]),
      ),
    );
    rows[table] = all.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const names =
      backend === 'sqlite'
        ? await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table} AND sql IS NOT NULL`.execute(db)
        : await sql<{ name: string }>`SELECT i.indexname AS name FROM pg_indexes i WHERE i.tablename = ${table}
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db);
    indexes[table] = names.rows.map((r) => r.name).sort();
  }
  return { rows, indexes };
}

/** A table's primary key columns, in order. */
async function keyOf(db: Kysely<any>, backend: Backend, table: string): Promise<string[]> {
  if (backend === 'sqlite') {
    const cols = (await sql<{ name: string; pk: number }>`SELECT name, pk FROM pragma_table_info(${table}) WHERE pk > 0`.execute(db)).rows;
    return cols.sort((a, b) => a.pk - b.pk).map((c) => c.name);
  }
  const r = await sql<{ name: string }>`SELECT a.attname AS name FROM pg_constraint c, unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attnum = k.attnum
    WHERE c.conrelid = ${table}::regclass AND c.contype = 'p' AND a.attrelid = c.conrelid ORDER BY k.n`.execute(db);
  return r.rows.map((x) => x.name);
}
