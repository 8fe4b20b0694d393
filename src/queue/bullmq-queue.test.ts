import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TestRedis, startRedis } from '../../test/helpers/redis.js';
import { createBullmqQueue } from './bullmq-queue.js';
import { queueContract } from './queue.contract.js';
import type { Job } from './queue.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await wait(10);
  }
}

describe('bullmq queue', () => {
  let redis: TestRedis;
  let n = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  // Each test gets its own queue name, and every open() in a test shares it (a restart).
  let name = '';
  beforeEach(() => {
    name = '';
  });
  queueContract(() => ({
    open: () => {
      if (!name) name = `q${n++}`;
      return createBullmqQueue({ connection: redis.url, name, prefix: 'test' });
    },
  }));

  const own = (suffix: string) => createBullmqQueue<{ n: number }>({ connection: redis.url, name: `own-${suffix}`, prefix: 'test' });

  it('counts ready and delayed jobs, and keeps the caller id even where BullMQ would refuse it', async () => {
    const q = own('ids');
    await q.enqueue([
      { id: '42', data: { n: 1 } },
      { id: 'a:b', data: { n: 2 } },
    ]);
    await q.enqueue([{ id: '%x', data: { n: 3 } }], { delayMs: 100 });
    expect(await q.stats()).toEqual({ ready: 2, delayed: 1, active: 0 });
    const seen: string[] = [];
    q.process(async (job) => void seen.push(job.id), { concurrency: 2 });
    await until(() => seen.length === 3);
    await q.close();
    expect(seen.sort()).toEqual(['%x', '42', 'a:b']);
  });

  it('parks a crashed job for the crash delay, still deduped, and forgets finished jobs', async () => {
    const errors: unknown[] = [];
    const q = createBullmqQueue<{ n: number }>({ connection: redis.url, name: 'own-crash', prefix: 'test', onError: (e) => errors.push(e) });
    const runs: Array<Job<{ n: number }>> = [];
    q.process(
      async (job) => {
        runs.push(job);
        if (job.data.n === 1) throw new Error('boom');
      },
      { concurrency: 1 },
    );
    await q.enqueue([{ id: 'crash', data: { n: 1 } }]);
    await until(() => errors.length === 1);
    await until(() => runs.length === 1);
    await wait(50);
    expect(await q.stats()).toEqual({ ready: 0, delayed: 1, active: 0 });
    // Still the same waiting job: enqueueing its id again does nothing.
    await q.enqueue([{ id: 'crash', data: { n: 2 } }]);
    expect(await q.stats()).toEqual({ ready: 0, delayed: 1, active: 0 });
    // A finished job leaves nothing behind, so its id can be used again.
    await q.enqueue([{ id: 'fine', data: { n: 3 } }]);
    await until(() => runs.length === 2);
    await wait(50);
    await q.enqueue([{ id: 'fine', data: { n: 4 } }]);
    await until(() => runs.length === 3);
    expect(runs.map((r) => [r.id, r.data.n, r.attempts])).toEqual([
      ['crash', 1, 1],
      ['fine', 3, 1],
      ['fine', 4, 1],
    ]);
    await q.close();
  });

  it('counts attempts across a restart and close() waits for running handlers', async () => {
    const first = own('restart');
    const attempts: number[] = [];
    first.process(
      async (job) => {
        attempts.push(job.attempts);
        return { retryInMs: 300 };
      },
      { concurrency: 1 },
    );
    await first.enqueue([{ id: 'again', data: { n: 0 } }]);
    await until(() => attempts.length === 1);
    await first.close();
    const second = own('restart');
    let finished = false;
    second.process(
      async (job) => {
        attempts.push(job.attempts);
        await wait(200);
        finished = true;
      },
      { concurrency: 1 },
    );
    await until(() => attempts.length === 2);
    await second.close();
    expect(finished).toBe(true);
    expect(attempts).toEqual([1, 2]);
  });
});
