import { performance } from 'node:perf_hooks';

/**
 * Background work that can wait (a campaign's sends) gives way while the event loop is busy, so
 * requests and deliveries keep answering promptly. Taking turns (loop-turns.ts) bounds how long
 * one slice holds the loop; this bounds how much of it background work takes: a campaign at
 * 1,000 sends a second kept SQLite Herald's loop 80-90 % busy, and a request arriving then
 * queued behind several slices (GET p99 25-40 ms where it answers in 2-5 ms).
 *
 * `turn()` returns at once while the loop's utilisation over the last `windowMs` (what
 * `performance.eventLoopUtilization()` measures: time running callbacks over time elapsed) is
 * at most `maxBusy`; above it, it waits in steps of `stepMs` until the loop is below it again,
 * but never longer than `maxWaitMs`, so background work keeps moving however busy the process is
 * (a campaign's 2 ms batch at least every 50 ms).
 */
export class LoopShare {
  private older = performance.eventLoopUtilization();
  private newer = this.older;
  private newerAt = performance.now();

  constructor(
    private readonly opts: { maxBusy: number; windowMs: number; stepMs: number; maxWaitMs: number } = {
      maxBusy: 0.6,
      windowMs: 100,
      stepMs: 5,
      maxWaitMs: 50,
    },
  ) {}

  /** The loop's utilisation over the last `windowMs` to 2 × `windowMs`. */
  busy(): number {
    const now = performance.now();
    if (now - this.newerAt >= this.opts.windowMs) {
      this.older = this.newer;
      this.newer = performance.eventLoopUtilization();
      this.newerAt = now;
    }
    return performance.eventLoopUtilization(this.older).utilization;
  }

  /** Resolves when background work may run its next slice. */
  async turn(): Promise<void> {
    const until = performance.now() + this.opts.maxWaitMs;
    while (this.busy() > this.opts.maxBusy && performance.now() < until) await new Promise((r) => setTimeout(r, this.opts.stepMs));
  }
}
