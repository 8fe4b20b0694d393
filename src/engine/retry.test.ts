import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, nextRetryDelayMs } from './retry.js';

const schedule = [5, 300, 1800];

describe('nextRetryDelayMs', () => {
  it('follows the schedule within ±20 % jitter', () => {
    expect(nextRetryDelayMs(1, schedule, undefined, () => 0)).toBe(4000);
    expect(nextRetryDelayMs(1, schedule, undefined, () => 1)).toBe(6000);
    expect(nextRetryDelayMs(2, schedule, undefined, () => 0.5)).toBe(300_000);
  });

  it('gives up after the last scheduled delay', () => {
    expect(nextRetryDelayMs(4, schedule, undefined)).toBeUndefined();
  });

  it('waits at least as long as Retry-After asks, capped at a day', () => {
    expect(nextRetryDelayMs(1, schedule, 120_000, () => 0.5)).toBe(120_000);
    expect(nextRetryDelayMs(1, schedule, 1000, () => 0.5)).toBe(5000);
    expect(nextRetryDelayMs(1, schedule, 10 * MAX_RETRY_AFTER_MS, () => 0.5)).toBe(MAX_RETRY_AFTER_MS);
  });
});
