import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { backends, freshPostgres } from '../../test/helpers/backends.js';
import { writeEvent } from '../core/outbox.js';
import { createDb } from './db.js';
import { runSql } from './raw-sql.js';
import { asSystem } from './workspace-scope.js';

const FIELDS = { sessionId: null, customerId: null, agentId: null, channel: null, seq: null, text: null, author: null };

describe.skipIf(!backends().includes('postgres'))('PostgreSQL hot-path statements run by name', () => {
  for (const prepared of [true, false]) {
    it(prepared ? 'prepared once per connection (default)' : 'left unnamed with HERALD_DATABASE_PREPARED=false', async () => {
      const fresh = await freshPostgres();
      const store = createDb({ databaseUrl: fresh.url, dataDir: '', prepared });
      try {
        await store.migrate();
        const seen = await asSystem(() =>
          store.db.transaction().execute(async (tx) => {
            await writeEvent(tx, 'push_config.test', FIELDS, Date.now(), 'default');
            await writeEvent(tx, 'push_config.test', FIELDS, Date.now(), 'default');
            // Its result columns follow the table's: never prepared (a migration adding a column
            // would make PostgreSQL refuse the cached plan).
            await runSql(tx, 'SELECT * FROM events WHERE type = ?', ['push_config.test']);
            const { rows } = await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(tx);
            return rows;
          }),
        );
        if (prepared) {
          expect(seen).toHaveLength(1);
          expect(seen[0]!.name).toMatch(/^herald_\d+$/);
          expect(seen[0]!.statement).toMatch(/^INSERT INTO events /);
        } else expect(seen).toEqual([]);
        expect(await asSystem(() => store.db.selectFrom('events').select('type').execute())).toEqual([
          { type: 'push_config.test' },
          { type: 'push_config.test' },
        ]);
      } finally {
        await store.close();
        await fresh.drop();
      }
    });
  }
});
