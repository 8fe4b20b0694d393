import { describe, expect, it } from 'vitest';
import { nextTurn } from './loop-turns.js';

/** Counts event-loop iterations: an immediate queued from an immediate runs on the next one. */
function iterations() {
  let n = 0;
  let on = true;
  const step = () => {
    n++;
    if (on) setImmediate(step);
  };
  setImmediate(step);
  return { now: () => n, stop: () => (on = false) };
}

describe('nextTurn', () => {
  it('releases waiters first come, first served, each on an event-loop iteration of its own', async () => {
    const loop = iterations();
    const seen: Array<[string, number]> = [];
    await Promise.all(
      ['a', 'b', 'c', 'd'].map(async (name) => {
        await nextTurn();
        seen.push([name, loop.now()]);
      }),
    );
    loop.stop();
    expect(seen.map(([name]) => name)).toEqual(['a', 'b', 'c', 'd']);
    const at = seen.map(([, i]) => i);
    expect(new Set(at).size).toBe(4);
  });

  it('runs what fell due during a slice (timers, then I/O) before the next slice', async () => {
    const order: string[] = [];
    const slice = (name: string) =>
      nextTurn().then(() => {
        order.push(name);
        if (name !== 'first') return;
        setTimeout(() => order.push('timer'), 1);
        // Synchronous work, as a batch of SQLite writes is: the timer falls due meanwhile.
        const until = performance.now() + 5;
        while (performance.now() < until);
      });
    await Promise.all([slice('first'), slice('second')]);
    await new Promise((r) => setTimeout(r, 5));
    // With setImmediate both slices ran back to back and the timer waited for the second one.
    expect(order).toEqual(['first', 'timer', 'second']);
  });
});
