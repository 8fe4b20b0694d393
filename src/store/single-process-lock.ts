/**
 * Without Redis, a Herald process keeps presence, realtime streams and wake-ups in its own
 * memory, and on start it takes back every delivery job left locked (the previous process must
 * have died). A second `herald serve` on the same PostgreSQL database would therefore split
 * presence (a customer streaming from one process is offline for the other) and take the first
 * one's jobs in flight, sending them twice. So on PostgreSQL without Redis the process holds a
 * session-level advisory lock on a connection of its own for as long as it runs; a second one
 * finds it taken and refuses to start.
 *
 * A database restart ends that connection and frees the lock: the holder takes it again as soon
 * as the database is back. Should another process have taken it meanwhile, the holder is the one
 * that stops (`onLost`).
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { ConfigError } from '../config.js';

// pg_try_advisory_lock(int4, int4): a namespace ('HRLD') and the lock's number within it.
export const LOCK_KEY = [0x48524c44, 1] as const;
const RETRY_MS = 1000;

export const SECOND_PROCESS_REFUSED =
  'Another Herald process is already serving this PostgreSQL database without Redis; to run several processes on one database, set HERALD_REDIS_URL (the same Redis for all of them).';

export interface SingleProcessLock {
  release(): Promise<void>;
}

export async function holdSingleProcessLock(url: string, opts: { log: Logger; onLost: () => void; retryMs?: number }): Promise<SingleProcessLock> {
  const { log } = opts;
  const retryMs = opts.retryMs ?? RETRY_MS;
  let released = false;
  const first = await tryLock(url, log);
  if (!first) throw new ConfigError(SECOND_PROCESS_REFUSED);
  let client: pg.Client = first;
  let timer: NodeJS.Timeout | undefined;

  const watch = (c: pg.Client) => {
    c.once('end', () => {
      if (released) return;
      log.warn('lost the connection holding the single-process lock; taking the lock again when the database is back');
      schedule();
    });
  };
  const schedule = () => {
    timer = setTimeout(() => void retake(), retryMs);
    timer.unref();
  };
  const retake = async () => {
    if (released) return;
    let next: pg.Client | undefined;
    try {
      next = await tryLock(url, log);
    } catch {
      // Still away: try again.
      schedule();
      return;
    }
    if (released) {
      await next?.end().catch(() => {});
      return;
    }
    if (!next) {
      log.error(`${SECOND_PROCESS_REFUSED} (another process took the lock while the database was away; this one stops)`);
      opts.onLost();
      return;
    }
    client = next;
    watch(client);
    log.info('single-process lock taken again');
  };
  watch(client);

  return {
    async release() {
      released = true;
      clearTimeout(timer);
      // Ending the session frees the lock.
      await client.end().catch(() => {});
    },
  };
}

/** A connected client holding the lock, or undefined when another session holds it. Throws when the database is away. */
async function tryLock(url: string, log: Logger): Promise<pg.Client | undefined> {
  const client = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5000 });
  // Errors of this connection end it; 'end' (above) is where they are handled.
  client.on('error', (err) => log.debug({ err: err.message }, 'single-process lock connection error'));
  try {
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [...LOCK_KEY]);
    if (rows[0]?.ok) return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  await client.end().catch(() => {});
  return undefined;
}
