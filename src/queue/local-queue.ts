import { sql, type Kysely } from 'kysely';
import type { DbCapabilities } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { CRASHED_JOB_RETRY_MS, type Job, type JobOutcome, type Queue, type QueueStats } from './queue.js';

export interface LocalQueueOptions {
  db: Kysely<Database>;
  caps: DbCapabilities;
  name: string;
  /** A started job not finished within this time is assumed lost and is given out again. */
  leaseMs?: number;
  /** Upper bound on how long a due job waits when nothing woke the loop (other writers). */
  pollMs?: number;
  /** Embedded mode runs one process: locks left by a crashed run can be released at start. */
  releaseLocksOnStart?: boolean;
  onError?: (err: unknown) => void;
}

/**
 * The embedded queue: jobs live in the `jobs` table, so a crash loses nothing; one loop claims
 * batches of due jobs (SKIP LOCKED on PostgreSQL) and runs them with bounded concurrency.
 * Completions are deleted in batches to keep the write rate low under load.
 */
export function createLocalQueue<T>(opts: LocalQueueOptions): Queue<T> {
  const { db, caps, name } = opts;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const pollMs = opts.pollMs ?? 1000;
  const onError = opts.onError ?? (() => {});
  let handler: ((job: Job<T>) => Promise<JobOutcome>) | undefined;
  let concurrency = 1;
  let active = 0;
  let closed = false;
  let looping = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeResolve: (() => void) | undefined;
  const running = new Set<Promise<void>>();
  let doneIds: string[] = [];
  let flushScheduled: Promise<void> | undefined;
  let loopDone: Promise<void> | undefined;

  function wake() {
    if (wakeTimer) clearTimeout(wakeTimer);
    wakeTimer = undefined;
    const r = wakeResolve;
    wakeResolve = undefined;
    r?.();
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      wakeResolve = resolve;
      wakeTimer = setTimeout(wake, ms);
    });
  }

  async function claim(limit: number): Promise<Array<Job<T>>> {
    const now = Date.now();
    const due = db
      .selectFrom('jobs')
      .select('id')
      .where('queue', '=', name)
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('run_at')
      .limit(limit)
      .$if(caps.skipLocked, (qb) => qb.forUpdate().skipLocked());
    const rows = await db
      .updateTable('jobs')
      .set({ locked_until: now + leaseMs, attempts: sql`attempts + 1` })
      .where('id', 'in', due)
      .returning(['id', 'data', 'attempts'])
      .execute();
    return rows.map((r) => ({ id: r.id, data: JSON.parse(r.data) as T, attempts: r.attempts }));
  }

  function flushDone(): Promise<void> {
    if (!flushScheduled) {
      flushScheduled = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        const ids = doneIds;
        doneIds = [];
        flushScheduled = undefined;
        if (ids.length === 0) return;
        try {
          await db.deleteFrom('jobs').where('id', 'in', ids).execute();
        } catch (err) {
          onError(err);
        }
      });
    }
    return flushScheduled;
  }

  async function run(job: Job<T>): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await handler!(job);
    } catch (err) {
      onError(err);
      outcome = { retryInMs: CRASHED_JOB_RETRY_MS };
    }
    try {
      if (outcome && typeof outcome.retryInMs === 'number') {
        await db
          .updateTable('jobs')
          .set({ run_at: Date.now() + outcome.retryInMs, locked_until: null })
          .where('id', '=', job.id)
          .execute();
      } else {
        doneIds.push(job.id);
        await flushDone();
      }
    } catch (err) {
      onError(err);
    }
  }

  async function nextDueIn(): Promise<number> {
    const row = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min('run_at').as('next'))
      .where('queue', '=', name)
      .where('locked_until', 'is', null)
      .executeTakeFirst();
    const next = row?.next == null ? undefined : Number(row.next);
    return next === undefined ? pollMs : Math.max(0, Math.min(pollMs, next - Date.now()));
  }

  async function loop(): Promise<void> {
    if (opts.releaseLocksOnStart) {
      await db.updateTable('jobs').set({ locked_until: null }).where('queue', '=', name).execute();
    }
    while (!closed) {
      try {
        const free = concurrency - active;
        if (free <= 0) {
          await sleep(pollMs);
          continue;
        }
        const jobs = await claim(free);
        for (const job of jobs) {
          active++;
          const p = run(job).finally(() => {
            active--;
            running.delete(p);
            wake();
          });
          running.add(p);
        }
        if (jobs.length < free) {
          const wait = await nextDueIn();
          if (wait > 0) await sleep(wait);
        }
      } catch (err) {
        if (closed) break;
        onError(err);
        await sleep(pollMs);
      }
    }
  }

  return {
    async enqueue(jobs, o) {
      if (jobs.length === 0) return;
      const now = Date.now();
      const runAt = now + (o?.delayMs ?? 0);
      // Chunked: SQLite caps bound parameters per statement.
      for (let i = 0; i < jobs.length; i += 100) {
        await db
          .insertInto('jobs')
          .values(
            jobs.slice(i, i + 100).map((j) => ({
              id: j.id,
              queue: name,
              data: JSON.stringify(j.data),
              run_at: runAt,
              locked_until: null,
              attempts: 0,
              created_at: now,
            })),
          )
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      if (!o?.delayMs) wake();
    },

    process(h, o) {
      if (handler) throw new Error('process() may be called once per queue');
      handler = h;
      concurrency = Math.max(1, o.concurrency);
      looping = true;
      loopDone = loop();
    },

    async remove(id) {
      await db.deleteFrom('jobs').where('id', '=', id).where('queue', '=', name).where('locked_until', 'is', null).execute();
    },

    async stats(): Promise<QueueStats> {
      const now = Date.now();
      const row = await db
        .selectFrom('jobs')
        .select([
          sql<number>`sum(case when locked_until is not null and locked_until >= ${now} then 1 else 0 end)`.as('active'),
          sql<number>`sum(case when (locked_until is null or locked_until < ${now}) and run_at <= ${now} then 1 else 0 end)`.as(
            'ready',
          ),
          sql<number>`sum(case when (locked_until is null or locked_until < ${now}) and run_at > ${now} then 1 else 0 end)`.as(
            'delayed',
          ),
        ])
        .where('queue', '=', name)
        .executeTakeFirst();
      return { ready: Number(row?.ready ?? 0), delayed: Number(row?.delayed ?? 0), active: Number(row?.active ?? 0) };
    },

    async close() {
      closed = true;
      wake();
      if (looping) await loopDone;
      await Promise.all([...running]);
      await flushDone();
    },
  };
}
