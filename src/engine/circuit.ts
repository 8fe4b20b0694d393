/**
 * The circuit breaker of one destination, as pure transitions over plain values (CONTRACT §10).
 * healthy → (N consecutive retryable failures) → open → (probe time) → half_open: one attempt
 * → success closes it, failure opens it again for another probe interval (or the destination's
 * Retry-After, when longer).
 */
export type CircuitState = 'healthy' | 'open' | 'half_open';

export interface Health {
  state: CircuitState;
  consecutiveFailures: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /** First failure since the last success. */
  failingSince: number | null;
  openedAt: number | null;
  nextProbeAt: number | null;
}

export interface CircuitPolicy {
  failureThreshold: number;
  probeIntervalMs: number;
}

export const HEALTHY: Health = Object.freeze({
  state: 'healthy',
  consecutiveFailures: 0,
  lastSuccessAt: null,
  lastFailureAt: null,
  failingSince: null,
  openedAt: null,
  nextProbeAt: null,
});

/** What the scheduler may do with a destination now. */
export type Admission = 'go' | 'probe' | 'wait';

export function admission(h: Health, now: number): Admission {
  if (h.state === 'healthy') return 'go';
  if (h.state === 'open' && (h.nextProbeAt ?? 0) <= now) return 'probe';
  return 'wait';
}

/** The destination answered (any answer that is not a retryable failure: 2xx, and also 4xx). */
export function succeeded(h: Health, now: number): Health {
  return { ...h, state: 'healthy', consecutiveFailures: 0, lastSuccessAt: now, failingSince: null, openedAt: null, nextProbeAt: null };
}

/** A retryable failure or a timeout. */
export function failed(h: Health, now: number, policy: CircuitPolicy, retryAfterMs?: number): Health {
  const next: Health = {
    ...h,
    consecutiveFailures: h.consecutiveFailures + 1,
    lastFailureAt: now,
    failingSince: h.failingSince ?? now,
  };
  const probeAt = now + Math.max(policy.probeIntervalMs, retryAfterMs ?? 0);
  if (h.state === 'half_open') return { ...next, state: 'open', nextProbeAt: probeAt };
  if (h.state === 'open') {
    // A straggler that was in flight when the circuit opened: the probe time only moves later.
    return { ...next, nextProbeAt: Math.max(h.nextProbeAt ?? 0, retryAfterMs ? probeAt : 0) || probeAt };
  }
  if (next.consecutiveFailures >= policy.failureThreshold) return { ...next, state: 'open', openedAt: now, nextProbeAt: probeAt };
  return next;
}

/** A probe was started. */
export function probing(h: Health): Health {
  return { ...h, state: 'half_open' };
}

/** The probe delivery turned out not to need an attempt (cancelled, skipped): probe with the next one. */
export function probeNotAttempted(h: Health, now: number): Health {
  return h.state === 'half_open' ? { ...h, state: 'open', nextProbeAt: now } : h;
}
