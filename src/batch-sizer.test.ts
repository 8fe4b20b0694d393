import { describe, expect, it } from 'vitest';
import { BatchSizer } from './batch-sizer.js';

describe('BatchSizer', () => {
  const opts = { sliceMs: 5, initial: 64, min: 16, max: 500 };

  it('starts at the initial size, then takes as many items as fit in the slice', () => {
    const s = new BatchSizer(opts);
    expect(s.size()).toBe(64);
    s.measured(64, 64 * 0.05); // 50 µs an item: 100 fit in 5 ms
    expect(s.size()).toBe(100);
  });

  it('keeps within min and max', () => {
    const costly = new BatchSizer(opts);
    costly.measured(10, 100); // 10 ms an item
    expect(costly.size()).toBe(16);
    const cheap = new BatchSizer(opts);
    cheap.measured(100, 0.1); // 1 µs an item
    expect(cheap.size()).toBe(500);
    const free = new BatchSizer(opts);
    free.measured(100, 0);
    expect(free.size()).toBe(500);
  });

  it('moves toward a new cost without one slow batch shrinking it to the minimum', () => {
    const s = new BatchSizer(opts);
    s.measured(100, 5); // 50 µs an item: 100
    s.measured(100, 50); // one batch ten times slower (a GC, a checkpoint)
    expect(s.size()).toBeGreaterThan(opts.min); // 27: between the two costs
    expect(s.size()).toBeLessThan(100);
    for (let i = 0; i < 20; i++) s.measured(100, 50);
    expect(s.size()).toBe(16); // 500 µs an item, sustained: 10 would fit, the minimum is 16
  });

  it('ignores an empty batch', () => {
    const s = new BatchSizer(opts);
    s.measured(0, 10);
    expect(s.size()).toBe(64);
  });
});
