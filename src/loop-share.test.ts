import { describe, expect, it } from 'vitest';
import { LoopShare } from './loop-share.js';

/** Keeps the event loop running callbacks for `ms`, in 5 ms tasks with I/O turns between. */
async function busyFor(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const end = performance.now() + 5;
    while (performance.now() < end) {
      /* spin */
    }
    await new Promise((r) => setImmediate(r));
  }
}

describe('LoopShare', () => {
  const opts = { maxBusy: 0.6, windowMs: 50, stepMs: 5, maxWaitMs: 200 };

  it('lets background work run at once while the loop is mostly idle', async () => {
    const share = new LoopShare(opts);
    await new Promise((r) => setTimeout(r, 120)); // an idle loop for two windows
    expect(share.busy()).toBeLessThan(0.6);
    const t0 = performance.now();
    await share.turn();
    expect(performance.now() - t0).toBeLessThan(opts.stepMs);
  });

  it('holds background work while the loop is busy, until it is idle enough again', async () => {
    const share = new LoopShare(opts);
    await busyFor(120);
    expect(share.busy()).toBeGreaterThan(0.6);
    const t0 = performance.now();
    await share.turn();
    const waited = performance.now() - t0;
    // It waited for the window to show the loop below the share, and no longer than it may.
    expect(waited).toBeGreaterThanOrEqual(opts.stepMs);
    expect(waited).toBeLessThan(opts.maxWaitMs + 50);
    expect(share.busy() <= 0.6 || waited >= opts.maxWaitMs).toBe(true);
  });

  it('never holds background work longer than maxWaitMs, however busy the loop stays', async () => {
    const share = new LoopShare({ ...opts, maxWaitMs: 30 });
    let busy = true;
    const spinner = (async () => {
      while (busy) await busyFor(5);
    })();
    await busyFor(100);
    const t0 = performance.now();
    await share.turn();
    const waited = performance.now() - t0;
    busy = false;
    await spinner;
    expect(waited).toBeGreaterThanOrEqual(30);
    expect(waited).toBeLessThan(150);
  });
});
