import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { backends, freshPostgres } from '../../test/helpers/backends.js';
import { freePort } from '../../test/helpers/ports.js';
import { createDb } from './db.js';
import { isDatabaseUnavailable } from './db-unavailable.js';
import { asSystem } from './workspace-scope.js';

/** The error a real query fails with. */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: unknown) => err,
  );

describe('isDatabaseUnavailable', () => {
  it('is true for a server that does not answer, or drops the connection, through the store', async () => {
    const refused = createDb({ databaseUrl: `postgres://x@127.0.0.1:${await freePort()}/db`, dataDir: '' });
    const err1 = await failure(asSystem(() => refused.db.selectFrom('events').select('id').execute()));
    await refused.close();
    expect((err1 as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(err1)).toBe(true);

    // A server that accepts the connection and closes it at once.
    const closer = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => closer.listen(0, '127.0.0.1', r));
    const dropped = createDb({ databaseUrl: `postgres://x@127.0.0.1:${(closer.address() as net.AddressInfo).port}/db`, dataDir: '' });
    const err2 = await failure(asSystem(() => dropped.db.selectFrom('events').select('id').execute()));
    await dropped.close();
    closer.close();
    expect(isDatabaseUnavailable(err2)).toBe(true);
  });

  it.skipIf(!backends().includes('postgres'))('is true for a terminated session and false for errors about the query itself', async () => {
    const db = await freshPostgres();
    const victim = new pg.Client({ connectionString: db.url });
    victim.on('error', () => {});
    const admin = new pg.Client({ connectionString: db.url });
    await victim.connect();
    await admin.connect();
    try {
      const pid = (await victim.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const sleeping = failure(victim.query('select pg_sleep(10)'));
      await admin.query('select pg_terminate_backend($1)', [pid]);
      const terminated = await sleeping;
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(isDatabaseUnavailable(terminated)).toBe(true);
      expect(isDatabaseUnavailable(await failure(victim.query('select 1')))).toBe(true);

      expect(isDatabaseUnavailable(await failure(admin.query('selec 1')))).toBe(false);
      await admin.query('create table t (id int primary key)');
      await admin.query('insert into t values (1)');
      expect(isDatabaseUnavailable(await failure(admin.query('insert into t values (1)')))).toBe(false);
      expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    } finally {
      await admin.end();
      await victim.end().catch(() => {});
      await db.drop();
    }
  });
});
