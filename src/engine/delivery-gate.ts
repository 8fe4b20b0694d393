import type { Db, EventPayload } from '../core/outbox.js';
import type { Row } from '../store/schema.js';
import type { SendOutcome } from './sender.js';

/**
 * Decides *when* a planned delivery may go (escalation ladders, quiet hours: CONTRACT §13) and,
 * when its time comes, whether it still should. A held or scheduled delivery is an ordinary row
 * with a future `next_attempt_at`: the scheduler claims it when due like any other and asks the
 * gate first. Both calls must cost nothing for deliveries the gate never touched.
 */
export interface DeliveryGate {
  /**
   * Plan time, inside the dispatcher's transaction, before the rows are written: may turn `queued`
   * rows into `held`/`scheduled` ones (status, reason, next_attempt_at). Returns work to run in the
   * same transaction once the rows exist, or undefined.
   */
  hold(rows: Array<Row<'deliveries'>>, events: readonly EventPayload[], tx: Db, now: number): Promise<((tx: Db) => Promise<void>) | undefined>;
  /** Synchronous and free: was this claimed row held or scheduled by the gate (and not yet attempted)? */
  applies(d: Row<'deliveries'>): boolean;
  /** Send time: send it as is, send it changed (a summary), or an outcome instead of an attempt. */
  check(d: Row<'deliveries'>, now: number): Promise<{ send: Row<'deliveries'> } | { outcome: SendOutcome }>;
}
