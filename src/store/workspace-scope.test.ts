/**
 * The store's workspace scope on both SQL engines: what one workspace writes, another can neither
 * read, change nor delete, whatever the shape of the query; and a query that could leave its
 * workspace is refused rather than run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, freshPostgres } from '../../test/helpers/backends.js';
import { type Store, createDb } from './db.js';
import { runSql } from './raw-sql.js';
import type { Database } from './schema.js';
import { INSTANCE_TABLES, TENANT_TABLES } from './tenant-tables.js';
import { WorkspaceScopeError, WorkspaceScopePlugin, asSystem, trustedWorkspaceId, withWorkspace } from './workspace-scope.js';

const A = trustedWorkspaceId('ws_a');
const B = trustedWorkspaceId('ws_b');
const now = 1_700_000_000_000;

for (const backend of backends()) {
  describe(`workspace scope on ${backend}`, () => {
    let store: Store;
    let db: Kysely<Database>;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        const pg = await freshPostgres();
        databaseUrl = pg.url;
        drop = pg.drop;
      }
      store = createDb({ databaseUrl, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-scope-')) });
      await store.migrate();
      db = store.db.withPlugin(new WorkspaceScopePlugin({ missingScope: 'refuse' }));
      await asSystem(() =>
        db
          .insertInto('workspaces')
          .values([
            { id: A, name: 'A', identity_secret: null, created_at: now },
            { id: B, name: 'B', identity_secret: null, created_at: now },
          ])
          .execute(),
      );
    });
    afterAll(async () => {
      await store.close();
      await drop?.();
    });

    const agent = (id: string, name: string) => ({ id, name, created_at: now, updated_at: now });

    it('lists every table of the schema as tenant or instance data, and every tenant table has workspace_id', async () => {
      const tables =
        backend === 'sqlite'
          ? (
              await sql<{
                name: string;
              }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(store.db)
            ).rows
          : (
              await sql<{
                name: string;
              }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`.execute(store.db)
            ).rows;
      const known = new Set<string>([...TENANT_TABLES, ...INSTANCE_TABLES]);
      expect(tables.map((t) => t.name).filter((n) => !known.has(n))).toEqual([]);
      for (const table of TENANT_TABLES) {
        const cols =
          backend === 'sqlite'
            ? (await sql<{ name: string }>`select name from pragma_table_xinfo(${table})`.execute(store.db)).rows
            : (await sql<{ name: string }>`select column_name as name from information_schema.columns where table_name = ${table}`.execute(store.db)).rows;
        expect(
          cols.map((c) => c.name),
          table,
        ).toContain('workspace_id');
      }
    });

    it('fills the workspace on insert; another workspace neither sees, changes nor deletes the row', async () => {
      await withWorkspace(A, () => db.insertInto('agents').values(agent('agt_scope_1', 'A bot')).execute());
      const raw = await asSystem(() => store.db.selectFrom('agents').select(['id', 'workspace_id']).where('id', '=', 'agt_scope_1').execute());
      expect(raw).toEqual([{ id: 'agt_scope_1', workspace_id: 'ws_a' }]);

      expect(await withWorkspace(B, () => db.selectFrom('agents').selectAll().where('id', '=', 'agt_scope_1').execute())).toEqual([]);
      const upd = await withWorkspace(B, () => db.updateTable('agents').set({ name: 'stolen' }).where('id', '=', 'agt_scope_1').executeTakeFirst());
      expect(Number(upd.numUpdatedRows)).toBe(0);
      const del = await withWorkspace(B, () => db.deleteFrom('agents').where('id', '=', 'agt_scope_1').executeTakeFirst());
      expect(Number(del.numDeletedRows)).toBe(0);

      const inA = await withWorkspace(A, () => db.selectFrom('agents').select(['id', 'name']).execute());
      expect(inA).toEqual([{ id: 'agt_scope_1', name: 'A bot' }]);
    });

    it('scopes joins (left joins stay left), aliases and subqueries', async () => {
      // B's customer has the same id as A's (ids come from the app): A must not see it through a join.
      await asSystem(() =>
        db
          .insertInto('customers')
          .values({
            id: 'cus_j',
            workspace_id: B,
            name: 'Bob',
            email: null,
            phone: null,
            locale: null,
            timezone: null,
            quiet_hours: null,
            created_at: now,
            updated_at: now,
          })
          .execute(),
      );
      await withWorkspace(A, async () => {
        await db
          .insertInto('customers')
          .values({ id: 'cus_j', name: 'Ann', email: null, phone: null, locale: null, timezone: null, quiet_hours: null, created_at: now, updated_at: now })
          .execute();
        await db
          .insertInto('sessions')
          .values({
            id: 'ses_a',
            agent_id: 'agt_scope_1',
            customer_id: 'cus_j',
            channel: 'api',
            status: 'bot',
            department_id: null,
            assigned_operator_id: null,
            last_operator_id: null,
            last_seq: 0,
            created_at: now,
            updated_at: now,
            resolved_at: null,
          })
          .execute();
        await db
          .insertInto('sessions')
          .values({
            id: 'ses_a2',
            agent_id: 'agt_scope_1',
            customer_id: null,
            channel: 'api',
            status: 'bot',
            department_id: null,
            assigned_operator_id: null,
            last_operator_id: null,
            last_seq: 0,
            created_at: now,
            updated_at: now,
            resolved_at: null,
          })
          .execute();
      });

      const joined = await withWorkspace(A, () =>
        db.selectFrom('sessions as s').leftJoin('customers as c', 'c.id', 's.customer_id').select(['s.id', 'c.name']).orderBy('s.id').execute(),
      );
      expect(joined).toEqual([
        { id: 'ses_a', name: 'Ann' },
        { id: 'ses_a2', name: null },
      ]);
      expect(
        await withWorkspace(B, () => db.selectFrom('sessions as s').leftJoin('customers as c', 'c.id', 's.customer_id').select(['s.id']).execute()),
      ).toEqual([]);

      const viaSubquery = await withWorkspace(B, () =>
        db
          .selectFrom('workspaces')
          .select((eb) => ['id', eb.selectFrom('customers').select(eb.fn.countAll<number>().as('n')).as('customers')])
          .where('id', '=', B)
          .executeTakeFirstOrThrow(),
      );
      expect(Number(viaSubquery.customers)).toBe(1);
    });

    it('an upsert of a key another workspace also has writes its own row and leaves that one alone', async () => {
      const upsert = (value: string) =>
        db
          .insertInto('settings')
          .values({ key: 'shared.key', value, updated_at: now })
          .onConflict((oc) => oc.columns(['workspace_id', 'key']).doUpdateSet({ value }))
          .execute();
      await withWorkspace(A, () => upsert('"A"'));
      await withWorkspace(B, () => upsert('"B"'));
      await withWorkspace(B, () => upsert('"B2"'));
      expect(await withWorkspace(A, () => db.selectFrom('settings').select('value').where('key', '=', 'shared.key').execute())).toEqual([{ value: '"A"' }]);
      expect(await withWorkspace(B, () => db.selectFrom('settings').select('value').where('key', '=', 'shared.key').execute())).toEqual([{ value: '"B2"' }]);
    });

    it('refuses what would leave the workspace instead of running it', async () => {
      const refused = async (p: () => Promise<unknown>) => expect(p()).rejects.toBeInstanceOf(WorkspaceScopeError);
      // No scope at all.
      await refused(() => db.selectFrom('agents').selectAll().execute());
      // Naming another workspace, or moving a row.
      await refused(() =>
        withWorkspace(A, () =>
          db
            .insertInto('agents')
            .values({ ...agent('agt_x', 'x'), workspace_id: B })
            .execute(),
        ),
      );
      await refused(() => withWorkspace(A, () => db.updateTable('agents').set({ workspace_id: B }).execute()));
      // Raw SQL cannot be seen into.
      await refused(() => withWorkspace(A, () => sql`select * from agents`.execute(db)));
      // System mode must name the workspace of what it inserts (never the column's default).
      await refused(() => asSystem(() => db.insertInto('agents').values(agent('agt_y', 'y')).execute()));
      // Instance tables need no scope.
      expect((await db.selectFrom('workspaces').select('id').where('id', '=', A).execute()).length).toBe(1);
      // System mode reads across workspaces.
      const all = await asSystem(() => db.selectFrom('customers').select('workspace_id').orderBy('workspace_id').execute());
      expect(all.map((r) => r.workspace_id)).toEqual(['ws_a', 'ws_b']);
    });

    it("the store's own handle refuses a tenant query outside any scope, whatever way it is written", async () => {
      const refused = async (p: () => Promise<unknown>, what: RegExp) => {
        const err: unknown = await p().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(WorkspaceScopeError);
        expect((err as Error).message).toMatch(what);
      };
      // What every service, stage and route writes: built with Kysely.
      await refused(() => store.db.selectFrom('customers').select('id').execute(), /customers ran outside any workspace scope/);
      await refused(() => store.db.deleteFrom('deliveries').execute(), /deliveries ran outside any workspace scope/);
      await refused(
        () => store.db.selectFrom('sessions as s').innerJoin('messages as m', 'm.session_id', 's.id').select('m.id').execute(),
        /sessions, messages|messages, sessions/,
      );
      // A raw query, and a precompiled hot-path statement (store/raw-sql.ts), which the plugin never sees.
      await refused(() => sql`select count(*) from deliveries`.execute(store.db), /raw SQL query on tenant tables ran outside/);
      await refused(
        () => runSql(store.db, 'SELECT MIN(next_attempt_at) AS next FROM deliveries WHERE destination = ?', ['webhook:x']),
        /precompiled statement/,
      );
      // Nothing was deleted by the refused DELETE: system mode still sees both workspaces' rows.
      expect((await asSystem(() => store.db.selectFrom('customers').select('id').execute())).length).toBe(2);
      // Instance-wide tables and statements on none need no scope; a scope makes the same queries run.
      expect((await runSql<{ key: string }>(store.db, 'SELECT key FROM destinations', [])).rows).toEqual([]);
      expect(await withWorkspace(A, () => store.db.selectFrom('customers').select('workspace_id').execute())).toEqual([{ workspace_id: 'ws_a' }]);
      expect(await asSystem(() => runSql(store.db, 'SELECT MIN(next_attempt_at) AS next FROM deliveries WHERE destination = ?', ['webhook:x']))).toMatchObject({
        rows: [{ next: null }],
      });
    });
  });
}
