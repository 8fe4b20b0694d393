import { type WorkspaceId, asSystem, trustedWorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import { type Transaction, sql } from 'kysely';
import type { Logger } from 'pino';
import { type EventPayload, eventsWrittenIn } from '../core/outbox.js';
import { eventBodyText } from '../core/event-body.js';
import { newId } from '../ids.js';
import type { Store } from '../store/db.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { Database, Row } from '../store/schema.js';
import { DecisionLog } from './decisions.js';
import type { DeliveryGate } from './delivery-gate.js';
import type { DeliverySql } from './delivery-sql.js';
import { type DestinationBook, webhookDestination, workspaceDestination } from './destination-book.js';
import type { InFlightLimiter, Slot } from './in-flight-limiter.js';
import type { PlanStage } from './planned-delivery.js';
import type { PlannedDelivery } from './planned-delivery.js';
import type { DeliveryScheduler } from './scheduler.js';
import { markDispatched, storedRows } from './stored-rows.js';
import { runSql } from '../store/raw-sql.js';
import { nextTurn } from '../loop-turns.js';
import { BatchSizer } from '../batch-sizer.js';

export interface DispatcherDeps {
  store: Store;
  sql: DeliverySql;
  book: DestinationBook;
  limiter: InFlightLimiter;
  scheduler: DeliveryScheduler;
  /** Planning steps; more can be added before start() (modules register theirs). */
  stages: PlanStage[];
  log: Logger;
  destinationConcurrency: number;
  /** See SchedulerDeps.leaseMs. */
  leaseMs: number | null;
  /** Most events one planning transaction takes (it takes fewer when they are costly: PLAN_BATCH). */
  batchSize?: number;
  /** Safety net for events written by other processes or missed wake-ups. */
  pollMs?: number;
  /** Escalation ladders and quiet hours (readstate): may hold or schedule planned rows. */
  gate?: DeliveryGate;
}

/**
 * Consumes the outbox: claims undispatched events in batches, asks the planning stages what they
 * cause, and writes the deliveries and marks the events in one transaction. Deliveries due now
 * whose destination has a free slot are written already claimed (`sending`) and handed straight
 * to the scheduler after the commit, so the common case never reads back what it just wrote.
 */
export class Dispatcher {
  private draining: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /**
   * Planning inside the writer's batches (planWithin): `off` before start and after stop; `failed`
   * after a tail failed, until a drain succeeds.
   */
  private tail: 'off' | 'on' | 'failed' = 'off';
  private readonly sizer: BatchSizer;

  constructor(private readonly deps: DispatcherDeps) {
    const max = deps.batchSize ?? PLAN_BATCH.max;
    // On PostgreSQL planning mostly waits for round trips, and the loop serves others meanwhile:
    // it takes what is waiting, up to the most. Sized by time there, batches of 16-30 events
    // doubled its statements and transactions per delivery (bench:pg-round-trips: 0.44 -> 0.86
    // statements, 0.07 -> 0.14 transactions at 64 in flight).
    this.sizer = new BatchSizer(deps.store.caps.dialect === 'sqlite' ? { ...PLAN_BATCH, max } : { ...PLAN_BATCH, initial: max, min: max, max });
  }

  addStages(stages: PlanStage[]): void {
    this.deps.stages.push(...stages);
  }

  useGate(gate: DeliveryGate): void {
    this.deps.gate = gate;
  }

  start(): void {
    this.planWithin(this.deps.store.writer);
    this.wake();
    this.timer = setInterval(() => this.wake(), this.deps.pollMs ?? 1000);
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
    this.draining = nextTurn()
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.tail = 'off';
    this.deps.store.writer.setTail(undefined);
    clearInterval(this.timer);
    await this.draining;
  }

  /** Resolves when everything written so far has been planned (tests and benchmarks). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      // Events of every workspace are claimed together (each row carries its workspace); each
      // event is then planned in its own (dispatchBatch). Entered once per drain, whoever woke it.
      await asSystem(async () => {
        while (!this.stopped && (await this.dispatchBatch())) {
          /* next batch */
        }
      });
    } catch (err) {
      this.deps.log.error({ err }, 'dispatching events failed; will retry');
    }
  }

  /** Whether events written by the writer's operations are planned in their transaction now. */
  plansWithinWrites(): boolean {
    return this.tail === 'on';
  }

  /**
   * Plans inside `writer`'s transactions: a batch of writes that raised events has them planned
   * before it commits, in the same transaction (one commit instead of two, and no wait for the
   * next). What cannot be planned there (a tail that fails, events written elsewhere) is left to
   * the drain, which the writers wake after their commits as before.
   */
  private planWithin(writer: GroupCommit): void {
    this.tail = 'on';
    writer.setTail((tx) => (this.tail === 'on' && eventsWrittenIn(tx) ? this.planInTail(tx) : Promise.resolve(undefined)));
  }

  private async planInTail(tx: Transaction<Database>): Promise<{ committed(): void; rolledBack(): void } | undefined> {
    const acquired: Taken[] = [];
    let planned: Planned | undefined;
    try {
      planned = await asSystem(() => this.planIn(tx, acquired));
    } catch (err) {
      this.release(acquired, undefined);
      // Until a drain succeeds, writes commit without planning: a bad event must not roll back
      // every write after it.
      this.tail = 'failed';
      this.deps.log.warn({ err }, 'planning inside a write failed; the dispatcher plans those events on its own');
      throw err;
    }
    if (!planned) return undefined;
    const outcome = planned;
    // The tail runs in the context of whichever write started the batch: the attempts it starts
    // are the engine's (system) work, as in the drain.
    return {
      committed: () =>
        asSystem(() => {
          this.launch(outcome);
          if (outcome.full) this.wake();
        }),
      rolledBack: () => this.release(acquired, undefined),
    };
  }

  /**
   * One transaction: claim events, plan, write deliveries, mark events. True when the batch was
   * full (more may be waiting). A shorter batch took everything committed when it looked; what
   * commits later wakes the dispatcher again (wake() after every write), so no empty look
   * follows every batch — on PostgreSQL that look was a transaction of three round trips. Events
   * planned inside the writes that raised them (planWithin) still wake it: a look without a
   * transaction finds nothing and ends there.
   */
  private async dispatchBatch(): Promise<boolean> {
    const { store } = this.deps;
    const waiting = await store.db.selectFrom('events').select('id').where('dispatched', '=', sql.lit(0)).limit(1).executeTakeFirst();
    if (!waiting) {
      this.drained();
      return false;
    }
    // Every slot any run of the transaction took. The writer may run this op more than once (a
    // group commit that fails is rolled back and replayed op by op), so what to send is only what
    // the run that committed returns; slots taken by rolled-back runs are given back.
    const acquired: Taken[] = [];
    let outcome: Planned | undefined;
    try {
      outcome = await store.planningWriter.run((tx) => this.planIn(tx, acquired));
    } finally {
      this.release(acquired, outcome);
    }
    this.drained();
    if (!outcome) return false;
    this.launch(outcome);
    return outcome.full;
  }

  /** A drain succeeded: planning inside writes, if it had failed, is tried again. */
  private drained(): void {
    if (this.tail === 'failed') this.tail = 'on';
  }

  /** Gives back the slots taken by runs whose rows will not be sent (all but `kept`'s). */
  private release(acquired: Taken[], kept: Planned | undefined): void {
    const keep = new Set(kept?.claimed ?? []);
    for (const t of acquired) if (!keep.has(t)) this.deps.limiter.release(t.row.destination, [t.slot]);
  }

  private launch({ claimed, later }: Planned): void {
    for (const { row, slot } of claimed) this.deps.scheduler.launch(row, slot);
    if (later.length) this.deps.scheduler.waiting(later);
  }

  /** In `tx`: claims undispatched events, plans them, writes their deliveries, marks them dispatched. */
  private async planIn(tx: Transaction<Database>, acquired: Taken[]): Promise<Planned | undefined> {
    const { store, stages, book } = this.deps;
    const limit = this.sizer.size();
    const t0 = performance.now();
    const claimed: Taken[] = [];
    const later: Array<Row<'deliveries'>> = [];
    const events = (await runSql<UndispatchedEvent>(tx, store.caps.skipLocked ? UNDISPATCHED_LOCKED : UNDISPATCHED, [limit])).rows;
    if (events.length === 0) return undefined;
    const bodies = new Map(events.map((e) => [e.id, eventBodyText(e)]));
    const payloadOf = new Map(events.map((e) => [e.id, JSON.parse(bodies.get(e.id)!) as EventPayload]));
    const now = Date.now();
    const rows: Array<Row<'deliveries'>> = [];
    const afterInserts: Array<(t: typeof tx) => Promise<unknown>> = [];
    // Each event is planned in its own workspace: the stages' lookups (agents, customers,
    // devices, settings) see only its rows, and its deliveries, decisions and holds are its.
    for (const [workspace, group] of byWorkspace(events)) {
      await withWorkspace(workspace, async () => {
        const payloads = group.map((e) => payloadOf.get(e.id)!);
        const planned: Array<Row<'deliveries'>> = [];
        const decisions = new DecisionLog();
        for (const stage of stages) {
          for (const d of await stage.plan(payloads, tx, now, decisions)) planned.push(toRow(d, now, workspace));
        }
        await decisions.write(tx, now);
        const after = this.deps.gate && planned.length ? await this.deps.gate.hold(planned, payloads, tx, now) : undefined;
        if (after) afterInserts.push((t) => withWorkspace(workspace, () => after(t)));
        rows.push(...planned);
      });
    }
    // Queued, held and scheduled rows all wait for the scheduler; skipped ones have no due time.
    // Once per destination, not per row: a fan-out's 10,000 rows share one or a few.
    const destinations = new Set<string>();
    for (const row of rows) if (row.next_attempt_at !== null) destinations.add(row.destination);
    for (const key of destinations) await book.register(tx, key, now);
    await this.claimWhatCanGoNow(rows, now, claimed, later, acquired);
    // Rows keep their whole payload in memory (what is launched now sends it without a read).
    const stored = storedRows(rows, bodies);
    await this.deps.sql.insert(tx, stored);
    for (const after of afterInserts) await after(tx);
    await markDispatched(
      tx,
      events,
      events.map((e) => payloadOf.get(e.id)!),
      stored,
    );
    this.sizer.measured(events.length, performance.now() - t0);
    return { claimed, later, full: events.length === limit };
  }

  /**
   * Rows due now go out at once when their destination admits them and has a free slot; those
   * whose circuit is open wait for its probe as `retrying`; the rest stay `queued` for the scheduler.
   */
  private async claimWhatCanGoNow(
    rows: Array<Row<'deliveries'>>,
    now: number,
    claimed: Taken[],
    later: Array<Row<'deliveries'>>,
    acquired: Taken[],
  ): Promise<void> {
    const { book, limiter, scheduler, destinationConcurrency: cap, leaseMs } = this.deps;
    const byDestination = new Map<string, Array<Row<'deliveries'>>>();
    for (const row of rows) {
      if (row.next_attempt_at === null) continue;
      if (row.status !== 'queued' || row.next_attempt_at > now) {
        later.push(row);
        continue;
      }
      const adm = book.admission(row.destination, now);
      if (adm === 'wait' && book.get(row.destination).state === 'open') {
        Object.assign(row, { status: 'retrying', reason: 'destination unavailable', next_attempt_at: book.get(row.destination).nextProbeAt });
        later.push(row);
        continue;
      }
      if (adm !== 'go') {
        later.push(row);
        continue;
      }
      const list = byDestination.get(row.destination);
      if (list) list.push(row);
      else byDestination.set(row.destination, [row]);
    }
    let spare = scheduler.spare();
    for (const [key, list] of byDestination) {
      const slots = spare > 0 ? await limiter.acquire(key, Math.min(list.length, spare), cap) : [];
      spare -= slots.length;
      list.forEach((row, i) => {
        if (i < slots.length) {
          Object.assign(row, { status: 'sending', next_attempt_at: leaseMs === null ? null : now + leaseMs });
          const taken = { row, slot: slots[i]! };
          claimed.push(taken);
          acquired.push(taken);
        } else later.push(row);
      });
    }
  }
}

/** Events by workspace, in the order each workspace first appears. */
function byWorkspace<E extends { workspace_id: string }>(events: E[]): Map<WorkspaceId, E[]> {
  const out = new Map<WorkspaceId, E[]>();
  for (const e of events) {
    const ws = trustedWorkspaceId(e.workspace_id);
    const list = out.get(ws);
    if (list) list.push(e);
    else out.set(ws, [e]);
  }
  return out;
}

/**
 * Events per planning transaction on SQLite, which plans on the event loop's thread: as many as fit
 * in about 5 ms (batch-sizer.ts). A campaign posts its messages by the hundred; planned 500 at a
 * time, one transaction held SQLite and the event loop for 15-45 ms, and a request arriving then
 * waited for all of it.
 */
const PLAN_BATCH = { sliceMs: 5, initial: 64, min: 16, max: 500 };

// Once per batch of writes (planning runs in their transaction): precompiled (store/raw-sql.ts).
// A literal `dispatched = 0`, not a parameter: the partial index (migration 0009) serves only that.
const UNDISPATCHED = 'SELECT id, type, session_id, created_at, payload, workspace_id FROM events WHERE dispatched = 0 ORDER BY id LIMIT ?';
const UNDISPATCHED_LOCKED = `${UNDISPATCHED} FOR UPDATE SKIP LOCKED`;
type UndispatchedEvent = Pick<Row<'events'>, 'id' | 'type' | 'session_id' | 'created_at' | 'payload'> & { workspace_id: string };

/** What one planning run claimed to send now and what waits for the scheduler. */
interface Planned {
  claimed: Taken[];
  later: Array<Row<'deliveries'>>;
  /** The run took as many events as it may: more may be waiting. */
  full: boolean;
}

/** A delivery claimed while planning, with the in-flight slot it holds. */
interface Taken {
  row: Row<'deliveries'>;
  slot: Slot;
}

function toRow(d: PlannedDelivery, now: number, workspace: WorkspaceId): Row<'deliveries'> {
  return {
    id: newId('dlv', now),
    workspace_id: workspace,
    event_id: d.eventId,
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
    next_attempt_at: d.status === 'queued' ? now + (d.delayMs ?? 0) : null,
    last_status_code: null,
    last_error: null,
    destination: workspaceDestination(d.destination ?? (d.channel === 'webhook' ? webhookDestination(d.target) : d.channel), workspace),
    created_at: now,
    updated_at: now,
  };
}
