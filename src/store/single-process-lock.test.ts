import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { backends, freshPostgres } from '../../test/helpers/backends.js';
import { eventually } from '../../test/helpers/herald.js';
import { ConfigError } from '../config.js';
import { createLogger } from '../logger.js';
import { LOCK_KEY, SECOND_PROCESS_REFUSED, type SingleProcessLock, holdSingleProcessLock } from './single-process-lock.js';

const log = createLogger('silent');

describe.skipIf(!backends().includes('postgres'))('single-process lock (PostgreSQL without Redis)', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup() {
    const db = await freshPostgres();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    cleanups.push(db.drop, () => admin.end());
    /** Backends of this database holding Herald's advisory lock. */
    const holders = async () =>
      (
        await admin.query<{ pid: number }>(
          `select l.pid from pg_locks l join pg_database d on d.oid = l.database
           where l.locktype = 'advisory' and l.granted and l.classid = $1 and l.objid = $2 and d.datname = current_database()`,
          [...LOCK_KEY],
        )
      ).rows.map((r) => r.pid);
    return { url: db.url, admin, holders };
  }

  const hold = async (url: string, onLost = () => {}): Promise<SingleProcessLock> => {
    const lock = await holdSingleProcessLock(url, { log, onLost, retryMs: 50 });
    cleanups.push(() => lock.release());
    return lock;
  };

  it('refuses a second holder with one sentence naming HERALD_REDIS_URL, and admits one after a release', async () => {
    const { url, holders } = await setup();
    const first = await hold(url);
    expect(await holders()).toHaveLength(1);
    const refused = await holdSingleProcessLock(url, { log, onLost: () => {} }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as Error).message).toBe(SECOND_PROCESS_REFUSED);
    expect(SECOND_PROCESS_REFUSED).toMatch(/^[^.;]+;[^.]+HERALD_REDIS_URL[^.]*\.$/);
    await first.release();
    await eventually(async () => (await holders()).length === 0);
    await hold(url);
    expect(await holders()).toHaveLength(1);
  });

  it('takes the lock again when its connection is killed (a database restart)', async () => {
    const { url, admin, holders } = await setup();
    let lost = false;
    await hold(url, () => (lost = true));
    const [before] = await holders();
    await admin.query('select pg_terminate_backend($1)', [before]);
    const after = await eventually(async () => {
      const pids = await holders();
      return pids.length === 1 && pids[0] !== before && pids[0];
    });
    expect(after).not.toBe(before);
    expect(lost).toBe(false);
  });

  it('gives way (onLost) when another process took the lock while its connection was gone', async () => {
    const { url, admin, holders } = await setup();
    let lost = false;
    await hold(url, () => (lost = true));
    const [before] = await holders();
    // Another process, already connected, takes the lock the moment it is free.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    cleanups.push(() => other.end());
    const otherPid = (await other.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const taken = other.query('select pg_advisory_lock($1, $2)', [...LOCK_KEY]);
    await admin.query('select pg_terminate_backend($1)', [before]);
    await taken;
    await eventually(() => lost);
    expect(await holders()).toEqual([otherPid]);
  });
});
