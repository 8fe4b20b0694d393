import { describe, expect, it } from 'vitest';
import type { DeliveryResult } from '../providers/provider.js';
import type { Row } from '../store/schema.js';
import { decide } from './attempt-outcome.js';
import type { SendOutcome } from './sender.js';

const schedule = [5, 300];
const delivery = (attempts = 0): Row<'deliveries'> => ({
  id: 'dlv_1',
  event_id: null,
  notification_id: null,
  channel: 'push',
  recipient_type: 'customer',
  recipient_id: 'cus_1',
  agent_id: null,
  session_id: null,
  customer_id: 'cus_1',
  target: 'dev_1',
  payload: '{}',
  status: 'sending',
  reason: null,
  attempts,
  next_attempt_at: null,
  last_status_code: 503,
  last_error: 'earlier',
  destination: 'fcm',
  created_at: 0,
  updated_at: 0,
});
const attempted = (result: DeliveryResult, mayRetry = true): SendOutcome => ({ kind: 'attempted', result, mayRetry });
const at = (d: Row<'deliveries'>, outcome: SendOutcome) => decide(d, outcome, 1000, 1250, schedule);

describe('decide: one outcome kind, one next state', () => {
  it.each([
    [
      'delivered',
      attempted({ kind: 'delivered', statusCode: 200, response: 'ok', providerMessageId: 'm1' }),
      { status: 'delivered', reason: null, next_attempt_at: null, last_status_code: 200, last_error: null },
      'answered',
    ],
    [
      'permanent',
      attempted({ kind: 'permanent', statusCode: 400, error: 'HTTP 400' }),
      { status: 'failed', reason: 'not retryable', next_attempt_at: null, last_status_code: 400, last_error: 'HTTP 400' },
      'answered',
    ],
    [
      'dead target',
      attempted({ kind: 'dead-target', statusCode: 410, error: 'HTTP 410' }),
      { status: 'failed', reason: 'target gone (410); it will not be used again', last_status_code: 410 },
      'answered',
    ],
    [
      'retryable, retry policy none',
      attempted({ kind: 'retryable', statusCode: 503, error: 'HTTP 503' }, false),
      { status: 'failed', reason: 'retry policy is none', next_attempt_at: null, last_status_code: 503 },
      'failed',
    ],
  ] as const)('%s', (_name, outcome, patch, circuit) => {
    const decision = at(delivery(), outcome);
    expect(decision.patch).toMatchObject({ ...patch, attempts: 1 });
    expect(decision.circuit).toBe(circuit);
    expect(decision.attempt).toMatchObject({ delivery_id: 'dlv_1', attempt: 1, started_at: 1000, latency_ms: 250 });
  });

  it('records the attempt as the console shows it', () => {
    expect(at(delivery(), attempted({ kind: 'delivered', statusCode: 200, response: 'ok', providerMessageId: 'm1' })).attempt).toEqual({
      delivery_id: 'dlv_1',
      attempt: 1,
      started_at: 1000,
      latency_ms: 250,
      ok: 1,
      status_code: 200,
      error: null,
      response: 'ok',
      provider_message_id: 'm1',
    });
    expect(at(delivery(), attempted({ kind: 'retryable', error: 'timeout after 300 ms' })).attempt).toMatchObject({
      ok: 0,
      status_code: null,
      error: 'timeout after 300 ms',
    });
  });

  it('drops a dead target with a reason, and only a dead target', () => {
    expect(at(delivery(), attempted({ kind: 'dead-target', error: 'unregistered' })).dropReason).toBe('target gone (unregistered); it will not be used again');
    expect(at(delivery(), attempted({ kind: 'permanent', error: 'bad' })).dropReason).toBeUndefined();
  });

  it('retries on the schedule, no sooner than Retry-After, until the schedule runs out', () => {
    const soon = at(delivery(), attempted({ kind: 'retryable', statusCode: 503, error: 'HTTP 503' }));
    expect(soon.patch.status).toBe('retrying');
    expect(soon.patch.next_attempt_at).toBeGreaterThanOrEqual(1250 + 4000);
    expect(soon.patch.next_attempt_at).toBeLessThanOrEqual(1250 + 6000);

    const asked = at(delivery(), attempted({ kind: 'retryable', statusCode: 429, error: 'HTTP 429', retryAfterMs: 60_000 }));
    expect(asked).toMatchObject({ patch: { status: 'retrying', next_attempt_at: 1250 + 60_000 }, retryAfterMs: 60_000, circuit: 'failed' });

    expect(at(delivery(2), attempted({ kind: 'retryable', error: 'HTTP 503' })).patch).toMatchObject({
      status: 'failed',
      reason: 'retries exhausted',
      attempts: 3,
    });
  });

  it('records no attempt when nothing was sent: cancelled, skipped, or the provider lost its settings', () => {
    const kept = { attempts: 2, last_status_code: 503, last_error: 'earlier', next_attempt_at: null };
    expect(at(delivery(2), { kind: 'cancelled', reason: 'the device was unregistered' })).toEqual({
      patch: { status: 'cancelled', reason: 'the device was unregistered', ...kept },
      circuit: 'none',
    });
    expect(at(delivery(2), attempted({ kind: 'unconfigured', reason: 'FCM_SERVICE_ACCOUNT is not set' }))).toEqual({
      patch: { status: 'skipped', reason: 'not configured: FCM_SERVICE_ACCOUNT is not set', ...kept },
      circuit: 'none',
    });
  });
});
