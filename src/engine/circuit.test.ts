import { describe, expect, it } from 'vitest';
import { HEALTHY, admission, failed, probeNotAttempted, probing, succeeded } from './circuit.js';

const policy = { failureThreshold: 5, probeIntervalMs: 30_000 };

function failTimes(n: number, now = 1000) {
  let h = HEALTHY;
  for (let i = 0; i < n; i++) h = failed(h, now + i, policy);
  return h;
}

describe('circuit breaker', () => {
  it('stays healthy below the threshold and opens at it', () => {
    expect(failTimes(4).state).toBe('healthy');
    expect(admission(failTimes(4), 2000)).toBe('go');
    const open = failTimes(5);
    expect(open.state).toBe('open');
    expect(open.openedAt).toBe(1004);
    expect(open.nextProbeAt).toBe(1004 + 30_000);
    expect(admission(open, 2000)).toBe('wait');
    expect(admission(open, 1004 + 30_000)).toBe('probe');
  });

  it('a success resets the count and closes an open circuit', () => {
    const h = succeeded(failTimes(4), 5000);
    expect(h).toMatchObject({ state: 'healthy', consecutiveFailures: 0, lastSuccessAt: 5000, failingSince: null });
    expect(failed(h, 6000, policy).consecutiveFailures).toBe(1);
    const closed = succeeded(probing(failTimes(5)), 40_000);
    expect(closed.state).toBe('healthy');
    expect(closed.nextProbeAt).toBeNull();
  });

  it('a failed probe opens it for another interval, or for the Retry-After when longer', () => {
    const half = probing(failTimes(5));
    expect(admission(half, 99_999_999)).toBe('wait');
    expect(failed(half, 50_000, policy)).toMatchObject({ state: 'open', nextProbeAt: 80_000 });
    expect(failed(half, 50_000, policy, 120_000)).toMatchObject({ state: 'open', nextProbeAt: 170_000 });
  });

  it('remembers when the destination started failing without a break', () => {
    expect(failTimes(7, 10).failingSince).toBe(10);
    expect(succeeded(failTimes(7, 10), 99).failingSince).toBeNull();
  });

  it('stragglers failing while open never bring the probe earlier', () => {
    const open = failTimes(5);
    expect(failed(open, 2000, policy).nextProbeAt).toBe(open.nextProbeAt);
    expect(failed(open, 2000, policy, 60_000).nextProbeAt).toBe(62_000);
  });

  it('a probe that needed no attempt lets the next waiting delivery probe at once', () => {
    expect(admission(probeNotAttempted(probing(failTimes(5)), 7000), 7000)).toBe('probe');
  });
});
