/**
 * The behaviour every Queue implementation must have; run against each one (local on SQLite and
 * PostgreSQL today, BullMQ later) by its own test file.
 */
import { afterEach, expect, it } from 'vitest';
import type { Job, Queue } from './queue.js';

export interface QueueHarness {
  /** A fresh queue over the same durable storage each time it is called (a "restart"). */
  open(): Queue<{ n: number }>;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await wait(10);
  }
}

export function queueContract(harness: () => QueueHarness): void {
  const opened: Array<Queue<{ n: number }>> = [];
  const open = () => {
    const q = harness().open();
    opened.push(q);
    return q;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((q) => q.close()));
  });

  it('runs every enqueued job once, with its data', async () => {
    const q = open();
    const seen: number[] = [];
    q.process(async (job) => void seen.push(job.data.n), { concurrency: 4 });
    await q.enqueue(Array.from({ length: 50 }, (_, n) => ({ id: `a${n}`, data: { n } })));
    await until(() => seen.length === 50);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, n) => n));
  });

  it('ignores an id that is already waiting', async () => {
    const q = open();
    await q.enqueue([{ id: 'dup', data: { n: 1 } }], { delayMs: 200 });
    await q.enqueue([{ id: 'dup', data: { n: 2 } }]);
    const seen: number[] = [];
    q.process(async (job) => void seen.push(job.data.n), { concurrency: 1 });
    await wait(600);
    expect(seen).toEqual([1]);
  });

  it('holds a delayed job until its time', async () => {
    const q = open();
    const ranAt: number[] = [];
    q.process(async () => void ranAt.push(Date.now()), { concurrency: 1 });
    const start = Date.now();
    await q.enqueue([{ id: 'later', data: { n: 0 } }], { delayMs: 300 });
    await until(() => ranAt.length === 1);
    expect(ranAt[0]! - start).toBeGreaterThanOrEqual(290);
  });

  it('never runs more than `concurrency` handlers at once', async () => {
    const q = open();
    let running = 0;
    let peak = 0;
    let done = 0;
    q.process(
      async () => {
        running++;
        peak = Math.max(peak, running);
        await wait(20);
        running--;
        done++;
      },
      { concurrency: 3 },
    );
    await q.enqueue(Array.from({ length: 20 }, (_, n) => ({ id: `c${n}`, data: { n } })));
    await until(() => done === 20);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });

  it('runs a job again when the handler asks for a retry, counting attempts', async () => {
    const q = open();
    const attempts: number[] = [];
    q.process(
      async (job: Job<{ n: number }>) => {
        attempts.push(job.attempts);
        return job.attempts < 3 ? { retryInMs: 10 } : undefined;
      },
      { concurrency: 1 },
    );
    await q.enqueue([{ id: 'flaky', data: { n: 0 } }]);
    await until(() => attempts.length === 3);
    await wait(100);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('keeps waiting jobs across a restart', async () => {
    const first = open();
    await first.enqueue(Array.from({ length: 10 }, (_, n) => ({ id: `r${n}`, data: { n } })));
    await first.close();
    const second = open();
    const seen: number[] = [];
    second.process(async (job) => void seen.push(job.data.n), { concurrency: 2 });
    await until(() => seen.length === 10);
    expect(new Set(seen).size).toBe(10);
  });

  it('removes a waiting job on request', async () => {
    const q = open();
    await q.enqueue([{ id: 'gone', data: { n: 1 } }], { delayMs: 100 });
    await q.remove('gone');
    const seen: number[] = [];
    q.process(async (job) => void seen.push(job.data.n), { concurrency: 1 });
    await wait(300);
    expect(seen).toEqual([]);
    expect(await q.stats()).toEqual({ ready: 0, delayed: 0, active: 0 });
  });
}
