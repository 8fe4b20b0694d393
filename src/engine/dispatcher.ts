import type { Logger } from 'pino';
import type { EventPayload } from '../core/outbox.js';
import { newId } from '../ids.js';
import type { Queue } from '../queue/queue.js';
import type { Store } from '../store/db.js';
import type { Row } from '../store/schema.js';
import type { PlanStage } from './module.js';
import type { PlannedDelivery } from './planner.js';

export interface DeliveryJob {
  deliveryId: string;
}

export interface DispatcherDeps {
  store: Store;
  queue: Queue<DeliveryJob>;
  /** Planning steps; more can be added before start() (modules register theirs). */
  stages: PlanStage[];
  log: Logger;
  batchSize?: number;
  /** Safety net for events written by other processes or missed wake-ups. */
  pollMs?: number;
  /** Deliveries still queued this long after they were due are handed to the queue again. */
  sweepAfterMs?: number;
}

/**
 * Consumes the outbox: claims undispatched events in batches, asks the planner what they cause,
 * writes the deliveries and marks the events in one transaction, then hands the deliveries to the
 * queue. A crash between commit and enqueue is repaired by the sweeper.
 */
export class Dispatcher {
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {}

  addStages(stages: PlanStage[]): void {
    this.deps.stages.push(...stages);
  }

  start(): void {
    this.wake();
    void this.sweep();
    this.timer = setInterval(() => this.wake(), this.deps.pollMs ?? 1000);
    this.sweepTimer = setInterval(() => void this.sweep(), Math.max(1000, (this.deps.sweepAfterMs ?? 60_000) / 2));
  }

  /**
   * Coalesces wake-ups: at most one drain runs, and one more follows if woken meanwhile. The
   * drain starts on the next tick, so events committed together are planned together.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = new Promise<void>((r) => setImmediate(r)).then(() => this.drain()).finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.sweepTimer);
    await this.draining;
  }

  /** Resolves when everything written so far has been planned (tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (!this.stopped) {
        const planned = await this.dispatchBatch();
        if (planned === undefined) break;
        const now = planned.filter((p) => p.delayMs <= 0);
        if (now.length) await this.deps.queue.enqueue(now.map(({ id }) => ({ id, data: { deliveryId: id } })));
        // Deliveries planned for later (e.g. after the bot's grace period) wait in the queue.
        for (const p of planned.filter((x) => x.delayMs > 0)) {
          await this.deps.queue.enqueue([{ id: p.id, data: { deliveryId: p.id } }], { delayMs: p.delayMs });
        }
      }
    } catch (err) {
      this.deps.log.error({ err }, 'dispatching events failed; will retry');
    }
  }

  /** One transaction: claim events, plan, write deliveries, mark events. Undefined when none were pending. */
  private async dispatchBatch(): Promise<Array<{ id: string; delayMs: number }> | undefined> {
    const { store, stages } = this.deps;
    const limit = this.deps.batchSize ?? 500;
    return store.db.transaction().execute(async (tx) => {
      const events = await tx
        .selectFrom('events')
        .select(['id', 'payload'])
        .where('dispatched', '=', 0)
        .orderBy('id')
        .limit(limit)
        .$if(store.caps.skipLocked, (q) => q.forUpdate().skipLocked())
        .execute();
      if (events.length === 0) return undefined;
      const payloads = events.map((e) => JSON.parse(e.payload) as EventPayload);
      const now = Date.now();
      const byId = new Map(payloads.map((p) => [p.id, p]));
      const rows: Array<Row<'deliveries'>> = [];
      for (const stage of stages) {
        for (const d of await stage.plan(payloads, tx, now)) rows.push(toRow(d, byId.get(d.eventId)!, now));
      }
      for (let i = 0; i < rows.length; i += 50) await tx.insertInto('deliveries').values(rows.slice(i, i + 50)).execute();
      const ids = events.map((e) => e.id);
      for (let i = 0; i < ids.length; i += 500) {
        await tx.updateTable('events').set({ dispatched: 1 }).where('id', 'in', ids.slice(i, i + 500)).execute();
      }
      return rows.filter((r) => r.status === 'queued').map((r) => ({ id: r.id, delayMs: r.next_attempt_at! - now }));
    });
  }

  /** Re-enqueues deliveries that are due but seem to have no job (crash between commit and enqueue). */
  async sweep(): Promise<number> {
    const { store, queue } = this.deps;
    try {
      const overdue = Date.now() - (this.deps.sweepAfterMs ?? 60_000);
      const rows = await store.db
        .selectFrom('deliveries')
        .select('id')
        .where('status', 'in', ['queued', 'retrying'])
        .where('next_attempt_at', '<', overdue)
        .orderBy('id')
        .limit(1000)
        .execute();
      await queue.enqueue(rows.map((r) => ({ id: r.id, data: { deliveryId: r.id } })));
      return rows.length;
    } catch (err) {
      this.deps.log.error({ err }, 'delivery sweep failed');
      return 0;
    }
  }
}

function toRow(d: PlannedDelivery, event: EventPayload, now: number): Row<'deliveries'> {
  const due = now + (d.delayMs ?? 0);
  return {
    id: newId('dlv', now),
    event_id: event.id,
    notification_id: d.notificationId ?? null,
    channel: d.channel,
    recipient_type: d.recipientType,
    recipient_id: d.recipientId,
    agent_id: d.agentId,
    session_id: d.sessionId,
    customer_id: d.customerId,
    target: d.target,
    payload: d.payload,
    status: d.status,
    reason: d.reason ?? null,
    attempts: 0,
    next_attempt_at: d.status === 'queued' ? due : null,
    last_status_code: null,
    last_error: null,
    created_at: now,
    updated_at: now,
  };
}
