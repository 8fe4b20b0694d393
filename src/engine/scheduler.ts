import type { Logger } from 'pino';
import { topics, type Bus } from '../bus/bus.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/db.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { Row } from '../store/schema.js';
import { asSystem, withWorkspace, workspaceOfRow } from '../store/workspace-scope.js';
import { decide } from './attempt-outcome.js';
import { deliveryDto } from './deliveries.js';
import type { DeliveryGate } from './delivery-gate.js';
import type { DeliverySql } from './delivery-sql.js';
import type { DestinationBook } from './destination-book.js';
import type { InFlightLimiter, Slot } from './in-flight-limiter.js';
import { ResultWriter } from './result-writer.js';
import type { SendOutcome, Sender } from './sender.js';

export interface SchedulerDeps {
  store: Store;
  sql: DeliverySql;
  book: DestinationBook;
  limiter: InFlightLimiter;
  bus: Bus;
  metrics: Metrics;
  log: Logger;
  senders: Record<string, Sender>;
  retryScheduleS: readonly number[];
  /** Attempts in flight per destination, across all processes. */
  destinationConcurrency: number;
  /** Attempts in flight in this process, all destinations together. */
  maxInFlight: number;
  /**
   * How long a claim lasts: a delivery left `sending` by a dead process is due again after it.
   * Null when this is the only process (embedded): claims then end at the next start instead.
   */
  leaseMs: number | null;
  probeIntervalMs: number;
  /** Embedded mode: this is the only process, so claims left by a crashed run end at start. */
  releaseClaimsOnStart: boolean;
  /**
   * How often the due times of every destination are read again. In a cluster other processes
   * plan work too (1 s); embedded, every write hints the scheduler and this is only a safety net.
   */
  refreshMs: number;
  /** Held and scheduled deliveries are decided once more when due (readstate). */
  gate?: DeliveryGate;
}

/** Deliveries claimed from one destination per round, so one busy destination cannot fill a round. */
const CLAIM_BATCH = 32;
/** Rows the next visit of a destination reads ahead of its free slots, for each slot of its cap. */
const AHEAD_PER_SLOT = 4;
/**
 * A destination reads ahead again at most this often, unless rows it has not read were hinted due
 * or its last read was full (more were due than it read).
 * Reading whenever its rows ran below its cap read once per answer when the dispatcher left rows
 * queued for want of a slot: a read of a row or two past the held ones, 200-270 µs each on a
 * loaded machine, then its next due time, more than half of the delivery's SQL time (a statement
 * trace of the bench: 0.7-1.0 reads per delivery).
 */
const AHEAD_REREAD_MS = 50;
/** Targets (a push's devices) a sender reads in one go for the next rows to send. */
const PREPARE_BATCH = 64;
/**
 * The next rows are prepared again once fewer than this many prepared ones are left ahead of the
 * one taken. Preparing only when the head row was unprepared left each batch's first rows needing
 * their push bodies at once, before the encryption thread could start them: the event loop then
 * encrypts them itself.
 */
const PREPARE_LOW = PREPARE_BATCH / 2;

/**
 * Sends due deliveries, fairly across destinations. The deliveries table is the queue: a round
 * visits every destination with due work in turn, claims at most what its free slots allow (its
 * cap, its circuit), and starts those attempts. A destination that is slow, hanging or failing
 * holds only its own slots; its backlog waits in the table, not in front of anyone else's.
 * The dispatcher hands over deliveries it claimed while planning, so the common case reads nothing.
 */
export class DeliveryScheduler {
  /** When each destination's first delivery is due, as far as this process knows. */
  private readonly due = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  /**
   * Embedded only: due rows read ahead per destination, still `queued`. A slot that frees takes
   * the next one at once and marks it `sending` in the same group commit as the results: no trip
   * through the loop and no claim transaction per answer (that gap, and a claim of one or two
   * rows per answer, were most of a fan-out's time beyond the sends). Each take is guarded by the
   * row's status, so a row read twice, or changed meanwhile, is sent at most once. In a cluster,
   * claims have leases and several processes claim: rows are claimed only for slots in hand.
   */
  private readonly ahead = new Map<string, Array<Row<'deliveries'>>>();
  /** Ids read ahead or taken and not yet marked `sending`: a read ahead skips them. */
  private readonly held = new Set<string>();
  /** How many of `held` each destination has: its next read ahead starts past them. */
  private readonly heldBy = new Map<string, number>();
  /** Destinations whose read past their held rows met one of them: a due row may sit before them, the next read starts at the first. */
  private readonly rereadFromStart = new Set<string>();
  /** When each destination last read ahead (AHEAD_REREAD_MS). */
  private readonly readAt = new Map<string, number>();
  /** Destinations with rows due now that their last read ahead did not see (hinted since). */
  private readonly unread = new Set<string>();
  /** Rows whose sender was told they come next (Sender.prepare). */
  private readonly prepared = new WeakSet<Row<'deliveries'>>();
  private readonly commits: GroupCommit;
  /** Attempt outcomes, written in batches through `commits`. */
  private readonly results: ResultWriter;
  private inFlight = 0;
  private rotate = 0;
  private stopped = false;
  private loopDone: Promise<void> | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeResolve: (() => void) | undefined;
  private woken = false;
  private lastRefresh = 0;
  /** When the sleeping loop wakes by itself (0 while it runs). */
  private sleepUntil = 0;

  constructor(private readonly deps: SchedulerDeps) {
    this.commits = deps.store.resultsWriter;
    this.results = new ResultWriter(this.commits, deps.sql, deps.book);
  }

  start(): void {
    // Deliveries are claimed by destination across workspaces (each row carries its own); what
    // an attempt reads for one delivery is read in that delivery's workspace (attempt()).
    this.loopDone = asSystem(() => this.loop());
  }

  useGate(gate: DeliveryGate): void {
    this.deps.gate = gate;
  }

  /** A destination has something due at `at` (planned, retried, released by a circuit). */
  hint(destination: string, at: number): void {
    if (at <= Date.now()) this.unread.add(destination);
    this.dueBy(destination, at);
    // Running, or due before the loop meant to look again: it looks again (and sleeps less).
    if (this.sleepUntil === 0 || at < this.sleepUntil) this.wake();
  }

  /**
   * Rows the dispatcher just wrote that wait: due now, their destination admitting them, but no
   * slot free when they were planned. Embedded, they join the rows read ahead as they are (whole,
   * payload included) and the next slot that frees takes one: no read of rows just written. In a
   * cluster, or for a row that is not due or not admitted, it is a hint as before.
   */
  waiting(rows: ReadonlyArray<Row<'deliveries'>>): void {
    const now = Date.now();
    for (const row of rows) {
      const key = row.destination;
      const at = row.next_attempt_at!;
      const list = this.ahead.get(key);
      // As many as a read ahead would hold (a hanging receiver's backlog stays in the table).
      const full = (list?.length ?? 0) >= this.deps.destinationConcurrency * (AHEAD_PER_SLOT + 1);
      if (this.deps.leaseMs !== null || this.stopped || full || row.status !== 'queued' || at > now || this.deps.book.admission(key, now) !== 'go') {
        this.hint(key, at);
        continue;
      }
      this.hold(row);
      if (list) list.push(row);
      else this.ahead.set(key, [row]);
      this.dueBy(key, at);
    }
    this.wake();
  }

  /** Notes that `destination` has something due by `at` (the earliest time known is kept). */
  private dueBy(destination: string, at: number): void {
    const cur = this.due.get(destination);
    if (cur === undefined || at < cur) this.due.set(destination, at);
  }

  /** Work may have appeared that this process did not plan (another process, a manual retry). */
  refreshSoon(): void {
    // Wake-ups can arrive every few milliseconds under load; a refresh reads every destination.
    this.lastRefresh = Math.min(this.lastRefresh, Date.now() - this.deps.refreshMs + 200);
    this.wake();
  }

  wake(): void {
    this.woken = true;
    const r = this.wakeResolve;
    this.wakeResolve = undefined;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    r?.();
  }

  /** Free slots this process may still fill before asking the limiter (the dispatcher's fast path). */
  spare(): number {
    return this.deps.maxInFlight - this.inFlight;
  }

  /**
   * Starts attempts for deliveries already claimed (`sending`) with their slots; `take`: a row
   * read ahead, still `queued`, which is marked `sending` first (and skipped if it is no longer due).
   */
  launch(row: Row<'deliveries'>, slot: Slot, take = false): void {
    this.inFlight++;
    // The slot is the receiver's: it is given back as soon as the receiver has answered, not when
    // the outcome is written, so a busy disk does not throttle a fast receiver.
    let held = true;
    const free = (): void => {
      if (!held) return;
      held = false;
      this.inFlight--;
      const next = this.takeAhead(row.destination);
      if (next) this.launch(next, slot, true);
      else this.deps.limiter.release(row.destination, [slot]);
      // A slot given back, or the rows read ahead half used: the loop looks again.
      if (!next || (this.ahead.get(row.destination)?.length ?? 0) <= this.deps.destinationConcurrency) this.wake();
    };
    const p: Promise<void> = (take ? this.take(row) : Promise.resolve(true))
      .then((taken) => (taken ? this.attempt(row, free) : undefined))
      .catch((err) => this.deps.log.error({ err, deliveryId: row.id }, 'delivery attempt failed unexpectedly; its claim will lapse and it will be tried again'))
      .finally(() => {
        free();
        this.running.delete(p);
      });
    this.running.add(p);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // Rows read ahead are still `queued` in the table: forgetting them is all it takes.
    this.ahead.clear();
    this.wake();
    await this.loopDone;
    await Promise.all([...this.running]);
  }

  /** Resolves when no attempt is in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private async loop(): Promise<void> {
    const { sql, store, log } = this.deps;
    if (this.deps.releaseClaimsOnStart) await sql.releaseAllClaims(store.db, Date.now()).catch((err) => log.error({ err }, 'releasing old claims failed'));
    while (!this.stopped) {
      try {
        if (Date.now() - this.lastRefresh >= this.deps.refreshMs) await this.refresh();
        this.woken = false;
        const { started, soonest } = await this.round();
        if (started > 0 || this.woken) continue;
        await this.sleep(Math.min(this.deps.refreshMs, Math.max(0, soonest - Date.now())));
      } catch (err) {
        if (this.stopped) break;
        log.error({ err }, 'delivery scheduling failed; trying again');
        await this.sleep(1000);
      }
    }
  }

  private async refresh(): Promise<void> {
    this.lastRefresh = Date.now();
    // One index seek per destination (there are few), not a scan of everything pending: a
    // backlog of a million retrying deliveries costs a refresh nothing more.
    const { sql, store, book } = this.deps;
    const keys = new Set([...book.keys(), ...(await sql.destinationKeys(store.db))]);
    for (const key of keys) {
      const at = await sql.nextDue(store.db, key);
      if (at !== undefined) this.hint(key, at);
    }
    this.deps.book.checkAllSustainedFailures(this.lastRefresh);
  }

  private async round(): Promise<{ started: number; soonest: number }> {
    const now = Date.now();
    let started = 0;
    let soonest = Infinity;
    const keys = [...this.due.keys()];
    const offset = keys.length ? this.rotate++ % keys.length : 0;
    for (let i = 0; i < keys.length; i++) {
      if (this.inFlight >= this.deps.maxInFlight) break;
      const r = await this.visit(keys[(i + offset) % keys.length]!, now);
      started += r.started;
      soonest = Math.min(soonest, r.soonest);
    }
    return { started, soonest };
  }

  /** Claims and starts what one destination may start now (its cap, its circuit). */
  private async visit(key: string, now: number): Promise<{ started: number; soonest: number }> {
    const { book, limiter, destinationConcurrency: cap } = this.deps;
    const dueAt = this.due.get(key)!;
    if (dueAt > now) return { started: 0, soonest: dueAt };
    const adm = book.admission(key, now);
    if (adm === 'wait') {
      const h = book.get(key);
      return { started: 0, soonest: h.state === 'open' && h.nextProbeAt !== null ? h.nextProbeAt : Infinity };
    }
    const want = adm === 'probe' ? 1 : Math.min(CLAIM_BATCH, cap - limiter.inFlight(key), this.deps.maxInFlight - this.inFlight);
    if (this.deps.leaseMs === null && adm === 'go') return this.visitAhead(key, now, want);
    if (want <= 0) return { started: 0, soonest: Infinity }; // a finishing attempt wakes us
    if (adm === 'probe' && !(await limiter.tryProbe(key, this.deps.probeIntervalMs))) return { started: 0, soonest: now + 1000 };
    const slots = await limiter.acquire(key, want, cap);
    if (slots.length === 0) return { started: 0, soonest: now + 100 }; // other processes hold every slot
    let rows: Array<Row<'deliveries'>>;
    try {
      rows = await this.claim(key, slots.length, now);
    } catch (err) {
      limiter.release(key, slots);
      throw err;
    }
    limiter.release(key, slots.slice(rows.length));
    let soonest = Infinity;
    if (rows.length < slots.length) {
      const next = await this.deps.sql.nextDue(this.deps.store.db, key);
      if (next === undefined) this.due.delete(key);
      else {
        this.due.set(key, next);
        soonest = next; // e.g. a scheduled row due in a second: sleep until then, not a refresh
      }
    }
    if (adm === 'probe' && rows.length) book.startProbe(key);
    if (rows.length > 1) this.prepare(rows);
    rows.forEach((row, j) => this.launch(row, slots[j]!));
    return { started: rows.length, soonest };
  }

  /** Embedded, a healthy destination: reads due rows ahead when they run low, fills free slots from them. */
  private async visitAhead(key: string, now: number, want: number): Promise<{ started: number; soonest: number }> {
    const { limiter, sql, store, destinationConcurrency: cap } = this.deps;
    let list = this.ahead.get(key) ?? [];
    let soonest = Infinity;
    // Read again for rows hinted due since the last read, or after AHEAD_REREAD_MS for rows that
    // became due without one (a retry whose time came). Rows the dispatcher left waiting are in
    // the list already (waiting()), so most answers take their next row without a read.
    const reread = this.unread.has(key) || now - (this.readAt.get(key) ?? 0) >= AHEAD_REREAD_MS;
    if (list.length === 0 && !reread) soonest = (this.readAt.get(key) ?? 0) + AHEAD_REREAD_MS;
    if (list.length <= cap && reread) {
      this.unread.delete(key);
      this.readAt.set(key, now);
      const n = Math.max(want, 0) + cap * AHEAD_PER_SLOT - list.length;
      // The rows held (read before, not yet marked `sending`) are normally the first due ones:
      // the read starts past them rather than reading them again. If it meets a held row, a due
      // row came before them (a retry due earlier): the next read starts at the first due row.
      const skip = this.rereadFromStart.has(key) ? 0 : (this.heldBy.get(key) ?? 0);
      const rows = await sql.dueRows(store.db, key, now, n, skip);
      list = this.ahead.get(key) ?? []; // slots freed during the read took some
      let metHeld = false;
      for (const row of rows) {
        if (this.held.has(row.id)) metHeld = true;
        else if (list.length < n + cap) {
          this.hold(row);
          list.push(row);
        }
      }
      if (skip > 0 && metHeld) {
        this.rereadFromStart.add(key);
        this.unread.add(key);
      } else this.rereadFromStart.delete(key);
      // A full read left due rows unread (a fan-out's, a backlog once its receiver is back): they
      // are read as soon as these run low. Waiting AHEAD_REREAD_MS instead left a 10,000-device
      // fan-out with no push in flight a third of the time (one read of 80 rows every 50 ms).
      if (rows.length >= n) this.unread.add(key);
      if (list.length) this.ahead.set(key, list);
      // Senders start on what the rows read now will need (a push: their devices, their bodies)
      // while the rows before them are sent.
      this.prepare(list.slice(0, PREPARE_BATCH));
      if (rows.length < n) {
        // Everything due was read: the destination is due again when its next row is.
        const next = list.length ? now : await sql.nextDue(store.db, key);
        if (next === undefined) this.due.delete(key);
        else if (next > now) {
          this.due.set(key, next);
          soonest = next;
        }
      }
    }
    const free = want > 0 && list.length ? await limiter.acquire(key, Math.min(want, list.length), cap) : [];
    let started = 0;
    for (let next; started < free.length && (next = this.takeAhead(key)); started++) this.launch(next, free[started]!, true);
    limiter.release(key, free.slice(started));
    return { started, soonest };
  }

  /** The next row read ahead for a freed slot of `key`, unless its circuit now says wait. */
  private takeAhead(key: string): Row<'deliveries'> | undefined {
    const list = this.ahead.get(key);
    if (!list?.length || this.stopped) return undefined;
    if (this.deps.book.admission(key, Date.now()) !== 'go') {
      // The circuit opened (or probes): the rows read ahead are still queued; the loop decides.
      for (const row of list) this.unhold(row);
      this.ahead.delete(key);
      this.unread.add(key);
      return undefined;
    }
    const low = list[Math.min(list.length - 1, PREPARE_LOW)]!;
    if (!this.prepared.has(low)) this.prepare(list.slice(0, PREPARE_BATCH + PREPARE_LOW));
    const next = list.shift()!;
    if (list.length === 0) this.ahead.delete(key);
    return next;
  }

  /** Marks a row read ahead `sending`; false if it is no longer due (sent, retried or changed meanwhile). */
  private async take(row: Row<'deliveries'>): Promise<boolean> {
    const now = Date.now();
    try {
      const taken = await this.commits.run((tx) => this.deps.sql.take(tx, row.id, now));
      if (taken) Object.assign(row, { status: 'sending', next_attempt_at: null, updated_at: now });
      return taken;
    } finally {
      this.unhold(row);
    }
  }

  private hold(row: Row<'deliveries'>): void {
    this.held.add(row.id);
    this.heldBy.set(row.destination, (this.heldBy.get(row.destination) ?? 0) + 1);
  }

  private unhold(row: Row<'deliveries'>): void {
    if (!this.held.delete(row.id)) return;
    const n = (this.heldBy.get(row.destination) ?? 1) - 1;
    if (n > 0) this.heldBy.set(row.destination, n);
    else this.heldBy.delete(row.destination);
  }

  /** Lets each sender read what the next rows need in one go (a push sender: their devices). */
  private prepare(rows: Array<Row<'deliveries'>>): void {
    const byChannel = new Map<string, Array<Row<'deliveries'>>>();
    for (const row of rows) {
      if (this.prepared.has(row)) continue;
      this.prepared.add(row);
      const list = byChannel.get(row.channel);
      if (list) list.push(row);
      else byChannel.set(row.channel, [row]);
    }
    for (const [channel, list] of byChannel) this.deps.senders[channel]?.prepare?.(list);
  }

  /**
   * Embedded, a claim joins the writer's shared transaction: on its own it would be a commit of
   * its own, which cost more than the claim. In a cluster it is one statement (one round trip),
   * with a lease.
   */
  private claim(key: string, n: number, now: number): Promise<Array<Row<'deliveries'>>> {
    const { sql, store, leaseMs } = this.deps;
    if (leaseMs === null) return this.commits.run((tx) => sql.claim(tx, key, n, now, null));
    return sql.claim(store.db, key, n, now, now + leaseMs);
  }

  private async attempt(claimed: Row<'deliveries'>, answered: () => void): Promise<void> {
    const { senders, book, metrics, bus, gate } = this.deps;
    let d = claimed;
    const sender = senders[d.channel];
    let started = Date.now();
    // The gate's checks and the sender (its provider, its push config, its device) read this
    // delivery's workspace; the outcome is written by the result writer in system mode.
    const { send, outcome } = await withWorkspace(workspaceOfRow(d), async () => {
      let row = d;
      let out: SendOutcome | undefined;
      // Only rows the gate held or scheduled pay for this (applies() reads nothing).
      if (gate?.applies(row)) {
        try {
          const v = await gate.check(row, started);
          if ('outcome' in v) out = v.outcome;
          else row = v.send;
        } catch (err) {
          this.deps.log.error({ err, deliveryId: row.id }, 'checking a held delivery failed; it is checked again shortly');
          out = { kind: 'deferred', status: 'scheduled', reason: row.reason ?? '', until: Date.now() + 5000 };
        }
        started = Date.now();
      }
      if (out) {
        // The gate decided: no attempt.
      } else if (!sender) out = { kind: 'skipped', reason: `no sender for channel ${row.channel}` };
      else {
        try {
          out = await sender.send(row);
        } catch (err) {
          this.deps.log.error({ err, deliveryId: row.id }, 'sender failed');
          out = { kind: 'attempted', mayRetry: true, result: { kind: 'retryable', error: 'internal error while sending' } };
        }
      }
      return { send: row, outcome: out };
    });
    d = send;
    answered();
    const now = Date.now();
    if (outcome.kind === 'attempted') metrics.attemptLatency.observe({ channel: d.channel }, (now - started) / 1000);
    const decision = decide(d, outcome, started, now, this.deps.retryScheduleS);
    const drop = decision.dropReason;
    if (drop && sender) {
      await withWorkspace(workspaceOfRow(d), () => sender.dropTarget(d, drop));
      this.deps.log.info({ deliveryId: d.id, channel: d.channel }, 'delivery target dropped');
    }
    const transition = await this.results.record(d.id, d.destination, decision, now);
    if (decision.patch.next_attempt_at !== null) this.hint(d.destination, decision.patch.next_attempt_at);
    if (transition === 'closed') this.hint(d.destination, now);
    else if (transition === 'opened') this.hint(d.destination, book.get(d.destination).nextProbeAt ?? now);
    metrics.deliveries.inc({ channel: d.channel, status: decision.patch.status });
    // The consoles of the delivery's workspace update live.
    const topic = topics.deliveriesOf(workspaceOfRow(d));
    if (bus.listening?.(topic) !== false) {
      void bus.publish(topic, { type: 'delivery.updated', data: deliveryDto({ ...d, ...decision.patch, updated_at: now }) });
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    this.sleepUntil = Date.now() + ms;
    return new Promise<void>((resolve) => {
      this.wakeResolve = resolve;
      this.wakeTimer = setTimeout(() => this.wake(), ms);
    }).finally(() => {
      this.sleepUntil = 0;
    });
  }
}
