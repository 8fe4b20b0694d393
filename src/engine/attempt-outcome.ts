import { withoutRefs } from '../store/column-refs.js';
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
 * Pure: delivered; retry later (jittered, honouring Retry-After); failed (dead target dropped,
 * permanent, retries exhausted, retry policy none); or skipped (the provider has no settings).
 */
export function decide(d: Row<'deliveries'>, outcome: SendOutcome, started: number, now: number, retryScheduleS: readonly number[]): Decision {
  if (outcome.kind === 'deferred') {
    return {
      patch: {
        status: outcome.status,
        reason: outcome.reason,
        attempts: d.attempts,
        next_attempt_at: outcome.until,
        last_status_code: d.last_status_code,
        last_error: d.last_error,
      },
      circuit: 'none',
    };
  }
  if (outcome.kind !== 'attempted') return notAttempted(d, outcome.kind, outcome.reason);
  const { result } = outcome;
  // The provider lost its settings between the sender's status check and the call: nothing went out.
  if (result.kind === 'unconfigured') return notAttempted(d, 'skipped', `not configured: ${result.reason}`);
  const attemptNo = d.attempts + 1;
  const error = result.kind === 'delivered' ? null : result.error;
  const providerMessageId = result.kind === 'delivered' ? (result.providerMessageId ?? null) : null;
  const attempt: Row<'delivery_attempts'> = {
    delivery_id: d.id,
    workspace_id: d.workspace_id,
    attempt: attemptNo,
    started_at: started,
    latency_ms: now - started,
    ok: result.kind === 'delivered' ? 1 : 0,
    status_code: result.statusCode ?? null,
    error,
    // FCM answers with the message id kept beside it: stored once (attemptDto puts it back).
    response: result.response == null ? null : providerMessageId ? withoutRefs(result.response, { p: providerMessageId }) : result.response,
    provider_message_id: providerMessageId,
  };
  const base = { attempts: attemptNo, last_status_code: result.statusCode ?? null, last_error: error };
  // A refusal by our own guard or a 4xx says nothing bad about the destination's health.
  const circuit = result.kind === 'retryable' ? 'failed' : 'answered';
  switch (result.kind) {
    case 'delivered':
      return { patch: { ...base, status: 'delivered', reason: null, next_attempt_at: null }, attempt, circuit };
    case 'dead-target': {
      const reason = `target gone (${result.statusCode ?? result.error}); it will not be used again`;
      return { patch: { ...base, status: 'failed', reason, next_attempt_at: null }, attempt, circuit, dropReason: reason };
    }
    case 'permanent':
      return { patch: { ...base, status: 'failed', reason: 'not retryable', next_attempt_at: null }, attempt, circuit };
    case 'retryable': {
      const { retryAfterMs } = result;
      const delay = outcome.mayRetry ? nextRetryDelayMs(attemptNo, retryScheduleS, retryAfterMs) : undefined;
      if (delay === undefined) {
        const reason = outcome.mayRetry ? 'retries exhausted' : 'retry policy is none';
        return { patch: { ...base, status: 'failed', reason, next_attempt_at: null }, attempt, circuit, retryAfterMs };
      }
      return { patch: { ...base, status: 'retrying', reason: null, next_attempt_at: now + delay }, attempt, circuit, retryAfterMs };
    }
  }
}

/** Nothing was sent: the row keeps its attempt count and last answer. */
function notAttempted(d: Row<'deliveries'>, status: 'cancelled' | 'skipped', reason: string): Decision {
  return {
    patch: { status, reason, attempts: d.attempts, next_attempt_at: null, last_status_code: d.last_status_code, last_error: d.last_error },
    circuit: 'none',
  };
}
