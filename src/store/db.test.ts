import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { backends, freshPostgres } from '../../test/helpers/backends.js';
import { eventually } from '../../test/helpers/herald.js';
import { createDb, ping } from './db.js';
import { isDatabaseUnavailable } from './db-unavailable.js';
import { asSystem } from './workspace-scope.js';

describe.skipIf(!backends().includes('postgres'))('PostgreSQL store when the server ends its connections', () => {
  it('a connection killed while checked out (inside a transaction) fails that transaction only; the store carries on', async () => {
    const fresh = await freshPostgres();
    const lost: Error[] = [];
    const store = createDb({ databaseUrl: fresh.url, dataDir: '', onConnectionError: (err) => lost.push(err) });
    const admin = new pg.Client({ connectionString: fresh.url });
    await admin.connect();
    try {
      await store.migrate();
      const outcome = await store.db
        .transaction()
        .execute(async (tx) => {
          const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
          // Between two queries the client is checked out but idle: the server's goodbye arrives as
          // an 'error' event on it, which used to have no listener and crashed the process.
          await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
          await new Promise<void>((resolve) => {
            const wait = () => (lost.length ? resolve() : setTimeout(wait, 10));
            wait();
          });
          await sql`select 1`.execute(tx);
        })
        .then(
          () => 'committed',
          (err: unknown) => err,
        );
      expect(isDatabaseUnavailable(outcome)).toBe(true);
      expect(lost.length).toBeGreaterThan(0);
      // The broken connection was dropped, not handed out again.
      await ping(store.db);
      expect(await asSystem(() => store.db.selectFrom('events').select('id').execute())).toEqual([]);

      // Idle pooled connections killed too (all at once, as in a restart): queries still work after.
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      // A pooled connection whose goodbye has not arrived yet can fail one query; the next ones work.
      await eventually(
        async () => {
          try {
            await ping(store.db);
            return true;
          } catch (err) {
            expect(isDatabaseUnavailable(err)).toBe(true);
            return false;
          }
        },
        5000,
        20,
      );
    } finally {
      await admin.end();
      await store.close();
      await fresh.drop();
    }
  });
});
