import type { Logger } from 'pino';
import { topics, type Bus } from '../bus/bus.js';
import type { Metrics } from '../metrics.js';
import type { JobOutcome, Job } from '../queue/queue.js';
import type { Store } from '../store/db.js';
import { GroupCommit } from '../store/group-commit.js';
import type { DeliveryStatus, Row } from '../store/schema.js';
import type { DeliveryJob } from './dispatcher.js';
import { nextRetryDelayMs } from './retry.js';
import type { Sender } from './senders.js';
import { deliveryDto } from './deliveries.js';

export interface WorkerDeps {
  store: Store;
  bus: Bus;
  senders: Record<string, Sender>;
  retryScheduleS: readonly number[];
  metrics: Metrics;
  log: Logger;
}

const FINAL: ReadonlySet<DeliveryStatus> = new Set(['delivered', 'failed', 'skipped', 'cancelled']);

/**
 * Works one delivery job: send through the channel's sender, record the attempt, then decide —
 * delivered, retry later (jittered, honouring Retry-After), or failed (dead target dropped).
 */
export function createDeliveryHandler(deps: WorkerDeps): (job: Job<DeliveryJob>) => Promise<JobOutcome> {
  const { store, bus, senders, metrics, log } = deps;
  const { db } = store;
  const commits = new GroupCommit(db);

  async function finish(d: Row<'deliveries'>, patch: Partial<Row<'deliveries'>>, attempt?: Row<'delivery_attempts'>) {
    const now = Date.now();
    const next = { ...d, ...patch, updated_at: now };
    await commits.run(async (tx) => {
      if (attempt) await tx.insertInto('delivery_attempts').values(attempt).execute();
      await tx.updateTable('deliveries').set({ ...patch, updated_at: now }).where('id', '=', d.id).execute();
    });
    metrics.deliveries.inc({ channel: d.channel, status: next.status });
    await bus.publish(topics.deliveries, { type: 'delivery.updated', data: deliveryDto(next) });
  }

  return async (job) => {
    const d = await db.selectFrom('deliveries').selectAll().where('id', '=', job.data.deliveryId).executeTakeFirst();
    if (!d || FINAL.has(d.status)) return;
    const sender = senders[d.channel];
    if (!sender) {
      await finish(d, { status: 'skipped', reason: `no sender for channel ${d.channel}`, next_attempt_at: null });
      return;
    }
    const started = Date.now();
    const outcome = await sender.send(d);
    if (outcome.kind !== 'attempted') {
      await finish(d, { status: outcome.kind, reason: outcome.reason, next_attempt_at: null });
      return;
    }
    const { result } = outcome;
    const latency = Date.now() - started;
    metrics.attemptLatency.observe({ channel: d.channel }, latency / 1000);
    const attemptNo = d.attempts + 1;
    const attempt: Row<'delivery_attempts'> = {
      delivery_id: d.id,
      attempt: attemptNo,
      started_at: started,
      latency_ms: latency,
      ok: result.ok ? 1 : 0,
      status_code: result.statusCode ?? null,
      error: result.error ?? null,
      response: result.response ?? null,
      provider_message_id: result.providerMessageId ?? null,
    };
    const base = { attempts: attemptNo, last_status_code: result.statusCode ?? null, last_error: result.error ?? null };
    if (result.ok) {
      await finish(d, { ...base, status: 'delivered', reason: null, next_attempt_at: null }, attempt);
      return;
    }
    if (result.dropTarget) {
      const reason = `target gone (${result.statusCode ?? result.error}); it will not be used again`;
      await sender.dropTarget(d, reason);
      await finish(d, { ...base, status: 'failed', reason, next_attempt_at: null }, attempt);
      log.info({ deliveryId: d.id, channel: d.channel }, 'delivery target dropped');
      return;
    }
    const delay = result.retryable && outcome.mayRetry ? nextRetryDelayMs(attemptNo, deps.retryScheduleS, result.retryAfterMs) : undefined;
    if (delay === undefined) {
      const reason = !result.retryable ? 'not retryable' : outcome.mayRetry ? 'retries exhausted' : 'retry policy is none';
      await finish(d, { ...base, status: 'failed', reason, next_attempt_at: null }, attempt);
      return;
    }
    await finish(d, { ...base, status: 'retrying', reason: null, next_attempt_at: Date.now() + delay }, attempt);
    return { retryInMs: delay };
  };
}
