import { DelayedError, Queue as BullQueue, Worker, type Job as BullJob } from 'bullmq';
import { CRASHED_JOB_RETRY_MS, type Job, type JobOutcome, type Queue, type QueueStats } from './queue.js';

export interface BullmqQueueOptions {
  /** redis:// or rediss:// URL; every process of a cluster points at the same Redis. */
  connection: string;
  name: string;
  /** Namespaces the Redis keys, so several Heralds (or tests) can share one Redis. */
  prefix?: string;
  onError?: (err: unknown) => void;
}

/**
 * The cluster queue: BullMQ on Redis, so every process's workers share one queue.
 *
 * Retries never go through BullMQ's own attempts/backoff: the handler decides the delay, so the
 * job is moved back to the delayed set with the worker's lock token (`moveToDelayed` +
 * `DelayedError`). That keeps one Redis job per caller id for its whole life — dedupe holds while
 * it waits for a retry, `remove(id)` finds it, and `attemptsStarted` counts runs across retries,
 * crashes and restarts. Finished jobs are deleted at once (removeOnComplete) so Redis memory stays
 * flat and the id can be enqueued again later.
 */
export function createBullmqQueue<T>(opts: BullmqQueueOptions): Queue<T> {
  const { name } = opts;
  const prefix = opts.prefix ?? 'herald';
  const onError = opts.onError ?? (() => {});
  const connection = { url: opts.connection };
  // BullMQ's generics cannot resolve an open T; data is typed at this file's boundary instead.
  const queue = new BullQueue(name, { connection, prefix });
  queue.on('error', onError);
  let worker: Worker | undefined;

  async function run(handler: (job: Job<T>) => Promise<JobOutcome>, job: BullJob, token: string | undefined) {
    let outcome: JobOutcome;
    try {
      outcome = await handler({ id: fromBullId(job.id!), data: job.data as T, attempts: job.attemptsStarted });
    } catch (err) {
      onError(err);
      outcome = { retryInMs: CRASHED_JOB_RETRY_MS };
    }
    if (outcome && typeof outcome.retryInMs === 'number') {
      await job.moveToDelayed(Date.now() + Math.max(0, outcome.retryInMs), token);
      // Tells the worker the job already left the active set; it must not complete it.
      throw new DelayedError();
    }
  }

  return {
    async enqueue(jobs, o) {
      if (jobs.length === 0) return;
      const delay = Math.max(0, o?.delayMs ?? 0);
      // addBulk is one round trip; a jobId that still exists (waiting, delayed, running) is ignored.
      for (let i = 0; i < jobs.length; i += 500) {
        await queue.addBulk(
          jobs.slice(i, i + 500).map((j) => ({
            name,
            data: j.data,
            opts: {
              jobId: toBullId(j.id),
              delay,
              removeOnComplete: true,
              // A job BullMQ gives up on (stalled too often) is dropped rather than kept as a
              // tombstone that would block the dispatcher's sweeper from enqueueing it again.
              removeOnFail: true,
            },
          })),
        );
      }
    },

    process(handler, o) {
      if (worker) throw new Error('process() may be called once per queue');
      worker = new Worker(name, (job, token) => run(handler, job, token), {
        connection,
        prefix,
        concurrency: Math.max(1, o.concurrency),
        // A process killed mid-job leaves its lock to expire; the job then runs again elsewhere.
        // Allow that a few times before BullMQ fails (and, with removeOnFail, forgets) the job.
        maxStalledCount: 5,
      });
      worker.on('error', onError);
    },

    async remove(id) {
      // 0 when the job is running (locked) or already gone: both mean "nothing waiting to drop".
      await queue.remove(toBullId(id));
    },

    async stats(): Promise<QueueStats> {
      const c = await queue.getJobCounts('wait', 'prioritized', 'delayed', 'active');
      return { ready: (c.wait ?? 0) + (c.prioritized ?? 0), delayed: c.delayed ?? 0, active: c.active ?? 0 };
    },

    async close() {
      // Worker.close() stops fetching and waits for the running handlers.
      await worker?.close();
      await queue.close();
    },
  };
}

// BullMQ refuses ids that look like integers or contain ':'; such ids are escaped reversibly.
// Plain ids (the engine's `dlv_…`) are used as they are, which keeps Redis keys readable.
function toBullId(id: string): string {
  if (!id.includes(':') && !id.includes('%') && `${parseInt(id, 10)}` !== id) return id;
  return `%${encodeURIComponent(id)}`;
}

function fromBullId(id: string): string {
  return id.startsWith('%') ? decodeURIComponent(id.slice(1)) : id;
}
