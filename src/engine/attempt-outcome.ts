import type { Row } from '../store/schema.js';
import type { DeliveryPatch } from './delivery-sql.js';
import { nextRetryDelayMs } from './retry.js';
import type { SendOutcome } from './sender.js';

/** What one attempt (or the decision not to attempt) comes to: the row's new state and what to record. */
export interface Decision {
  patch: DeliveryPatch;
  attempt?: Row<'delivery_attempts'>;
  /** For the destination's circuit: did the destination answer, fail, or was it not asked? */
  circuit: 'answered' | 'failed' | 'none';
  retryAfterMs?: number;
  /** The target is gone for good: the sender should stop using it. */
  dropReason?: string;
}

/**
 * Pure: delivered; retry later (jittered, honouring Retry-After); or failed (dead target
 * dropped, not retryable, retries exhausted, retry policy none).
 */
export function decide(d: Row<'deliveries'>, outcome: SendOutcome, started: number, now: number, retryScheduleS: readonly number[]): Decision {
  if (outcome.kind === 'deferred') {
    return {
      patch: { status: outcome.status, reason: outcome.reason, attempts: d.attempts, next_attempt_at: outcome.until, last_status_code: d.last_status_code, last_error: d.last_error },
      circuit: 'none',
    };
  }
  if (outcome.kind !== 'attempted') {
    return {
      patch: { status: outcome.kind, reason: outcome.reason, attempts: d.attempts, next_attempt_at: null, last_status_code: d.last_status_code, last_error: d.last_error },
      circuit: 'none',
    };
  }
  const { result } = outcome;
  const attemptNo = d.attempts + 1;
  const attempt: Row<'delivery_attempts'> = {
    delivery_id: d.id,
    attempt: attemptNo,
    started_at: started,
    latency_ms: now - started,
    ok: result.ok ? 1 : 0,
    status_code: result.statusCode ?? null,
    error: result.error ?? null,
    response: result.response ?? null,
    provider_message_id: result.providerMessageId ?? null,
  };
  const base = { attempts: attemptNo, last_status_code: result.statusCode ?? null, last_error: result.error ?? null };
  // A refusal by our own guard or a 4xx says nothing bad about the destination's health.
  const circuit = result.ok || !result.retryable ? 'answered' : 'failed';
  if (result.ok) return { patch: { ...base, status: 'delivered', reason: null, next_attempt_at: null }, attempt, circuit };
  if (result.dropTarget) {
    const reason = `target gone (${result.statusCode ?? result.error}); it will not be used again`;
    return { patch: { ...base, status: 'failed', reason, next_attempt_at: null }, attempt, circuit, dropReason: reason };
  }
  const delay = result.retryable && outcome.mayRetry ? nextRetryDelayMs(attemptNo, retryScheduleS, result.retryAfterMs) : undefined;
  if (delay === undefined) {
    const reason = !result.retryable ? 'not retryable' : outcome.mayRetry ? 'retries exhausted' : 'retry policy is none';
    return { patch: { ...base, status: 'failed', reason, next_attempt_at: null }, attempt, circuit, retryAfterMs: result.retryAfterMs };
  }
  return { patch: { ...base, status: 'retrying', reason: null, next_attempt_at: now + delay }, attempt, circuit, retryAfterMs: result.retryAfterMs };
}
