import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Bus } from '../bus/bus.js';
import type { Db } from '../core/outbox.js';
import type { Store } from '../store/db.js';
import { DEFAULT_WORKSPACE } from '../store/workspace-scope.js';
import { type Admission, type CircuitPolicy, type Health, HEALTHY, admission, failed, probeNotAttempted, probing, succeeded } from './circuit.js';
import type { DeliverySql } from './delivery-sql.js';

const TOPIC = 'engine:destination';
/** A success is written through at most this often per destination (the API shows lastSuccessAt). */
const SUCCESS_WRITE_MS = 5000;

export type DestinationKind = 'webhook' | 'provider';

export function destinationKind(key: string): DestinationKind {
  return key.startsWith('webhook:') ? 'webhook' : 'provider';
}

/** `webhook:<origin>` for a webhook URL. */
export function webhookDestination(url: string): string {
  try {
    return `webhook:${new URL(url).origin}`;
  } catch {
    return 'webhook:invalid';
  }
}

/**
 * A delivery's destination in its workspace. A provider used with a workspace's own credentials is
 * a destination of that workspace (`fcm:<workspace>`): one business's broken FCM project must not
 * open the circuit of another's. Webhook and Web Push origins are facts about the network, shared
 * by every workspace; `default` keeps the plain keys its rows and metrics already have.
 */
export function workspaceDestination(key: string, workspace: string): string {
  if (workspace === DEFAULT_WORKSPACE || key.startsWith('webhook:') || key.startsWith('webpush:')) return key;
  return `${key}:${workspace}`;
}

/** The workspace a destination belongs to: undefined for an origin every workspace shares. */
export function destinationWorkspace(key: string): string | undefined {
  if (key.startsWith('webhook:') || key.startsWith('webpush:')) return undefined;
  const colon = key.indexOf(':');
  return colon < 0 ? DEFAULT_WORKSPACE : key.slice(colon + 1);
}

export interface BookDeps {
  store: Store;
  sql: DeliverySql;
  bus: Bus;
  policy: CircuitPolicy;
  log: Logger;
  /** A webhook destination failed without a single success for this long: disable what points at it. */
  disableAfterMs: number;
  onSustainedFailure: (key: string, failingSince: number) => Promise<void>;
}

/** What recording an outcome changed, for the scheduler to act on after the commit. */
export type Transition = 'opened' | 'closed' | undefined;

/**
 * The health of every destination: circuit state in memory for the hot path, written to the
 * `destinations` table (the API's view and the state a restart comes back to) in the same
 * transaction as the attempt that changed it, and broadcast on the bus so every process of a
 * cluster opens and closes the same circuits.
 */
export class DestinationBook {
  private readonly health = new Map<string, Health>();
  private readonly persistedSuccess = new Map<string, number>();
  private readonly disableChecked = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;
  private readonly node = randomUUID();

  constructor(private readonly deps: BookDeps) {}

  async load(): Promise<void> {
    const rows = await this.deps.store.db.selectFrom('destinations').selectAll().execute();
    for (const r of rows) {
      this.health.set(r.key, {
        state: r.state === 'half_open' ? 'open' : r.state,
        consecutiveFailures: r.consecutive_failures,
        lastSuccessAt: r.last_success_at,
        lastFailureAt: r.last_failure_at,
        failingSince: r.failing_since,
        openedAt: r.opened_at,
        nextProbeAt: r.state === 'healthy' ? null : (r.next_probe_at ?? Date.now()),
      });
    }
    this.unsubscribe = this.deps.bus.subscribe(TOPIC, (m) => {
      // Another process's transition; our own are applied already (and may have moved on since).
      const { key, health, from } = m as { key: string; health: Health; from: string };
      if (from !== this.node) this.health.set(key, health);
    });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  keys(): string[] {
    return [...this.health.keys()];
  }

  get(key: string): Health {
    return this.health.get(key) ?? HEALTHY;
  }

  has(key: string): boolean {
    return this.health.has(key);
  }

  admission(key: string, now: number): Admission {
    return admission(this.get(key), now);
  }

  /** A destination seen for the first time: recorded so it is listed (and loaded at the next start). */
  async register(db: Db, key: string, now: number): Promise<void> {
    if (this.health.has(key)) return;
    this.health.set(key, HEALTHY);
    await this.deps.sql.saveHealth(db, key, destinationKind(key), HEALTHY, now);
  }

  startProbe(key: string): void {
    this.set(key, probing(this.get(key)));
  }

  /**
   * Records one outcome inside the caller's transaction. `answered`: the destination answered
   * (2xx, or a 4xx that is the message's fault); `failed`: a retryable failure or a timeout;
   * `none`: no attempt was made.
   */
  async record(db: Db, key: string, outcome: 'answered' | 'failed' | 'none', now: number, retryAfterMs?: number): Promise<Transition> {
    const before = this.get(key);
    const after =
      outcome === 'answered'
        ? succeeded(before, now)
        : outcome === 'failed'
          ? failed(before, now, this.deps.policy, retryAfterMs)
          : probeNotAttempted(before, now);
    if (after === before) return undefined;
    this.health.set(key, after);
    const transition: Transition =
      before.state !== 'open' && after.state === 'open' ? 'opened' : before.state !== 'healthy' && after.state === 'healthy' ? 'closed' : undefined;
    const quietSuccess = outcome === 'answered' && before.state === 'healthy' && before.consecutiveFailures === 0;
    if (quietSuccess && now - (this.persistedSuccess.get(key) ?? 0) < SUCCESS_WRITE_MS) return transition;
    if (outcome === 'answered') this.persistedSuccess.set(key, now);
    await this.deps.sql.saveHealth(db, key, destinationKind(key), after, now);
    if (transition) {
      if (transition === 'opened') await this.deps.sql.holdForProbe(db, key, after.nextProbeAt!, now);
      else await this.deps.sql.releaseHeld(db, key, now);
      void this.deps.bus.publish(TOPIC, { key, health: after, from: this.node });
      this.deps.log.warn({ destination: key, state: after.state, consecutiveFailures: after.consecutiveFailures }, `circuit ${transition}`);
    } else if (after.state !== before.state) {
      void this.deps.bus.publish(TOPIC, { key, health: after, from: this.node });
    }
    if (outcome === 'failed') this.checkSustainedFailure(key, after, now);
    return transition;
  }

  /** Destinations can stop being tried (retries exhausted) while still failing: look at all of them now and then. */
  checkAllSustainedFailures(now: number): void {
    for (const [key, h] of this.health) if (h.failingSince !== null) this.checkSustainedFailure(key, h, now);
  }

  private checkSustainedFailure(key: string, h: Health, now: number): void {
    if (destinationKind(key) !== 'webhook' || h.failingSince === null) return;
    if (now - h.failingSince < this.deps.disableAfterMs) return;
    // Looked at once a minute per destination at most; the disabling itself is idempotent.
    if (now - (this.disableChecked.get(key) ?? 0) < 60_000) return;
    this.disableChecked.set(key, now);
    this.deps.onSustainedFailure(key, h.failingSince).catch((err) => this.deps.log.error({ err, destination: key }, 'auto-disable failed'));
  }

  private set(key: string, h: Health): void {
    this.health.set(key, h);
    void this.deps.bus.publish(TOPIC, { key, health: h, from: this.node });
  }
}
